"""One way in for every public form that sends something to the district office.

A public form's view is decorated with :func:`public_form` (re-shown with what was typed when its page
expired, and rate-limited per address) and, once the form is valid, calls :func:`receive` with a builder
from the module that declares the kind of submission (``NewSubmission``: the details officers read, and
anything stored with it). :func:`receive` turns robots away at the honeypot, binds the page's one-time
token to the browser session (a double click finds the first submission), and stores the submission and
what is attached to it in one transaction with one commit.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

from flask import g, request

from alleyweb.core.errors import rerender_on_csrf_error
from alleyweb.core.security import client_address
from alleyweb.extensions import limiter
from alleyweb.submissions.models import Submission
from alleyweb.submissions.services import create_submission

# What one address may send of one form (robots and floods; people send one or two).
FORM_LIMIT = "20 per hour"


@dataclass
class NewSubmission:
    """A submission about to be stored: its kind, who sent it, the details officers read, and ``attach``,
    which adds the feature's own rows (a pledge, a suggestion) in the same transaction."""

    type_key: str
    name: str | None
    phone: str | None
    dong_id: int | None
    details: dict
    attach: Callable[[Submission], None] | None = None
    notify: bool = False  # the submitter asked to be told when it changes (a text to ``phone``)


def public_form(scope: str, limit: str = FORM_LIMIT, *, deduct_when: Callable | None = None):
    """Decorate a public form's view: shown again with the input kept when the page expired (CSRF), and
    ``limit`` POSTs per address for ``scope`` (counted only when ``deduct_when(response)`` says so)."""

    def decorator(view):
        limited = limiter.limit(limit, key_func=client_address, methods=["POST"], scope=scope,
                                deduct_when=deduct_when)(view)

        @functools.wraps(view)
        def dispatch(*args, **kwargs):
            # Only POSTs count: on any other method flask-limiter would look up the limit only to skip it.
            return (limited if request.method == "POST" else view)(*args, **kwargs)

        return rerender_on_csrf_error(dispatch)

    return decorator


def store(new: NewSubmission, lang: str, idempotency_key: str | None = None) -> Submission:
    """Store ``new`` (one transaction, one commit); with a token, a repeat returns the first submission."""
    return create_submission(type_key=new.type_key, lang=lang, name=new.name, phone=new.phone, dong_id=new.dong_id,
                             details=new.details, idempotency_key=idempotency_key, attach=new.attach,
                             notify=new.notify)


def receive(form, build: Callable[[], NewSubmission]) -> Submission | None:
    """A valid public form, received: ``None`` when a robot filled the honeypot (nothing is stored; the
    view sends it away as if all went well), otherwise the stored submission."""
    honeypot = getattr(form, "website", None)
    if honeypot is not None and honeypot.data:
        return None
    new = build()
    opted_in = getattr(form, "notify_me", None)
    if opted_in is not None and opted_in.data and new.phone:
        new.notify = True
    return store(new, g.lang, request.form.get("idempotency_key"))
