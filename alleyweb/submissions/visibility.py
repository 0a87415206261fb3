"""What an officer is shown of a submission, and so what that officer may search it by.

Officers whose role may see personal data (``view_personal``) see everything on a record's page. The
others (viewers) see the receipt number, type, status, dong and dates, the masked name and phone, the
answers that are not personal, with any phone number, e-mail address or registration number inside the
text taken out, and nothing of a personal answer. Their searches run over exactly that text
(``Submission.masked_search_text``), so that a search cannot tell them what the page hides.
"""

from __future__ import annotations

from dataclasses import dataclass

from alleyweb.core.privacy import mask_name, mask_phone, redact
from alleyweb.submissions.registry import get_type


@dataclass(frozen=True)
class ShownDetail:
    label: object
    value: str
    hidden: bool = False  # a personal answer the officer may not see


def shown_value(value, *, personal_field: bool, personal: bool):
    """One answer as an officer sees it: as given, redacted, or None when it is hidden."""
    if personal:
        return value
    if personal_field:
        return None
    return redact(value) if isinstance(value, str) else value


def shown_detail(submission, key: str, personal: bool) -> str:
    """One answer of ``submission`` as this officer may see it ("" when hidden or not given)."""
    kind = get_type(submission.type)
    field = next((f for f in kind.fields if f.key == key), None) if kind else None
    value = shown_value((submission.details or {}).get(key, ""), personal_field=field is None or field.personal,
                        personal=personal)
    return "" if value is None else value


def shown_details(submission, personal: bool) -> list[ShownDetail]:
    """The type's answers of ``submission``, in order, as this officer may see them."""
    kind = get_type(submission.type)
    details = submission.details or {}
    rows = []
    for field in kind.fields if kind else ():
        value = shown_value(details.get(field.key, ""), personal_field=field.personal, personal=personal)
        rows.append(ShownDetail(field.label, "" if value is None else value, hidden=value is None))
    return rows


def shown_name(submission, personal: bool) -> str:
    return submission.name or "" if personal else mask_name(submission.name)


def shown_phone(submission, personal: bool) -> str:
    return submission.phone or "" if personal else mask_phone(submission.phone)


def masked_search_text(type_key: str, receipt_no: str, details: dict | None) -> str:
    """Everything a viewer is shown of a submission as free text, lower-cased: its receipt number and
    its non-personal answers with phone numbers, e-mail addresses and registration numbers taken out."""
    kind = get_type(type_key)
    values = [receipt_no]
    for field in kind.fields if kind else ():
        value = (details or {}).get(field.key)
        if value is not None and not field.personal:
            values.append(redact(str(value)))
    return " ".join(values).lower()
