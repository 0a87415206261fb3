"""What the store directory adds to the home page and the statistics page."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import case, func, select

from alleyweb.dongs.models import Dong
from alleyweb.extensions import db
from alleyweb.home.services import Door, Figure
from alleyweb.stats.registry import Chart, Section
from alleyweb.stores.models import Store
from alleyweb.stores.services import district_rates, place_coverage, rate_totals


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
    coverage = place_coverage()

    def share(part: int) -> str:
        return f"{round(100 * part / total)}%" if total else "0%"

    return Section(
        key="stores",
        title=_l("Onnuri member stores"),
        summary=[(_l("Member stores"), f"{total:,}"),
                 (_l("Share taking digital certificates"), share(figures["digital"])),
                 (_l("Share taking paper certificates"), share(figures["paper"])),
                 (_l("Share with an address"), share(coverage["address"])),
                 (_l("Share with a position on a map"), share(coverage["position"]))],
        charts=[Chart(key="stores-by-dong", title=_l("Member stores by dong"),
                      rows=[(dong.name(lang), count) for dong, count, _digital in figures["by_dong"]],
                      label_header=_l("Dong"), value_header=_l("Stores")),
                Chart(key="digital-by-dong", title=_l("Share of stores taking digital certificates, by dong"),
                      rows=[(dong.name(lang), round(100 * digital / count) if count else 0)
                            for dong, count, digital in figures["by_dong"]],
                      unit="%", label_header=_l("Dong"), value_header=_l("Share"))],
    )


def membership_section(lang: str) -> Section:
    """The membership rate (member stores ÷ shops) of the shopping districts that have counted their shops:
    in all, and by dong; districts without a count are counted as such, never given a rate."""
    rates = district_rates()
    totals = rate_totals(rates)
    by_dong: dict[int, list] = {}
    for rate in rates:
        if rate.shops:
            by_dong.setdefault(rate.district.dong_id, []).append(rate)
    dongs = {d.id: d for d in db.session.scalars(select(Dong).where(Dong.id.in_(list(by_dong))))} if by_dong else {}
    rows = []
    for dong_id, dong_rates in sorted(by_dong.items(), key=lambda item: dongs[item[0]].sort_order):
        dong_totals = rate_totals(dong_rates)
        rows.append((dongs[dong_id].name(lang), round(dong_totals.rate)))
    counted = f"{totals.counted} / {totals.districts}"
    return Section(
        key="membership",
        title=_l("Onnuri membership rate of the shopping districts"),
        summary=[(_l("Membership rate where shops are counted"),
                  f"{round(totals.rate)}%" if totals.rate is not None else str(_l("To be confirmed"))),
                 (_l("Member stores in them"), f"{totals.members:,}"),
                 (_l("Shops in them, members and not"), f"{totals.shops:,}"),
                 (_l("Shopping districts with a count of shops"), counted)],
        charts=[Chart(key="membership-by-dong", title=_l("Membership rate by dong (districts with a count)"), rows=rows,
                      unit="%", label_header=_l("Dong"), value_header=_l("Membership rate"))] if rows else [],
    )
