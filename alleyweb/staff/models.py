from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from alleyweb.core.database import TimestampMixin, utcnow
from alleyweb.extensions import db

ROLES = ("admin", "moderator", "viewer")


class StaffUser(TimestampMixin, db.Model):
    """A district officer. Exists only through `flask staff create` or an admin; never by default."""

    __tablename__ = "staff_users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True, nullable=False)
    password_hash: Mapped[str] = mapped_column(String(255), nullable=False)
    role: Mapped[str] = mapped_column(String(20), nullable=False)
    # Submission types a moderator or viewer may see; empty means every type.
    allowed_types: Mapped[list] = mapped_column(JSON, nullable=False, default=list)
    totp_secret: Mapped[str] = mapped_column(String(64), nullable=False)
    totp_confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    totp_last_step: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    must_change_password: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    failed_logins: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    disabled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    recovery_codes: Mapped[list[RecoveryCode]] = relationship(cascade="all, delete-orphan")

    @property
    def is_active(self) -> bool:
        return self.disabled_at is None

    def visible_types(self) -> list[str] | None:
        """None when every type is visible; admins always see everything."""
        if self.role == "admin" or not self.allowed_types:
            return None
        return list(self.allowed_types)

    def can(self, permission: str) -> bool:
        return permission in PERMISSIONS[self.role]


PERMISSIONS = {
    "admin": {"view_queue", "view_personal", "decide", "export_personal", "manage_accounts", "view_audit",
              "edit_programs"},
    "moderator": {"view_queue", "view_personal", "decide", "export_personal", "edit_programs"},
    "viewer": {"view_queue"},
}


class StaffSession(db.Model):
    """A signed-in browser. The cookie holds a random token; only its hash is stored, so a copy of the
    database cannot be replayed, and revoking the row ends the session at once."""

    __tablename__ = "staff_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, nullable=False)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, nullable=False)
    second_factor_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    ip: Mapped[str] = mapped_column(String(45), nullable=False, default="")
    user_agent: Mapped[str] = mapped_column(String(200), nullable=False, default="")

    staff: Mapped[StaffUser] = relationship()


class RecoveryCode(db.Model):
    __tablename__ = "staff_recovery_codes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(255), nullable=False)
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
