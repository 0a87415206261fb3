"""The wording of every notice: translated defaults, which staff may replace per language (TextTemplate).

Texts name the receipt number, the step and two addresses (the status page, the opt-out link) and nothing
else: no name, no phone number, no answer from the form. Placeholders are ``{name}`` from a fixed list per
message, so an edited template cannot reach anything else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from alleyweb.extensions import db

PLACEHOLDER = re.compile(r"\{([a-z_]{1,20})\}")
# An SMS longer than this goes as a long message (LMS); staff templates stay well within one LMS.
TEMPLATE_MAX = 300


@dataclass(frozen=True)
class Message:
    key: str
    label: object  # what staff see on the templates page
    default: object  # lazy translated text with {placeholders}
    placeholders: tuple[str, ...]
    editable: bool = True

    @property
    def placeholder_list(self) -> str:
        return ", ".join("{" + name + "}" for name in self.placeholders)


MESSAGES = {
    "received": Message(
        "received", _l("Text after a request is sent"),
        _l("[Seo-gu Office] We received your request. Receipt number {receipt}. Follow it: {status_url} "
           "Stop these texts: {stop_url}"),
        ("receipt", "status_url", "stop_url")),
    "step": Message(
        "step", _l("Text when a request reaches a new step"),
        _l("[Seo-gu Office] Your request {receipt} is now: {step}. Details: {status_url} "
           "Stop these texts: {stop_url}"),
        ("receipt", "step", "status_url", "stop_url")),
    "officer_new_subject": Message(
        "officer_new_subject", _l("E-mail subject: a new submission"), _l("New submission waiting: {kind}"),
        ("kind",), editable=False),
    "officer_new": Message(
        "officer_new", _l("E-mail: a new submission"),
        _l("A new submission is waiting in the staff console.\n\nKind: {kind}\nReceipt number: {receipt}\n\n"
           "Open it: {console_url}\n\nThis e-mail holds no personal data; read the submission in the console. "
           "You can choose a daily summary instead on your notifications page: {settings_url}"),
        ("kind", "receipt", "console_url", "settings_url"), editable=False),
    "digest_subject": Message(
        "digest_subject", _l("E-mail subject: the daily summary"), _l("New submissions in the last day: {count}"),
        ("count",), editable=False),
    "digest": Message(
        "digest", _l("E-mail: the daily summary"),
        _l("New submissions of the kinds you handle, in the last day:\n\n{lines}\n\nOpen the console: "
           "{console_url}\n\nYou can change how you are told on your notifications page: {settings_url}"),
        ("lines", "console_url", "settings_url"), editable=False),
}


def template_errors(key: str, text: str) -> list[str]:
    """What is wrong with a staff-written template (empty when it may be saved)."""
    message = MESSAGES[key]
    errors = []
    names = PLACEHOLDER.findall(text)
    unknown = sorted({name for name in names if name not in message.placeholders})
    if unknown:
        errors.append(("unknown", ", ".join("{" + name + "}" for name in unknown)))
    if text.count("{") != len(names) or text.count("}") != len(names):
        errors.append(("braces", ""))
    for required in ("receipt", "stop_url"):
        if required in message.placeholders and "{" + required + "}" not in text:
            errors.append(("missing", "{" + required + "}"))
    if len(text) > TEMPLATE_MAX:
        errors.append(("long", str(TEMPLATE_MAX)))
    return errors


def wording(key: str, lang: str) -> str:
    """The text of message ``key`` in ``lang``: the staff's own if they wrote one, else the translation."""
    from alleyweb.notify.models import TextTemplate

    message = MESSAGES[key]
    if message.editable:
        own = db.session.get(TextTemplate, (key, lang))
        if own is not None and own.text.strip():
            return own.text
    with force_locale(lang):
        return str(message.default)


def render(key: str, lang: str, **values) -> str:
    """Message ``key`` in ``lang`` with its placeholders filled (an unknown one is left as written)."""
    text = wording(key, lang)
    return PLACEHOLDER.sub(lambda m: str(values.get(m.group(1), m.group(0))), text)
