"""What the store directory shows on a dong's page: its shopping districts and markets, each with its
Onnuri member stores, its counted shops and the membership rate (services.district_rates)."""

from __future__ import annotations

from sqlalchemy import func, select

from alleyweb.core.features import DongSection
from alleyweb.extensions import db
from alleyweb.stores.cards import rate_rows
from alleyweb.stores.models import StoreCount
from alleyweb.stores.services import district_rates


def districts_in(dong, lang: str) -> dict:
    stores = db.session.scalar(select(func.coalesce(func.sum(StoreCount.stores), 0))
                               .where(StoreCount.dong_id == dong.id)) or 0
    return {"districts": rate_rows(district_rates(dong_id=dong.id), lang), "stores": stores}


DONG_SECTION = DongSection("stores", districts_in, "stores/_dong_section.html", order=10)
