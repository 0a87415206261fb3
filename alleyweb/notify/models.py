"""The notifications' tables: the outbox (every notice, written in the transaction of the step that causes
it, sent by the worker), who asked to be told, each officer's choice, and staff-edited text templates."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from alleyweb.core.database import utcnow
from alleyweb.extensions import db

# pending → sent | failed (after the last attempt, or at once when the provider refuses the notice)
OUTBOX_STATUSES = ("pending", "sent", "failed")
CHANNELS = ("sms", "email")
OFFICER_MODES = ("immediate", "daily", "off")


class Notice(db.Model):
    """One notice to send. ``address`` (a mobile number or an e-mail address) is kept only until the notice
    is sent or has finally failed; then it is cleared (the retention rule "notify_outbox")."""

    __tablename__ = "notify_outbox"
    __table_args__ = (Index("ix_notify_outbox_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    channel: Mapped[str] = mapped_column(String(10), nullable=False)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)  # received, step, officer_new, digest
    address: Mapped[str | None] = mapped_column(String(254))
    lang: Mapped[str] = mapped_column(String(2), nullable=False, default="ko")
    subject: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    body: Mapped[str] = mapped_column(Text, nullable=False)
    status: Mapped[str] = mapped_column(String(10), nullable=False, default="pending")
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)
    last_error: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    submission_id: Mapped[int | None] = mapped_column(ForeignKey("submissions.id", ondelete="SET NULL"),
                                                      index=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id", ondelete="SET NULL"))

    # Set on a submission not yet flushed (the one being received): its id is filled in at the flush.
    submission = relationship("Submission")


class Subscription(db.Model):
    """A submitter who ticked "text me when this changes": texts go to the submission's own phone, in its
    language, until they opt out (or the submission is anonymised, which removes the phone)."""

    __tablename__ = "notify_subscriptions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"), unique=True,
                                               nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)
    opted_out_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    submission = relationship("Submission")


class OfficerPreference(db.Model):
    """How an officer hears of new submissions of the kinds they handle; no row means ``immediate``."""

    __tablename__ = "notify_officer_preferences"

    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id", ondelete="CASCADE"), primary_key=True)
    mode: Mapped[str] = mapped_column(String(10), nullable=False, default="immediate")
    last_digest_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class TextTemplate(db.Model):
    """A staff-edited wording of one message in one language; without one, the translated default is used."""

    __tablename__ = "notify_templates"

    key: Mapped[str] = mapped_column(String(20), primary_key=True)
    lang: Mapped[str] = mapped_column(String(2), primary_key=True)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id", ondelete="SET NULL"))
