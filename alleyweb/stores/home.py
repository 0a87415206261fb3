"""What the store directory adds to the home page and the statistics page."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import case, func, select

from alleyweb.dongs.models import Dong
from alleyweb.extensions import db
from alleyweb.home.services import Door, Figure
from alleyweb.stats.registry import Chart, Section
from alleyweb.stores.models import Store


def store_figures(by_dong: bool = True) -> dict:
    """Visible stores in all, and how many take digital and paper certificates; per dong if asked
    (the home page does not need that, and it counts every store)."""
    visible = Store.visible.is_(True)
    total, digital, paper = db.session.execute(select(
        func.count(Store.id),
        func.coalesce(func.sum(case((Store.accepts_digital.is_(True), 1), else_=0)), 0),
        func.coalesce(func.sum(case((Store.accepts_paper.is_(True), 1), else_=0)), 0),
    ).where(visible)).one()
    if not by_dong:
        return {"total": total, "digital": digital, "paper": paper}
    rows = db.session.execute(
        select(Dong, func.count(Store.id),
               func.coalesce(func.sum(case((Store.accepts_digital.is_(True), 1), else_=0)), 0))
        .outerjoin(Store, (Store.dong_id == Dong.id) & visible).group_by(Dong.id).order_by(Dong.sort_order)).all()
    return {"total": total, "digital": digital, "paper": paper,
            "by_dong": [(dong, count, digital_count) for dong, count, digital_count in rows]}


def home_figures() -> list[Figure]:
    figures = store_figures(by_dong=False)
    share = round(100 * figures["digital"] / figures["total"]) if figures["total"] else 0
    return [Figure(_l("Onnuri member stores"), figures["total"]),
            Figure(_l("stores that take digital certificates"), share, "%")]


DOOR = Door("stores", _l("Find an Onnuri store"),
            _l("Shops and markets in Seo-gu that take Onnuri gift certificates, near you or by name."),
            "stores.index", order=10)


def stats_section(lang: str) -> Section:
    figures = store_figures()
    total = figures["total"]

    def share(part: int) -> str:
        return f"{round(100 * part / total)}%" if total else "0%"

    return Section(
        key="stores",
        title=_l("Onnuri member stores"),
        summary=[(_l("Member stores"), f"{total:,}"),
                 (_l("Share taking digital certificates"), share(figures["digital"])),
                 (_l("Share taking paper certificates"), share(figures["paper"]))],
        charts=[Chart(key="stores-by-dong", title=_l("Member stores by dong"),
                      rows=[(dong.name(lang), count) for dong, count, _digital in figures["by_dong"]],
                      label_header=_l("Dong"), value_header=_l("Stores")),
                Chart(key="digital-by-dong", title=_l("Share of stores taking digital certificates, by dong"),
                      rows=[(dong.name(lang), round(100 * digital / count) if count else 0)
                            for dong, count, digital in figures["by_dong"]],
                      unit="%", label_header=_l("Dong"), value_header=_l("Share"))],
    )
