"""Keeping the search keys and postings of stores up to date (one store or a whole import)."""

from __future__ import annotations

from contextlib import contextmanager, nullcontext

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.schema import AddConstraint, CreateIndex, DropConstraint, DropIndex

from alleyweb.extensions import db
from alleyweb.stores.models import (
    POSTING_FILTERS,
    DistrictGramCount,
    GramCategoryCount,
    GramCount,
    ShoppingDistrict,
    Store,
    StoreCount,
    StoreGram,
)
from alleyweb.stores.text import (
    choseong_key,
    district_posting_keys,
    loose_key,
    normalise,
    posting_keys,
    roman_key,
    romanize,
)

# A PostgreSQL load of at least this many postings, and more than the table holds, rebuilds its keys.
BULK_POSTINGS = 200_000


def name_fields(name: str) -> dict:
    """The derived columns of a store name: romanised name, sort key and the four search keys.

    A romanisation can be five times as long as its Hangul: it is cut to its column's length,
    which PostgreSQL enforces (a whole import would fail on one very long name).
    """
    key_ko = normalise(name)
    name_en = romanize(name.strip())
    key_en = roman_key(name_en)[:Store.key_en.type.length]
    return {
        "name_en": name_en[:Store.name_en.type.length],
        "name_sort": key_ko,
        "key_ko": key_ko,
        "key_cho": choseong_key(key_ko),
        "key_en": key_en,
        "key_loose": loose_key(key_en).upper(),
    }


def replace_grams(stores: list[tuple[int, str, str, str]], *, fresh: bool = False) -> int:
    """Rewrite the postings of these visible stores, given as (id, key_ko, key_cho, key_en), in the
    current transaction. ``fresh``: they have none yet. The sort key of a posting is key_ko, which
    is the store's name_sort (see name_fields)."""
    if not stores:
        return 0
    if not fresh:
        _delete_postings([s[0] for s in stores])
    filters = _filter_values([s[0] for s in stores])
    rows = [(gram, key_ko, store_id, *filters[store_id]) for store_id, key_ko, key_cho, key_en in stores
            for gram in posting_keys(key_ko, key_cho, key_en)]
    _insert_postings(rows)
    return len(rows)


_FILTER_COLUMNS = [getattr(Store, name) for name in POSTING_FILTERS]


def _filter_values(store_ids: list[int]) -> dict[int, tuple]:
    """The values of POSTING_FILTERS of these stores, as the database now has them."""
    found = {}
    for start in range(0, len(store_ids), 5000):
        found.update((row[0], tuple(row[1:])) for row in db.session.execute(
            select(Store.id, *_FILTER_COLUMNS).where(Store.id.in_(store_ids[start:start + 5000]))))
    return found


def refresh_posting_filters(store_ids) -> None:
    """Copy these stores' values of the directory's filters (POSTING_FILTERS) to their postings again: call it after
    any change to a store's category, dong, shopping district or certificates that does not rewrite its postings
    (replace_grams and reindex copy them already). The search checks a filter on the postings' copy."""
    store_ids = sorted({id for id in store_ids if id})
    if not store_ids:
        return
    db.session.flush()
    table = StoreGram.__table__
    copied = {name: select(getattr(Store, name)).where(Store.id == table.c.store_id).scalar_subquery()
              for name in POSTING_FILTERS}
    grams = set()
    for start in range(0, len(store_ids), 500):
        chunk = store_ids[start:start + 500]
        db.session.execute(update(table).where(table.c.store_id.in_(chunk)).values(copied))
        grams.update(db.session.scalars(select(table.c.gram).distinct().where(table.c.store_id.in_(chunk))))
    _recount(sorted(grams))  # a category changed: the counts per category of its postings' keys


def reindex(store_ids: list[int]) -> None:
    """Postings of these stores as they now are in the session: visible stores get theirs rewritten,
    hidden ones lose them (after a store is hidden, shown again or renamed). The bigrams they had and
    the ones they now have are recounted, so that every count is exact: the search reads a bigram
    without one as in no store, and a one-posting search's total is its count."""
    if not store_ids:
        return
    db.session.flush()
    had = set()
    for start in range(0, len(store_ids), 5000):
        had.update(db.session.scalars(select(StoreGram.gram).distinct()
                                      .where(StoreGram.store_id.in_(store_ids[start:start + 5000]))))
    _delete_postings(store_ids)
    visible = []
    for start in range(0, len(store_ids), 5000):
        visible += db.session.execute(
            select(Store.id, Store.key_ko, Store.key_cho, Store.key_en)
            .where(Store.id.in_(store_ids[start:start + 5000]), Store.visible.is_(True))).all()
    rows = [tuple(row) for row in visible]
    replace_grams(rows, fresh=True)
    _recount(sorted(had | {gram for row in rows for gram in posting_keys(*row[1:])}))


def _recount(grams: list[str]) -> None:
    """Count again the postings of these bigrams, in all and per category (one that no store has any more loses its
    rows)."""
    for start in range(0, len(grams), 500):
        chunk = grams[start:start + 500]
        db.session.execute(delete(GramCount).where(GramCount.gram.in_(chunk)))
        db.session.execute(insert(GramCount).from_select(
            ["gram", "stores"],
            select(StoreGram.gram, func.count()).where(StoreGram.gram.in_(chunk)).group_by(StoreGram.gram)))
        db.session.execute(delete(GramCategoryCount).where(GramCategoryCount.gram.in_(chunk)))
        db.session.execute(insert(GramCategoryCount).from_select(
            ["gram", "category", "stores"],
            select(StoreGram.gram, StoreGram.category, func.count()).where(StoreGram.gram.in_(chunk))
            .group_by(StoreGram.gram, StoreGram.category)))


def _delete_postings(store_ids: list[int]) -> None:
    for start in range(0, len(store_ids), 5000):
        db.session.execute(delete(StoreGram).where(StoreGram.store_id.in_(store_ids[start:start + 5000])))


_POSTING_COLUMNS = ", ".join(("gram", "name_sort", "store_id", *POSTING_FILTERS))
_INSERT_POSTINGS = (f"INSERT INTO store_grams ({_POSTING_COLUMNS}) "  # noqa: S608 - the module's own names
                    f"VALUES ({', '.join('?' * (3 + len(POSTING_FILTERS)))})")


def _insert_postings(rows: list[tuple]) -> None:
    """Insert (gram, name_sort, store_id, *POSTING_FILTERS) rows the fastest way the database offers: an import
    writes millions.

    PostgreSQL: COPY on the session's own connection, so inside its transaction; a load bigger than
    the table is done with the table's keys dropped and rebuilt (see ``_keys_rebuilt``). SQLite: the
    driver's executemany on plain tuples, which skips SQLAlchemy's per-row parameter processing.
    """
    connection = db.session.connection()
    if connection.dialect.name != "postgresql":
        connection.exec_driver_sql(_INSERT_POSTINGS, rows)
        return
    bulk = len(rows) >= BULK_POSTINGS and len(rows) > connection.scalar(select(func.count()).select_from(StoreGram))
    with _keys_rebuilt(connection) if bulk else nullcontext():
        driver = connection.connection.driver_connection
        with driver.cursor() as cursor, cursor.copy(f"COPY store_grams ({_POSTING_COLUMNS}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


@contextmanager
def _keys_rebuilt(connection):
    """Drop the postings' primary key, index and foreign key, and build them again afterwards.

    On PostgreSQL three million postings load five times faster so: checking the foreign key row
    by row is most of the cost. It is all in the current transaction (PostgreSQL's DDL is
    transactional), so a failure leaves the tables as they were. Until the commit, reads of stores
    and postings wait for the exclusive locks this takes, which is why only a load bigger than the
    table (the first import) does it. If the block raises, the caller must roll back.
    """
    table = StoreGram.__table__
    keys, indexes = [*table.foreign_key_constraints, table.primary_key], list(table.indexes)
    for constraint in keys:
        connection.execute(DropConstraint(constraint))
    for index in indexes:
        connection.execute(DropIndex(index))
    yield
    for index in indexes:
        connection.execute(CreateIndex(index))
    for constraint in reversed(keys):
        connection.execute(AddConstraint(constraint))


def refresh_gram_counts() -> None:
    """Recount postings per bigram, in all and per category (after an import): the rarest bigrams are read first,
    and a one-posting search's total is its count (with a category, its count in that category)."""
    db.session.execute(delete(GramCount))
    db.session.execute(insert(GramCount).from_select(
        ["gram", "stores"], select(StoreGram.gram, func.count()).group_by(StoreGram.gram)))
    db.session.execute(delete(GramCategoryCount))
    db.session.execute(insert(GramCategoryCount).from_select(
        ["gram", "category", "stores"],
        select(StoreGram.gram, StoreGram.category, func.count()).group_by(StoreGram.gram, StoreGram.category)))


def refresh_counts() -> None:
    """Recount the visible stores per combination of filters (after any change to stores)."""
    groups = (Store.dong_id, Store.district_id, Store.category, Store.accepts_paper, Store.accepts_digital)
    db.session.execute(delete(StoreCount))
    db.session.execute(insert(StoreCount).from_select(
        ["dong_id", "district_id", "category", "accepts_paper", "accepts_digital", "stores"],
        select(*groups, func.count()).where(Store.visible.is_(True)).group_by(*groups)))


def refresh_district_grams(district_ids=None) -> None:
    """Recount, for these shopping districts (every one when None), how many of their visible stores are posted
    under each key of text.district_posting_keys of their name, a row for every key, zeros too (DistrictGramCount;
    the search adds them up for a query that is one posting and names districts). Call it after any change to
    the postings, the district or the visibility of a district's stores, or to a district's name."""
    if district_ids is not None:
        district_ids = sorted({id for id in district_ids if id})
        if not district_ids:
            return
    stmt = select(ShoppingDistrict.id, ShoppingDistrict.key_ko)
    if district_ids is not None:
        stmt = stmt.where(ShoppingDistrict.id.in_(district_ids))
    keys = {row.id: district_posting_keys(row.key_ko or "") for row in db.session.execute(stmt)}
    db.session.flush()
    if district_ids is None:
        db.session.execute(delete(DistrictGramCount))
    else:
        db.session.execute(delete(DistrictGramCount).where(DistrictGramCount.district_id.in_(district_ids)))
    counts = {(id, gram): 0 for id, grams in keys.items() for gram in grams}
    every = sorted({gram for grams in keys.values() for gram in grams})
    table = StoreGram.__table__.c
    for start in range(0, len(every), 500):
        stmt = (select(table.gram, Store.district_id, func.count()).join(Store, Store.id == table.store_id)
                .where(table.gram.in_(every[start:start + 500]), Store.visible.is_(True))
                .group_by(table.gram, Store.district_id))
        stmt = stmt.where(Store.district_id.in_(list(keys)) if district_ids is not None
                          else Store.district_id.is_not(None))
        for gram, district_id, stores in db.session.execute(stmt):
            if (district_id, gram) in counts:
                counts[district_id, gram] = stores
    rows = [{"district_id": id, "gram": gram, "stores": stores} for (id, gram), stores in counts.items()]
    for start in range(0, len(rows), 5000):
        db.session.execute(insert(DistrictGramCount), rows[start:start + 5000])
