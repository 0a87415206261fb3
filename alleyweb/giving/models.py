"""Pledges, volunteers, sharing projects and their applications.

Each resident's form is a Submission (receipt number, status page, console queue, masking, export,
retention); these rows hold the lifecycle the submission's history tells the resident about.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from alleyweb.core.database import TimestampMixin, utcnow
from alleyweb.extensions import db

# The five areas of sharing (Jungnang's Donghaeng Sarang Net); pledges may also say "where most needed".
AREAS = ("donations", "network", "talent", "health", "education")

# pledged → confirmed → paid → recognised; or withdrawn (from any step before recognised)
PLEDGE_STATES = ("pledged", "confirmed", "paid", "recognised", "withdrawn")
# States that count as a confirmed pledge (totals, hall of fame).
CONFIRMED_PLEDGE_STATES = ("confirmed", "paid", "recognised")

# applied → connected → completed; or declined with a reason
APPLICATION_STATES = ("applied", "connected", "completed", "declined")
CONNECTED_STATES = ("connected", "completed")


class Pledge(TimestampMixin, db.Model):
    """A donor's promise of money, one-time or monthly, and what has been paid of it."""

    __tablename__ = "pledges"
    __table_args__ = (Index("ix_pledges_state_area", "state", "area"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"), unique=True)
    donor_type: Mapped[str] = mapped_column(String(12), nullable=False)  # individual / business
    frequency: Mapped[str] = mapped_column(String(10), nullable=False)  # once / monthly
    # Whole won. For a monthly pledge, ``amount`` is each month's gift and ``months`` how many months.
    amount: Mapped[int] = mapped_column(BigInteger, nullable=False)
    months: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    total: Mapped[int] = mapped_column(BigInteger, nullable=False)
    area: Mapped[str] = mapped_column(String(12), nullable=False)  # one of AREAS, or "any"
    hall_of_fame: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    display_name: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    state: Mapped[str] = mapped_column(String(12), nullable=False, default="pledged")
    paid_total: Mapped[int] = mapped_column(BigInteger, nullable=False, default=0)
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    recognised_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    submission = relationship("Submission", lazy="joined")
    payments: Mapped[list[PledgePayment]] = relationship(
        back_populates="pledge", order_by="PledgePayment.id", cascade="all, delete-orphan")

    @property
    def outstanding(self) -> int:
        return max(self.total - self.paid_total, 0)


class PledgePayment(db.Model):
    """A payment received against a pledge: the whole of it, or one instalment."""

    __tablename__ = "pledge_payments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pledge_id: Mapped[int] = mapped_column(ForeignKey("pledges.id", ondelete="CASCADE"), index=True)
    amount: Mapped[int] = mapped_column(BigInteger, nullable=False)
    paid_on: Mapped[date] = mapped_column(Date, nullable=False)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, nullable=False)

    pledge: Mapped[Pledge] = relationship(back_populates="payments")


class Volunteer(TimestampMixin, db.Model):
    """A volunteer's sign-up. Areas, talents, availability and languages are tags, so staff can search."""

    __tablename__ = "volunteers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"), unique=True)
    dong_id: Mapped[int | None] = mapped_column(ForeignKey("dongs.id"), index=True)  # preferred dong
    under_14: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    approved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)

    submission = relationship("Submission", lazy="joined")
    dong = relationship("Dong", lazy="joined")
    tags: Mapped[list[VolunteerTag]] = relationship(cascade="all, delete-orphan", order_by="VolunteerTag.id")

    def tag_values(self, kind: str) -> list[str]:
        return [t.value for t in self.tags if t.kind == kind]


class VolunteerTag(db.Model):
    """One searchable fact about a volunteer: kind is area, talent, availability or language."""

    __tablename__ = "volunteer_tags"
    __table_args__ = (Index("ix_volunteer_tags_kind_value", "kind", "value"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("volunteers.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(12), nullable=False)
    value: Mapped[str] = mapped_column(String(40), nullable=False)


class Project(TimestampMixin, db.Model):
    """A sharing project staff publish: residents offer help or ask for it."""

    __tablename__ = "projects"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title_ko: Mapped[str] = mapped_column(String(120), nullable=False)
    title_en: Mapped[str] = mapped_column(String(160), nullable=False)
    description_ko: Mapped[str] = mapped_column(Text, nullable=False)
    description_en: Mapped[str] = mapped_column(Text, nullable=False)
    area: Mapped[str] = mapped_column(String(12), nullable=False, index=True)
    dong_id: Mapped[int | None] = mapped_column(ForeignKey("dongs.id"))  # None: all of Seo-gu
    starts_on: Mapped[date] = mapped_column(Date, nullable=False)
    ends_on: Mapped[date | None] = mapped_column(Date)
    helpers_needed: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    recipients_needed: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    status: Mapped[str] = mapped_column(String(8), nullable=False, default="open", index=True)  # open / closed
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id", ondelete="SET NULL"))

    dong = relationship("Dong", lazy="joined")
    applications: Mapped[list[Application]] = relationship(back_populates="project", order_by="Application.id")

    def title(self, lang: str) -> str:
        return self.title_ko if lang == "ko" else (self.title_en or self.title_ko)

    def description(self, lang: str) -> str:
        return self.description_ko if lang == "ko" else (self.description_en or self.description_ko)

    @property
    def is_open(self) -> bool:
        return self.status == "open"


class Application(TimestampMixin, db.Model):
    """An offer of help or a request for help on a project: from a resident's form (``submission_id``), or
    a registered volunteer an officer connected (``volunteer_id``; the steps go to the volunteer's
    submission)."""

    __tablename__ = "project_applications"
    __table_args__ = (Index("ix_project_applications_project_state", "project_id", "state"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), nullable=False)
    submission_id: Mapped[int | None] = mapped_column(ForeignKey("submissions.id", ondelete="SET NULL"),
                                                      unique=True)
    volunteer_id: Mapped[int | None] = mapped_column(ForeignKey("volunteers.id", ondelete="SET NULL"), index=True)
    kind: Mapped[str] = mapped_column(String(8), nullable=False)  # offer / request
    for_whom: Mapped[str] = mapped_column(String(10), nullable=False, default="self")  # self / neighbour
    state: Mapped[str] = mapped_column(String(10), nullable=False, default="applied")
    # An offer and a request connected to each other (optional: a helper may serve the project as a whole).
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("project_applications.id", ondelete="SET NULL"))
    decline_reason: Mapped[str] = mapped_column(Text, nullable=False, default="")
    connected_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    project: Mapped[Project] = relationship(back_populates="applications", lazy="joined")
    submission = relationship("Submission", lazy="joined")
    volunteer = relationship("Volunteer", lazy="joined")
    partner = relationship("Application", remote_side=[id], lazy="select")
