"""BaseForm and the validators every form shares.

Forms strip surrounding whitespace, normalise Unicode to NFC (decomposed jamo from some keyboards
become ordinary syllables) and refuse invisible control and bidirectional-override characters with a
message that says what to do. No form, public or staff, accepts a resident or foreign registration
number in any text answer (DESIGN.md §8: the site never asks for one, so it must not keep one either).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from datetime import date
from types import SimpleNamespace
from typing import NamedTuple

from babel import support
from flask import current_app, g
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from wtforms import BooleanField, DateField, PasswordField, RadioField, SelectField, StringField, widgets
from wtforms.i18n import messages_path
from wtforms.validators import ValidationError
from wtforms.widgets import Select
from wtforms.widgets.core import clean_key

from alleyweb.core.numbers import ascii_digits, digits_only
from alleyweb.i18n import current_locale, translated
from alleyweb.privacy import contains_rrn

# C0/C1 controls other than tab and newlines, and the bidi embedding/override/isolate characters
# that can make text display in a different order than it was typed.
_FORBIDDEN_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


_CONTROL_CHARS = _l("Remove the hidden control characters from this answer (they can come from copying and pasting).")
_REGISTRATION_NUMBER = _l("Remove the resident registration number from this answer. Never send a resident or "
                          "foreign registration number online: we do not need it here.")


def clean_text(value):
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value).strip()
    return value


def typed_digits(value):
    """A filter for fields of digits a person types (the last 4 digits of a phone, a code): full-width and
    other scripts' digits as ASCII, spaces and dashes dropped; anything else is left for the validator."""
    if not isinstance(value, str):
        return value
    text = ascii_digits(unicodedata.normalize("NFKC", value))
    return re.sub(r"[\s\-\u2010-\u2015]", "", text)


class BaseForm(FlaskForm):
    """Every form subclasses this: whitespace stripped, NFC, control characters refused; fields drawn
    by the fast widgets below unless a form chose a widget itself."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            filters = list(unbound_field.kwargs.get("filters", ()))
            if issubclass(unbound_field.field_class, (StringField, SelectField, RadioField)):
                filters.append(clean_text)  # a choice sent as " 1" or "\r\n" is "1" or nothing
            options["filters"] = filters
            if "widget" not in unbound_field.kwargs:
                fast = fast_widget(unbound_field.field_class.widget)
                if fast is not None:
                    options["widget"] = fast
            return unbound_field.bind(form=form, **options)

        def get_translations(self, form):
            if not current_app.config.get("WTF_I18N_ENABLED", True):
                return super().get_translations(form)
            return _wtforms_messages

    def validate(self, extra_validators=None):
        if g.get("csrf_expired"):
            # The CSRF handler re-ran this view: show the form again with the input kept.
            self.form_errors.append(
                _l("This page was open too long and has expired. Check your answers and send the form again.")
            )
            return False
        valid = super().validate(extra_validators)
        for field in self:
            if not isinstance(field, StringField) or not isinstance(field.data, str):
                continue
            if _FORBIDDEN_CHARS.search(field.data):
                field.errors = list(field.errors) + [_CONTROL_CHARS]
                valid = False
            if not isinstance(field, PasswordField) and contains_rrn(field.data):
                field.errors = list(field.errors) + [_REGISTRATION_NUMBER]
                valid = False
        return valid

    @property
    def status(self) -> int:
        """The response status for the page showing this form: 400 when what was sent has errors."""
        return 400 if self.errors else 200

    @property
    def error_list(self):
        """(field id or None, message) pairs for the error summary, in page order."""
        items = [(None, message) for message in self.form_errors]
        for field in self:
            for message in field.errors if isinstance(field.errors, list) else []:
                items.append((field.id, message))
        return items


class _WTFormsMessages:
    """WTForms' own messages (a field's default label, its built-in validators') in the request's
    language, as Flask-WTF gives them, with each language's catalogue read once per process rather
    than once per request."""

    @staticmethod
    def _catalogue():
        locale = get_locale()
        return _wtforms_catalogue(str(locale)) if locale is not None else None

    def gettext(self, string):
        catalogue = self._catalogue()
        return string if catalogue is None else catalogue.ugettext(string)

    def ngettext(self, singular, plural, n):
        catalogue = self._catalogue()
        if catalogue is None:
            return singular if n == 1 else plural
        return catalogue.ungettext(singular, plural, n)


@functools.cache
def _wtforms_catalogue(locale: str):
    return support.Translations.load(messages_path(), [locale], domain="wtforms")


_wtforms_messages = _WTFormsMessages()


MOBILE_RE = re.compile(r"^(010[0-9]{8}|01[16789][0-9]{7,8})$")
LANDLINE_RE = re.compile(r"^0(2|[3-6][1-5]|70)[0-9]{7,8}$")


def normalise_phone(raw: str) -> str | None:
    """Digits of a Korean phone number in its usual hyphenated form, or None if it is not one.

    Accepts what people paste: spaces, dots, hyphens, brackets, a leading +82, full-width and other
    scripts' digits. What it returns is ASCII.
    """
    digits = re.sub(r"[\s().\-\u2010-\u2015]", "", ascii_digits(unicodedata.normalize("NFKC", raw or "")))
    if digits.startswith("+82"):
        digits = "0" + digits[3:]
    if not re.fullmatch(r"[0-9]{1,20}", digits):
        return None
    if MOBILE_RE.match(digits):
        return f"{digits[:3]}-{digits[3:-4]}-{digits[-4:]}"
    if LANDLINE_RE.match(digits):
        area = 2 if digits.startswith("02") else 3
        return f"{digits[:area]}-{digits[area:-4]}-{digits[-4:]}"
    return None


class Phone:
    """Validates and normalises a phone number; ``mobile_only`` for numbers we may text."""

    def __init__(self, mobile_only: bool = False, message=None):
        self.mobile_only = mobile_only
        self.message = message

    def __call__(self, form, field):
        if not field.data:
            return
        normalised = normalise_phone(field.data)
        if not normalised or (self.mobile_only and not normalised.startswith("01")):
            message = self.message or (
                _l("Enter your mobile number, like 010-1234-5678")
                if self.mobile_only
                else _l("Enter a phone number, like 010-1234-5678 or 062-360-7114")
            )
            raise ValidationError(message)
        field.data = normalised


BIZNO_WEIGHTS = (1, 3, 7, 1, 3, 7, 1, 3, 5)


def bizno_is_valid(raw: str) -> bool:
    """Check digit of a business registration number (XXX-XX-XXXXX), as DESIGN.md §7 gives it."""
    digits = re.sub(r"[\s\-]", "", ascii_digits(unicodedata.normalize("NFKC", raw or "")))
    if not re.fullmatch(r"[0-9]{10}", digits):
        return False
    nums = [int(d) for d in digits]
    total = sum(w * n for w, n in zip(BIZNO_WEIGHTS, nums[:9], strict=False)) + (nums[8] * 5) // 10
    return (10 - total % 10) % 10 == nums[9]


class BusinessNumber:
    def __call__(self, form, field):
        if not field.data:
            return
        if not bizno_is_valid(field.data):
            raise ValidationError(_l("Enter the 10-digit business registration number, like 123-45-67890"))
        digits = digits_only(field.data)
        field.data = f"{digits[:3]}-{digits[3:5]}-{digits[5:]}"


class Consent:
    """A required consent checkbox; the message says what refusing means."""

    def __init__(self, message=None):
        self.message = message

    def __call__(self, form, field):
        if not field.data:
            raise ValidationError(self.message or _l("To use this service, tick the box to agree."))


# Bounded spaces: with unbounded ones a long run of spaces made matching take seconds.
_DATE_RE = re.compile(r"([0-9]{4})\s{0,3}[-./년]?\s{0,3}([0-9]{1,2})\s{0,3}[-./월]?\s{0,3}([0-9]{1,2})\s{0,3}[.일]?")


class DateInputField(DateField):
    """A date typed as text, the way people write it: 1950-03-27, 1950.3.27, 1950. 3. 27., 19500327,
    1950년 3월 27일. A native date picker is hard to use for a birth date, so the page shows a text box."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, format="%Y-%m-%d", **kwargs)

    def process_formdata(self, valuelist):
        if not valuelist or not (valuelist[0] or "").strip():
            self.data = None
            return
        text = valuelist[0].strip()[:40]  # no date is written in more; a longer answer is not one
        match = _DATE_RE.fullmatch(ascii_digits(unicodedata.normalize("NFKC", text)).strip())
        try:
            if not match:
                raise ValueError
            self.data = date(*(int(part) for part in match.groups()))
        except ValueError:
            self.data = None
            raise ValueError(_l("Enter a real date, like 1950-03-27")) from None


class ConsentField(BooleanField):
    """A consent checkbox carrying the notice the consent block shows (purpose, items, retention)."""

    def __init__(self, label=None, validators=None, notice=None, required=True, **kwargs):
        if required:
            validators = list(validators or []) + [Consent()]
        super().__init__(label, validators, **kwargs)
        self.notice = notice or {}
        self.consent_required = required


# --- fast widgets ------------------------------------------------------------------------------
# WTForms writes each attribute through Markup.format, and a form page writes some hundred of them; these
# write the same HTML (same attributes, order and escaping) with plain string formatting.


def html_params(**kwargs) -> Markup:
    """What ``wtforms.widgets.html_params`` returns, byte for byte: attributes sorted by name, ``True``
    written bare, ``False`` left out, values escaped (and a double quote inside Markup as &quot;)."""
    params = []
    for key, value in sorted(kwargs.items()):
        if value is False:
            continue
        key = clean_key(key)
        if value is True:
            params.append(key)
        else:
            text = str(escape(value)).replace('"', "&quot;")
            params.append(f'{escape(key)}="{text}"')
    return Markup(" ".join(params))  # noqa: S704 - every value escaped above


class TextInput(widgets.TextInput):
    html_params = staticmethod(html_params)


class DateInput(widgets.DateInput):
    html_params = staticmethod(html_params)


class NumberInput(widgets.NumberInput):
    html_params = staticmethod(html_params)


class HiddenInput(widgets.HiddenInput):
    html_params = staticmethod(html_params)


class CheckboxInput(widgets.CheckboxInput):
    html_params = staticmethod(html_params)


class TextArea(widgets.TextArea):
    """WTForms' textarea, through the fast :func:`html_params`."""

    def __call__(self, field, **kwargs):
        kwargs.setdefault("id", field.id)
        flags = vars(field.flags)
        for key in self.validation_attrs:
            if key in flags and key not in kwargs:
                kwargs[key] = flags[key]
        return Markup(  # noqa: S704 - attributes and content escaped
            f"<textarea {html_params(name=field.name, **kwargs)}>\r\n{escape(field._value())}</textarea>")


def described_by(field, hint=None) -> str:
    """The ids for a field's aria-describedby: its hint's, then each error message's (``<id>-error-1``…)."""
    ids = [f"{field.id}-hint"] if hint else []
    ids += [f"{field.id}-error-{number}" for number in range(1, len(field.errors) + 1)]
    return " ".join(ids)


class ChoiceInput(NamedTuple):
    id: str
    input: Markup
    label: str


def radio_inputs(field, **kwargs) -> list[ChoiceInput]:
    """The radio buttons of a RadioField, as iterating the field gives them (ids ``<field>-0``,
    ``<field>-1``…, each ``<input>`` as WTForms' RadioInput writes it with ``kwargs``), without making a
    subfield for each choice or translating each label twice."""
    attrs = {**(field.render_kw or {}), **kwargs}
    flags = vars(field.flags)
    for key in widgets.RadioInput.validation_attrs:
        if key in flags and key not in attrs:
            value = flags[key]
            attrs[key] = value() if callable(value) else value
    attrs.setdefault("type", "radio")

    def tag(checked: bool) -> str:  # with stand-ins for the id and value, written once for all the choices
        params = dict(attrs)
        if checked:
            params.setdefault("checked", True)
        params.setdefault("id", "\0id\0")
        params.setdefault("value", "\0value\0")
        return f"<input {html_params(name=field.name, **params)}>"

    tags = {False: tag(False), True: tag(True)}
    locale = current_locale()
    inputs = []
    for index, choice in enumerate(field.iter_choices()):
        option_id = f"{field.id}-{index}"
        html = tags[bool(choice.selected)].replace("\0id\0", escape(option_id), 1)
        html = html.replace("\0value\0", escape(str(choice.value)), 1)
        inputs.append(ChoiceInput(option_id, Markup(html),  # noqa: S704 - escaped by html_params and escape()
                                  _label(choice.label, locale) or choice.value))
    return inputs


def checkbox_inputs(field) -> list[ChoiceInput]:
    """A SelectMultipleField's choices as a group of checkboxes (ids ``<field>-1``, ``<field>-2``…), each
    ticked when its value was chosen: written here rather than in a Jinja loop, with the labels
    translated once per language."""
    name, locale = escape(field.name), current_locale()
    inputs = []
    for number, choice in enumerate(field.choices, 1):
        option_id = f"{field.id}-{number}"
        checked = " checked" if field.data and choice.value in field.data else ""
        html = (f'<input type="checkbox" class="checkbox-input" name="{name}" value="{escape(choice.value)}" '
                f'id="{escape(option_id)}"{checked}>')
        inputs.append(ChoiceInput(option_id, Markup(html), _label(choice.label, locale)))  # noqa: S704 - escaped
    return inputs


_FAST_WIDGETS = {widgets.TextInput: TextInput(), widgets.DateInput: DateInput(), widgets.NumberInput: NumberInput(),
                 widgets.HiddenInput: HiddenInput(), widgets.CheckboxInput: CheckboxInput(),
                 widgets.TextArea: TextArea()}


def fast_widget(widget):
    """The fast widget that writes what ``widget`` (a field class's default) writes, or None."""
    if type(widget) is Select and not widget.multiple:
        return _list_select
    if type(widget) is widgets.NumberInput and (widget.step, widget.min, widget.max) != (None, None, None):
        return None
    return _FAST_WIDGETS.get(type(widget))


class ListSelect(Select):
    """WTForms' select, with each plain option written directly: the same HTML several times faster,
    for long lists (the directory's 125 shopping districts, on the site's busiest page) and every other
    select of a BaseForm."""

    def __call__(self, field, **kwargs):
        if field.has_groups():
            return super().__call__(field, **kwargs)
        kwargs.setdefault("id", field.id)
        if self.multiple:
            kwargs["multiple"] = True
        flags = vars(field.flags)
        for key in self.validation_attrs:
            if key in flags and key not in kwargs:
                kwargs[key] = flags[key]
        locale = current_locale()
        options = "".join(self.render_option(choice, _locale=locale) for choice in field.iter_choices())
        return Markup(f"<select {html_params(name=field.name, **kwargs)}>{options}</select>")  # noqa: S704 - escaped

    @classmethod
    def render_option(cls, choice, _locale=None, **kwargs):
        if choice.render_kw or kwargs or isinstance(choice.value, bool):
            return super().render_option(choice, **kwargs)
        selected = "selected " if choice.selected else ""
        label = escape(_label(choice.label, _locale) or choice.value)
        return Markup(f'<option {selected}value="{escape(choice.value)}">{label}</option>')  # noqa: S704 - escaped


def _label(label, locale=None):
    """A choice's label, a lazy one translated (:func:`translated`): as safe as Jinja and escape() take a
    lazy string to be."""
    label = translated(label, locale)
    return Markup(str(label)) if isinstance(label, LazyString) else label  # noqa: S704 - a translation


_REQUIRED, _OPTIONAL, _ERROR = _l("required"), _l("optional"), _l("Error:")
# What the consent blocks say around each service's own notice (see templates/components/forms.html).
_CONSENT_TERMS = {
    "purpose": _l("Purpose"), "collected": _l("Items collected"), "retention": _l("How long we keep them"),
    "refusal": _l("Your right to refuse"), "agree": _l("I agree"), "required": _REQUIRED, "optional": _OPTIONAL,
    "error": _ERROR,
    "refusal_required": _l("You may refuse. If you do, we cannot accept this request online; you can still ask at "
                           "your dong community centre."),
    "refusal_optional": _l("You may refuse. Refusing does not affect the service."),
}


def required_mark(field) -> Markup:
    """"(required)" or "(optional)" after a field's label."""
    if field.flags.required:
        return Markup(f'<span class="required">({translated(_REQUIRED)})</span>')  # noqa: S704 - a translation
    return Markup(f'<span class="optional">({translated(_OPTIONAL)})</span>')  # noqa: S704 - a translation


def hint_and_errors(field, hint=None) -> Markup:
    """A field's hint, then its error messages, each with the id :func:`described_by` lists."""
    html = f'<p class="hint" id="{escape(field.id)}-hint">{escape(hint)}</p>' if hint else ""
    if field.errors:
        prefix = translated(_ERROR)
        html += "".join(f'<p class="field-error" id="{escape(field.id)}-error-{number}"><span class="visually-hidden">'
                        f"{prefix}</span> {escape(message)}</p>\n" for number, message in enumerate(field.errors, 1))
    return Markup(html)  # noqa: S704 - escaped above


def consent_terms() -> SimpleNamespace:
    """The consent blocks' own words in the current language (``terms.purpose``…)."""
    locale = current_locale()
    return SimpleNamespace(**{name: translated(text, locale) for name, text in _CONSENT_TERMS.items()})


_list_select = ListSelect()
