"""The audit log: who did what, to what, when and from where. Writing it, reading it, and the words for
each action (features add theirs: Feature.action_labels)."""

from __future__ import annotations

from datetime import date, datetime

from flask import has_request_context, request
from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, DateTime, ForeignKey, Integer, Select, String, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from alleyweb.core.database import utcnow
from alleyweb.core.dates import day_end, day_start
from alleyweb.extensions import db


class AuditEvent(db.Model):
    """Who did what, to what, when and from where. Never holds personal data itself."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, nullable=False, index=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id", ondelete="SET NULL"), index=True)
    action: Mapped[str] = mapped_column(String(40), nullable=False, index=True)
    target_type: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    target_id: Mapped[int | None] = mapped_column(Integer)
    detail: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)
    ip: Mapped[str] = mapped_column(String(45), nullable=False, default="")

    staff = relationship("StaffUser")


# What the console itself records; features declare the words for theirs (Feature.action_labels).
CONSOLE_ACTIONS = {
    "auth.sign_in": _l("Signed in"),
    "auth.sign_in_failed": _l("Failed sign-in"),
    "auth.locked": _l("Account locked after failed sign-ins"),
    "auth.sign_out": _l("Signed out"),
    "auth.second_factor_set_up": _l("Set up the second factor"),
    "auth.recovery_code_used": _l("Used a recovery code"),
    "auth.password_changed": _l("Changed password"),
    "staff.create": _l("Created an account"),
    "staff.disable": _l("Disabled an account"),
    "staff.enable": _l("Enabled an account"),
    "staff.role": _l("Changed an account's role"),
    "submission.view": _l("Opened a record with personal data"),
    "submission.decide": _l("Decided on a submission"),
    "submission.export": _l("Exported submissions"),
    "console.search": _l("Searched or filtered a list"),
    "retention.purge": _l("Purged expired personal data"),
}


def action_labels() -> dict:
    """Every audit action of the current app's features, with its words."""
    from alleyweb.core.features import registry

    return registry().action_labels


def record(action: str, *, staff=None, target=None, detail: dict | None = None, commit: bool = True) -> AuditEvent:
    """Add an audit row. ``target`` is any model with an ``id``; its table name is the target type."""
    event = AuditEvent(
        action=action,
        staff_id=getattr(staff, "id", None),
        target_type=getattr(target, "__tablename__", "") if target is not None else "",
        target_id=getattr(target, "id", None),
        detail=detail or {},
        ip=(request.remote_addr or "") if has_request_context() else "cli",
    )
    db.session.add(event)
    if commit:
        db.session.commit()
    return event


# Query parameters that only page or format a list: using them is not a search.
_NOT_FILTERS = {"page", "format"}
# Parameters where an officer types free text (which may be a name or a phone number).
FREE_TEXT = {"q", "skill"}


def filter_detail(args) -> dict:
    """The filters of a list request as an audit row may hold them: which were used, with free text
    masked (only its length shows) and any other value redacted and cut short."""
    from alleyweb.core.privacy import mask_text, redact

    used = {key: value for key, value in args.items() if value and key not in _NOT_FILTERS}
    return {key: mask_text(value) if key in FREE_TEXT else redact(value)[:40] for key, value in sorted(used.items())}


def record_search(area: str, staff, args) -> None:
    """Write a console search or filter to the access log (who, when, which list, which filters), without
    the personal data typed into it. A plain list with no filter is not logged."""
    detail = filter_detail(args)
    if detail:
        record("console.search", staff=staff, detail={"list": area, "filter": detail})


def audit_select(*, staff_id: int | None = None, action: str | None = None, date_from: date | None = None,
                 date_to: date | None = None) -> Select:
    stmt = select(AuditEvent)
    if staff_id:
        stmt = stmt.where(AuditEvent.staff_id == staff_id)
    if action:
        stmt = stmt.where(AuditEvent.action == action)
    if date_from:
        stmt = stmt.where(AuditEvent.at >= day_start(date_from))
    if date_to:
        stmt = stmt.where(AuditEvent.at < day_end(date_to))
    return stmt.order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
