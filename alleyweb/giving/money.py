"""Amounts of money as people type them, and as the site shows them: whole won, as integers.

Accepted: 1000000, 1,000,000, 1,000,000원, ₩1,000,000, KRW 1000000, full-width digits (１，０００，０００),
and Korean units (100만원, 3천만 원, 1억 5천만원). Refused: negatives, zero, fractions, and anything else;
amounts of more than 16 digits are refused as too large (``large``) before Python is asked to read them.
"""

from __future__ import annotations

import re
import unicodedata

from alleyweb.core.numbers import ascii_digits, parse_int

SMALL_UNITS = {"십": 10, "백": 100, "천": 1_000}
BIG_UNITS = {"만": 10_000, "억": 100_000_000, "조": 1_000_000_000_000}
_TOKEN = re.compile(r"([0-9]+)|([십백천])|([만억조])")
_MINUS = ("-", "\u2212", "\u2012", "\u2013", "\u2014", "\ufe63")
# Far above any pledge (PLEDGE_MAX_WON is ₩10bn, 11 digits), far below what Python or a database cannot hold.
MAX_DIGITS = 16


class AmountError(ValueError):
    """``kind`` says what was wrong: ``format``, ``negative``, ``zero`` or ``large``."""

    def __init__(self, kind: str):
        super().__init__(kind)
        self.kind = kind


def parse_won(raw: str | None) -> int:
    """Whole won from what a person typed; AmountError when it is not a positive whole amount."""
    text = ascii_digits(unicodedata.normalize("NFKC", raw or "")).strip()
    if not text:
        raise AmountError("format")
    if text.startswith(_MINUS) or text.lstrip("₩").strip().startswith(_MINUS):
        raise AmountError("negative")
    text = re.sub(r"(?i)^(₩|krw)|(원|won|krw)$", "", text).strip()
    text = re.sub(r"(?i)^(₩|krw)|(원|won|krw)$", "", text).strip()  # "₩ 1,000원" has both
    text = re.sub(r"[\s,]", "", text)
    value = _number(text) if re.fullmatch(r"[0-9]+", text) else _korean_units(text)
    if value <= 0:
        raise AmountError("zero")
    return value


def _number(digits: str) -> int:
    value = parse_int(digits, max_digits=MAX_DIGITS, maximum=10**MAX_DIGITS)
    if value is None:
        raise AmountError("large")
    return value


def _korean_units(text: str) -> int:
    if not re.fullmatch(r"[0-9십백천만억조]+", text):
        raise AmountError("format")
    total, section, number, last_big, position = 0, 0, None, None, 0
    for match in _TOKEN.finditer(text):
        if match.start() != position:
            raise AmountError("format")
        position = match.end()
        digits, small, big = match.groups()
        if digits:
            if number is not None:
                raise AmountError("format")
            number = _number(digits)
        elif small:
            section += (1 if number is None else number) * SMALL_UNITS[small]
            number = None
        else:
            value = BIG_UNITS[big]
            if last_big is not None and value >= last_big:
                raise AmountError("format")
            section += number or 0
            if section == 0:
                raise AmountError("format")
            total += section * value
            section, number, last_big = 0, None, value
    if position != len(text) or position == 0:
        raise AmountError("format")
    return total + section + (number or 0)


def format_won(amount: int | None, lang: str = "ko") -> str:
    """1,000,000원 in Korean, ₩1,000,000 in English."""
    if amount is None:
        return ""
    return f"{amount:,}원" if lang == "ko" else f"₩{amount:,}"


def format_money(amount: int | None, lang: str = "ko") -> str:
    """An amount in running text (docs/STYLE.md, "Money"): whole 만/억 units in Korean ("1억 원",
    "3,000만 원", "1억 5,000만 원"), millions and billions in English ("₩30 million", "₩3.5 billion").
    An amount that is not whole in those units is written in full, as :func:`format_won` does."""
    if amount is None:
        return ""
    if lang == "ko":
        if amount <= 0 or amount % 10_000:
            return format_won(amount, lang)
        eok, man = divmod(amount // 10_000, 10_000)
        parts = ([f"{eok:,}억"] if eok else []) + ([f"{man:,}만"] if man else [])
        return " ".join(parts) + " 원"
    if amount <= 0 or amount % 1_000_000:
        return format_won(amount, lang)
    millions = amount // 1_000_000
    if millions >= 1_000 and millions % 100 == 0:
        return f"₩{millions / 1_000:g} billion"
    return f"₩{millions:,} million"
