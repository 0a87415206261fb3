"""Account administration (administrators): create, change the role and types of, disable and enable
officers' accounts. Endpoints ``staff.accounts.…``."""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from alleyweb.extensions import db
from alleyweb.staff import auth
from alleyweb.staff.access import form_page, requires
from alleyweb.staff.forms import ROLE_LABELS, AccountForm, EmptyForm, RoleForm
from alleyweb.staff.models import StaffUser
from alleyweb.submissions.registry import all_types

bp = Blueprint("accounts", __name__)


def _chosen_types() -> list[str]:
    known = {t.key for t in all_types()}
    return [key for key in request.form.getlist("types") if key in known]


@bp.get("/accounts")
@requires("manage_accounts")
def index():
    users = db.session.scalars(select(StaffUser).order_by(StaffUser.email)).all()
    return render_template("staff/accounts.html", users=users, role_labels=ROLE_LABELS)


@form_page(bp, "/accounts/new", "manage_accounts")
def new():
    form = AccountForm()
    if form.validate_on_submit():
        temporary = auth.temporary_password()
        try:
            user = auth.create_staff(form.email.data, temporary, form.role.data, allowed_types=_chosen_types(),
                                     created_by=g.staff, must_change_password=True)
        except auth.AccountError as error:
            form.email.errors = [error.args[0]]
        else:
            return render_template("staff/account_created.html", user=user, temporary=temporary)
    return render_template("staff/account_new.html", form=form, types=all_types(), chosen=_chosen_types()), form.status


@form_page(bp, "/accounts/<int:id>", "manage_accounts")
def edit(id):
    user = db.get_or_404(StaffUser, id)
    form = RoleForm(role=user.role)
    if form.validate_on_submit():
        try:
            auth.set_role(user, form.role.data, _chosen_types(), by=g.staff)
        except auth.AccountError as error:
            form.role.errors = [error.args[0]]
        else:
            flash(_("The account has been updated."), "info")
            return redirect(url_for("staff.accounts.index"))
    chosen = _chosen_types() if request.method == "POST" else list(user.allowed_types or [])
    return render_template("staff/account.html", user=user, form=form, types=all_types(), chosen=chosen), form.status


@bp.post("/accounts/<int:id>/disable")
@requires("manage_accounts")
def disable(id):
    return _set_disabled(id, True)


@bp.post("/accounts/<int:id>/enable")
@requires("manage_accounts")
def enable(id):
    return _set_disabled(id, False)


def _set_disabled(id: int, disabled: bool):
    user = db.get_or_404(StaffUser, id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        auth.set_disabled(user, disabled, by=g.staff)
    except auth.AccountError as error:
        flash(str(error.args[0]), "error")
    else:
        flash(_("The account has been disabled and signed out everywhere.") if disabled
              else _("The account has been enabled."), "info")
    return redirect(url_for("staff.accounts.index"))
