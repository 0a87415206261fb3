"""Fields the forms share: a date typed as text, a consent checkbox carrying its notice, and the name, mobile
number and honeypot of the public forms."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from alleyweb.core.forms.validators import Consent, Phone, normalise_phone
from alleyweb.core.forms.widgets import ListSelect, Options
from alleyweb.core.numbers import ascii_digits, parse_int

# Bounded spaces: with unbounded ones a long run of spaces made matching take seconds.
# The years a typed date can have at all: outside them a day's end or a time zone overflows (9999-12-31 + 1 day).
# A form's own range (a birth date, a question's dates) gives the closer message inside them.
YEARS = (1000, 2999)
_DATE_RE = re.compile(r"([0-9]{4})\s{0,3}[-./년]?\s{0,3}([0-9]{1,2})\s{0,3}[-./월]?\s{0,3}([0-9]{1,2})\s{0,3}[.일]?")


class DateInputField(DateField):
    """A date typed as text, the way people write it: 1950-03-27, 1950.3.27, 1950. 3. 27., 19500327,
    1950년 3월 27일. A native date picker is hard to use for a birth date, so the page shows a text box.
    ``birth``: a date of birth, whose example (hint and error) is a birth date; any other date's example is
    an ordinary recent date (a staff filter's "received from" is not a birthday)."""

    def __init__(self, label=None, validators=None, birth=False, **kwargs):
        super().__init__(label, validators, format="%Y-%m-%d", **kwargs)
        self.birth = birth

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
            if not YEARS[0] <= self.data.year <= YEARS[1]:
                raise ValueError
        except ValueError:
            self.data = None
            raise ValueError(_l("Enter a real date, like 1950-03-27") if self.birth
                             else _l("Enter a real date, like 2026-12-01")) from None

    def _value(self):
        # What was typed is shown again, cut to the length of any date (not 10,000 characters back).
        if self.raw_data:
            return (self.raw_data[0] or "")[:40]
        return super()._value()


class WholeNumberField(StringField):
    """A whole number typed as text, read with ``core.numbers.parse_int``: digits of any script (full-width
    ３０ from a Korean IME), thousands separators and spaces allowed, within ``minimum``–``maximum``. ``data``
    is the int, or None when empty; anything else (a sign, a fraction, 5,000 digits) is refused with
    ``message``, which should name the range."""

    def __init__(self, label=None, validators=None, minimum: int = 0, maximum: int = 10**9 - 1, message=None,
                 **kwargs):
        super().__init__(label, validators, **kwargs)
        self.minimum, self.maximum = minimum, maximum
        self.message = message or _l("Enter a whole number, like 30")
        self.raw = None

    def process_formdata(self, valuelist):
        self.raw = (valuelist[0] if valuelist else "") or ""
        self.data = None
        text = re.sub(r"[,\s]", "", ascii_digits(unicodedata.normalize("NFKC", self.raw[:40])))
        if not self.raw.strip():
            return
        self.data = parse_int(text, minimum=self.minimum, maximum=self.maximum,
                              max_digits=len(str(self.maximum))) if len(self.raw) <= 40 else None
        if self.data is None:
            raise ValueError(self.message)

    def _value(self):
        return self.raw[:40] if self.raw is not None else ("" if self.data is None else str(self.data))


class ConsentField(BooleanField):
    """A consent checkbox carrying the notice the consent block shows (purpose, items, retention, and what
    refusing means on this form)."""

    def __init__(self, label=None, validators=None, notice=None, required=True, refusal=None, refusal_centre=False,
                 **kwargs):
        if required:
            validators = list(validators or []) + [Consent()]
        super().__init__(label, validators, **kwargs)
        self.notice = notice or {}
        self.consent_required = required
        # What refusing means on this form, in its own words ("{phone}" becomes the office's number);
        # ``refusal_centre``: the form can also be made at a dong community centre (a link follows).
        self.refusal = refusal
        self.refusal_centre = refusal_centre


class NotifyMeField(BooleanField):
    """The optional "text me when my request changes" box of a form that takes a mobile number
    (``phone_field``, the name of that field). Ticked with a number that is not a mobile one, the form
    asks for a mobile number. ``intake.receive`` reads it as ``notify_me``."""

    def __init__(self, label=None, validators=None, phone_field: str = "phone", **kwargs):
        label = label or _l("Yes, text me at my mobile number when my request is received and at each new step")
        super().__init__(label, list(validators or []) + [_mobile_for_texts], **kwargs)
        self.phone_field = phone_field


def your_name_field() -> StringField:
    """The name of the person sending a public form."""
    return StringField(_l("Your name"), validators=[DataRequired(_l("Enter your name")), Length(max=50)])


def your_mobile_field() -> StringField:
    """The mobile number of the person sending a public form (texts about it go there)."""
    return StringField(_l("Your mobile number"), validators=[
        DataRequired(_l("Enter your mobile number, like 010-1234-5678")), Phone(mobile_only=True)])


def honeypot_field() -> StringField:
    """A public form's ``website`` field: left empty by people, filled in by form-filling robots, whose requests
    ``submissions.intake.receive`` then drops."""
    return StringField(validators=[Optional(), Length(max=200)])


def _mobile_for_texts(form, field) -> None:
    phone = form[field.phone_field]
    if field.data and phone.data and not phone.errors and not (normalise_phone(phone.data) or "").startswith("01"):
        from wtforms.validators import ValidationError

        raise ValidationError(_l("Texts go to mobile numbers only: enter a mobile number, like 010-1234-5678, "
                                 "or leave this box empty"))


def blank_first(label, pairs) -> list[SelectChoice]:
    """A select's choices: an empty first one whose label says what choosing nothing means ("All dongs",
    "Choose a dong"), then the (value, label) pairs."""
    return [SelectChoice("", label)] + [SelectChoice(value, text) for value, text in pairs]


_NOT_A_CHOICE = "Not a valid choice."  # WTForms' own message, translated by WTForms as SelectField's is


class ListSelectField(SelectField):
    """A select drawn by :class:`ListSelect` whose choices may be kept :class:`Options` (the directory's
    filters): a value is checked against them with one look-up, not a walk of every choice (the same
    answer as SelectField's: whether a choice's coerced value equals the data)."""

    widget = ListSelect()

    def pre_validate(self, form):
        if type(self.choices) is not Options or self.process_errors or not self.validate_choice:
            return super().pre_validate(form)
        if not self.choices.has(self.coerce, self.data):
            raise ValidationError(self.invalid_choice_message or self.gettext(_NOT_A_CHOICE))
        return None
