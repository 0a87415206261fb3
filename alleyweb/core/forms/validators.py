"""Validators and filters the forms share: phone numbers and business registration numbers as people
type them (digits of any script, spaces, dashes), and required consents."""

from __future__ import annotations

import re
import unicodedata

from flask_babel import lazy_gettext as _l
from wtforms.validators import ValidationError

from alleyweb.core.numbers import ascii_digits, digits_only


def typed_digits(value):
    """A filter for fields of digits a person types (the last 4 digits of a phone, a code): full-width and
    other scripts' digits as ASCII, spaces and dashes dropped; anything else is left for the validator."""
    if not isinstance(value, str):
        return value
    text = ascii_digits(unicodedata.normalize("NFKC", value))
    return re.sub(r"[\s\-\u2010-\u2015]", "", text)


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
    """Check digit of a business registration number (XXX-XX-XXXXX), as docs/ARCHITECTURE.md ("Domain facts")
    gives it."""
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


UNDER_14 = _l("required if under 14")


class RequiredWhen:
    """Marks a field needed only in some case, which the form's own ``validate`` checks (a guardian's name
    when the person is under 14): the label then says when ("(required if under 14)") rather than
    "(optional)". Checks nothing itself; put it after ``Optional()``."""

    def __init__(self, when=UNDER_14):
        self.field_flags = {"required_when": when}

    def __call__(self, form, field) -> None:
        return None
