from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from alleyweb.core.database import TimestampMixin, utcnow
from alleyweb.extensions import db

# received → (needs_info ↔ received) → approved / rejected → done
STATUSES = ("received", "needs_info", "approved", "rejected", "done")
CLOSED_STATUSES = ("rejected", "done")


class Submission(TimestampMixin, db.Model):
    """One request from a resident or merchant, of a registered type."""

    __tablename__ = "submissions"
    __table_args__ = (
        Index("ix_submissions_type_status_created", "type", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    receipt_no: Mapped[str] = mapped_column(String(16), unique=True, nullable=False)
    type: Mapped[str] = mapped_column(String(40), nullable=False)
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="received", index=True)
    lang: Mapped[str] = mapped_column(String(2), nullable=False, default="ko")
    dong_id: Mapped[int | None] = mapped_column(ForeignKey("dongs.id"), nullable=True, index=True)
    name: Mapped[str | None] = mapped_column(String(100))
    phone: Mapped[str | None] = mapped_column(String(20))
    details: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)
    # Lower-cased name, receipt, phone digits and detail values, for the console's free-text search.
    search_text: Mapped[str] = mapped_column(Text, nullable=False, default="")
    # What a role that sees masked data is shown, for its searches (submissions/visibility.py).
    masked_search_text: Mapped[str] = mapped_column(Text, nullable=False, default="", server_default="")
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    anonymised_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    idempotency_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    # The program or project it is about (SubmissionType.subject_field), for the console's filter and column.
    subject: Mapped[str | None] = mapped_column(String(200), index=True)
    # The officer who has it, and by when it should be dealt with (set in the console, audited).
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id", ondelete="SET NULL"), index=True)
    due_on: Mapped[date | None] = mapped_column(Date, index=True)

    dong = relationship("Dong", lazy="joined")
    assignee = relationship("StaffUser", lazy="joined", foreign_keys=[assignee_id])
    events: Mapped[list[SubmissionEvent]] = relationship(
        back_populates="submission", order_by="SubmissionEvent.id", cascade="all, delete-orphan")

    @property
    def phone_last4(self) -> str:
        digits = "".join(ch for ch in (self.phone or "") if ch.isdigit())
        return digits[-4:]


class SubmissionEvent(db.Model):
    """A step in a submission's history; ``note`` is shown to the submitter on the status page."""

    __tablename__ = "submission_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, nullable=False)
    status: Mapped[str] = mapped_column(String(20), nullable=False)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id", ondelete="SET NULL"))
    public: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)

    submission: Mapped[Submission] = relationship(back_populates="events")
    staff = relationship("StaffUser", lazy="joined")  # who took the step: named on staff pages only


class SubmissionNote(db.Model):
    """An officer's internal note on a submission: for staff only, never on the status page, in a resident's
    export or in the submission's history; cleared with the personal data at the end of retention."""

    __tablename__ = "submission_notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"), index=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, nullable=False)
    text: Mapped[str] = mapped_column(Text, nullable=False)

    staff = relationship("StaffUser", lazy="joined")


class SavedFilter(db.Model):
    """A console filter an officer saved under a name (the list's query string), for that officer only."""

    __tablename__ = "staff_saved_filters"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(60), nullable=False)
    query: Mapped[str] = mapped_column(String(1000), nullable=False, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, nullable=False)


class ProcessingTime(TimestampMixin, db.Model):
    """How long a kind of submission that is not a program application takes, as staff set it
    (``/staff/processing-times``): a number of days and/or a short text in both languages, and the
    responsible department's phone. No row: the status and receipt pages say "to be confirmed"."""

    __tablename__ = "processing_times"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    type_key: Mapped[str] = mapped_column(String(40), unique=True, nullable=False)
    days: Mapped[int | None] = mapped_column(Integer)
    text_ko: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    text_en: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    phone: Mapped[str] = mapped_column(String(20), nullable=False, default="")
