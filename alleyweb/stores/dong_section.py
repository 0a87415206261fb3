"""What the store directory shows on a dong's page: its shopping districts and markets, each with its
Onnuri member stores, its counted shops and the membership rate (services.district_rates)."""

from __future__ import annotations

from sqlalchemy import func, select

from alleyweb.core.cache import VersionedCache
from alleyweb.core.features import DongSection
from alleyweb.dongs.services import DONGS_VERSION
from alleyweb.extensions import db
from alleyweb.stores.cards import rate_rows
from alleyweb.stores.models import StoreCount
from alleyweb.stores.services import STORES_VERSION, directory_version, district_rates


def districts_in(dong, lang: str) -> dict:
    """Kept per dong and language for the directory's data version (stores, districts, dong names)."""
    return _sections.get_or_make((dong.id, lang), directory_version(), lambda: _districts_in(dong.id, lang))


def _districts_in(dong_id: int, lang: str) -> dict:
    stores = db.session.scalar(select(func.coalesce(func.sum(StoreCount.stores), 0))
                               .where(StoreCount.dong_id == dong_id)) or 0
    return {"districts": rate_rows(district_rates(dong_id=dong_id), lang), "stores": stores}


_sections = VersionedCache(size=64)


DONG_SECTION = DongSection("stores", districts_in, "stores/_dong_section.html", order=10,
                           versions=(STORES_VERSION, DONGS_VERSION))
