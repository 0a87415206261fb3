"""The member-store directory (Onnuri gift certificates): search, store pages, merchants' listing requests,
open data, the import of the national file, and its figures."""

from flask_babel import lazy_gettext as _l

from alleyweb.core.features import Feature, MenuItem, StatsSection
from alleyweb.stores import dong_section, home, staff
from alleyweb.stores.cli import stores_cli
from alleyweb.stores.requests import STORE_REQUEST_TYPE
from alleyweb.stores.views import bp, data_bp, district_pages, store_pages


def _seed_demo() -> str:
    """The demo shopping districts of all 18 dongs, and invented stores imported through the national format."""
    from alleyweb.stores.demo import seed_demo_stores

    districts, imports = seed_demo_stores()
    lines = [f"demo districts: {districts.added} added, {districts.updated} updated, {districts.unchanged} unchanged"]
    lines += [f"demo stores ({result.file_format} file): {result.added} added, {result.updated} updated, "
              f"{result.unchanged} unchanged, {len(result.rejected)} rejected rows" for result in imports]
    return "\n".join(lines)


feature = Feature(
    name="stores",
    dong_sections=(dong_section.DONG_SECTION,),
    blueprints=(bp, data_bp),
    staff_blueprints=(staff.bp,),
    staff_menu=(MenuItem(_l("Member stores"), "staff.stores.index", order=25, current=("staff.stores.",)),),
    submission_types=(STORE_REQUEST_TYPE,),
    doors=(home.DOOR,),
    figures=home.home_figures,
    stats_sections=(StatsSection("stores", home.stats_section, order=10),
                    StatsSection("membership", home.membership_section, order=11)),
    sitemap_pages=(store_pages, district_pages),
    action_labels={
        "store.place": _l("Changed a store's address, phone, hours or position"),
        "store.district": _l("Changed a shopping district's count of shops or centre"),
    },
    cli=(stores_cli,),
    seed_demo=_seed_demo,
    seed_order=20,
)
