"""Use-cases on submissions: receive, search, decide, look up, export, purge."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import current_app, has_request_context, session
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, and_, delete, func, select, update
from sqlalchemy.exc import IntegrityError

from alleyweb.core.database import utcnow
from alleyweb.core.dates import as_utc, day_end, day_start
from alleyweb.core.features import emit
from alleyweb.core.i18n import current_lang
from alleyweb.core.numbers import parse_int
from alleyweb.extensions import db
from alleyweb.submissions import times
from alleyweb.submissions.models import CLOSED_STATUSES, STATUSES, Submission, SubmissionEvent, SubmissionNote
from alleyweb.submissions.registry import get_type
from alleyweb.submissions.visibility import masked_search_text

STATUS_LABELS = {
    "received": _l("Received"),
    "needs_info": _l("More information needed"),
    "approved": _l("Approved"),
    "rejected": _l("Not approved"),
    "done": _l("Completed"),
}

# decision → resulting status
DECISIONS = {
    "approve": "approved",
    "reject": "rejected",
    "needs_info": "needs_info",
    "done": "done",
}
DECISION_LABELS = {
    "approve": _l("Approve"),
    "reject": _l("Reject"),
    "needs_info": _l("Ask for more information"),
    "done": _l("Mark as done"),
}
# A decision needs a reason the submitter will read, except a plain approval or completion.
REASON_REQUIRED = {"reject", "needs_info"}

# Crockford base32 without look-alike characters: read aloud over the phone without confusion.
_RECEIPT_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_receipt_no() -> str:
    chars = "".join(secrets.choice(_RECEIPT_ALPHABET) for _ in range(10))
    return f"{chars[:5]}-{chars[5:]}"


def normalise_receipt_no(raw: str) -> str:
    text = unicodedata.normalize("NFKC", raw or "").upper()  # full-width letters and digits as ASCII
    cleaned = "".join(ch for ch in text if ch.isascii() and ch.isalnum())[:20]
    cleaned = cleaned.translate(str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"}))
    return f"{cleaned[:5]}-{cleaned[5:]}" if len(cleaned) == 10 else cleaned


def _search_text(submission: Submission) -> str:
    values = [submission.receipt_no, submission.name or "", submission.phone or "",
              "".join(ch for ch in submission.phone or "" if ch.isdigit())]
    values += [str(v) for v in (submission.details or {}).values() if v is not None]
    return " ".join(values).lower()


# What the forms' hidden idempotency_key looks like (secrets.token_urlsafe(16) is 22 characters).
_IDEMPOTENCY_KEY = re.compile(r"[A-Za-z0-9_-]{1,31}")
# The browser session's own random value that a form's one-time token is bound to.
INTAKE_SESSION_KEY = "intake"


def _session_owner() -> str:
    owner = session.get(INTAKE_SESSION_KEY)
    if not isinstance(owner, str) or not owner:
        owner = session[INTAKE_SESSION_KEY] = secrets.token_urlsafe(16)
    return owner


def new_form_token() -> str:
    """A form page's one-time token (its hidden ``idempotency_key``), for the session that shows the page."""
    _session_owner()
    return secrets.token_urlsafe(16)


def _bound_key(token: str | None) -> str | None:
    """The key a submission is stored under: the form's token bound to the browser session that sent it,
    so that the same token sent again from that session (a double click, a retry) finds the first
    submission, while the token copied into another session finds nothing of anyone else's."""
    if not token or not _IDEMPOTENCY_KEY.fullmatch(token):
        return None  # not one the page gave (a NUL byte would even break PostgreSQL's query)
    if not has_request_context():
        return token
    mac = hmac.new(current_app.secret_key.encode(), _session_owner().encode(), hashlib.sha256).hexdigest()
    return f"{token}:{mac[:32]}"


def create_submission(*, type_key: str, lang: str, name: str | None, phone: str | None, dong_id: int | None,
                      details: dict, idempotency_key: str | None = None,
                      attach: Callable[[Submission], None] | None = None, notify: bool = False) -> Submission:
    """Store a new submission with its first history entry; commits once. Returns the stored row.

    With an ``idempotency_key`` a repeated request (a double click, a retry) returns the first row.
    ``attach(submission)`` adds the feature's own rows (a pledge, an application) in the same transaction,
    and so do the features listening to "submission.received" (``notify``: the submitter asked to be told
    when it changes).
    """
    if get_type(type_key) is None:
        raise ValueError(f"unknown submission type {type_key!r}")
    idempotency_key = _bound_key(idempotency_key)
    if idempotency_key:
        existing = db.session.scalar(select(Submission).where(Submission.idempotency_key == idempotency_key))
        if existing:
            return existing
    for _attempt in range(5):
        submission = Submission(
            receipt_no=new_receipt_no(), type=type_key, lang=lang, name=name, phone=phone, dong_id=dong_id,
            details=details, status="received", idempotency_key=idempotency_key,
        )
        submission.search_text = _search_text(submission)
        submission.subject = subject_of(type_key, details)
        submission.masked_search_text = masked_search_text(type_key, submission.receipt_no, details)
        submission.events.append(SubmissionEvent(status="received", note="", public=True))
        db.session.add(submission)
        if attach is not None:
            attach(submission)
        emit("submission.received", submission=submission, notify=notify)
        try:
            db.session.commit()
            return submission
        except IntegrityError:
            db.session.rollback()
            if idempotency_key:
                existing = db.session.scalar(select(Submission).where(Submission.idempotency_key == idempotency_key))
                if existing:
                    return existing
    raise RuntimeError("could not allocate a receipt number")


def subject_of(type_key: str, details: dict | None) -> str | None:
    """The program or project a submission is about (its type's ``subject_field``), if any. Only a detail
    every role may see is used, so that filtering by it tells a viewer nothing the list hides."""
    kind = get_type(type_key)
    if kind is None or not kind.subject_field:
        return None
    field = next((f for f in kind.fields if f.key == kind.subject_field), None)
    value = (details or {}).get(kind.subject_field)
    if field is None or field.personal or not value:
        return None
    return str(value)[:200]


# The console's assignee filter: mine, nobody's (or one officer's id, as text).
ASSIGNEE_CHOICES = ("me", "none")
# The console's due-date filter.
DUE_CHOICES = ("overdue", "today", "week", "set", "unset")


@dataclass
class QueueFilter:
    types: list[str] | None = None  # the types the viewer may see; None = all
    type: str | None = None
    status: str | None = None
    dong_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    q: str | None = None
    sort: str = "newest"
    # Whether the officer may see personal data: if not, ``q`` matches only what that officer is shown.
    personal: bool = False
    subject: str | None = None  # the program or project (Submission.subject)
    assignee: str | None = None  # "me", "none" or an officer's id
    me: int | None = None  # the officer looking, for "me"
    due: str | None = None  # one of DUE_CHOICES
    today: date | None = None  # for the due filter (Seoul's date)

    def conditions(self) -> list:
        conds = []
        if self.types is not None:
            conds.append(Submission.type.in_(self.types))
        if self.type:
            conds.append(Submission.type == self.type)
        if self.subject:
            conds.append(Submission.subject == self.subject)
        if self.assignee == "me":
            conds.append(Submission.assignee_id == self.me)
        elif self.assignee == "none":
            conds.append(Submission.assignee_id.is_(None))
        elif (officer := parse_int(self.assignee)) is not None:
            conds.append(Submission.assignee_id == officer)
        conds.extend(self._due_conditions())
        if self.dong_id:
            conds.append(Submission.dong_id == self.dong_id)
        if self.date_from:
            conds.append(Submission.created_at >= day_start(self.date_from))
        if self.date_to:
            conds.append(Submission.created_at < day_end(self.date_to))
        if self.q:
            terms = [t for t in self.q.lower().split() if t][:5]
            column = Submission.search_text if self.personal else Submission.masked_search_text
            conds.extend(column.contains(term, autoescape=True) for term in terms)
        return conds

    def _due_conditions(self) -> list:
        today = self.today or date.today()
        open_ = Submission.status.not_in(CLOSED_STATUSES)
        if self.due == "overdue":
            return [Submission.due_on < today, open_]
        if self.due == "today":
            return [Submission.due_on == today, open_]
        if self.due == "week":
            return [Submission.due_on >= today, Submission.due_on <= today + timedelta(days=7), open_]
        if self.due == "set":
            return [Submission.due_on.is_not(None)]
        if self.due == "unset":
            return [Submission.due_on.is_(None)]
        return []


def subjects(types: list[str] | None) -> list[str]:
    """The programs and projects of the submissions of these types, for the console's filter."""
    stmt = select(Submission.subject).where(Submission.subject.is_not(None)).distinct().order_by(Submission.subject)
    if types is not None:
        stmt = stmt.where(Submission.type.in_(types))
    return list(db.session.scalars(stmt.limit(500)))


SORTS = {
    "newest": (Submission.created_at.desc(), Submission.id.desc()),
    "oldest": (Submission.created_at.asc(), Submission.id.asc()),
    "updated": (Submission.updated_at.desc(), Submission.id.desc()),
    "due": (Submission.due_on.is_(None), Submission.due_on.asc(), Submission.id.asc()),
}


def queue_select(flt: QueueFilter) -> Select:
    """Submissions matching the filter, for paginating."""
    stmt = select(Submission).where(*flt.conditions())
    if flt.status:
        stmt = stmt.where(Submission.status == flt.status)
    return stmt.order_by(*SORTS.get(flt.sort, SORTS["newest"]))


def status_counts(flt: QueueFilter) -> dict[str, int]:
    """Counts per status for the filter, ignoring its own status choice (the tabs above the list)."""
    rows = db.session.execute(
        select(Submission.status, func.count()).where(*flt.conditions()).group_by(Submission.status))
    counts = dict.fromkeys(STATUSES, 0)
    counts.update({status: count for status, count in rows})
    return counts


def get_visible(submission_id: int, types: list[str] | None) -> Submission | None:
    """The submission if this officer may see its type; None otherwise (the view answers 404)."""
    submission = db.session.get(Submission, submission_id)
    if submission is None or (types is not None and submission.type not in types):
        return None
    return submission


def decide_submissions(submissions: list[Submission], staff, decision: str, reason: str) -> int:
    """Apply one decision to one or more submissions, with history and audit rows; the caller commits.
    Submissions whose type does not offer the decision are left as they are; returns how many were decided."""
    from alleyweb.core.audit import record

    status = DECISIONS[decision]
    decided = 0
    for submission in submissions:
        kind = get_type(submission.type)
        if kind is not None and not kind.allows(decision):
            continue  # e.g. a bulk decision over a selection that includes a type with its own lifecycle
        decided += 1
        if status == "approved" and kind is not None and kind.on_approve is not None:
            kind.on_approve(submission, staff)
        record_step(submission, staff, status, reason, status=status)
        record("submission.decide", staff=staff, target=submission,
               detail={"decision": decision, "status": status, "reason_length": len(reason)}, commit=False)
    return decided


def record_step(submission: Submission, staff, step: str, note: str = "", *, status: str | None = None,
                public: bool = True) -> SubmissionEvent:
    """Add a step to a submission's history (shown on the status page when ``public``), and move it to
    one of the common ``status``es if given. In the caller's transaction; the caller audits and commits.
    ``step`` is a common status or one of its type's own steps (SubmissionType.steps)."""
    now = utcnow()
    if status is not None:
        if status not in STATUSES:
            raise ValueError(f"unknown status {status!r}")
        submission.status = status
        submission.closed_at = now if status in CLOSED_STATUSES else None
    submission.updated_at = now
    event = SubmissionEvent(status=step, note=note, staff_id=staff.id if staff is not None else None,
                            public=public, at=now)
    submission.events.append(event)
    emit("submission.step", submission=submission, event=event)
    return event


def current_step(submission: Submission) -> str:
    """What the submitter is told the submission is at: its latest public step, or its status."""
    public = [event for event in submission.events if event.public]
    return public[-1].status if public else submission.status


# The four stages a resident follows on the status page; the badge and the step list both show the
# stage of the submission's current step (current_step), so they can never disagree.
STAGES = (_l("Received"), _l("Being checked"), _l("Decided"), _l("Completed"))
# The stage of each common status and of the steps the features declare; a type may add its own
# (SubmissionType.stages). A step not listed counts as being checked.
STEP_STAGES = {
    "received": 1, "pledged": 1,
    "needs_info": 2, "triaged": 2, "assigned": 2, "merged": 2, "on_agenda": 2, "confirmed": 2, "instalment": 2,
    "approved": 3, "rejected": 3, "connected": 3, "declined": 3, "withdrawn": 3, "replied": 3,
    "done": 4, "answered": 4, "paid": 4, "recognised": 4, "completed": 4, "project_completed": 4,
    "project_declined": 4,
}


def current_stage(submission: Submission) -> int:
    """The stage (1–4) of the status page that the submission's current step is at."""
    kind = get_type(submission.type)
    step = current_step(submission)
    return kind.stage_of(step) if kind is not None else STEP_STAGES.get(step, 2)


@dataclass
class About:
    """What the status and receipt pages say about a submission: what it is, how long a decision takes
    ('' when not confirmed) and whom to call."""

    title: str
    processing_time: str
    phone: str


def about(submission: Submission) -> About:
    from flask import current_app

    kind = get_type(submission.type)
    label = str(kind.label) if kind is not None else submission.type
    title = (kind.title(submission) if kind is not None and kind.title else "") or label
    # A kind without hooks of its own says what staff set for it (submissions/times.py), if anything.
    if kind is not None and kind.processing_time:
        time = kind.processing_time(submission) or ""
    else:
        time = times.processing_time(submission.type, current_lang())
    phone = ((kind.phone(submission) if kind is not None and kind.phone else times.phone(submission.type))
             or current_app.config["OFFICE_PHONE"])
    return About(title, time, phone)


def step_label(submission: Submission, status: str):
    kind = get_type(submission.type)
    return kind.step_label(status) if kind is not None else STATUS_LABELS.get(status, status)


# Wrong guesses at one receipt number's phone digits, from any address, before online lookup of that
# number stops for the day (the per-address limit is on the view).
RECEIPT_LOOKUP_LIMIT = "10 per day"


@dataclass
class Lookup:
    submission: Submission | None
    locked: bool = False


def lookup_status(receipt_no: str, phone_last4: str) -> Lookup:
    """A submission for the public status page: both the receipt number and the phone's last 4 digits
    must match. Anonymised submissions are not shown. An unknown receipt number and a wrong last 4 are
    answered alike, and both count against that receipt number: after RECEIPT_LOOKUP_LIMIT of them it
    is locked for online lookup, whether or not it exists, so the answer never tells which receipts do."""
    from alleyweb.core.security import FailureLimit

    receipt_no = normalise_receipt_no(receipt_no)
    failures = FailureLimit(RECEIPT_LOOKUP_LIMIT, "status-receipt", receipt_no)
    if failures.exceeded():
        return Lookup(None, locked=True)
    submission = db.session.scalar(select(Submission).where(Submission.receipt_no == receipt_no))
    if submission is None or submission.anonymised_at is not None:
        submission, expected = None, "no match"
    else:
        expected = submission.phone_last4
    if not hmac.compare_digest(expected.encode(), (phone_last4 or "").encode()) or submission is None:
        failures.count()
        return Lookup(None)
    return Lookup(submission)


@dataclass
class PurgeResult:
    type_key: str
    anonymised: int
    events_cleared: int


def purge_expired(now: datetime | None = None) -> list[PurgeResult]:
    """Anonymise every submission past its type's retention period, counted from when it was closed
    (or received, if it never was). Figures (type, status, dong, dates) stay; personal data goes. The
    caller commits."""
    from alleyweb.submissions.registry import all_types

    now = now or utcnow()
    results = []
    for kind in all_types():
        cutoff = now - timedelta(days=kind.retention_days)
        reference = func.coalesce(Submission.closed_at, Submission.created_at)
        due = select(Submission.id).where(Submission.type == kind.key, Submission.anonymised_at.is_(None),
                                          reference < cutoff)
        if kind.retention_days_of is None:
            ids = list(db.session.scalars(due))
        else:  # past the shortest period: check each one's own
            rows = db.session.execute(due.add_columns(Submission.details, reference))
            ids = [id_ for id_, details, at in rows
                   if as_utc(at) < now - timedelta(days=kind.retention_days_of(details or {}))]
        cleared = 0
        if ids and kind.on_purge is not None:
            kind.on_purge(ids)
        if ids:
            db.session.execute(update(Submission).where(Submission.id.in_(ids)).values(
                name=None, phone=None, details={}, search_text=func.lower(Submission.receipt_no),
                masked_search_text=func.lower(Submission.receipt_no), anonymised_at=now, idempotency_key=None))
            db.session.execute(delete(SubmissionNote).where(SubmissionNote.submission_id.in_(ids)))
            cleared = db.session.execute(
                update(SubmissionEvent).where(and_(SubmissionEvent.submission_id.in_(ids), SubmissionEvent.note != ""))
                .values(note="")).rowcount or 0
        results.append(PurgeResult(kind.key, len(ids), cleared))
    return results
