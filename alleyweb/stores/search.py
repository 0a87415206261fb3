"""Store search: exactly the stores whose name (or shopping district) contains the query, fast.

The query is normalised like the keys (alleyweb.stores.text). The postings (StoreGram) hold every
bigram of every visible store's keys, with the store's sort key, which is its key_ko. So:
- a query of one or two characters is answered from the postings alone: a two-character key is one
  posting, a one-character key the postings that start with it;
- a longer Korean query (syllables, initial consonants or both) reads the postings of its rarest
  bigram and checks each one's key_ko with LIKE, or for initials a character-class pattern (GLOB on
  SQLite, a regular expression on PostgreSQL) — still without reading a store;
- a longer romanised query also checks key_en, and its folded form key_loose, of the stores that
  have its two rarest bigrams;
- a word of the bilingual vocabulary (chicken, kimbap) is the union of its Korean words' searches.
Each check is on the key itself, so the result is exactly a substring match, at any length.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from sqlalchemy import Select, case, func, select, text, union

from alleyweb.extensions import db
from alleyweb.stores.categories import korean_words
from alleyweb.stores.models import GramCount, ShoppingDistrict, Store, StoreCount, StoreGram
from alleyweb.stores.text import (
    CHOSEONG,
    END,
    choseong_key,
    has_choseong,
    is_syllable,
    loose_query,
    name_matches,
    normalise,
    roman_key,
)

MAX_QUERY_LENGTH = 40
_LAST_CHAR = "\U0010ffff"
_SYLLABLE_FIRST = 0xAC00


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


def _postings(key: str) -> Select:
    """(id, name_sort) of the visible stores with ``key`` (one or two characters) in one of their keys."""
    columns = (StoreGram.store_id.label("id"), StoreGram.name_sort)
    if len(key) == 2:
        return select(*columns).where(StoreGram.gram == key)
    return select(*columns).where(StoreGram.gram >= key, StoreGram.gram < key + _LAST_CHAR).distinct()


def _postings_where(grams: list[str], condition) -> Select:
    """(id, name_sort) of the stores in the rarest of ``grams``' postings whose sort key — their key_ko —
    meets ``condition``: read from the postings alone, already in name order."""
    gram = _rarest(grams, limit=1)[0]
    return select(StoreGram.store_id.label("id"), StoreGram.name_sort).where(StoreGram.gram == gram, condition)


def _checked(key: str, condition) -> Select:
    """(id, name_sort) of the stores that have the two rarest bigrams of ``key`` (three or more
    characters) and meet ``condition`` (on a store column)."""
    sets = [select(StoreGram.store_id).where(StoreGram.gram == gram) for gram in _rarest(_query_grams(key))]
    candidates = sets[0].intersect(*sets[1:]) if len(sets) > 1 else sets[0]
    return select(Store.id, Store.name_sort).where(Store.id.in_(candidates), condition)


def _like_key_ko(q: str):
    return StoreGram.name_sort.like(_like(q), escape="\\")


def _consonant_pattern(q: str):
    """Condition on a key_ko (the postings' name_sort) for a query with initial consonants (ㄱㅂ, ㄱ밥):
    each consonant stands for itself or any syllable it begins, everything else for itself. The
    same as the query's initials being a substring of key_cho, with its syllables in place."""
    postgres = db.session.get_bind().dialect.name == "postgresql"
    parts = []
    for ch in q:
        if ch in CHOSEONG:
            first = _SYLLABLE_FIRST + CHOSEONG.index(ch) * 588
            parts.append(f"[{ch}{chr(first)}-{chr(first + 587)}]")
        elif postgres:
            parts.append(ch if ch.isalnum() else "\\" + ch)
        else:
            parts.append(f"[{ch}]" if ch in "*?[" else ch)
    if postgres:
        return StoreGram.name_sort.regexp_match("".join(parts))
    return StoreGram.name_sort.op("GLOB")("*" + "".join(parts) + "*")


def _korean(q: str) -> Select:
    """A query with Hangul syllables or initial consonants: matched against key_ko (and key_cho)."""
    consonants = has_choseong(q)
    if len(q) <= 2 and not (consonants and any(is_syllable(ch) for ch in q)):
        return _postings(q)  # exact: one or two syllables, or initials, are a posting
    if not consonants:
        return _postings_where(_query_grams(q), _like_key_ko(q))
    # Every match has the query's initials in key_cho and its syllable runs in key_ko.
    grams = set(_query_grams(choseong_key(q)))
    for run in _syllable_runs(q):
        grams.update(_query_grams(run))
    return _postings_where(sorted(grams), _consonant_pattern(q))


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


def _as_written(q: str) -> Select:
    """A query without Hangul as written, in key_ko (GS25, Cafe 미소)."""
    return _postings(q) if len(q) <= 2 else _postings_where(_query_grams(q), _like_key_ko(q))


def _latin(q: str) -> list[Select]:
    """A query without Hangul: a substring of key_ko (GS25), or romanised of key_en (gimbap), or
    folded by the variant rules of key_loose (kim-bap)."""
    q_en, q_loose = roman_key(q), loose_query(q)
    branches = [_as_written(q)]
    if q_en and (q_en != q or len(q) > 2):  # a short key's postings are those of key_en too
        branches.append(_postings(q_en) if len(q_en) <= 2 else
                        _checked(q_en, Store.key_en.like(_like(q_en), escape="\\")))
    if q_loose:
        branches.append(_postings(q_loose) if len(q_loose) <= 2 else
                        _checked(q_loose, Store.key_loose.like(_like(q_loose), escape="\\")))
    return branches


def _matching_districts(q: str) -> list[int]:
    """Shopping districts whose own name matches: all their stores match too (양동 → 양동시장)."""
    rows = db.session.execute(select(ShoppingDistrict.id, ShoppingDistrict.key_ko, ShoppingDistrict.key_en)).all()
    return [row.id for row in rows if name_matches(q, row.key_ko, row.key_en)]


def matching(raw: str) -> Select | None:
    """(id, name_sort) of every visible store the query text matches; None when there is no text."""
    q = normalise(raw)[:MAX_QUERY_LENGTH].replace(END, "")
    if not q:
        return None
    korean = has_choseong(q) or any(is_syllable(ch) for ch in q)
    words = () if korean else korean_words(q)
    # A vocabulary word (chicken): what 치킨 finds, and names with "chicken" as written.
    branches = [_as_written(q), *(_korean(word) for word in words)] if words else \
        [_korean(q)] if korean else _latin(q)
    districts = _matching_districts(q)
    if districts:
        branches.append(select(Store.id, Store.name_sort)
                        .where(Store.visible.is_(True), Store.district_id.in_(districts)))
    # A union of sets, not an OR: each branch keeps its own index.
    return union(*branches) if len(branches) > 1 else branches[0]


def _filters(query: StoreQuery, table=Store) -> list:
    """The query's filters on ``table``: the stores, or the counts of stores kept per filter (``StoreCount``,
    whose columns have the same names)."""
    conditions = []
    if query.dong_id:
        conditions.append(table.dong_id == query.dong_id)
    if query.category:
        conditions.append(table.category == query.category)
    if query.district_id:
        conditions.append(table.district_id == query.district_id)
    if query.accepts == "paper":
        conditions.append(table.accepts_paper.is_(True))
    elif query.accepts == "digital":
        conditions.append(table.accepts_digital.is_(True))
    return conditions


def _count_by_filters(query: StoreQuery) -> int:
    conditions = _filters(query, StoreCount)
    return db.session.scalar(select(func.coalesce(func.sum(StoreCount.stores), 0)).where(*conditions)) or 0


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


def store_select(query: StoreQuery, matches: Select | None = None) -> Select:
    """Matching stores, in order (for the directory, the CSV and the benchmark). ``matches``: the
    query text's matches when the caller has already built them."""
    stmt = select(Store).where(Store.visible.is_(True), *_filters(query))
    if matches is None:
        matches = matching(query.q)
    if matches is not None:
        # Materialised on PostgreSQL: the few matches drive the join, instead of a walk of every
        # store in name order that checks each against them.
        found = matches.cte("matches").prefix_with("MATERIALIZED", dialect="postgresql")
        stmt = stmt.join(found, found.c.id == Store.id)
    return stmt.order_by(*_order(query))


def search(query: StoreQuery, page: int = 1, per_page: int = 20) -> SearchPage:
    """One page of results and the exact total."""
    page = max(1, page)
    matches = matching(query.q)
    offset = (page - 1) * per_page
    if matches is None:
        # Filters alone: the count from the summary of visible stores, the page along the filter's
        # index in name order.
        total = _count_by_filters(query)
        ids = list(db.session.scalars(store_select(query).with_only_columns(Store.id).limit(per_page).offset(offset)))
    else:
        # Query text: the matches are found once for both the page and the total (a window count).
        if _filters(query) or query.by_distance:
            ordered = store_select(query, matches).with_only_columns(Store.id, func.count().over().label("total"))
        else:  # the matches carry their sort key: no store is read until the page's own
            found = matches.subquery("matches")
            ordered = select(found.c.id, func.count().over().label("total")).order_by(found.c.name_sort, found.c.id)
        rows = db.session.execute(ordered.limit(per_page).offset(offset)).all()
        ids = [row.id for row in rows]
        if rows:
            total = rows[0].total
        else:  # past the last page (or nothing found): count them on their own
            total = db.session.scalar(select(func.count()).select_from(ordered.subquery())) if offset else 0
    # Then the page's rows with their district and dong.
    stores = {s.id: s for s in db.session.scalars(select(Store).where(Store.id.in_(ids)))} if ids else {}
    return SearchPage([stores[i] for i in ids], total, page, per_page)


def brute_force_ids(query: StoreQuery) -> list[int]:
    """The reference result: every visible store checked one by one in Python (tests use it)."""
    stores = db.session.scalars(select(Store).where(Store.visible.is_(True), *_filters(query))).all()
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
    stores). ``analysis_limit`` keeps ANALYZE to a sample, so it takes milliseconds. PostgreSQL
    also gets a VACUUM, outside any transaction, so that its visibility map lets the postings and
    the directory's indexes answer without visiting the table.
    """
    tables = ("stores", "store_grams", "store_gram_counts", "store_counts", "shopping_districts")
    if db.engine.dialect.name == "sqlite":
        db.session.execute(text("PRAGMA analysis_limit = 1000"))
        for table in tables:
            db.session.execute(text(f"ANALYZE {table}"))
    elif db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql(f"VACUUM (ANALYZE) {', '.join(tables)}")
