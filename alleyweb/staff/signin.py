"""Signing in to the staff area (password, then the TOTP second factor or a recovery code; first set-up),
signing out, and changing one's password. Endpoints ``staff.auth.…``."""

from __future__ import annotations

import functools

import segno
from flask import Blueprint, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from alleyweb.core.errors import rerender_on_csrf_error
from alleyweb.core.security import client_address, safe_redirect_target, shared_limits_reachable
from alleyweb.extensions import db, limiter
from alleyweb.staff import auth
from alleyweb.staff.access import open_to_signed_out
from alleyweb.staff.forms import CodeForm, EmptyForm, PasswordChangeForm, SignInForm

bp = Blueprint("auth", __name__)

SIGN_IN_FAILED = _l("The email address, password or code is not right, or the account is locked for a while "
                    "after several failed attempts. Check them and try again in a few minutes.")
# 10 failed attempts a minute from one address, counted across all workers (Redis in production).
FAILURE_LIMIT = "10 per minute"


def _failed(response) -> bool:
    return response.status_code != 302


def _fail_closed(view):
    """Failed sign-ins must count across every worker. If they cannot (the shared storage is down and
    limits fell back to each worker's memory), a sent step is refused with 503 rather than checked."""

    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        if request.method == "POST" and not shared_limits_reachable():
            g.sign_in_paused = True
        return view(*args, **kwargs)

    return wrapped


def sign_in_step(view):
    """A step of signing in: open to the signed-out, re-shown with the input kept when its form expired,
    and throttled (failures only) across every worker; paused while that throttle cannot work."""
    limited = limiter.limit(FAILURE_LIMIT, key_func=client_address, methods=["POST"], deduct_when=_failed,
                            scope="staff-sign-in")(_fail_closed(view))
    return open_to_signed_out(rerender_on_csrf_error(limited))


def _home():
    return url_for("staff.console.index")


@bp.route("/sign-in", methods=["GET", "POST"])
@sign_in_step
def sign_in():
    if g.staff is not None:
        return redirect(_home())
    form = SignInForm()
    if request.method == "GET" and request.args.get("next"):
        session["staff_next"] = safe_redirect_target(request.args["next"], "")
    if form.validate_on_submit():
        user = auth.check_password_login(form.email.data, form.password.data)
        if user is not None:
            auth.start_session(user, second_factor_done=False)
            db.session.commit()
            return redirect(url_for("staff.auth.two_factor" if user.totp_confirmed_at else "staff.auth.setup"))
        form.form_errors.append(SIGN_IN_FAILED)
    return render_template("staff/sign_in.html", form=form), form.status


def _pending_session():
    row = g.staff_session
    if row is None or row.second_factor_at is not None:
        return None
    return row


def _second_factor_step(set_up: bool):
    """The session waiting for its second factor, or where to go instead: the sign-in page when none is
    waiting, the other step when the account's second factor is (``set_up``) or is not yet set up."""
    pending = _pending_session()
    if pending is None:
        return None, redirect(url_for("staff.auth.sign_in"))
    if (pending.staff.totp_confirmed_at is not None) != set_up:
        return None, redirect(url_for("staff.auth.setup" if set_up else "staff.auth.two_factor"))
    return pending, None


@bp.route("/two-factor", methods=["GET", "POST"])
@sign_in_step
def two_factor():
    pending, elsewhere = _second_factor_step(set_up=True)
    if elsewhere is not None:
        return elsewhere
    user = pending.staff
    form = CodeForm()
    if form.validate_on_submit():
        if auth.check_second_factor(user, form.code.data):
            next_url = session.get("staff_next")
            auth.complete_second_factor(pending, first_setup=False)
            return redirect(safe_redirect_target(next_url, _home()))
        form.code.errors = [SIGN_IN_FAILED]
    return render_template("staff/two_factor.html", form=form), form.status


@bp.route("/two-factor/setup", methods=["GET", "POST"])
@sign_in_step
def setup():
    """First sign-in: the officer adds the account to an authenticator app and proves it with a code."""
    pending, elsewhere = _second_factor_step(set_up=False)
    if elsewhere is not None:
        return elsewhere
    user = pending.staff
    form = CodeForm()
    if form.validate_on_submit():
        if auth.check_second_factor(user, form.code.data, recovery=False):
            _row, codes = auth.complete_second_factor(pending, first_setup=True)
            response = render_template("staff/recovery_codes.html", codes=codes)
            return response, 200
        form.code.errors = [_l("That code is not right. Enter the 6-digit code your app shows now.")]
    uri = auth.provisioning_uri(user)
    qr_data = segno.make(uri, error="m").svg_data_uri(scale=4, border=2)
    secret = " ".join(user.totp_secret[i:i + 4] for i in range(0, len(user.totp_secret), 4))
    return render_template("staff/setup.html", form=form, qr_data=qr_data, secret=secret), form.status


@bp.post("/sign-out")
@open_to_signed_out
def sign_out():
    form = EmptyForm()
    if form.validate_on_submit() and g.staff_session is not None:
        auth.end_session(g.staff_session)
    session.clear()
    flash(_("You have signed out."), "info")
    return redirect(url_for("staff.auth.sign_in"))


@bp.route("/password", methods=["GET", "POST"])
@rerender_on_csrf_error
def password():
    form = PasswordChangeForm()
    if form.validate_on_submit():
        try:
            auth.change_password(g.staff, form.current.data, form.new_password.data)
        except auth.AccountError as error:
            form.new_password.errors = [error.args[0]]
        else:
            auth.start_session(g.staff, second_factor_done=True)
            db.session.commit()
            flash(_("Your password has been changed. Every other session of your account has ended."), "info")
            return redirect(_home())
    return render_template("staff/password.html", form=form), form.status


