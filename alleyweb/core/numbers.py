"""Numbers from requests: the one place where digits people type become ASCII, and where an id, a page,
a step, a count or an amount is read as a bounded integer.

People type full-width digits (０１０, from a Korean IME), Arabic-Indic digits (٠١٢), spaces and dashes.
Python's ``int()`` and ``str.isdigit()`` accept some of these and not others (``"²".isdigit()`` is True,
``int("²")`` raises), and a number Python can hold may still be one the database cannot (SQLite's
INTEGER is 64-bit; PostgreSQL's ``integer`` is 32-bit). So every number read from a request goes through
:func:`parse_int`, and every route's ``<int:…>`` through :class:`BoundedIntConverter`.
"""

from __future__ import annotations

import re
import unicodedata

from flask import abort, request
from werkzeug.routing import BaseConverter, ValidationError

# The largest id a table holds (PostgreSQL's 32-bit integer columns); pages and steps are far smaller.
MAX_ID = 2**31 - 1
_ASCII_DIGITS = re.compile(r"[0-9]+")


def ascii_digits(text: str) -> str:
    """``text`` with every decimal digit of any script (full-width, Arabic-Indic, Devanagari…) written
    as its ASCII digit. Superscripts, fractions and circled numbers are not decimal digits and stay."""
    if text.isascii():
        return text
    return "".join(str(unicodedata.decimal(ch)) if unicodedata.category(ch) == "Nd" else ch for ch in text)


def digits_only(text: str | None) -> str:
    """The ASCII digits of what a person typed (``010 - １２３４ - 5678`` → ``01012345678``)."""
    return "".join(ch for ch in ascii_digits(text or "") if "0" <= ch <= "9")


def parse_int(value, *, default: int | None = None, minimum: int = 0, maximum: int = MAX_ID,
              max_digits: int = 10) -> int | None:
    """A whole number from a query, form or route value, or ``default`` when it is not one.

    Digits of any script are read as ASCII first; then only ``[0-9]`` is accepted (no sign, no
    superscript, no spaces inside), at most ``max_digits`` of them, and the value must lie in
    ``minimum``–``maximum``. Never raises: a 5,000-digit value is simply not a number we take.
    """
    if isinstance(value, bool):
        return default
    if isinstance(value, int):
        number = value
    else:
        if not isinstance(value, str):
            return default
        text = ascii_digits(value.strip())
        if not 0 < len(text) <= max_digits or not _ASCII_DIGITS.fullmatch(text):
            return default
        number = int(text)
    return number if minimum <= number <= maximum else default


class BoundedIntConverter(BaseConverter):
    """``<int:id>`` for every route: ASCII digits only, at most 10 of them, 0 – 2³¹−1. Anything else
    (a superscript, a full-width digit, a minus sign, 30 nines) does not match the route: 404."""

    regex = r"[0-9]{1,10}"
    weight = 50
    part_isolating = True

    def to_python(self, value: str) -> int:
        number = parse_int(value)
        if number is None:
            raise ValidationError()
        return number

    def to_url(self, value) -> str:
        return str(int(value))



# The deepest page a list is paged to (the offset stays far inside every database's integers).
MAX_PAGE = 100_000


def query_int(name: str, *, default: int | None = None, minimum: int = 0, maximum: int = MAX_ID) -> int | None:
    """An integer query parameter (``?page=``, ``?store_id=``): ``default`` when it is absent or empty,
    404 when it is there but not a number in range (a page or record that cannot exist)."""
    raw = request.args.get(name, "")
    if not raw.strip():
        return default
    number = parse_int(raw, minimum=minimum, maximum=maximum)
    if number is None:
        abort(404)
    return number


# -- numbers shown --------------------------------------------------------------------------------

def format_number(value, lang: str | None = None, *, digits: int | None = None) -> str:
    """A count or an amount as the page shows it, with thousands separators in the page's language
    (docs/STYLE.md: "2,984곳", "2,984 stores"): ``{{ n|number }}`` in templates. ``digits``: the
    decimals of a figure that has them (38.5). None shows as nothing; what is not a number as it is."""
    from babel.numbers import format_decimal

    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, int) and not digits:
        # Both languages group a whole number by threes with "," and write minus as "-" (the Korean and
        # British patterns agree): what Babel writes, without its 30-odd µs of pattern work per number.
        return f"{int(value):,}"
    if lang is None:
        from flask import has_request_context

        from alleyweb.core.i18n import current_lang

        lang = current_lang() if has_request_context() else "ko"
    if digits is None:
        pattern = "#,##0" if isinstance(value, int) or float(value).is_integer() else "#,##0.###"
    else:
        pattern = "#,##0." + "0" * digits if digits else "#,##0"
    return format_decimal(value, format=pattern, locale="ko_KR" if lang == "ko" else "en_GB")


class GroupedInt(int):
    """A whole number that prints with thousands separators (``"%s" % n`` → "2,984") and still counts
    as itself (plurals, ``%d``, arithmetic): what a template's ``{% trans count=n %}`` is given, so that
    every count in a sentence is written one way without each template remembering to."""

    def __str__(self) -> str:
        return format_number(int(self))

    __format__ = int.__format__


def grouped_variables(variables: dict) -> dict:
    """A template message's variables with whole numbers made :class:`GroupedInt` (not a year: "2026")."""
    return {name: GroupedInt(value) if type(value) is int and "year" not in name else value
            for name, value in variables.items()}
