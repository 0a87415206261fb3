"""BaseForm and the validators every form shares.

Forms strip surrounding whitespace, normalise Unicode to NFC (decomposed jamo from some keyboards
become ordinary syllables) and refuse invisible control and bidirectional-override characters with a
message that says what to do.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from flask import g
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from wtforms import BooleanField, DateField, StringField
from wtforms.validators import ValidationError
from wtforms.widgets import Select

# C0/C1 controls other than tab and newlines, and the bidi embedding/override/isolate characters
# that can make text display in a different order than it was typed.
_FORBIDDEN_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean_text(value):
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value).strip()
    return value


class BaseForm(FlaskForm):
    """Every form subclasses this: whitespace stripped, NFC, control characters refused."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            filters = list(unbound_field.kwargs.get("filters", ()))
            if issubclass(unbound_field.field_class, StringField):
                filters.append(clean_text)
            options["filters"] = filters
            return unbound_field.bind(form=form, **options)

    def validate(self, extra_validators=None):
        if g.get("csrf_expired"):
            # The CSRF handler re-ran this view: show the form again with the input kept.
            self.form_errors.append(
                _l("This page was open too long and has expired. Check your answers and send the form again.")
            )
            return False
        valid = super().validate(extra_validators)
        for field in self:
            if isinstance(field, StringField) and isinstance(field.data, str) and _FORBIDDEN_CHARS.search(field.data):
                field.errors = list(field.errors) + [
                    _l("Remove the hidden control characters from this answer "
                       "(they can come from copying and pasting).")
                ]
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


MOBILE_RE = re.compile(r"^(010\d{8}|01[16789]\d{7,8})$")
LANDLINE_RE = re.compile(r"^0(2|[3-6][1-5]|70)\d{7,8}$")


def normalise_phone(raw: str) -> str | None:
    """Digits of a Korean phone number in its usual hyphenated form, or None if it is not one.

    Accepts what people paste: spaces, dots, hyphens, brackets, a leading +82.
    """
    digits = re.sub(r"[\s().\-\u2010-\u2015]", "", raw or "")
    if digits.startswith("+82"):
        digits = "0" + digits[3:]
    if not digits.isdigit():
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
    digits = re.sub(r"[\s\-]", "", raw or "")
    if len(digits) != 10 or not digits.isdigit():
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
        digits = re.sub(r"\D", "", field.data)
        field.data = f"{digits[:3]}-{digits[3:5]}-{digits[5:]}"


class Consent:
    """A required consent checkbox; the message says what refusing means."""

    def __init__(self, message=None):
        self.message = message

    def __call__(self, form, field):
        if not field.data:
            raise ValidationError(self.message or _l("To use this service, tick the box to agree."))


_DATE_RE = re.compile(r"(\d{4})\s*[-./년]?\s*(\d{1,2})\s*[-./월]?\s*(\d{1,2})\s*[.일]?")


class DateInputField(DateField):
    """A date typed as text, the way people write it: 1950-03-27, 1950.3.27, 1950. 3. 27., 19500327,
    1950년 3월 27일. A native date picker is hard to use for a birth date, so the page shows a text box."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, format="%Y-%m-%d", **kwargs)

    def process_formdata(self, valuelist):
        if not valuelist or not (valuelist[0] or "").strip():
            self.data = None
            return
        match = _DATE_RE.fullmatch(unicodedata.normalize("NFKC", valuelist[0]).strip())
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


class ListSelect(Select):
    """WTForms' select, with each plain option written directly: the same HTML several times faster,
    for long lists (the directory's 125 shopping districts, on the site's busiest page)."""

    @classmethod
    def render_option(cls, choice, **kwargs):
        if choice.render_kw or kwargs or isinstance(choice.value, bool):
            return super().render_option(choice, **kwargs)
        selected = " selected" if choice.selected else ""
        label = escape(choice.label or choice.value)
        return Markup(f'<option value="{escape(choice.value)}"{selected}>{label}</option>')  # noqa: S704 - escaped
