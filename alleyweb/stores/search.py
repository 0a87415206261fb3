"""Store search: exactly the stores whose name (or shopping district) contains the query, fast.

The query is normalised like the keys (alleyweb.stores.text). The postings (StoreGram) hold every
bigram of every visible store's keys and every trigram of its initial consonants (key_cho), with the
store's sort key, which is its key_ko. Each worker keeps, for the current version of the data, how
many stores have each of those bigrams and trigrams, and the shopping districts' keys (_Summary). So:
- a query with a bigram (or initials' trigram) that no store has matches nothing: answered with no
  database query (how a no-match query and most misspelt long names end);
- a query of one or two characters is answered from the postings alone: a two-character key, or one
  Hangul letter (김, ㄱ), is one posting, whose count is in the summary and whose page is a walk of its
  key; any other one-character key the postings that start with it;
- a longer Korean query (syllables, initial consonants or both) reads the postings of its rarest
  bigram or trigram and checks each one's key_ko with LIKE, or for initials a character-class
  pattern (GLOB on SQLite, a regular expression on PostgreSQL) — still without reading a store;
- three or more initials without syllables (ㄱㅂㅊㄱ) are a substring of key_cho: three are one trigram's
  postings, unchecked; on PostgreSQL longer ones check only the stores under both of their two rarest
  trigrams, the page read with its rows in one statement (_initials);
- a longer romanised query also checks key_en, and its folded form key_loose, of the stores that
  have its two rarest bigrams;
- a word of the bilingual vocabulary (chicken, kimbap) is the union of its Korean words' searches
  (and the word as written, dropped after one look when it is in no name);
- filters with query text (치킨 among food) are checked on the postings' copy of each store's filters
  (StoreGram's POSTING_FILTERS), so that the stores are still not read; a one-posting query with a category
  alone takes its total from store_gram_category_counts.
The two commonest shapes run as statements built once (see _PAGED). Each check is on the key
itself, so the result is exactly a substring match, at any length; text.name_matches is the
brute-force definition the tests hold it to.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cached_property

from flask import g, has_request_context, request
from sqlalchemy import Integer, Select, and_, bindparam, case, exists, false, func, select, text, true, union

from alleyweb.core.cache import DataVersion, VersionedCache
from alleyweb.dongs.models import Dong
from alleyweb.dongs.services import DONGS_VERSION
from alleyweb.extensions import db
from alleyweb.stores.categories import korean_words
from alleyweb.stores.models import (
    DistrictGramCount,
    GramCategoryCount,
    GramCount,
    ShoppingDistrict,
    Store,
    StoreCount,
    StoreGram,
)
from alleyweb.stores.services import STORES_VERSION, directory_version
from alleyweb.stores.text import (
    CHOSEONG,
    END,
    choseong_key,
    hangul_letters,
    has_choseong,
    is_syllable,
    loose_key,
    loose_query,
    name_matcher,
    name_matches,
    normalise,
    roman_key,
    trigrams,
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


@dataclass(frozen=True)
class _Summary:
    """What every search reads first, kept in each worker for one version of the directory's data
    (alleyweb.core.cache; an import or an edit changes the version): how many stores have each
    bigram (a few thousand rows to a few tens of thousands), the shopping districts' keys, and the
    number of visible stores for every combination of the filters (from ``store_counts``)."""

    gram_stores: dict[str, int]
    districts: list[tuple[int, str, str, str]]  # (id, key_ko, key_en, loose_key(key_en))
    filter_totals: dict[tuple, int]  # see _filter_key
    # (district id, key) → its visible stores posted under the key, for every key of
    # text.district_posting_keys of its name (models.DistrictGramCount)
    district_grams: dict[tuple[int, str], int]

    @cached_property
    def districts_ko(self) -> str:
        """The districts' key_ko joined by a character no key has: a query of syllables in none of them names none
        (text.name_matcher's check for such a query is its being in key_ko)."""
        return _SEPARATOR.join(key_ko for _id, key_ko, _en, _loose in self.districts)

    def rarest(self, grams: list[str], limit: int = 2) -> list[str]:
        """The bigrams in the fewest stores (every match has every bigram, so any choice is exact)."""
        return sorted(grams, key=lambda g: (self.gram_stores.get(g, 0), g))[:limit]

    def has_all(self, grams) -> bool:
        """Whether each bigram is in some store: if one is in none, the query's key is in none. Exact,
        because every posting's count is exact (indexing.reindex keeps it so)."""
        return all(gram in self.gram_stores for gram in grams)


_summaries = VersionedCache(size=2)
_GRAM_COUNTS = select(GramCount.gram, GramCount.stores)
_DISTRICT_KEYS = select(ShoppingDistrict.id, ShoppingDistrict.key_ko, ShoppingDistrict.key_en)


_DISTRICT_GRAMS = select(DistrictGramCount.district_id, DistrictGramCount.gram, DistrictGramCount.stores)
_STORE_COUNTS = select(StoreCount.dong_id, StoreCount.district_id, StoreCount.category, StoreCount.accepts_paper,
                       StoreCount.accepts_digital, StoreCount.stores)


def _filter_key(dong_id, district_id, category, accepts) -> tuple:
    """The key of a combination of filters in ``_Summary.filter_totals``: None where a filter is not set,
    as _filters reads them (a falsy value is no filter; ``accepts`` is "paper", "digital" or no filter)."""
    return (dong_id or None, district_id or None, category or None,
            accepts if accepts in ("paper", "digital") else None)


def _filter_totals(rows) -> dict[tuple, int]:
    """The visible stores of every combination of filters a search can set (any of dong, district, category,
    and paper or digital), summed from the rows of ``store_counts``: what _filters would count, looked up."""
    totals: dict[tuple, int] = {}
    for dong_id, district_id, category, paper, digital, stores in rows:
        accepts = [None] + (["paper"] if paper else []) + (["digital"] if digital else [])
        for dong in {None, dong_id or None}:
            for district in {None, district_id or None}:
                for kind in {None, category or None}:
                    for accepted in accepts:
                        key = (dong, district, kind, accepted)
                        totals[key] = totals.get(key, 0) + stores
    return totals


def _summary() -> _Summary:
    def load() -> _Summary:
        return _Summary(dict(db.session.execute(_GRAM_COUNTS).all()),
                        [(row.id, row.key_ko, row.key_en, loose_key(row.key_en))
                         for row in db.session.execute(_DISTRICT_KEYS)],
                        _filter_totals(db.session.execute(_STORE_COUNTS)),
                        {(id, gram): stores for id, gram, stores in db.session.execute(_DISTRICT_GRAMS)})

    version = directory_version()
    summary = _summaries.get_or_make("summary", version, load)
    _latest[0] = (version, summary)
    return summary


# The last summary made or used in this worker and its version: _initials_folded's guess at the current one.
_latest: list[tuple[tuple[int, ...], _Summary] | None] = [None]


def latest_version() -> tuple[int, ...] | None:
    """On PostgreSQL, the version of the directory's data of the last summary this worker made or used (a guess at
    the current one: views._guessing); None before any, and on SQLite (where a statement is no round trip)."""
    latest = _latest[0]
    return latest[0] if latest is not None and _rows_at_once() else None


def _written(name: str, value=None):
    """A page's size, start or reach (LIMIT, OFFSET) as a parameter written into the statement's text when it runs
    (literal_execute). On PostgreSQL a LIMIT or OFFSET sent as a parameter keeps a prepared statement from its
    generic plan (the planner must guess the value, and its guess costs more than the plans made for each run), so
    the page was planned again at every run: 0.5–0.7 ms, more than running it. Written in, the first page's
    statement is the same text every time, prepared once and never planned again."""
    return bindparam(name, value, type_=Integer(), literal_execute=True)


# The matches of a query whose key no store has (a bigram of it is in no store): nothing to look up.
NOTHING = select(Store.id, Store.name_sort).where(false())

# The page (and count) of the two shapes most queries take, built once with parameters: building a
# statement, and SQLAlchemy's work to find its compiled form, cost more than running these. A match
# set of one of these shapes carries its (statement, parameters) in the _PAGED execution option;
# search() uses them when there are no filters.
_PAGED = "alleyweb_paged"
_posting = StoreGram.__table__.c
_ONE_PAGE = (select(_posting.store_id).where(_posting.gram == bindparam("gram"))
             .order_by(_posting.name_sort, _posting.store_id).limit(_written("limit")).offset(_written("offset")))


def _checked_page(condition) -> Select:
    return (select(_posting.store_id, func.count().over().label("total"))
            .where(_posting.gram == bindparam("gram"), condition)
            .order_by(_posting.name_sort, _posting.store_id).limit(_written("limit")).offset(_written("offset")))


_CHECKS = {
    "like": _posting.name_sort.like(bindparam("pattern"), escape="\\"),
    "glob": _posting.name_sort.op("GLOB")(bindparam("pattern")),
    "regexp": _posting.name_sort.regexp_match(bindparam("pattern")),
}
_CHECKED_PAGES = {kind: _checked_page(check) for kind, check in _CHECKS.items()}


# (id, name_sort) of postings, of the table's columns (a Core statement: cheaper to build than of the ORM's).
_POSTINGS = select(_posting.store_id.label("id"), _posting.name_sort)


def _postings(key: str, summary: _Summary) -> Select:
    """(id, name_sort) of the visible stores with ``key`` (one or two characters) in one of their keys: one
    posting for two characters or one Hangul letter (text.posting_keys), else the postings that start with it."""
    if len(key) == 2 or hangul_letters(key):
        if not summary.has_all([key]):
            return NOTHING
        return _POSTINGS.where(_posting.gram == key).execution_options(**{_PAGED: ("one", {"gram": key})})
    return _POSTINGS.where(_posting.gram >= key, _posting.gram < key + _LAST_CHAR).distinct()


def _postings_where(grams: list[str], check: tuple[str, str], summary: _Summary) -> Select:
    """(id, name_sort) of the stores in the rarest of ``grams``' postings whose sort key — their key_ko —
    meets ``check`` (LIKE, GLOB or a regular expression, and its pattern): read from the postings alone,
    already in name order. Every match has every one of ``grams``."""
    if not summary.has_all(grams):
        return NOTHING
    gram = summary.rarest(grams, limit=1)[0]
    kind, pattern = check
    condition = {"like": lambda: _posting.name_sort.like(pattern, escape="\\"),
                 "glob": lambda: _posting.name_sort.op("GLOB")(pattern),
                 "regexp": lambda: _posting.name_sort.regexp_match(pattern)}[kind]()
    return (_POSTINGS.where(_posting.gram == gram, condition)
            .execution_options(**{_PAGED: (kind, {"gram": gram, "pattern": pattern})}))


def _found_nothing(branch: Select) -> bool:
    """Whether a checked posting branch (see _postings_where, _initials) has no match; False for any other branch
    (an unchecked posting, as a trigram of initials, has a store: its count says so)."""
    kind, params = branch.get_execution_options().get(_PAGED) or ("", {})
    statement = _CHECKED_PAGES.get(kind, _INITIALS_PAGES.get(kind) if kind != "trigram" else None)
    if statement is None:
        return False
    return db.session.execute(statement, {**params, "limit": 1, "offset": 0}).first() is None


def _checked(key: str, condition, summary: _Summary) -> Select:
    """(id, name_sort) of the stores that have the two rarest bigrams of ``key`` (three or more
    characters) and meet ``condition`` (on a store column)."""
    grams = _query_grams(key)
    if not summary.has_all(grams):
        return NOTHING
    sets = [select(StoreGram.store_id).where(StoreGram.gram == gram) for gram in summary.rarest(grams)]
    candidates = sets[0].intersect(*sets[1:]) if len(sets) > 1 else sets[0]
    return select(Store.id, Store.name_sort).where(Store.id.in_(candidates), condition)


def _like_key_ko(q: str) -> tuple[str, str]:
    return "like", _like(q)


def _consonant_pattern(q: str) -> tuple[str, str]:
    """Check of a key_ko (the postings' name_sort) for a query with initial consonants (ㄱㅂ, ㄱ밥):
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
        return "regexp", "".join(parts)
    return "glob", "*" + "".join(parts) + "*"


def _korean(q: str, summary: _Summary) -> Select:
    """A query with Hangul syllables or initial consonants: matched against key_ko (and key_cho)."""
    consonants = has_choseong(q)
    if len(q) <= 2 and not (consonants and any(is_syllable(ch) for ch in q)):
        return _postings(q, summary)  # exact: one or two syllables, or initials, are a posting
    if not consonants:
        return _postings_where(_query_grams(q), _like_key_ko(q), summary)
    if not any(is_syllable(ch) for ch in q):
        return _initials(q, summary)
    # Every match has the query's initials in key_cho (as bigrams and trigrams) and its syllable runs in key_ko.
    initials = choseong_key(q)
    grams = set(_query_grams(initials)) | trigrams(initials)
    for run in _syllable_runs(q):
        grams.update(_query_grams(run))
    return _postings_where(sorted(grams), _consonant_pattern(q), summary)


def _initials(q: str, summary: _Summary) -> Select:
    """Three or more initial consonants, without syllables (ㄱㅂㅊㄱ, ㅅㅇㅁ; other characters may be among them):
    a store matches exactly when the query is a substring of its key_cho (text.matches_pattern: each consonant
    stands for itself or a syllable it begins, which key_cho writes as that consonant; any other character
    for itself), so it is posted under every trigram of the query.

    Three letters are one trigram, whose postings are exactly the matches: nothing to check. Longer ones are
    the postings of the rarest trigram checked with the consonant pattern, as any Korean query (on SQLite,
    where the check, GLOB, costs less than looking up a second posting, that is all). On PostgreSQL the check
    is a regular expression, a few µs a name, so the page (_INITIALS_PAGES) checks only the stores posted
    under both of the query's two rarest trigrams (ㄱㅂㅊㄱ: 228 and 238 postings, 4 stores in both; ㅈㅇㅈㅇ:
    978 and 3,927, 385 in both, 189 matches). Either way the page comes with its stores' rows and the total in one
    statement: on PostgreSQL each statement is a round trip."""
    grams = sorted(trigrams(q))
    if not summary.has_all(grams):
        return NOTHING
    if len(q) == 3:
        return _POSTINGS.where(_posting.gram == q).execution_options(**{_PAGED: ("trigram", {"gram": q})})
    found = _postings_where(grams, _consonant_pattern(q), summary)
    if db.session.get_bind().dialect.name != "postgresql":
        return found
    # The same matches as found's: every match is posted under every trigram of the query.
    params = found.get_execution_options()[_PAGED][1]
    rarest = summary.rarest(grams)
    kind, params = ("trigrams+check", {**params, "gram2": rarest[1]}) if len(rarest) == 2 else \
        ("trigram+check", params)
    return found.execution_options(**{_PAGED: (kind, params)})


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


def _as_written(q: str, summary: _Summary) -> Select:
    """A query without Hangul as written, in key_ko (GS25, Cafe 미소). A longer one that is in no name written
    with something other than Hangul is in no name at all (_written_names): nothing to look up; else the
    postings of its rarest bigram, checked."""
    if len(q) <= 2:
        return _postings(q, summary)
    if _SEPARATOR not in q and q not in _written_names():
        return NOTHING
    return _postings_where(_query_grams(q), _like_key_ko(q), summary)


_SEPARATOR = "\n"  # never in a query (normalise takes every space out)
_names = VersionedCache(size=2)
_NOT_HANGUL = re.compile(f"[^{chr(_SYLLABLE_FIRST)}-{chr(_SYLLABLE_FIRST + 11171)}{CHOSEONG}]")


def _written_names() -> str:
    """The key_ko of every visible store that has a character other than a Hangul syllable or initial (digits,
    Latin letters, signs: about a sixth of the names), joined by _SEPARATOR, kept per worker for the directory's
    data version and read only when a query without Hangul first asks. A query without Hangul that is in none
    of them is in no store's key_ko: the vocabulary word as written (kimbap, gimbap), and most romanised
    queries, are then dropped without reading the postings of their rarest bigram."""

    def load() -> str:
        names = db.session.scalars(select(Store.name_sort).where(Store.visible.is_(True)))
        return _SEPARATOR.join(name for name in names if _NOT_HANGUL.search(name))

    return _names.get_or_make("written", directory_version(), load)


def _latin(q: str, summary: _Summary) -> list[Select]:
    """A query without Hangul: a substring of key_ko (GS25), or romanised of key_en (gimbap), or
    folded by the variant rules of key_loose (kim-bap)."""
    q_en, q_loose = roman_key(q), loose_query(q)
    branches = [_as_written(q, summary)]
    if q_en and (q_en != q or len(q) > 2):  # a short key's postings are those of key_en too
        branches.append(_postings(q_en, summary) if len(q_en) <= 2 else
                        _checked(q_en, Store.key_en.like(_like(q_en), escape="\\"), summary))
    if q_loose:
        branches.append(_postings(q_loose, summary) if len(q_loose) <= 2 else
                        _checked(q_loose, Store.key_loose.like(_like(q_loose), escape="\\"), summary))
    return branches


def _query_text(raw: str) -> str:
    return normalise(raw)[:MAX_QUERY_LENGTH].replace(END, "")


def matching(raw: str, summary: _Summary | None = None, look: bool = True,
             filtered: StoreQuery | None = None) -> Select | None:
    """(id, name_sort) of every visible store the query text matches; None when there is no text,
    :data:`NOTHING` when no store can match. ``summary``: the one to go by, when not the current version's;
    ``look=False``: no statement run (a branch that finds nothing is not dropped), so NOTHING only when the
    summary alone says so. ``filtered``: a query whose filters each branch keeps too (a branch of postings checks
    their copy of the store's values, see _branch_filtered); its branches keep their _PAGED shape, which then
    names the statement without the filters."""
    q = _query_text(raw)
    if not q:
        return None
    summary = summary or _summary()
    korean = has_choseong(q) or any(is_syllable(ch) for ch in q)
    words = () if korean else korean_words(q)
    # A vocabulary word (chicken): what 치킨 finds, and names with "chicken" as written.
    branches = [_as_written(q, summary), *(_korean(word, summary) for word in words)] if words else \
        [_korean(q, summary)] if korean else _latin(q, summary)
    # Shopping districts whose own name matches: all their stores match too (양동 → 양동시장).
    if korean and not has_choseong(q) and q not in summary.districts_ko:
        districts = []  # syllables, which name a district when in its key_ko: in none of them
    else:
        matches = name_matcher(q)
        districts = [id for id, key_ko, key_en, loose in summary.districts if matches(key_ko, key_en, loose)]
    if districts:
        branches.append(select(Store.id, Store.name_sort)
                        .where(Store.visible.is_(True), Store.district_id.in_(districts)))
    branches = [branch for branch in branches if branch is not NOTHING]
    if filtered is not None:
        branches = [_branch_filtered(branch, filtered) for branch in branches]
    if len(branches) > 1 and look:  # a checked branch that finds nothing (kimbap as written) is dropped, at the
        # cost of one look at its postings: what is left may then be one posting, paged without a union
        branches = [branch for branch in branches if not _found_nothing(branch)]
    if not branches:
        return NOTHING
    if len(branches) == 2 and districts and (branches[0].get_execution_options().get(_PAGED) or ("",))[0] == "one":
        # One bigram's postings and the stores of the districts whose name matches (ㄱㅂ: 김밥…, and four
        # districts): counted and paged apart, each along its own index (search()), not by a window count.
        gram = branches[0].get_execution_options()[_PAGED][1]["gram"]
        return union(*branches).execution_options(**{_PAGED: ("one+districts", {"gram": gram,
                                                                                 "districts": districts})})
    # A union of sets, not an OR: each branch keeps its own index.
    return union(*branches) if len(branches) > 1 else branches[0]


def _filter_shape(query: StoreQuery) -> tuple[tuple[str, ...], str | None, dict]:
    """The filters a query sets, as _filters reads them: the names of the columns compared to a value, the
    certificate it asks for ("paper", "digital" or None), and the values by name."""
    values = {name: value for name, value in (("dong_id", query.dong_id or None), ("category", query.category or None),
                                              ("district_id", query.district_id or None)) if value is not None}
    return tuple(values), (query.accepts if query.accepts in ("paper", "digital") else None), values


def _posting_conditions(shape: tuple[tuple[str, ...], str | None], values: dict | None = None) -> list:
    """_filters' conditions on the postings' copy of the store's values (StoreGram's POSTING_FILTERS): each
    compared to its value, or to a parameter of its name when ``values`` is None (a statement built once)."""
    names, accepts = shape
    conditions = [_posting[name] == (bindparam(name) if values is None else values[name]) for name in names]
    if accepts:
        conditions.append(_posting[f"accepts_{accepts}"].is_(True))
    return conditions


def _branch_filtered(branch: Select, query: StoreQuery) -> Select:
    """A branch of matching() keeping only the stores the query's filters keep: on the postings' own copy of the
    filters when the branch reads the postings alone (no store read), else on the stores."""
    if branch.columns_clause_froms == [StoreGram.__table__]:  # (get_final_froms would compile the statement)
        names, accepts, values = _filter_shape(query)
        return branch.where(*_posting_conditions((names, accepts), values))
    return branch.where(*_filters(query))


def _filters(query: StoreQuery) -> list:
    """The query's filters on the stores (_filter_key names the same combination in the summary)."""
    table = Store
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
    """The visible stores the filters keep: a look-up in the summary's sums of ``store_counts``."""
    key = _filter_key(query.dong_id, query.district_id, query.category, query.accepts)
    return _summary().filter_totals.get(key, 0)


_FILTERED_PAGES: dict[tuple, Select] = {}


def _filtered_page(query: StoreQuery, limit: int, offset: int) -> tuple[Select, dict]:
    """One page of the stores the filters keep, in name order, without query text: the statement of each
    combination of filters built once with parameters (the same SQL as store_select's), and its values."""
    values = {"dong_id": query.dong_id or None, "category": query.category or None,
              "district_id": query.district_id or None}
    values = {name: value for name, value in values.items() if value is not None}
    accepts = query.accepts if query.accepts in ("paper", "digital") else None
    shape = (tuple(values), accepts)
    stmt = _FILTERED_PAGES.get(shape)
    if stmt is None:
        conditions = [_store[name] == bindparam(name) for name in values]
        if accepts:
            conditions.append(_store[f"accepts_{accepts}"].is_(True))
        stmt = _FILTERED_PAGES[shape] = (
            select(_store.id).where(_store.visible.is_(True), *conditions).order_by(_store.name_sort, _store.id)
            .limit(_written("limit")).offset(_written("offset")))
    return stmt, {**values, "limit": limit, "offset": offset}


def _order(query: StoreQuery) -> list:
    if query.by_distance:
        scale = math.cos(math.radians(query.lat))
        distance = (Store.lat - query.lat) * (Store.lat - query.lat) + \
            (Store.lng - query.lng) * scale * (Store.lng - query.lng) * scale
        return [case((Store.lat.is_(None), 1), else_=0), distance, Store.name_sort, Store.id]
    return [Store.name_sort, Store.id]


@dataclass
class SearchPage:
    items: list  # rows of _ROWS: id, name, name_en, category, …, district_ko/_en, dong_ko/_en
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
        """The page numbers to link, None for each gap (as Flask-SQLAlchemy's): the first ``left_edge``, the
        ones around the current page and the last ``right_edge``, without walking every page between."""
        pages = self.pages
        shown = sorted({*range(1, min(left_edge, pages) + 1),
                        *range(max(1, self.page - left_current), min(pages, self.page + right_current) + 1),
                        *range(max(1, pages - right_edge + 1), pages + 1)})
        last = 0
        for number in shown:
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
    if not (_filters(query) or query.by_distance) and (folded := _initials_folded(query.q, page, per_page)):
        return folded
    if _nothing_outside_transaction(query.q):
        return SearchPage([], 0, page, per_page)
    text_and_filters = bool(_filters(query)) and not query.by_distance
    matches = matching(query.q, filtered=query if text_and_filters else None)
    offset = (page - 1) * per_page
    if matches is NOTHING:
        total, ids = 0, []
    elif matches is None:
        # Filters alone: the count from the summary of visible stores, the page along the filter's
        # index in name order.
        total = _count_by_filters(query)
        if query.by_distance:
            ids = list(db.session.scalars(store_select(query).with_only_columns(Store.id)
                                          .limit(_written("limit", per_page)).offset(_written("offset", offset))))
        elif offset < total and _rows_at_once():
            statement, values = _filtered_page(query, per_page, offset)
            return SearchPage(_page_rows(_with_rows(statement, Store.name_sort), values), total, page, per_page)
        else:
            ids = _read(*_filtered_page(query, per_page, offset)).scalars().all() if offset < total else []
    elif text_and_filters and (paged := matches.get_execution_options().get(_PAGED)) \
            and paged[0] in _FILTERED_KINDS:
        # Query text and filters, one posting (치킨 among food) or one posting checked: the same walk of the postings,
        # with the filters checked on their copy of the store's values.
        kind, params = paged
        names, accepts, values = _filter_shape(query)
        page_statement, count_statement, counted = _filtered_kind(kind, (names, accepts))
        limits = {**params, **values, "limit": per_page, "offset": offset}
        if _rows_at_once():  # the page's rows and the total in one statement (with the version: _page_rows)
            rows = _page_rows(_with_rows(counted, _posting.name_sort), limits)
            if rows:
                return SearchPage(rows, rows[0].total, page, per_page)
            if not offset:
                return SearchPage([], 0, page, per_page)
            # past the last page: counted on its own
            total = (_read(count_statement, limits).scalar() or 0) if count_statement is not None else \
                db.session.scalar(select(func.count()).select_from(matches.subquery()))
            return SearchPage([], total, page, per_page)
        if count_statement is not None:  # one posting: counted apart, the page a walk that stops at its end
            # (with a category alone, its count is kept per category: models.GramCategoryCount)
            total = _read(count_statement, limits).scalar() or 0
            ids = _read(page_statement, limits).scalars().all() if offset < total else []
        else:
            rows = _read(page_statement, limits).all()
            ids = [row.store_id for row in rows]
            total = rows[0].total if rows else (
                db.session.scalar(select(func.count()).select_from(matches.subquery())) if offset else 0)
    elif (paged := matches.get_execution_options().get(_PAGED)) and not (_filters(query) or query.by_distance):
        kind, params = paged
        limits = {**params, "limit": per_page, "offset": offset}
        if kind == "one":
            # One posting's stores (카페, ㅊㅋ, 김): the count is the posting's count in the summary (exact:
            # indexing keeps every count right), the page a walk of the postings' key in name order; a window
            # count would first copy every match (1 ms for 2,700 of them on SQLite).
            total = _summary().gram_stores.get(params["gram"], 0)
            if offset < total and _rows_at_once():
                return SearchPage(_page_rows(_with_rows(_ONE_PAGE, _posting.name_sort), limits), total, page,
                                  per_page)
            ids = _read(_ONE_PAGE, limits).scalars().all() if offset < total else []
        elif kind == "one+districts":
            total, ids, rows = _one_and_districts(params["gram"], params["districts"], per_page, offset)
            if rows is not None:
                return SearchPage(rows, total, page, per_page)
        elif kind in _INITIALS_PAGES:  # ㄱㅂㅊㄱ: the page's rows, with the total, in one statement
            rows = _page_rows(_INITIALS_PAGES[kind], limits)
            total = rows[0].total if rows else (
                db.session.scalar(select(func.count()).select_from(matches.subquery())) if offset else 0)
            return SearchPage(rows, total, page, per_page)
        else:  # one bigram's postings, each checked (김밥천국, ㄱㅂㅊㄱ): page and total in one walk
            at_once = _rows_at_once()
            statement = _with_rows(_CHECKED_PAGES[kind], _posting.name_sort) if at_once else _CHECKED_PAGES[kind]
            rows = _page_rows(statement, limits) if at_once else _read(statement, limits).all()
            ids = [row.store_id for row in rows] if not at_once else []
            total = rows[0].total if rows else (
                db.session.scalar(select(func.count()).select_from(matches.subquery())) if offset else 0)
            if at_once:
                return SearchPage(rows, total, page, per_page)
    else:
        # Any other matches (a union, a pattern checked on each posting, a range of bigrams): found once
        # for both the page and the total (a window count). With filters and no distance, matching() has kept
        # them already.
        if query.by_distance:
            ordered = store_select(query, matches).with_only_columns(Store.id, func.count().over().label("total"))
        else:  # the matches carry their sort key: no store is read until the page's own
            found = matches.subquery("matches")
            ordered = select(found.c.id, func.count().over().label("total")).order_by(found.c.name_sort, found.c.id)
        rows = db.session.execute(ordered.limit(_written("limit", per_page))
                                  .offset(_written("offset", offset))).all()
        ids = [row.id for row in rows]
        if rows:
            total = rows[0].total
        else:  # past the last page (or nothing found): count them on their own
            total = db.session.scalar(select(func.count()).select_from(ordered.subquery())) if offset else 0
    # Then the page's rows with their district's and dong's names: plain rows (cards.py), not ORM objects.
    # (all fetched at once, as iterating a result fetches row by row; by position: cheaper than row.id)
    stores = {row[0]: row for row in _rows_of(ids).all()} if ids else {}
    return SearchPage([stores[i] for i in ids], total, page, per_page)


_FILTERED_KINDS = ("one", *_CHECKED_PAGES)
_FILTERED_KIND_PAGES: dict[tuple, tuple[Select, Select | None, Select]] = {}


def _filtered_kind(kind: str, shape: tuple) -> tuple[Select, Select | None, Select]:
    """The statements of a _PAGED shape (``kind``) with the filters of ``shape`` (_filter_shape's names and
    certificate) checked on the postings, built once per kind and filters with parameters: for one posting its
    page and its count, for a checked posting its page with the total (a window count) and None; then the page
    with its total as a column (for one posting its count, a scalar subquery), for reading at once with the rows."""
    kept = _FILTERED_KIND_PAGES.get((kind, shape))
    if kept is None:
        conditions = _posting_conditions(shape)
        if kind == "one":
            counts = GramCategoryCount.__table__.c
            count = (select(counts.stores).where(counts.gram == bindparam("gram"),
                                                 counts.category == bindparam("category"))
                     if shape == (("category",), None) else
                     select(func.count()).select_from(StoreGram.__table__)
                     .where(_posting.gram == bindparam("gram"), *conditions))
            page = (select(_posting.store_id).where(_posting.gram == bindparam("gram"), *conditions)
                    .order_by(_posting.name_sort, _posting.store_id).limit(_written("limit"))
                    .offset(_written("offset")))
            kept = (page, count, page.add_columns(func.coalesce(count.scalar_subquery(), 0).label("total")))
        else:
            page = _checked_page(and_(_CHECKS[kind], *conditions))
            kept = (page, None, page)
        _FILTERED_KIND_PAGES[(kind, shape)] = kept
    return kept


# What a result row shows (alleyweb/stores/cards.py, which reads these columns by position), and its position for
# the distance. Of the tables' columns, not the ORM's attributes: a Core statement, read without the ORM's work on
# the statement and its rows.
_store, _district, _dong = Store.__table__.c, ShoppingDistrict.__table__.c, Dong.__table__.c
_ROWS = (select(_store.id, _store.name, _store.name_en, _store.name_sort, _store.category, _store.accepts_paper,
                _store.accepts_digital, _store.position_approx, _store.lat, _store.lng,
                _district.name.label("district_ko"), _district.name_en.label("district_en"),
                _dong.name_ko.label("dong_ko"), _dong.name_en.label("dong_en"))
         .select_from(Store.__table__.outerjoin(ShoppingDistrict.__table__, _district.id == _store.district_id)
                      .outerjoin(Dong.__table__, _dong.id == _store.dong_id)))
_PAGES_ROWS: dict[int, Select] = {}


def _rows_of(ids: list[int]):
    """The rows of _ROWS of these stores (in no order): a statement with one parameter an id, built once per
    number of ids (an expanding IN is written out again at each run)."""
    statement = _PAGES_ROWS.get(len(ids))
    if statement is None:
        statement = _PAGES_ROWS[len(ids)] = _ROWS.where(_store.id.in_([bindparam(f"id{i}") for i in range(len(ids))]))
    return _read(statement, {f"id{i}": id for i, id in enumerate(ids)})


def _read(statement, params=None):
    """Run a Core statement (of tables' columns: nothing for the ORM to flush first or to load) on the session's
    connection, without the session's own work for each statement."""
    if db.session.autoflush:  # as the session's execute would, for what the request changed (nothing: a few µs)
        db.session.flush()
    return db.session.connection().execute(statement, params)


def _rows_at_once() -> bool:
    """Whether a page's stores are read with the page itself (_with_rows): on PostgreSQL, where each statement is
    a round trip to another process. (On SQLite two statements cost no more than one.)"""
    return db.session.get_bind().dialect.name == "postgresql"


_WITH_ROWS: dict[int, tuple[Select, Select]] = {}

# A request that asks (views.index, on PostgreSQL: g.READ_VERSION set to None) has the directory's data version read
# in the same statement as its page's rows (_page_rows), and put there.
READ_VERSION = "directory_version_read"


def _page_rows(statement: Select, values: dict) -> list:
    """The rows of a page statement that returns rows of _ROWS in name order (with any other columns: the total).
    When the request asks for the data version (g.READ_VERSION is None), the statement is run with the version
    (_versioned), still one round trip, and the version read is put in g.READ_VERSION."""
    if db.session.autoflush:  # as the session's execute would (the ORM's handling costs more than a round trip)
        db.session.flush()
    connection = db.session.connection()
    if not (has_request_context() and READ_VERSION in g and g.get(READ_VERSION) is None):
        return connection.execute(statement, values).all()
    rows = connection.execute(_versioned(statement), values).all()
    setattr(g, READ_VERSION, (rows[0].stores_version, rows[0].dongs_version))
    return [row for row in rows if row.id is not None]


_VERSIONED: dict[int, tuple[Select, Select]] = {}


def _versioned(statement: Select) -> Select:
    """``statement`` (rows of _ROWS), each of its rows with the directory's data version (services.
    directory_version) read in the same statement, and one row of the version alone (its other columns NULL) when
    it has none; in the same order (name_sort, id: _ROWS's own columns). Built once a statement."""
    kept = _VERSIONED.get(id(statement))
    if kept is None or kept[0] is not statement:
        versions = select(_version_column(STORES_VERSION, "stores_version"),
                          _version_column(DONGS_VERSION, "dongs_version")).subquery("versions")
        page = statement.subquery("page_rows")
        kept = _VERSIONED[id(statement)] = (statement, select(page, versions).select_from(
            versions.outerjoin(page, true())).order_by(page.c.name_sort, page.c.id))
    return kept[1]


def _with_rows(statement: Select, sort_key) -> Select:
    """A page statement (its first column a store's id; ``sort_key`` its order's first column), returning the rows of
    _ROWS for that page in the same order instead, with the page's other columns (its total); built once a statement."""
    kept = _WITH_ROWS.get(id(statement))
    if kept is None or kept[0] is not statement:
        page = statement.add_columns(sort_key.label("page_sort")).subquery("page")
        key = page.c[statement.selected_columns[0].name]
        extra = [column for column in page.c if column is not key and column.name != "page_sort"]
        kept = _WITH_ROWS[id(statement)] = (statement, _ROWS.add_columns(*extra).join(page, key == Store.id)
                                            .order_by(page.c.page_sort, key))
    return kept[1]


def _one_and_districts(gram: str, districts: list[int], per_page: int,
                       offset: int) -> tuple[int, list[int], list | None]:
    """The total and one page of the stores posted under ``gram`` or in one of ``districts``: the count of
    the postings (the summary's), plus the districts' stores that have no such posting; the page from the
    first ``offset + per_page`` of each, in name order. The page as its stores' ids, or (on PostgreSQL, for a
    few districts: _rows_at_once) as the rows of _ROWS read with it, the third item (else None).

    The districts' stores without the posting are each district's visible stores (the summary's filter totals)
    less those posted under ``gram`` (DistrictGramCount, kept for every key of the district's name a Korean
    query that names it can be); a key not kept there (an English word's Korean word naming a district in
    English) is counted by looking up each of the districts' stores in the postings."""
    summary = _summary()
    kept = [summary.district_grams.get((id, gram)) for id in districts]
    if None not in kept:
        unposted = sum(summary.filter_totals.get(_filter_key(None, id, None, None), 0) for id in districts) - sum(kept)
    else:
        posted = exists().where(_posting.gram == gram, _posting.name_sort == Store.name_sort,
                                _posting.store_id == Store.id)
        unposted = db.session.scalar(select(func.count()).select_from(Store).where(
            Store.visible.is_(True), Store.district_id.in_(districts), ~posted)) or 0
    total = summary.gram_stores.get(gram, 0) + unposted
    if offset >= total:
        return total, [], None
    first = offset + per_page
    if len(districts) <= _EACH_DISTRICT:  # each district's first along its own index (not all its stores sorted)
        values = {"gram": gram, "first": first, "limit": per_page, "offset": offset,
                  **{f"district{i}": id for i, id in enumerate(districts)}}
        statement, sort_key = _districts_page(len(districts))
        if _rows_at_once():
            return total, [], _page_rows(_with_rows(statement, sort_key), values)
        return total, list(db.session.scalars(statement, values)), None
    reach = _written("first", first)
    both = union(
        select(_posting.store_id.label("id"), _posting.name_sort).where(_posting.gram == gram)
        .order_by(_posting.name_sort, _posting.store_id).limit(reach).subquery().select(),
        select(Store.id, Store.name_sort).where(Store.visible.is_(True), Store.district_id.in_(districts))
        .order_by(Store.name_sort, Store.id).limit(reach)
        .subquery().select()).subquery()
    page = (select(both.c.id).order_by(both.c.name_sort, both.c.id).limit(_written("limit", per_page))
            .offset(_written("offset", offset)))
    return total, list(db.session.scalars(page)), None


_EACH_DISTRICT = 8
_DISTRICTS_PAGES: dict[int, tuple[Select, object]] = {}


def _districts_page(count: int) -> tuple[Select, object]:
    """One page of the stores posted under a key or in one of ``count`` districts, in name order: the first
    ``first`` of the postings and of each district along its own index, built once per count with parameters;
    and its order's first column (for _with_rows)."""
    kept = _DISTRICTS_PAGES.get(count)
    if kept is None:
        first = _written("first")
        parts = [select(_posting.store_id.label("id"), _posting.name_sort).where(_posting.gram == bindparam("gram"))
                 .order_by(_posting.name_sort, _posting.store_id).limit(first).subquery().select()]
        parts += [select(Store.id, Store.name_sort)
                  .where(Store.visible.is_(True), Store.district_id == bindparam(f"district{i}"))
                  .order_by(Store.name_sort, Store.id).limit(first).subquery().select() for i in range(count)]
        both = union(*parts).subquery()
        kept = _DISTRICTS_PAGES[count] = (select(both.c.id).order_by(both.c.name_sort, both.c.id)
                                          .limit(_written("limit")).offset(_written("offset")), both.c.name_sort)
    return kept


def _initials_page(kind: str) -> Select:
    """One page of the stores of an :func:`_initials` shape (``kind``) in name order, read from the postings
    alone: the rows of _ROWS and the total."""
    rarest = StoreGram.__table__.alias("rarest")
    found = select(rarest.c.store_id.label("id"), rarest.c.name_sort).where(rarest.c.gram == bindparam("gram"))
    if kind == "trigrams+check":
        also = StoreGram.__table__.alias("also")
        # Both postings walked together in name order; OFFSET 0 keeps PostgreSQL from checking every
        # posting of the first trigram before the join.
        found = found.join(also, (also.c.gram == bindparam("gram2")) & (also.c.name_sort == rarest.c.name_sort)
                           & (also.c.store_id == rarest.c.store_id)).offset(_written("fence", 0))
    found = found.subquery("found")
    matches = select(found.c.id, found.c.name_sort)
    if kind != "trigram":
        matches = matches.where(found.c.name_sort.regexp_match(bindparam("pattern")))
    matches = matches.subquery("matches")
    page = (select(matches.c.id, matches.c.name_sort, func.count().over().label("total"))
            .order_by(matches.c.name_sort, matches.c.id).limit(_written("limit")).offset(_written("offset"))
            .subquery("page"))
    return _ROWS.add_columns(page.c.total).join(page, page.c.id == Store.id).order_by(page.c.name_sort, page.c.id)


_INITIALS_PAGES = {kind: _initials_page(kind) for kind in ("trigram", "trigram+check", "trigrams+check")}


def _version_column(name: str, label: str):
    return func.coalesce(select(DataVersion.version).where(DataVersion.name == name).scalar_subquery(), 0).label(label)


# The same pages with the directory's data version (services.directory_version) read in the same statement.
_VERSIONED_INITIALS_PAGES = {kind: statement.add_columns(_version_column(STORES_VERSION, "stores_version"),
                                                         _version_column(DONGS_VERSION, "dongs_version"))
                             for kind, statement in _INITIALS_PAGES.items()}


def _guessing_version() -> tuple[tuple[int, ...], _Summary] | None:
    """The last summary this worker saw and its version, when a search on PostgreSQL would otherwise read the
    version first (outside a request, or before the request has read it); else None."""
    latest = _latest[0]
    if latest is None or (has_request_context() and request.method == "GET" and "directory_version" in g):
        return None  # nothing to go by, or the request has read the version already: nothing to save
    return latest if db.session.get_bind().dialect.name == "postgresql" else None


def _nothing_outside_transaction(raw: str) -> bool:
    """On PostgreSQL, outside a request and a transaction: whether the query matches no store (a bigram no store
    has: 김밥천국, a misspelt name), known from the last summary and confirmed by reading the version alone, outside
    a transaction (core.database.read_outside_transaction's reasoning): one round trip after the pool's check, where
    the session would add BEGIN and ROLLBACK to the read. False (search() goes the usual way) for anything else, or
    when the version has changed since that summary."""
    latest = _guessing_version()
    if latest is None or db.session().in_transaction() or not _query_text(raw):
        return False
    version, summary = latest
    if matching(raw, summary, look=False) is not NOTHING:
        return False
    with db.session.get_bind().connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        found = dict(connection.execute(_VERSION_ROWS).all())
    return (found.get(STORES_VERSION, 0), found.get(DONGS_VERSION, 0)) == version


_VERSION_ROWS = select(DataVersion.name, DataVersion.version).where(DataVersion.name.in_([STORES_VERSION,
                                                                                          DONGS_VERSION]))


def _initials_folded(raw: str, page: int, per_page: int) -> SearchPage | None:
    """On PostgreSQL, a query of three or more initials without syllables (ㄱㅂㅊㄱ) when the data version has
    not been read yet (a search outside a request): its page (_INITIALS_PAGES) read together with the version, in
    one round trip instead of two, and built with the summary of the last version this worker saw. The page is
    kept only when the version read is that one (then it is exactly what matching() would have found); else, and
    when it found nothing (no row carries the version), None: search() goes the usual way."""
    latest = _guessing_version()
    if latest is None:
        return None
    q = _query_text(raw)
    if len(q) < 3 or not has_choseong(q) or any(is_syllable(ch) for ch in q):
        return None
    version, summary = latest
    matches = name_matcher(q)
    if any(matches(key_ko, key_en, loose) for _id, key_ko, key_en, loose in summary.districts):
        return None  # a shopping district's stores too: not one of these pages (matching() builds the union)
    found = _initials(q, summary)
    kind, params = (found.get_execution_options().get(_PAGED) or ("", {})) if found is not NOTHING else ("", {})
    if kind not in _VERSIONED_INITIALS_PAGES:
        return None
    rows = db.session.execute(_VERSIONED_INITIALS_PAGES[kind],
                              {**params, "limit": per_page, "offset": (page - 1) * per_page}).all()
    if not rows or (rows[0].stores_version, rows[0].dongs_version) != version:
        return None
    return SearchPage(rows, rows[0].total, page, per_page)


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
    if lat is None or lng is None or store.lat is None or store.lng is None:  # the reader's first: no row read
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
