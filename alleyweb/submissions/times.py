"""Expected processing times of the kinds of submission that are not program applications (a store
listing request, a volunteer sign-up, a pledge, a merchant suggestion, a project application…).

A program application says its own (the program's "processing time" fact); every other kind whose
``SubmissionType`` has no ``processing_time`` hook gets what staff set on ``/staff/processing-times``: a
number of days and/or a short text in both languages, and the responsible department's phone. Nothing is
seeded: unset, the status and receipt pages say "to be confirmed" with the phone (the switchboard)."""

from __future__ import annotations

from flask_babel import ngettext
from sqlalchemy import select

from alleyweb.core.audit import record
from alleyweb.extensions import db
from alleyweb.submissions.models import ProcessingTime
from alleyweb.submissions.registry import SubmissionType, all_types

MAX_DAYS = 365
MAX_TEXT = 200
FIELDS = ("days", "text_ko", "text_en", "phone")


def staff_set_types(visible: list[str] | None = None) -> list[SubmissionType]:
    """The kinds whose processing time staff set here (no hook of their own, shown to the public), those an
    officer limited to ``visible`` kinds may see."""
    return [kind for kind in all_types() if kind.processing_time is None and kind.retention.public
            and (visible is None or kind.key in visible)]


def setting(type_key: str) -> ProcessingTime | None:
    return db.session.scalar(select(ProcessingTime).where(ProcessingTime.type_key == type_key))


def settings() -> dict[str, ProcessingTime]:
    return {row.type_key: row for row in db.session.scalars(select(ProcessingTime))}


def words(row: ProcessingTime | None, lang: str) -> str:
    """The processing time as the status page says it ('' when not set): "About 14 days", the text, or both."""
    if row is None:
        return ""
    parts = []
    if row.days:
        parts.append(ngettext("About %(num)d day", "About %(num)d days", row.days))
    text = row.text_en if lang == "en" else row.text_ko
    if text:
        parts.append(text)
    return " · ".join(parts)


def processing_time(type_key: str, lang: str) -> str:
    return words(setting(type_key), lang)


def phone(type_key: str) -> str:
    row = setting(type_key)
    return row.phone if row is not None else ""


def values_of(row: ProcessingTime | None) -> dict:
    return {name: (getattr(row, name) if row is not None else None) or ("" if name != "days" else None)
            for name in FIELDS}


def _describe(values: dict) -> str:
    days = values.get("days")
    return (f"days={days if days else '-'}; ko={values.get('text_ko') or '-'}; en={values.get('text_en') or '-'}; "
            f"phone={values.get('phone') or '-'}")


def save(kind: SubmissionType, staff, values: dict) -> str | None:
    """Store (or, all empty, remove) the kind's processing time and audit the change as "before → after";
    None when nothing changed. The view commits."""
    row = setting(kind.key)
    before = values_of(row)
    after = {"days": values.get("days") or None, **{name: (values.get(name) or "").strip()
                                                    for name in ("text_ko", "text_en", "phone")}}
    if before == after:
        return None
    if not any(after.values()):
        if row is not None:
            db.session.delete(row)
    else:
        if row is None:
            row = ProcessingTime(type_key=kind.key)
            db.session.add(row)
        for name, value in after.items():
            setattr(row, name, value)
    db.session.flush()
    change = f"{_describe(before)} → {_describe(after)}"
    record("submissions.processing_time", staff=staff, commit=False, detail={"type": kind.key, "change": change})
    return change
