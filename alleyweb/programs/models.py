from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, Boolean, Date, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from alleyweb.core.database import TimestampMixin
from alleyweb.extensions import db

STATUSES = ("open", "coming", "closed")
# How long an application's personal data may be kept after it is closed; each program declares one.
RETENTION_CHOICES = (365, 3 * 365, 5 * 365)
# Text fields kept in both languages: ``title_ko`` and ``title_en``, and so on.
BILINGUAL_FIELDS = ("title", "summary", "audience", "benefits", "how_to_apply", "documents", "contact_office")


class Program(TimestampMixin, db.Model):
    """A welfare program (or a way to give), with its content in Korean and English, its screener rules
    and its application questions. Rules and questions are data, validated by rules.py and questions.py."""

    __tablename__ = "programs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True, nullable=False)
    category: Mapped[str] = mapped_column(String(20), nullable=False, index=True)
    status: Mapped[str] = mapped_column(String(10), nullable=False, default="open")
    sort_order: Mapped[int] = mapped_column(Integer, nullable=False, default=100)
    title_ko: Mapped[str] = mapped_column(String(120), nullable=False)
    title_en: Mapped[str] = mapped_column(String(160), nullable=False)
    summary_ko: Mapped[str] = mapped_column(String(300), nullable=False)
    summary_en: Mapped[str] = mapped_column(String(400), nullable=False)
    audience_ko: Mapped[str] = mapped_column(Text, nullable=False, default="")
    audience_en: Mapped[str] = mapped_column(Text, nullable=False, default="")
    benefits_ko: Mapped[str] = mapped_column(Text, nullable=False, default="")
    benefits_en: Mapped[str] = mapped_column(Text, nullable=False, default="")
    how_to_apply_ko: Mapped[str] = mapped_column(Text, nullable=False, default="")
    how_to_apply_en: Mapped[str] = mapped_column(Text, nullable=False, default="")
    documents_ko: Mapped[str] = mapped_column(Text, nullable=False, default="")
    documents_en: Mapped[str] = mapped_column(Text, nullable=False, default="")
    contact_office_ko: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    contact_office_en: Mapped[str] = mapped_column(String(160), nullable=False, default="")
    contact_phone: Mapped[str] = mapped_column(String(20), nullable=False, default="")
    last_checked: Mapped[date] = mapped_column(Date, nullable=False)
    # Whether residents can apply on this site (while the program is open).
    online_application: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    retention_days: Mapped[int] = mapped_column(Integer, nullable=False, default=3 * 365)
    rules: Mapped[list] = mapped_column(JSON, nullable=False, default=list)
    questions: Mapped[list] = mapped_column(JSON, nullable=False, default=list)
    # The facts beyond the text columns (amount, hours, processing time, source…): programs/facts.py.
    facts: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)

    def fact(self, key: str, lang: str) -> str:
        """A fact of programs/facts.py in ``lang`` ('' when not entered)."""
        from alleyweb.programs.facts import value

        return value(self, key, lang)

    def text(self, name: str, lang: str) -> str:
        """A bilingual field in ``lang`` (``title``, ``summary``, …)."""
        return getattr(self, f"{name}_{'en' if lang == 'en' else 'ko'}")

    @property
    def accepts_applications(self) -> bool:
        return self.status == "open" and self.online_application

    @property
    def has_sensitive_questions(self) -> bool:
        from alleyweb.programs.questions import asks_sensitive

        return any(asks_sensitive(q) for q in self.questions or [])
