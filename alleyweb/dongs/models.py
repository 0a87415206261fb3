from sqlalchemy import Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from alleyweb.core.database import TimestampMixin
from alleyweb.extensions import db


class Dong(db.Model):
    """An administrative dong (행정동), identified by its 10-digit administrative code."""

    __tablename__ = "dongs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(10), unique=True, nullable=False)
    name_ko: Mapped[str] = mapped_column(String(40), unique=True, nullable=False)
    name_en: Mapped[str] = mapped_column(String(60), nullable=False)
    sort_order: Mapped[int] = mapped_column(Integer, nullable=False, default=0)

    def name(self, lang: str) -> str:
        return self.name_ko if lang == "ko" else self.name_en

    def __repr__(self) -> str:
        return f"<Dong {self.code} {self.name_ko}>"


class DongCentre(TimestampMixin, db.Model):
    """A dong's administrative welfare centre (행정복지센터): what staff entered or loaded from a CSV.
    An empty text (or no coordinates) means "not known yet"; the pages then say "to be confirmed"."""

    __tablename__ = "dong_centres"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dong_id: Mapped[int] = mapped_column(ForeignKey("dongs.id", ondelete="CASCADE"), unique=True, nullable=False)
    address: Mapped[str] = mapped_column(String(200), nullable=False, default="")  # road-name address, Korean
    phone: Mapped[str] = mapped_column(String(20), nullable=False, default="")
    hours: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    lat: Mapped[float | None] = mapped_column(Float)
    lng: Mapped[float | None] = mapped_column(Float)

    dong = relationship("Dong", lazy="joined")
