"""Merchant voice: each suggestion's triage and answer, and the mayor's Alley Office visits.

The merchant's words, name, store and phone live in the Submission (receipt, status page, retention
purge); these rows hold what officers add, and what stays for figures after the purge.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from alleyweb.core.database import TimestampMixin
from alleyweb.extensions import db

URGENCIES = ("urgent", "high", "normal", "low")
VISIT_STATES = ("scheduled", "cancelled")


class AlleyOfficeVisit(TimestampMixin, db.Model):
    """One visit of the mayor's Alley Office to a dong, hosted by one of its shops."""

    __tablename__ = "voice_visits"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    visit_date: Mapped[date] = mapped_column(Date, nullable=False, index=True)
    start_time: Mapped[str] = mapped_column(String(5), nullable=False, default="")  # "14:00", or empty
    dong_id: Mapped[int] = mapped_column(ForeignKey("dongs.id"), nullable=False, index=True)
    district_id: Mapped[int | None] = mapped_column(ForeignKey("shopping_districts.id", ondelete="SET NULL"))
    place: Mapped[str] = mapped_column(String(200), nullable=False)
    host_shop: Mapped[str] = mapped_column(String(100), nullable=False)
    # A visit can be moved (to another date) or cancelled; ``public_note`` says why on the Alley Office page.
    state: Mapped[str] = mapped_column(String(12), nullable=False, default="scheduled", server_default="scheduled")
    moved_from: Mapped[date | None] = mapped_column(Date)
    public_note: Mapped[str] = mapped_column(Text, nullable=False, default="", server_default="")

    dong = relationship("Dong", lazy="joined")
    district = relationship("ShoppingDistrict", lazy="joined")
    agenda: Mapped[list[Suggestion]] = relationship(back_populates="visit", order_by="Suggestion.agenda_order")


class Suggestion(db.Model):
    """A merchant's suggestion (one per Submission of type ``voice_suggestion``).

    Duplicates are merged into one thread: ``thread_id`` points at the thread's first suggestion (its
    lead), which carries the thread's triage, agenda slot and answer; every member gets the answer.
    """

    __tablename__ = "voice_suggestions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"), unique=True)
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, index=True)
    lang: Mapped[str] = mapped_column(String(2), nullable=False, default="ko")
    topic: Mapped[str] = mapped_column(String(20), nullable=False, index=True)
    dong_id: Mapped[int] = mapped_column(ForeignKey("dongs.id"), nullable=False, index=True)
    district_id: Mapped[int | None] = mapped_column(ForeignKey("shopping_districts.id", ondelete="SET NULL"))
    may_publish: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    # How it reached the district (voice/catalogue.CHANNELS): the web form, or recorded by an officer from a
    # call to the Alley Economy 119 Phone, a text message or what a merchant said on a visit.
    channel: Mapped[str] = mapped_column(String(10), nullable=False, default="web", server_default="web", index=True)
    # Where the suggestion is in its lifecycle (voice/catalogue.SUGGESTIONS): received, triaged, on_agenda,
    # answered. Kept on every member of a thread.
    state: Mapped[str] = mapped_column(String(12), nullable=False, default="received", server_default="received")
    # Triage (on a thread's lead)
    urgency: Mapped[str | None] = mapped_column(String(10))
    tags: Mapped[list] = mapped_column(JSON, nullable=False, default=list)
    department: Mapped[str | None] = mapped_column(String(20))
    triaged_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    thread_id: Mapped[int | None] = mapped_column(ForeignKey("voice_suggestions.id", ondelete="SET NULL"),
                                                  index=True)
    visit_id: Mapped[int | None] = mapped_column(ForeignKey("voice_visits.id", ondelete="SET NULL"), index=True)
    agenda_order: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    # The answer (on every member of an answered thread, so that figures count each merchant)
    answer_ko: Mapped[str] = mapped_column(Text, nullable=False, default="")
    answer_en: Mapped[str] = mapped_column(Text, nullable=False, default="")
    answered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    # What the Alley Office page may show (anonymised when answered, only if the merchant allowed it),
    # and when an officer checked those words and published them: nothing shows until then.
    public_text: Mapped[str] = mapped_column(Text, nullable=False, default="")
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    submission = relationship("Submission", lazy="joined")
    dong = relationship("Dong", lazy="joined")
    district = relationship("ShoppingDistrict", lazy="joined")
    visit: Mapped[AlleyOfficeVisit | None] = relationship(back_populates="agenda")
    lead: Mapped[Suggestion | None] = relationship(remote_side=[id], foreign_keys=[thread_id])

    @property
    def thread_lead_id(self) -> int:
        return self.thread_id or self.id
