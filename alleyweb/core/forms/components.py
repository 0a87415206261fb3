"""The form components every form page draws (``{% import "components/forms.html" as f %}``, then
``f.text_input(form.name)``…): a field with its label, hint, errors and aria wiring, written in Python.

Drawn as Jinja macros they were the largest part of a form page's time (a macro call, its context and
each attribute and message through Jinja's runtime, some forty times a page); here each is one string,
byte for byte what the macros wrote (benchmarks/html_snapshot.py compares every page). The words are
translated once per language (:func:`alleyweb.core.i18n.translated`); every value from a field or a
request is escaped as Jinja's autoescape escapes it.
"""

from __future__ import annotations

import functools

from flask import current_app
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape

from alleyweb.core.forms.base import drawn_blank
from alleyweb.core.forms.widgets import (
    checkbox_inputs,
    consent_refusal,
    consent_terms,
    described_by,
    hint_and_errors,
    radio_inputs,
    required_mark,
)
from alleyweb.core.i18n import locale_name, translated

_PROBLEM = _l("There is a problem")
_MOBILE_HINT = _l("For example, 010-1234-5678")
_LANDLINE_HINT = _l("For example, 062-360-7114")
_BIRTH_DATE_HINT = _l("For example, 1950-03-27")
_DATE_HINT = _l("For example, 2026-12-01")
_NOTIFY_LEGEND = _l("Texts about your request")
_OPTIONAL = _l("optional")
_ERROR = _l("Error:")
_NOTIFY_HINT = _l("We text the receipt number and each new step, with the address of the status page: nothing "
                  "else. Your number is used only for this and is kept with your request; the copy made for each "
                  "text is deleted once it is sent. Every text has a link to stop them. If you leave this empty, "
                  "you can still follow your request on the status page.")
_FIND_CENTRE = _l("Find your dong community centre")


def _kept_when_blank(component):
    """``component(field, …)``, its markup kept per field prototype and arguments while the field is blank
    (nothing entered or set, no errors: ``base.blank_prototype``); any other field is drawn afresh."""
    @functools.wraps(component)
    def draw(field, *args, **kwargs):
        return drawn_blank(field, (component.__name__, args, tuple(sorted(kwargs.items()))),
                           lambda: component(field, *args, **kwargs))

    return draw


def _aria(field, described: str) -> dict:
    return {"aria-describedby": described or False, "aria-invalid": "true" if field.errors else False}


def _group(field, extra: str = "") -> str:
    return f'<div class="form-group{extra}{" has-error" if field.errors else ""}">\n'


def _label(field) -> str:
    return f'{escape(translated(field.label.text))} {required_mark(field)}'


def error_summary(form) -> Markup:
    """The box at the top of a form sent with errors: each message, linked to its field."""
    items = form.error_list
    if not items:
        return Markup("")
    rows = "".join(f'    <li><a href="#{escape(field_id)}">{escape(message)}</a></li>\n' if field_id
                   else f"    <li>{escape(message)}</li>\n" for field_id, message in items)
    return Markup(  # noqa: S704 - every value escaped
        '<div class="error-summary" role="alert" tabindex="-1" aria-labelledby="error-summary-title">\n'
        f'  <h2 id="error-summary-title" class="error-summary-title">{translated(_PROBLEM)}</h2>\n'
        f"  <ul>\n{rows}  </ul>\n</div>\n")


@_kept_when_blank
def text_input(field, hint=None, autocomplete=None, inputmode=None, type="text", width=None) -> Markup:  # noqa: A002
    """A one-line text box (``type``: text, tel, email…; ``width``: the ``input-<width>`` class)."""
    described = described_by(field, hint)
    widget = field(type=type, class_="input" + (f" input-{width}" if width else ""), autocomplete=autocomplete or False,
                   inputmode=inputmode or False, **_aria(field, described))
    return Markup(  # noqa: S704 - every value escaped
        f'{_group(field)}  <label class="label" for="{escape(field.id)}">{_label(field)}</label>\n'
        f"  {hint_and_errors(field, hint)}\n  {widget}\n</div>\n")


@_kept_when_blank
def textarea(field, hint=None, rows=5) -> Markup:
    """A text box of several lines."""
    described = described_by(field, hint)
    widget = field(class_="input textarea", rows=rows, **_aria(field, described))
    return Markup(  # noqa: S704 - every value escaped
        f'{_group(field)}  <label class="label" for="{escape(field.id)}">{_label(field)}</label>\n'
        f"  {hint_and_errors(field, hint)}\n  {widget}\n</div>\n")


def phone_input(field, hint=None, mobile=True) -> Markup:
    """A phone number's box, with an example of a mobile (or, ``mobile=False``, a landline) number."""
    hint = hint or translated(_MOBILE_HINT if mobile else _LANDLINE_HINT)
    return text_input(field, hint, autocomplete="tel", inputmode="tel", type="tel", width="20") + "\n"


def date_input(field, hint=None, autocomplete=None) -> Markup:
    """A date as a text box, not a date picker: people type birth dates faster than they scroll back 80 years."""
    example = _BIRTH_DATE_HINT if field.birth else _DATE_HINT
    return text_input(field, hint or translated(example), autocomplete=autocomplete, type="text", width="10") + "\n"


@_kept_when_blank
def choice(field, hint=None, inline=False) -> Markup:
    """Radios for a RadioField (few options), a select for any other choice field (many)."""
    described = described_by(field, hint)
    if field.type == "RadioField":
        described_attr = f'aria-describedby="{escape(described)}"' if described else ""
        options = "".join(f'      <div class="radio">{option.input} <label for="{escape(option.id)}">'
                          f"{escape(option.label)}</label></div>\n"
                          for option in radio_inputs(field, class_="radio-input"))
        return Markup(  # noqa: S704 - every value escaped
            f'{_group(field)}  <fieldset class="fieldset" {described_attr}>\n'
            f'    <legend class="label">{_label(field)}</legend>\n'
            f"    {hint_and_errors(field, hint)}\n"
            f'    <div class="radios{" radios-inline" if inline else ""}">\n{options}    </div>\n'
            "  </fieldset>\n</div>\n")
    widget = field(class_="input select", **_aria(field, described))
    return Markup(  # noqa: S704 - every value escaped
        f'{_group(field)}  <label class="label" for="{escape(field.id)}">{_label(field)}</label>\n'
        f"  {hint_and_errors(field, hint)}\n  {widget}\n</div>\n")


@_kept_when_blank
def checkbox(field, hint=None) -> Markup:
    """One checkbox, its label after it."""
    described = described_by(field, hint)
    widget = field(class_="checkbox-input", **_aria(field, described))
    return Markup(  # noqa: S704 - every value escaped
        f"{_group(field)}  {hint_and_errors(field, hint)}\n"
        f'  <div class="checkbox">\n    {widget}\n'
        f'    <label for="{escape(field.id)}">{escape(translated(field.label.text))}</label>\n  </div>\n</div>\n')


@_kept_when_blank
def checkboxes(field, hint=None, columns=False) -> Markup:
    """A group of checkboxes for a SelectMultipleField, in a list or (``columns``) in columns."""
    described = described_by(field, hint)
    described_attr = f' aria-describedby="{escape(described)}"' if described else ""
    options = "".join(f'      <div class="checkbox">\n        {option.input}\n'
                      f'        <label for="{escape(option.id)}">{escape(option.label)}</label>\n      </div>\n'
                      for option in checkbox_inputs(field))
    return Markup(  # noqa: S704 - every value escaped
        f'{_group(field)}  <fieldset class="fieldset" id="{escape(field.id)}" tabindex="-1"{described_attr}>\n'
        f'    <legend class="label">{_label(field)}</legend>\n'
        + (f'<p class="hint" id="{escape(field.id)}-hint">{escape(hint)}</p>' if hint else "")
        + _field_errors(field, translated(_ERROR), "    ")
        + f'    <div class="{"checkbox-columns" if columns else "checkbox-list"}">\n{options}    </div>\n'
        "  </fieldset>\n</div>\n")


def _field_errors(field, prefix, indent: str) -> str:
    field_id, prefix = escape(field.id), escape(prefix)
    return "".join(f'{indent}<p class="field-error" id="{field_id}-error-{number}"><span class="visually-hidden">'
                   f"{prefix}</span> {escape(message)}</p>\n"
                   for number, message in enumerate(field.errors, 1))


@_kept_when_blank
def notify_me(field) -> Markup:
    """The optional texts about a request (alleyweb/notify): what is sent, to which number, and how to stop."""
    locale = locale_name()
    widget = field(class_="checkbox-input", **{"aria-describedby": described_by(field, True),
                                                "aria-invalid": "true" if field.errors else False})
    return Markup(  # noqa: S704 - every value escaped
        f'<fieldset class="fieldset form-group{" has-error" if field.errors else ""}">\n'
        f'  <legend class="label">{translated(_NOTIFY_LEGEND, locale)} <span class="optional">'
        f"({translated(_OPTIONAL, locale)})</span></legend>\n"
        f'  <p class="hint" id="{escape(field.id)}-hint">{translated(_NOTIFY_HINT, locale)}</p>\n'
        f"{_field_errors(field, translated(_ERROR, locale), '  ')}"
        f'  <div class="checkbox">{widget} <label for="{escape(field.id)}">{escape(translated(field.label.text))}'
        "</label></div>\n</fieldset>\n")


def consent_block(field, rule, heading=None, sensitive=False) -> Markup:
    """A consent: purpose, items, retention, the right to refuse and what refusing means (the privacy
    rules of docs/ARCHITECTURE.md), then the "I agree" box. Kept per field prototype while the field is
    blank, under everything else it shows (the rule's words and period, the office's number, the link)."""
    items = rule.sensitive_items if sensitive else rule.items_required
    centre_url = current_app.jinja_env.globals.get("dong_centre_url")
    centre = centre_url() if field.refusal_centre and centre_url is not None else None
    key = ("consent_block", heading, sensitive, translated(rule.purpose), translated(items), rule.retention_days,
           centre, current_app.config["OFFICE_PHONE"])
    return drawn_blank(field, key, lambda: _consent_block(field, rule, heading, sensitive, items, centre))


def _consent_block(field, rule, heading, sensitive, items, centre) -> Markup:
    described = described_by(field, None)
    terms = consent_terms()
    required = field.consent_required
    classes = " consent-sensitive" if sensitive else ""
    refusal = consent_refusal(field)
    if centre is not None:
        refusal += Markup(f' <a href="{escape(centre)}">{translated(_FIND_CENTRE)}</a>')  # noqa: S704 - escaped
    widget = field(class_="checkbox-input", **_aria(field, described))
    return Markup(  # noqa: S704 - every value escaped
        f"{_group(field, ' consent' + classes)}"
        '  <fieldset class="fieldset">\n'
        f'    <legend class="label">{escape(heading or translated(field.label.text))} '
        f'<span class="{"required" if required else "optional"}">'
        f"({escape(terms.required if required else terms.optional)})</span></legend>\n"
        '    <dl class="consent-terms">\n'
        f"      <dt>{escape(terms.purpose)}</dt><dd>{escape(translated(rule.purpose))}</dd>\n"
        f"      <dt>{escape(terms.collected)}</dt><dd>{escape(translated(items))}</dd>\n"
        f"      <dt>{escape(terms.retention)}</dt>\n"
        f"      <dd>{escape(rule.retention_label())}</dd>\n"
        f"      <dt>{escape(terms.refusal)}</dt>\n"
        f"      <dd>{refusal}</dd>\n"
        "    </dl>\n"
        f"{_field_errors(field, terms.error, '    ')}"
        f'    <div class="checkbox">\n      {widget}\n'
        f'      <label for="{escape(field.id)}">{escape(terms.agree)}</label>\n'
        "    </div>\n  </fieldset>\n</div>\n")


def submit(label, name=None) -> Markup:
    """The form's button; one click only (site.js)."""
    named = f' name="{escape(name)}" value="1"' if name else ""
    return Markup(  # noqa: S704 - every value escaped
        f'<button type="submit" class="btn btn-primary" data-prevent-double-submit{named}>{escape(label)}</button>\n')


COMPONENTS = {function.__name__: function for function in (
    error_summary, text_input, textarea, phone_input, date_input, choice, checkbox, checkboxes, notify_me,
    consent_block, submit)}
