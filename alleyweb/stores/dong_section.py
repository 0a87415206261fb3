"""What the store directory shows on a dong's page: its shopping districts and markets, each with its
Onnuri member-store count."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import lazyload

from alleyweb.core.features import DongSection
from alleyweb.extensions import db
from alleyweb.stores.models import ShoppingDistrict, Store


def districts_in(dong, lang: str) -> dict:
    rows = db.session.execute(
        select(ShoppingDistrict, func.count(Store.id)).options(lazyload(ShoppingDistrict.dong))  # GROUP BY its id
        .outerjoin(Store, (Store.district_id == ShoppingDistrict.id) & Store.visible.is_(True))
        .where(ShoppingDistrict.dong_id == dong.id)
        .group_by(ShoppingDistrict.id).order_by(ShoppingDistrict.name)).all()
    stores = db.session.scalar(select(func.count(Store.id)).where(Store.dong_id == dong.id,
                                                                  Store.visible.is_(True))) or 0
    return {"districts": [(district, count) for district, count in rows], "stores": stores}


DONG_SECTION = DongSection("stores", districts_in, "stores/_dong_section.html", order=10)
