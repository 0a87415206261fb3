"""Masking personal data for lists and exports (DESIGN.md §8): 홍*동, 010-****-5678."""

from __future__ import annotations

import re


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
