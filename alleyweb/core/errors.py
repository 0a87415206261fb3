"""Friendly, bilingual error pages in the site layout, for every error a visitor can meet.

A 500 never shows a traceback. When the database is unreachable the visitor gets a 503 page, and
after a POST (a 503 or an expired form) the page keeps what they typed so they can send it again.
"""

from __future__ import annotations

import contextlib
import logging

from flask import current_app, g, render_template, request
from flask.globals import request_ctx
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from markupsafe import escape
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError

from alleyweb.extensions import db

log = logging.getLogger(__name__)

ERROR_TEXTS = {
    400: (_l("The request could not be understood"),
          _l("Something in the request was not right. Go back, check what you entered and try again.")),
    403: (_l("You do not have permission to see this page"),
          _l("If you think you should, contact the office that gave you the link.")),
    404: (_l("Page not found"),
          _l("If you typed the web address, check it is correct. "
             "If you pasted it, check you copied the whole address.")),
    405: (_l("This page cannot be used that way"),
          _l("Go back to the previous page and use the buttons and links on it.")),
    413: (_l("What you sent is too large"),
          _l("Make your answers shorter, or send fewer or smaller files, and try again.")),
    429: (_l("Too many attempts"),
          _l("You have tried too many times in a short period. Wait a minute, then try again.")),
    500: (_l("Sorry, there is a problem with the service"),
          _l("Try again later. If you were sending a form, what you entered was not saved.")),
    503: (_l("Sorry, the service is temporarily unavailable"),
          _l("We are fixing it. Wait a few minutes, then try again.")),
}

# Never carried back into a re-send form.
_NOT_RESENT = ("csrf_token", "password", "new_password", "current_password", "code", "totp")


def resendable_fields() -> list[tuple[str, str]]:
    if request.method != "POST":
        return []
    try:
        items = request.form.items(multi=True)
        return [(k, v) for k, v in items if not any(k.startswith(p) for p in _NOT_RESENT)]
    except Exception:  # an over-large or malformed body: nothing to keep
        return []


def _unbound_page(code: int, title) -> str:
    """The page for a request Flask could not route at all (a Host this site does not answer for, as
    scanners send): no links can be built, so no layout; the title in Korean and in English."""
    texts = []
    for lang in ("ko", "en"):
        with force_locale(lang):
            texts.append(escape(str(title)))
    return (f'<!doctype html><html lang="ko"><meta charset="utf-8"><title>{code}</title>'
            f'<h1>{texts[0]}</h1><p lang="en">{texts[1]}</p></html>')


def render_error(code: int, *, resend: bool = False, title=None, message=None):
    default_title, default_message = ERROR_TEXTS.get(code, ERROR_TEXTS[500])
    if request_ctx.url_adapter is None:
        return current_app.response_class(_unbound_page(code, title or default_title), status=code,
                                          mimetype="text/html")
    fields = resendable_fields() if resend else []
    try:
        html = render_template(
            "errors/error.html", code=code, title=title or default_title,
            message=message or default_message, resend_fields=fields,
        )
    except Exception:  # the layout itself failed: a plain page, still without a traceback
        log.exception("error page failed to render")
        html = f"<!doctype html><html lang=\"ko\"><title>{code}</title><h1>{code}</h1></html>"
    response = current_app.response_class(html, status=code, mimetype="text/html")
    if code in (429, 503):
        response.headers["Retry-After"] = "60"
    return response


def _http_error(error: HTTPException):
    code = error.code or 500
    if code not in ERROR_TEXTS:
        return error
    response = render_error(code)
    if code == 405 and error.valid_methods:
        response.headers["Allow"] = ", ".join(error.valid_methods)
    return response


def _csrf_error(error: CSRFError):
    """An expired or missing CSRF token: re-show the form with the input kept where the view allows."""
    view = current_app.view_functions.get(request.endpoint or "")
    if request.method == "POST" and view is not None and getattr(view, "rerender_on_csrf_error", False):
        g.csrf_expired = True
        # The app-level CSRF check stopped the request before the blueprint's own checks (such as the
        # staff sign-in check) ran: run them now, so re-showing a form never skips them.
        for name in request.blueprints:
            for before in current_app.before_request_funcs.get(name, ()):
                early = before()
                if early is not None:
                    return current_app.make_response(early)
        try:
            result = view(**(request.view_args or {}))
        except HTTPException:  # the record is gone or not theirs: the plain expired-form page below
            pass
        else:
            response = current_app.make_response(result)
            response.status_code = 400
            return response
    return render_error(
        400, resend=True, title=_l("This page has expired"),
        message=_l("For your security, forms expire after a while. What you entered is kept below: send it again."),
    )


def _database_unavailable(error: OperationalError):
    log.error("database unavailable: %s", error.__class__.__name__)
    with contextlib.suppress(Exception):
        db.session.rollback()
    return render_error(503, resend=True)


def _unhandled(error: Exception):
    # Flask has already logged the exception with its traceback (app.log_exception).
    with contextlib.suppress(Exception):
        db.session.rollback()
    return render_error(500, resend=request.method == "POST")


def rerender_on_csrf_error(view):
    """Mark a form view whose BaseForm can re-show itself, input kept, when its token expired."""
    view.rerender_on_csrf_error = True
    return view


def init_error_handlers(app) -> None:
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(OperationalError, _database_unavailable)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(InternalServerError, _unhandled)
