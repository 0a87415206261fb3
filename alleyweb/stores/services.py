"""Use-cases on single stores and districts (the bulk import lives in importer.py)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import g, has_request_context, request
from flask_babel import lazy_gettext as _l
from sqlalchemy import case, func, select, update

from alleyweb.core.cache import VersionedCache, bump, current_versions
from alleyweb.core.forms.fields import blank_first
from alleyweb.core.forms.widgets import Options
from alleyweb.dongs.services import DONGS_VERSION, list_dongs
from alleyweb.extensions import db
from alleyweb.stores import indexing
from alleyweb.stores.categories import classify
from alleyweb.stores.models import POSTING_FILTERS, ShoppingDistrict, Store, StoreCount, StoreGram
from alleyweb.stores.text import district_match_key, normalise, roman_key, romanize_district

# The name of the directory's data version (alleyweb.core.cache): raised by every change to stores or districts.
STORES_VERSION = "stores"


def directory_version() -> tuple[int, ...]:
    """The version of what the directory shows: its stores and districts, and the dongs' names. Read
    once per GET request (the page cache, the place lists and the search all ask; a GET changes no
    store), every time otherwise."""
    if has_request_context() and request.method == "GET":
        if "directory_version" not in g:
            g.directory_version = current_versions(STORES_VERSION, DONGS_VERSION)
        return g.directory_version
    return current_versions(STORES_VERSION, DONGS_VERSION)


@dataclass(frozen=True)
class PlaceLists:
    """The dongs and shopping districts in one language, for the directory's filters and the forms that
    ask where a store is."""

    dongs: list[tuple[str, str]]  # (code, name)
    dong_ids: dict[str, int]
    districts: list[tuple[str, str]]  # (id, name)


_place_lists = VersionedCache(size=4)  # one per language (and a spare while the data changes)


def place_lists(lang: str) -> PlaceLists:
    """:class:`PlaceLists` in ``lang``, kept per worker for the :func:`directory_version`."""

    def make():
        dongs = db.session.scalars(list_dongs()).all()
        districts = db.session.scalars(select(ShoppingDistrict).order_by(ShoppingDistrict.key_ko)).all()
        return PlaceLists([(d.code, d.name(lang)) for d in dongs], {d.code: d.id for d in dongs},
                          [(str(d.id), d.display_name(lang)) for d in districts])

    return _place_lists.get_or_make(lang, directory_version(), make)


_form_choices = VersionedCache(size=8)  # per language (and a spare while the data changes)
DONG_CHOICE, NO_DISTRICT = _l("Choose a dong"), _l("Not in a shopping district or market")


def place_choices(lang: str) -> tuple[Options, Options]:
    """The dong and shopping-district lists of the forms that ask where a store is (the store request, a
    merchant's suggestion): :class:`PlaceLists` with their first choices, as
    :class:`~alleyweb.core.forms.widgets.Options` kept for the :func:`directory_version` (their
    ``<option>``s written once per language). Shared: never change them in place."""

    def make():
        lists = place_lists(lang)
        return Options(blank_first(DONG_CHOICE, lists.dongs)), Options(blank_first(NO_DISTRICT, lists.districts))

    return _form_choices.get_or_make(lang, directory_version(), make)


def import_key(district_id: int | None, name: str) -> str:
    return f"{district_id or 0}:{normalise(name)}"


def save_store(store: Store | None = None, **values) -> Store:
    """Create or change one store, keeping its search keys and postings right (no commit)."""
    return _save([(store, values)])[0]


def save_stores(rows: list[dict]) -> list[Store]:
    """Create many stores (each one's values as :func:`save_store` takes them) with one round of upkeep at the
    end: the same keys, postings, counts and positions as that many save_store calls (no commit)."""
    return _save([(None, values) for values in rows])


def _save(changes: list[tuple[Store | None, dict]]) -> list[Store]:
    stores, checks = [], []
    placed = False
    for store, values in changes:
        if store is None:
            store = Store()
            db.session.add(store)
        renamed = "name" in values and values["name"] != store.name
        shown_or_hidden = "visible" in values and values["visible"] != store.visible
        was_in = store.district_id
        placed = placed or store.id is None or any(key in values for key in ("lat", "lng", "district_id", "visible"))
        filters = tuple(getattr(store, name) for name in POSTING_FILTERS)
        for key, value in values.items():
            setattr(store, key, value)
        if "lat" in values or "lng" in values:
            store.position_approx = False  # its own position (or none: its district's centre is given back below)
        if renamed or not store.key_ko:
            for key, value in indexing.name_fields(store.name).items():
                setattr(store, key, value)
        if "items" in values or renamed:
            store.category = classify(store.items or "", store.name)
        if store.district_id and not values.get("dong_id"):
            district = db.session.get(ShoppingDistrict, store.district_id)
            store.dong_id = store.dong_id or (district.dong_id if district else None)
        store.import_key = store.import_key or import_key(store.district_id, store.name)
        stores.append(store)
        checks.append((store, renamed or shown_or_hidden, was_in, filters))
    db.session.flush()
    reindexed, refiltered, districts = [], [], set()
    for store, changed, was_in, filters in checks:
        if changed or (store.visible and not _has_postings(store.id)):
            reindexed.append(store.id)
            districts |= {was_in, store.district_id}
        else:
            if filters != tuple(getattr(store, name) for name in POSTING_FILTERS):
                refiltered.append(store.id)  # its postings' copies of the filters
            if was_in != store.district_id:
                districts |= {was_in, store.district_id}
    indexing.reindex(reindexed)
    indexing.refresh_posting_filters(refiltered)
    indexing.refresh_district_grams(districts)
    if placed:
        place_stores_at_centres()
    indexing.refresh_counts()
    bump(STORES_VERSION)
    return stores


def _has_postings(store_id: int) -> bool:
    return db.session.scalar(select(StoreGram.store_id).where(StoreGram.store_id == store_id).limit(1)) is not None


def save_district(name: str, dong_id: int, kind: str = "alley", district: ShoppingDistrict | None = None):
    """Create or change a shopping district with its romanised name and match key (no commit)."""
    district = district or ShoppingDistrict()
    district.name = name.strip()
    district.name_en = romanize_district(district.name)
    district.match_key = district_match_key(district.name)
    district.key_ko = normalise(district.name)
    district.key_en = roman_key(district.name_en)
    district.kind = kind
    district.dong_id = dong_id
    db.session.add(district)
    db.session.flush()
    indexing.refresh_district_grams([district.id])  # its name's keys may have changed
    bump(STORES_VERSION)
    return district


def visible_store(store_id: int) -> Store | None:
    store = db.session.get(Store, store_id)
    return store if store is not None and store.visible else None


# --- places: a store's address, phone, hours and position ------------------------------------------------

# Seo-gu's rough bounding box: a store's or a district's position outside it is a typo or a swap.
SEOGU_LAT = (35.08, 35.19)
SEOGU_LNG = (126.80, 126.93)


def in_seogu(lat: float, lng: float) -> bool:
    return SEOGU_LAT[0] <= lat <= SEOGU_LAT[1] and SEOGU_LNG[0] <= lng <= SEOGU_LNG[1]


def district_centres() -> dict[int, tuple[float, float]]:
    """Each shopping district's centre: the one the districts file or staff gave, else the mean of its
    visible stores' own positions; districts with neither have none."""
    centres = {row.id: (row.lat, row.lng) for row in db.session.execute(
        select(ShoppingDistrict.id, ShoppingDistrict.lat, ShoppingDistrict.lng)
        .where(ShoppingDistrict.lat.is_not(None), ShoppingDistrict.lng.is_not(None)))}
    means = db.session.execute(
        select(Store.district_id, func.avg(Store.lat), func.avg(Store.lng))
        .where(Store.district_id.is_not(None), Store.lat.is_not(None), Store.lng.is_not(None),
               Store.position_approx.is_(False), Store.visible.is_(True))
        .group_by(Store.district_id)).all()
    for district_id, lat, lng in means:
        centres.setdefault(district_id, (float(lat), float(lng)))
    return centres


def place_stores_at_centres() -> int:
    """Give every store without a position of its own its district's centre, marked approximate (and take
    it away where the centre is gone), so that near me sorts every store it can (no commit). Returns how
    many stores have an approximate position."""
    table = Store.__table__
    centres = district_centres()
    without_own = (table.c.lat.is_(None)) | (table.c.position_approx.is_(True))
    db.session.execute(update(table).where(table.c.position_approx.is_(True),
                                           table.c.district_id.not_in(list(centres) or [0]))
                       .values(lat=None, lng=None, position_approx=False))
    for district_id, (lat, lng) in centres.items():
        db.session.execute(update(table).where(table.c.district_id == district_id, without_own,
                                               (table.c.lat.is_distinct_from(lat)) | (table.c.lng.is_distinct_from(lng))
                                               | table.c.position_approx.is_(False))
                           .values(lat=lat, lng=lng, position_approx=True))
    return db.session.scalar(select(func.count()).select_from(table).where(table.c.position_approx.is_(True)))


def save_place(store: Store, *, address: str, phone: str, hours: str, lat: float | None, lng: float | None,
               staff=None) -> list[str]:
    """Change a store's place (validated by the form), audited, with the approximate positions of its
    district refreshed (no commit). Returns the names of the fields that changed."""
    from alleyweb.core.audit import record

    own = (None, None) if store.position_approx else (store.lat, store.lng)
    changed = [name for name, old, new in (("address", store.address, address), ("phone", store.phone, phone),
                                           ("hours", store.hours, hours), ("position", own, (lat, lng)))
               if old != new]
    if not changed:
        return changed
    store.address, store.phone, store.hours = address, phone, hours
    store.lat, store.lng, store.position_approx = lat, lng, False
    db.session.flush()
    place_stores_at_centres()
    bump(STORES_VERSION)
    record("store.place", staff=staff, target=store, detail={"fields": changed}, commit=False)
    return changed


def place_coverage() -> dict[str, int]:
    """Visible stores, and how many of them have an address, a phone number, and a position of their own."""
    visible = Store.visible.is_(True)
    total, address, phone, position = db.session.execute(select(
        func.count(Store.id),
        func.coalesce(func.sum(case((Store.address != "", 1), else_=0)), 0),
        func.coalesce(func.sum(case((Store.phone != "", 1), else_=0)), 0),
        func.coalesce(func.sum(case((Store.lat.is_not(None) & Store.position_approx.is_(False), 1), else_=0)), 0),
    ).where(visible)).one()
    return {"total": total, "address": address, "phone": phone, "position": position}


# --- the membership rate ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DistrictRate:
    """A shopping district's Onnuri membership rate: member stores ÷ shops. ``rate`` (a percentage) is None
    while the district has not counted its shops."""

    district: ShoppingDistrict
    members: int
    shops: int | None
    counted_on: object  # a date, or None

    @property
    def rate(self) -> float | None:
        if not self.shops:
            return None
        return 100 * self.members / self.shops


def member_counts(*conditions) -> dict[int, int]:
    """Visible member stores per shopping district id (of the districts the conditions on StoreCount
    select), summed from the per-filter counts that follow every change to stores, not counted over them."""
    return dict(db.session.execute(
        select(StoreCount.district_id, func.sum(StoreCount.stores))
        .where(StoreCount.district_id.is_not(None), *conditions).group_by(StoreCount.district_id)).all())


def district_rate(district: ShoppingDistrict, members: int | None = None) -> DistrictRate:
    """One district's membership rate (for its page, the dongs' pages, /stats)."""
    if members is None:
        members = member_counts(StoreCount.district_id == district.id).get(district.id, 0)
    return DistrictRate(district, members, district.shops, district.shops_counted_on)


RATE_SORTS = ("name", "rate", "rate_desc")


def district_rates(*, dong_id: int | None = None, sort: str = "name") -> list[DistrictRate]:
    """Every shopping district's rate (or a dong's), by name, by rate lowest first (``rate``) or highest
    first (``rate_desc``); districts whose shops are not counted come last either way."""
    stmt = select(ShoppingDistrict).order_by(ShoppingDistrict.key_ko)
    if dong_id is not None:
        stmt = stmt.where(ShoppingDistrict.dong_id == dong_id)
    districts = db.session.scalars(stmt).all()
    counts = member_counts() if dong_id is None else \
        member_counts(StoreCount.district_id.in_([d.id for d in districts]))
    rates = [district_rate(d, counts.get(d.id, 0)) for d in districts]
    if sort in ("rate", "rate_desc"):
        sign = -1 if sort == "rate_desc" else 1
        rates.sort(key=lambda r: (r.rate is None, sign * (r.rate or 0)))
    return rates


@dataclass(frozen=True)
class RateTotals:
    members: int  # in the districts whose shops are counted
    shops: int
    counted: int  # districts with a count
    districts: int

    @property
    def rate(self) -> float | None:
        return 100 * self.members / self.shops if self.shops else None


def rate_totals(rates: list[DistrictRate]) -> RateTotals:
    counted = [r for r in rates if r.shops]
    return RateTotals(sum(r.members for r in counted), sum(r.shops for r in counted), len(counted), len(rates))


def save_district_facts(district: ShoppingDistrict, *, shops: int | None, counted_on, lat: float | None,
                        lng: float | None, staff=None) -> list[str]:
    """Change a district's count of shops (with its date) and its centre, audited (no commit)."""
    from alleyweb.core.audit import record

    changed = [name for name, old, new in (
        ("shops", (district.shops, district.shops_counted_on), (shops, counted_on)),
        ("centre", (district.lat, district.lng), (lat, lng))) if old != new]
    if not changed:
        return changed
    district.shops, district.shops_counted_on = shops, counted_on
    district.lat, district.lng = lat, lng
    db.session.flush()
    if "centre" in changed:
        place_stores_at_centres()
    bump(STORES_VERSION)
    record("store.district", staff=staff, target=district, detail={"fields": changed}, commit=False)
    return changed
