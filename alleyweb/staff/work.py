"""An officer's own work on submissions: who has one and by when (assignment), internal notes, and the
console filters each officer saved. Internal notes are for staff only: they are never a step of the
submission's history, so the status page, the resident's answers and the exports never show them.
Audited here; the caller (view) commits."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from sqlalchemy import select

from alleyweb.core.audit import record
from alleyweb.extensions import db
from alleyweb.staff.models import StaffUser
from alleyweb.submissions.models import SavedFilter, Submission, SubmissionNote

SAVED_FILTERS_MAX = 20
# The console filters a saved filter keeps (nothing else of the query string).
FILTER_KEYS = ("type", "subject", "status", "dong", "assignee", "due", "date_from", "date_to", "q", "sort")


def assignable_officers() -> list[StaffUser]:
    """Officers who may act on submissions (a viewer cannot), enabled, by e-mail."""
    return [u for u in db.session.scalars(select(StaffUser).where(StaffUser.disabled_at.is_(None))
                                          .order_by(StaffUser.email)) if u.can("decide")]


def assign(submission: Submission, staff, assignee: StaffUser | None, due_on: date | None) -> bool:
    """Give a submission to an officer (or to nobody), with a date it should be dealt with by. Audited when
    anything changed; returns whether it did. The caller commits."""
    before = (submission.assignee_id, submission.due_on)
    submission.assignee_id = assignee.id if assignee is not None else None
    submission.due_on = due_on
    if before == (submission.assignee_id, submission.due_on):
        return False
    record("submission.assign", staff=staff, target=submission, commit=False, detail={
        "from": before[0], "to": submission.assignee_id, "due": due_on.isoformat() if due_on else ""})
    return True


def add_note(submission: Submission, staff, text: str) -> SubmissionNote:
    """An internal note (staff only). The audit row holds its length, not its words. The caller commits."""
    note = SubmissionNote(submission_id=submission.id, staff_id=staff.id, text=text)
    db.session.add(note)
    db.session.flush()
    record("submission.note", staff=staff, target=submission, commit=False, detail={"length": len(text)})
    return note


def notes_of(submission: Submission) -> list[SubmissionNote]:
    return list(db.session.scalars(select(SubmissionNote).where(SubmissionNote.submission_id == submission.id)
                                   .order_by(SubmissionNote.at, SubmissionNote.id)))


def filter_query(args) -> str:
    """The console filters of a request's query string, as a saved filter keeps them."""
    return urlencode([(key, args.get(key)) for key in FILTER_KEYS if args.get(key)])


def saved_filters(staff) -> list[SavedFilter]:
    return list(db.session.scalars(select(SavedFilter).where(SavedFilter.staff_id == staff.id)
                                   .order_by(SavedFilter.name, SavedFilter.id)))


def save_filter(staff, name: str, query: str) -> SavedFilter | None:
    """Keep the current filter under a name (the same name replaces it). None when the officer already has
    SAVED_FILTERS_MAX. The caller commits."""
    existing = db.session.scalar(select(SavedFilter).where(SavedFilter.staff_id == staff.id,
                                                           SavedFilter.name == name))
    if existing is None:
        if len(saved_filters(staff)) >= SAVED_FILTERS_MAX:
            return None
        existing = SavedFilter(staff_id=staff.id, name=name)
        db.session.add(existing)
    existing.query = query
    return existing


def delete_filter(staff, filter_id: int) -> bool:
    row = db.session.get(SavedFilter, filter_id)
    if row is None or row.staff_id != staff.id:
        return False
    db.session.delete(row)
    return True
