"""The directory only reads: on PostgreSQL its statements run without a transaction (core.database.
read_outside_transaction: no BEGIN and ROLLBACK round trips), and the connection goes back to the pool in its usual
transactional mode, so what runs next on it (a write) is still one transaction."""

from __future__ import annotations

from sqlalchemy import event, func, select

from alleyweb.dongs.models import Dong
from alleyweb.extensions import db
from alleyweb.stores.models import Store
from alleyweb.stores.search import StoreQuery, brute_force_ids, search
from alleyweb.stores.services import save_store


def _autocommit(connection) -> bool | None:
    return getattr(connection.connection.dbapi_connection, "autocommit", None)


def test_directory_reads_outside_a_transaction_and_gives_the_connection_back_as_it_was(app, clean_db, client):
    with app.app_context():
        dong = db.session.scalar(select(Dong).order_by(Dong.id))
        for i, name in enumerate(["김밥천국", "김밥나라", "카페 미소", "ㄱ바천국"]):
            save_store(name=name, district_id=None, dong_id=dong.id, accepts_paper=True, accepts_digital=i % 2 == 0,
                       items="", visible=True, import_key=f"r:{i}")
        db.session.commit()
        engine = db.engine
    postgres = engine.dialect.name == "postgresql"
    modes = []

    def seen(connection, *_args):
        modes.append(_autocommit(connection))

    event.listen(engine, "before_cursor_execute", seen)
    try:
        for address in ["/ko/stores?q=김밥", "/ko/stores?q=gimbap", "/en/stores?q=ㄱㅂㅊㄱ",
                        "/ko/stores?accepts=digital", "/ko/stores?q=김밥천국&page=3"]:
            response = client.get(address)
            assert response.status_code == 200, address
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    assert modes and all(mode is (True if postgres else None) for mode in modes), modes
    with app.app_context():
        # The next use of a pooled connection is a transaction again: a change rolled back is gone.
        assert _autocommit(db.session.connection()) is (False if postgres else None)
        store = db.session.scalar(select(Store).where(Store.name == "카페 미소"))
        save_store(store, name="카페 미소 본점")
        db.session.rollback()
        assert db.session.scalar(select(func.count()).select_from(Store).where(Store.name == "카페 미소")) == 1


def test_a_search_that_finds_no_store_reads_only_the_version_and_follows_changes(app, clean_db):
    """Outside a request on PostgreSQL, a query that the last summary answers with no store (search.
    _nothing_outside_transaction) reads the data version alone, outside the session's transaction; once a store
    it names is added (a new version), it is found."""
    with app.app_context():
        dong = db.session.scalar(select(Dong).order_by(Dong.id))
        save_store(name="김밥나라", district_id=None, dong_id=dong.id, accepts_paper=True, accepts_digital=True,
                   items="", visible=True, import_key="n:0")
        db.session.commit()
        query = StoreQuery(q="반찬가게")
        assert search(query).total == 0
        db.session.rollback()
        statements = []

        def seen(connection, _cursor, statement, *_args):
            statements.append((statement, _autocommit(connection)))

        event.listen(db.engine, "before_cursor_execute", seen)
        try:
            assert search(query).total == 0
            began = db.session().in_transaction()
        finally:
            event.remove(db.engine, "before_cursor_execute", seen)
        if db.engine.dialect.name == "postgresql":
            assert len(statements) == 1 and "data_versions" in statements[0][0] and statements[0][1] is True
            assert not began
        db.session.rollback()
        new = save_store(name="반찬가게 본점", district_id=None, dong_id=dong.id, accepts_paper=True,
                         accepts_digital=True, items="", visible=True, import_key="n:1")
        db.session.commit()
        found = search(query)
        assert found.total == 1 and [s.id for s in found.items] == [new.id] == brute_force_ids(query)


def test_a_first_request_reads_the_version_with_its_page_and_follows_changes(app, clean_db, client):
    """On PostgreSQL an address not yet kept is made for the version of the data the worker last saw, the version
    read in the same statement as the page's rows (views._guessing): one statement. A change since then (a new
    version) is seen in that statement, and the page is made again for the new version: the new store is in the
    list and in the count (the last version's summary would count one store less)."""
    from tests.helpers import soup

    with app.app_context():
        dong = db.session.scalar(select(Dong).order_by(Dong.id))
        for i, name in enumerate(["김밥천국", "김밥나라", "카페 미소"]):
            save_store(name=name, district_id=None, dong_id=dong.id, accepts_paper=True, accepts_digital=i % 2 == 0,
                       items="", visible=True, import_key=f"g:{i}")
        db.session.commit()
        engine, dong_id = db.engine, dong.id
    postgres = engine.dialect.name == "postgresql"

    def shown(address):
        page = soup(client.get(address))
        return [a.get_text(strip=True) for a in page.select(".store-name a")], page.select_one(".result-count").text

    assert shown("/ko/stores?q=김밥") == (["김밥나라", "김밥천국"], "가맹점 2곳")
    assert client.get("/en/stores?q=gimbap&page=1").status_code == 200  # the English lists read once a version
    statements = []

    def seen(_connection, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", seen)
    try:
        for address in ["/ko/stores?q=김밥&sort=name", "/en/stores?q=gimbap", "/ko/stores?accepts=digital"]:
            statements.clear()
            assert client.get(address).status_code == 200
            if postgres:
                assert len(statements) == 1 and "data_versions" in statements[0], (address, statements)
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    with app.app_context():
        save_store(name="김밥마을", district_id=None, dong_id=dong_id, accepts_paper=True, accepts_digital=True,
                   items="", visible=True, import_key="g:3")
        db.session.commit()
    for address in ["/ko/stores?q=김밥&page=1", "/ko/stores?q=김밥"]:  # new, then kept for the last version
        assert shown(address) == (["김밥나라", "김밥마을", "김밥천국"], "가맹점 3곳")
    assert shown("/ko/stores?accepts=digital&page=1")[0] == ["김밥마을", "김밥천국", "카페 미소"]
    assert shown("/ko/stores?q=김밥마&page=1") == (["김밥마을"], "가맹점 1곳")


def test_page_sizes_and_starts_are_written_into_the_statements_and_text_with_a_filter_is_one_statement(
        app, clean_db, client):
    """A search's LIMIT and OFFSET are written into its statement's text (search._written), never sent as
    parameters: on PostgreSQL a prepared statement with a LIMIT parameter was planned again at every run (its
    generic plan guessed the limit and lost to a new plan each time). And on PostgreSQL, query text with a filter
    (김밥 among restaurants) is read in one statement (page, count and data version), past its last page too."""
    import re

    from tests.helpers import soup

    with app.app_context():
        dongs = db.session.scalars(select(Dong).order_by(Dong.id)).all()
        for i, (name, category) in enumerate([("김밥천국", "food"), ("김밥나라", "food"), ("김밥 문구", "other"),
                                              ("카페 미소", "food"), ("김밥마을", "food")]):
            save_store(name=name, district_id=None, dong_id=dongs[i % 2].id, accepts_paper=True,
                       accepts_digital=i % 2 == 0, items="", visible=True, import_key=f"w:{i}", category=category)
        db.session.commit()
        engine = db.engine
    postgres = engine.dialect.name == "postgresql"
    statements = []

    def seen(_connection, _cursor, statement, *_args):
        statements.append(statement)

    bound = re.compile(r"\b(LIMIT|OFFSET)\s+(\?|%\(|\$|:)")
    expected = {"/ko/stores?q=ㄱㅂ": None, "/ko/stores?q=gimbap": None,
                "/ko/stores?q=김밥&category=food": ["김밥나라", "김밥마을", "김밥천국"],
                "/ko/stores?q=김밥&category=food&page=2": [], "/ko/stores?q=김밥&category=food&accepts=paper": None,
                "/ko/stores?q=ㄱㅂㅊㄱ": ["김밥천국"], "/ko/stores?q=김밥&page=2": [], "/ko/stores?q=김&page=1": None,
                "/ko/stores?category=food": None, "/ko/stores?q=김밥천국": ["김밥천국"],
                "/ko/stores?q=kimbap&category=food": None, "/en/stores?q=cafe": None, "/en/stores?q=cafe&page=2": [],
                "/ko/stores?q=김밥&lat=35.15&lng=126.85": None, "/ko/stores?accepts=paper&lat=35.15&lng=126.85": None}
    event.listen(engine, "before_cursor_execute", seen)
    try:
        for address, names in expected.items():
            statements.clear()
            page = soup(client.get(address))
            assert [s for s in statements if bound.search(s)] == [], address
            if names is not None:
                assert [a.get_text(strip=True) for a in page.select(".store-name a")] == names, address
            if postgres and "q=김밥&category=food" in address and "accepts" not in address:
                # the page with its count and the version; past the last page, then the count on its own
                assert len(statements) == (2 if "page=2" in address else 1), (address, statements)
                assert "data_versions" in statements[0], (address, statements)
                assert page.select_one(".result-count").text == "가맹점 3곳", address
    finally:
        event.remove(engine, "before_cursor_execute", seen)
