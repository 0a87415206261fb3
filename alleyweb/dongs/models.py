from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

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
