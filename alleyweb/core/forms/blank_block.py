"""A form page's form block (``{% block form %}`` of templates/form_page.html) kept per worker while the
form is blank: on a GET whose form has nothing entered, set or wrong, the block is the same for every
visitor but for its tokens (the CSRF token and the one-time ``idempotency_key`` of
templates/components/guards.html), so it is drawn once and each request puts its own tokens in.

A view opts in by passing ``blank_key`` to the template: everything the block shows besides the form
(a program's row and its data version, a project's…); the cache adds the app, the language, the script
root, the form's class and each field's state (its data and kept ``Options``, whose identity changes with
their data version). Any field not blank (``base.blank_prototype``: entered, set by the view, with
errors, its label or choices changed…), a form error, a POST, or a page without ``blank_key`` draws the
block as before. Nothing of a request is kept: the kept block is split at the tokens, which are filled in
per request exactly as the template fills them.
"""

from __future__ import annotations

import re
import threading

from cachetools import LRUCache
from flask import current_app, g, request
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape
from wtforms.csrf.core import CSRFTokenField

from alleyweb.core.forms.base import blank_prototype
from alleyweb.core.forms.widgets import Options
from alleyweb.core.i18n import locale_name

# What templates/components/guards.html writes: the one-time token's value is a slot of the kept block.
_ONE_TIME = re.compile(r'(?<=<input type="hidden" name="idempotency_key" value=")[^"]*(?=">)')
_CSRF, _TOKEN = object(), object()  # the slots of a kept block

_blocks: LRUCache = LRUCache(maxsize=128)
_lock = threading.Lock()


def _field_states(form):
    """(name, data type, data, Options) of each field but the CSRF token's, or None when one is not blank."""
    states = []
    for field in form:
        if isinstance(field, CSRFTokenField):
            continue
        if blank_prototype(field) is None:
            return None
        choices = field.__dict__.get("_choices")
        states.append((field.name, type(field.data), field.data, choices if isinstance(choices, Options) else None))
    return tuple(states)


def form_block(form, blank_key, draw) -> Markup:
    """``draw()`` (the page's form block), kept under ``blank_key`` while ``form`` is blank on a GET."""
    if blank_key is None or request.method != "GET" or form.form_errors or g.get("csrf_expired"):
        return draw()
    states = _field_states(form)
    if states is None:
        return draw()
    # Options by identity (an entry holds them: no other list can take their id while it is kept); whether the
    # form has a CSRF token (a kept block has its slot or not).
    csrf = _csrf_token(form)
    key = (blank_key, current_app._get_current_object(), g.get("lang"), locale_name(), request.script_root,
           type(form), csrf is not None,
           tuple((name, kind, data, id(options)) for name, kind, data, options in states))
    try:
        with _lock:
            kept = _blocks.get(key)
    except TypeError:  # a key that is not hashable
        return draw()
    if kept is not None and all(a is b for a, b in zip(kept[0], (state[3] for state in states), strict=True)):
        return _fill(kept[1], csrf)
    drawn = draw()
    # This request's CSRF token as the page drew it: the form's, or one csrf_token() made (Flask-WTF keeps it on g).
    parts = _split(str(drawn), g.get(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")) or csrf)
    if parts is not None:
        with _lock:
            _blocks[key] = (tuple(state[3] for state in states), parts)
    return drawn


def _csrf_token(form) -> str | None:
    field = getattr(form, "csrf_token", None)
    return getattr(field, "current_token", None) if isinstance(field, CSRFTokenField) else None


def _split(text: str, csrf: str | None):
    """``text`` as literal parts and token slots, or None when a token is where the split cannot find it."""
    if text.count("idempotency_key") != len(_ONE_TIME.findall(text)):
        return None
    pattern = f"(?P<token>{_ONE_TIME.pattern})" + (f"|(?P<csrf>{re.escape(str(escape(csrf)))})" if csrf else "")
    parts, start = [], 0
    for match in re.finditer(pattern, text):
        parts += [text[start:match.start()], _TOKEN if match.group("token") is not None else _CSRF]
        start = match.end()
    parts.append(text[start:])
    return tuple(parts)


def _fill(parts, csrf: str | None) -> Markup:
    """The kept block with this request's tokens, as guards.html writes them."""
    new_token = current_app.jinja_env.globals["new_token"]
    out = []
    for part in parts:
        if part is _CSRF:
            out.append(str(escape(csrf or generate_csrf())))  # the form's own, or the one csrf_token() gives
        elif part is _TOKEN:
            out.append(str(escape(request.form.get("idempotency_key") or new_token())))
        else:
            out.append(part)
    return Markup("".join(out))  # noqa: S704 - a block drawn by an autoescaping template, tokens escaped
