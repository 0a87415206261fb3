"""Store search: exactly the stores whose name (or shopping district) contains the query, fast.

The query is normalised like the keys (alleyweb.stores.text). Candidates come from the bigram
postings — the two rarest bigrams of the query, or for a one-character query every bigram starting
with it — and are then checked with LIKE on the key itself, so the result is exactly a substring
match, at any length. Mixed initial-consonant queries (ㄱ밥) get a final exact check in Python.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from sqlalchemy import Select, and_, case, func, select, text, union
from sqlalchemy.orm import aliased

from alleyweb.extensions import db
from alleyweb.stores.models import GramCount, ShoppingDistrict, Store, StoreGram
from alleyweb.stores.text import (
    END,
    choseong_key,
    has_choseong,
    is_syllable,
    matches_pattern,
    name_matches,
    normalise,
    roman_key,
)

MAX_QUERY_LENGTH = 40
_LAST_CHAR = "\U0010ffff"


@dataclass
class StoreQuery:
    q: str = ""
    dong_id: int | None = None
    category: str | None = None
    district_id: int | None = None
    accepts: str | None = None  # "paper" | "digital"
    sort: str = "name"  # "name" | "distance"
    lat: float | None = None
    lng: float | None = None

    @property
    def by_distance(self) -> bool:
        return self.sort == "distance" and self.lat is not None and self.lng is not None


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _query_grams(key: str) -> list[str]:
    return sorted({key[i:i + 2] for i in range(len(key) - 1)})


def _rarest(grams: list[str], limit: int = 2) -> list[str]:
    """The bigrams in the fewest stores (counts may lag behind single edits: only the choice uses them)."""
    if len(grams) <= limit:
        return grams
    counts = dict(db.session.execute(select(GramCount.gram, GramCount.stores).where(GramCount.gram.in_(grams))).all())
    return sorted(grams, key=lambda g: (counts.get(g, 0), g))[:limit]


def _candidates(key: str):
    """A subquery of store ids that have every bigram needed for ``key`` to be a substring."""
    if len(key) == 1:
        return select(StoreGram.store_id).where(StoreGram.gram >= key, StoreGram.gram < key + _LAST_CHAR)
    grams = _rarest(_query_grams(key))
    first = aliased(StoreGram)
    stmt = select(first.store_id).where(first.gram == grams[0])
    for gram in grams[1:]:
        other = aliased(StoreGram)
        stmt = stmt.join(other, and_(other.store_id == first.store_id, other.gram == gram))
    return stmt


def _substring(column, key: str):
    """Ids of stores where ``key`` is a substring of ``column``: candidates from the postings, then an
    exact LIKE (a key of one or two characters is exact from the postings alone)."""
    stmt = select(Store.id).where(Store.id.in_(_candidates(key)))
    return stmt if len(key) <= 2 else stmt.where(column.like(_like(key), escape="\\"))


def _matching_districts(q: str) -> list[int]:
    """Shopping districts whose own name matches: all their stores match too (양동 → 양동시장)."""
    rows = db.session.execute(select(ShoppingDistrict.id, ShoppingDistrict.key_ko, ShoppingDistrict.key_en)).all()
    return [row.id for row in rows if name_matches(q, row.key_ko, row.key_en)]


def text_condition(raw: str):
    """SQL condition for the query text, or None when there is none. Mixed-consonant queries also
    need :func:`needs_exact_check`."""
    q = normalise(raw)[:MAX_QUERY_LENGTH]
    if END in q:
        q = q.replace(END, "")
    if not q:
        return None
    if has_choseong(q):
        ids = _substring(Store.key_cho, choseong_key(q))
        for run in _syllable_runs(q):
            ids = ids.where(Store.key_ko.like(_like(run), escape="\\"))
        branches = [ids]
    elif any(is_syllable(ch) for ch in q):
        branches = [_substring(Store.key_ko, q)]
    else:
        q_en = roman_key(q)
        branches = [_substring(Store.key_ko, q)] + ([_substring(Store.key_en, q_en)] if q_en else [])
    districts = _matching_districts(q)
    if districts:
        branches.append(select(Store.id).where(Store.district_id.in_(districts)))
    # A union of id sets, not an OR: each branch keeps its own index.
    return Store.id.in_(union(*branches) if len(branches) > 1 else branches[0])


def _syllable_runs(q: str) -> list[str]:
    runs, current = [], ""
    for ch in q:
        if is_syllable(ch):
            current += ch
        else:
            if current:
                runs.append(current)
            current = ""
    return runs + ([current] if current else [])


def needs_exact_check(raw: str) -> bool:
    q = normalise(raw)
    return has_choseong(q) and any(is_syllable(ch) for ch in q)


def _filters(query: StoreQuery) -> list:
    conditions = [Store.visible.is_(True)]
    if query.dong_id:
        conditions.append(Store.dong_id == query.dong_id)
    if query.category:
        conditions.append(Store.category == query.category)
    if query.district_id:
        conditions.append(Store.district_id == query.district_id)
    if query.accepts == "paper":
        conditions.append(Store.accepts_paper.is_(True))
    elif query.accepts == "digital":
        conditions.append(Store.accepts_digital.is_(True))
    return conditions


def _order(query: StoreQuery) -> list:
    if query.by_distance:
        scale = math.cos(math.radians(query.lat))
        distance = (Store.lat - query.lat) * (Store.lat - query.lat) + \
            (Store.lng - query.lng) * scale * (Store.lng - query.lng) * scale
        return [case((Store.lat.is_(None), 1), else_=0), distance, Store.name_sort, Store.id]
    return [Store.name_sort, Store.id]


@dataclass
class SearchPage:
    items: list[Store]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1

    def iter_pages(self, left_edge=1, left_current=2, right_current=2, right_edge=1):
        last = 0
        for number in range(1, self.pages + 1):
            if number <= left_edge or self.page - left_current <= number <= self.page + right_current \
                    or number > self.pages - right_edge:
                if last + 1 != number:
                    yield None
                yield number
                last = number


def store_select(query: StoreQuery) -> Select:
    """Matching stores, in order (for the directory, the CSV and the benchmark)."""
    conditions = _filters(query)
    condition = text_condition(query.q)
    if condition is not None:
        conditions.append(condition)
    return select(Store).where(*conditions).order_by(*_order(query))


def search(query: StoreQuery, page: int = 1, per_page: int = 20) -> SearchPage:
    """One page of results and the exact total."""
    page = max(1, page)
    if needs_exact_check(query.q):
        # Mixed consonant-and-syllable queries: the SQL narrows, Python decides (few candidates).
        q = normalise(query.q)[:MAX_QUERY_LENGTH]
        stmt = store_select(query).with_only_columns(Store.id, Store.key_ko, Store.district_id)
        districts = set(_matching_districts(q))
        ids = [row.id for row in db.session.execute(stmt)
               if matches_pattern(q, row.key_ko) or row.district_id in districts]
        chosen = ids[(page - 1) * per_page: page * per_page]
        stores = {s.id: s for s in db.session.scalars(select(Store).where(Store.id.in_(chosen)))} if chosen else {}
        return SearchPage([stores[i] for i in chosen], len(ids), page, per_page)
    stmt = store_select(query)
    total = db.session.scalar(stmt.with_only_columns(func.count(Store.id)).order_by(None)) or 0
    # Ids of the page first, then those rows with their district and dong: a deep page does not join
    # every row it skips.
    ids = list(db.session.scalars(stmt.with_only_columns(Store.id).limit(per_page).offset((page - 1) * per_page)))
    stores = {s.id: s for s in db.session.scalars(select(Store).where(Store.id.in_(ids)))} if ids else {}
    return SearchPage([stores[i] for i in ids], total, page, per_page)


def brute_force_ids(query: StoreQuery) -> list[int]:
    """The reference result: every visible store checked one by one in Python (tests use it)."""
    stores = db.session.scalars(select(Store).where(*_filters(query))).all()
    districts = {d.id: d for d in db.session.scalars(select(ShoppingDistrict))}
    matched = []
    for store in stores:
        district = districts.get(store.district_id)
        if name_matches(query.q, store.key_ko, store.key_en) or (
                district is not None and name_matches(query.q, district.key_ko, district.key_en)):
            matched.append(store)
    return sorted(s.id for s in matched)


def distance_km(store: Store, lat: float | None, lng: float | None) -> float | None:
    if store.lat is None or store.lng is None or lat is None or lng is None:
        return None
    r = 6371.0
    p1, p2 = math.radians(lat), math.radians(store.lat)
    dp, dl = p2 - p1, math.radians(store.lng - lng)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))





def refresh_planner_statistics() -> None:
    """Tell the database's query planner how the search tables are shaped, after a bulk import.

    Without statistics SQLite takes ``visible = 1`` for a selective condition and scans every store
    instead of looking up the few candidates from the postings (30 ms instead of 1 ms at 125,600
    stores). ``analysis_limit`` keeps ANALYZE to a sample, so it takes milliseconds.
    """
    if db.engine.dialect.name == "sqlite":
        db.session.execute(text("PRAGMA analysis_limit = 1000"))
        for table in ("stores", "store_grams", "shopping_districts"):
            db.session.execute(text(f"ANALYZE {table}"))
    elif db.engine.dialect.name == "postgresql":
        db.session.execute(text("ANALYZE stores, store_grams, store_gram_counts, shopping_districts"))
