"""Who may reach which staff page. Every staff endpoint needs a full sign-in unless marked open."""

from __future__ import annotations

from functools import wraps

from flask import abort, current_app, g, redirect, request, session, url_for

from alleyweb.core.errors import rerender_on_csrf_error
from alleyweb.staff.auth import current_session


def open_to_signed_out(view):
    """Sign-in pages: reachable without a session."""
    view.staff_open = True
    return view


def requires(permission: str):
    """The signed-in officer's role must grant ``permission`` (403 otherwise)."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not g.staff.can(permission):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def form_page(bp, rule: str, permission: str, methods=("GET", "POST")):
    """A staff page that takes a form: ``rule`` on the blueprint ``bp`` for ``methods``, for officers whose
    role grants ``permission`` (``requires``), shown again with its input kept when the form's CSRF token
    had expired (``rerender_on_csrf_error``)."""

    def decorator(view):
        return bp.route(rule, methods=list(methods))(requires(permission)(rerender_on_csrf_error(view)))

    return decorator


def require_type(*type_keys: str) -> None:
    """The same answer everywhere for a kind of submission the officer may not see: 404, as if the page
    did not exist (a moderator limited to some types learns nothing about the others)."""
    types = g.staff.visible_types()
    if types is not None and not any(key in types for key in type_keys):
        abort(404)


def sending() -> bool:
    """Whether the request sends the page's form (a POST). A staff page that edits is open to every officer
    who may look at it; only one who may decide may send it (403 otherwise)."""
    if request.method != "POST":
        return False
    if not g.staff.can("decide"):
        abort(403)
    return True


def load_staff():
    """before_request for the staff blueprint: put the session in ``g`` and turn away the signed-out."""
    g.staff_session = current_session()
    g.staff = g.staff_session.staff if g.staff_session and g.staff_session.second_factor_at else None
    view = current_app.view_functions.get(request.endpoint or "")
    if view is None or getattr(view, "staff_open", False):
        return None
    if g.staff is None:
        if request.method == "GET":
            session["staff_next"] = request.full_path.rstrip("?")
        return redirect(url_for("staff.auth.sign_in"))
    if g.staff.must_change_password and request.endpoint not in ("staff.auth.password", "staff.auth.sign_out"):
        return redirect(url_for("staff.auth.password"))
    return None
