"""Personal data in text (docs/ARCHITECTURE.md, "Privacy rules"; docs/SECURITY.md): masking for lists and
exports (홍*동, 010-****-5678), finding phone numbers, e-mail addresses and resident registration numbers
inside free text, and taking them out.

Digits are read in any script (full-width ０１０, Arabic-Indic) and with the separators people put
between them (spaces, dots, hyphens), so that a number written unusually is still found.
"""

from __future__ import annotations

import re
import unicodedata

from alleyweb.core.numbers import ascii_digits

REDACTED = "○○○"

# Up to three separators between groups of digits ("010 - 5040 - 1040"). Every repetition in these
# patterns is bounded or starts only where a run starts, so a 10,000-character answer is scanned in
# linear time (a form checks every text field with them).
_SEP = r"[\s.\-\u2010-\u2015\uff0d\uff0e]{0,3}"
# A Korean phone number: mobile 01X, area codes 02 / 0XX, 070, 050X, with or without +82 and separators.
_PHONE = re.compile(
    rf"(?<![0-9])(?:\+?\s{{0,3}}82{_SEP}\(?0?\)?|0){_SEP}[1-9][0-9]?{_SEP}\)?{_SEP}[0-9]{{3,4}}{_SEP}[0-9]{{4}}(?![0-9])")
_EMAIL = re.compile(r"(?<![\w.+\-])[\w.+\-]++@[\w\-]+(?:\.[\w\-]+)+")
# A resident (1–4) or foreign resident (5–8) registration number: YYMMDD, then a 7-digit serial whose
# first digit gives century and sex. The date must be a possible one, which keeps other 13-digit numbers out.
_RRN = re.compile(
    rf"(?<![0-9])[0-9]{{2}}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01]){_SEP}[~_]?{_SEP}[1-8][0-9]{{6}}(?![0-9])")


def _comparable(text: str) -> str:
    """Text with every digit in ASCII and full-width forms folded, character for character where it can
    be (so positions found in it are positions in the original)."""
    folded = ascii_digits(text)
    nfkc = unicodedata.normalize("NFKC", folded)
    return nfkc if len(nfkc) == len(folded) else folded


def contains_rrn(text: str | None) -> bool:
    """Whether the text holds something written like a resident or foreign registration number."""
    return bool(text) and _RRN.search(unicodedata.normalize("NFKC", ascii_digits(text))) is not None


def redact(text: str | None) -> str:
    """Free text with phone numbers, e-mail addresses and registration numbers replaced by ○○○: what a
    role that sees masked data is shown of what a person wrote (and all it may search)."""
    if not text:
        return ""
    if not isinstance(text, str):
        return text
    comparable = _comparable(text)
    spans = []
    for pattern in (_RRN, _EMAIL, _PHONE):
        spans += [m.span() for m in pattern.finditer(comparable)]
    if not spans:
        return text
    out, position = [], 0
    for start, end in sorted(spans):
        if start < position:  # overlaps one already taken out
            position = max(position, end)
            continue
        out += [text[position:start], REDACTED]
        position = end
    out.append(text[position:])
    return "".join(out)


def anonymise(text: str | None, words: list[str] | tuple[str, ...] = ()) -> str:
    """Text for the public: :func:`redact`, and each of ``words`` (a person's name, a store's) taken out
    too, however it was spaced ("김영수", "김 영수", "김  영 수") and in any letter case."""
    text = redact(text or "")
    joined = {"".join(word.split()) for word in words if word}
    for word in sorted((w for w in joined if len(w) >= 2), key=len, reverse=True):
        pattern = r"\s{0,3}".join(re.escape(ch) for ch in word)
        text = re.sub(pattern, REDACTED, text, flags=re.IGNORECASE)
    return text


def mask_name(name: str | None) -> str:
    if not name:
        return ""
    words = name.split()
    if len(words) > 1:  # romanised names: mask each word
        return " ".join(mask_name(word) for word in words)
    if len(name) <= 1:
        return "*"
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def mask_phone(phone: str | None) -> str:
    if not phone:
        return ""
    parts = phone.split("-")
    if len(parts) == 3:
        return f"{parts[0]}-{'*' * len(parts[1])}-{parts[2]}"
    digits = re.sub(r"\D", "", phone)
    return "*" * max(len(digits) - 4, 0) + digits[-4:]


def mask_text(value: str | None) -> str:
    """Free text that may hold personal data: only its length is shown."""
    if not value:
        return ""
    return "*" * min(len(value), 8)
