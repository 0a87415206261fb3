"""Use-cases on single stores and districts (the bulk import lives in importer.py)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from alleyweb.core.cache import VersionedCache, bump, current_versions
from alleyweb.dongs.services import DONGS_VERSION, list_dongs
from alleyweb.extensions import db
from alleyweb.stores import indexing
from alleyweb.stores.categories import classify
from alleyweb.stores.models import ShoppingDistrict, Store, StoreGram
from alleyweb.stores.text import district_match_key, normalise, roman_key, romanize_district

# The name of the directory's data version (alleyweb.core.cache): raised by every change to stores or districts.
STORES_VERSION = "stores"


def directory_version() -> tuple[int, ...]:
    """The version of what the directory shows: its stores and districts, and the dongs' names."""
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


def import_key(district_id: int | None, name: str) -> str:
    return f"{district_id or 0}:{normalise(name)}"


def save_store(store: Store | None = None, **values) -> Store:
    """Create or change one store, keeping its search keys and postings right (no commit)."""
    if store is None:
        store = Store()
        db.session.add(store)
    renamed = "name" in values and values["name"] != store.name
    shown_or_hidden = "visible" in values and values["visible"] != store.visible
    for key, value in values.items():
        setattr(store, key, value)
    if renamed or not store.key_ko:
        for key, value in indexing.name_fields(store.name).items():
            setattr(store, key, value)
    if "items" in values or renamed:
        store.category = classify(store.items or "", store.name)
    if store.district_id and not values.get("dong_id"):
        district = db.session.get(ShoppingDistrict, store.district_id)
        store.dong_id = store.dong_id or (district.dong_id if district else None)
    store.import_key = store.import_key or import_key(store.district_id, store.name)
    db.session.flush()
    if renamed or shown_or_hidden or (store.visible and not _has_postings(store.id)):
        indexing.reindex([store.id])
    indexing.refresh_counts()
    bump(STORES_VERSION)
    return store


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
    bump(STORES_VERSION)
    return district


def visible_store(store_id: int) -> Store | None:
    store = db.session.get(Store, store_id)
    return store if store is not None and store.visible else None
