"""Migrations, reference data, demo seed, and the SQLite settings for several workers."""

import threading

import pytest
from sqlalchemy import create_engine, event, select, text

from alleyweb.core.database import configure_sqlite, write_intent
from alleyweb.dongs.models import Dong
from alleyweb.dongs.services import read_seed_file
from alleyweb.extensions import db


def test_migrations_alone_give_the_18_dongs(app_ctx):
    dongs = db.session.scalars(select(Dong).order_by(Dong.sort_order)).all()
    assert len(dongs) == 18
    assert [(d.code, d.name_ko, d.name_en) for d in dongs] == [(r.code, r.name_ko, r.name_en) for r in read_seed_file()]
    assert dongs[2].name_ko == "농성1동" and dongs[2].name_en == "Nongseong 1-dong"


def test_migration_copy_matches_the_seed_file():
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "migrations" / "versions" / "0001_dongs.py"
    spec = importlib.util.spec_from_file_location("m0001", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert [tuple(row) for row in module.DONGS] == [(r.code, r.name_ko, r.name_en) for r in read_seed_file()]


def test_models_and_migrations_agree(app_ctx):
    """Autogenerate finds nothing to do: every model change has its migration."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
    assert diff == []


def test_seed_is_idempotent(app, clean_db):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed", "demo"])
    second = runner.invoke(args=["seed", "demo"])
    assert first.exit_code == 0 and second.exit_code == 0, first.output + second.output
    assert "18 unchanged" in second.output
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(Dong)) == 18


def test_seed_repairs_a_changed_name(app, clean_db):
    with app.app_context():
        dong = db.session.scalar(select(Dong).where(Dong.code == "2914057500"))
        dong.name_en = "Wrong"
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["seed", "dongs"])
    assert "1 updated" in result.output
    with app.app_context():
        assert db.session.scalar(select(Dong.name_en).where(Dong.code == "2914057500")) == "Yang-dong"


@pytest.fixture()
def sqlite_file(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'w.db'}")
    configure_sqlite(engine)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (n INTEGER)"))
    return engine


def test_sqlite_uses_wal_and_a_busy_timeout(sqlite_file):
    with sqlite_file.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_writes_begin_immediate_and_reads_do_not(app, sqlite_file):
    statements = []
    event.listen(sqlite_file, "before_cursor_execute", lambda conn, cursor, stmt, *rest: statements.append(stmt))

    with app.test_request_context("/ko/", method="GET"), sqlite_file.begin() as conn:
        conn.execute(text("SELECT 1"))
    with app.test_request_context("/ko/x", method="POST"), sqlite_file.begin() as conn:
        conn.execute(text("INSERT INTO t VALUES (1)"))
    with write_intent(), sqlite_file.begin() as conn:
        conn.execute(text("INSERT INTO t VALUES (2)"))
    begins = [s for s in statements if s.startswith("BEGIN")]
    assert begins == ["BEGIN", "BEGIN IMMEDIATE", "BEGIN IMMEDIATE"]


def test_immediate_transactions_let_concurrent_writers_all_succeed(app, sqlite_file):
    """Several threads read then write at once: with BEGIN IMMEDIATE none fails with 'locked'."""
    errors = []

    def worker(n):
        try:
            with app.test_request_context("/ko/x", method="POST"):
                for _ in range(20):
                    with sqlite_file.begin() as conn:
                        count = conn.execute(text("SELECT count(*) FROM t")).scalar()
                        conn.execute(text("INSERT INTO t VALUES (:n)"), {"n": count})
        except Exception as error:  # collected and asserted below
            errors.append(error)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with sqlite_file.connect() as conn:
        # Each insert saw every earlier one: the counts are 0..159 exactly once.
        assert sorted(conn.execute(text("SELECT n FROM t")).scalars()) == list(range(160))


def test_deferred_transactions_lose_concurrent_writes(sqlite_file):
    """The failure the recipe prevents: read-then-write in a deferred BEGIN hits 'database is locked'."""
    errors = []
    barrier = threading.Barrier(2)

    def worker():
        try:
            with sqlite_file.begin() as conn:  # no request context: deferred BEGIN
                conn.execute(text("SELECT count(*) FROM t")).scalar()
                barrier.wait()
                conn.execute(text("INSERT INTO t VALUES (0)"))
        except Exception as error:
            errors.append(error)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert any("locked" in str(e) for e in errors)


def test_a_pooled_postgresql_connection_is_checked_without_a_round_trip_and_replaced_once_ended(app, app_ctx):
    """PostgreSQL: the pool's check before each use (pool_pre_ping) looks at the idle connection in this process
    (core.database.configure_postgresql), not with a statement on the server; a connection the server has ended
    meanwhile (as in a restart: pg_terminate_backend) is still found and replaced, and the next use succeeds."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        pytest.skip("PostgreSQL only")
    import time

    import psycopg

    from alleyweb.core.database import configure_postgresql

    engine = create_engine(app.config["SQLALCHEMY_DATABASE_URI"], pool_pre_ping=True, pool_size=1, max_overflow=0)
    configure_postgresql(engine)
    sent = []
    execute = psycopg.Cursor.execute

    def counted(cursor, query, *args, **kwargs):
        sent.append(query)
        return execute(cursor, query, *args, **kwargs)

    try:
        with engine.connect() as conn:
            first = conn.exec_driver_sql("SELECT pg_backend_pid()").scalar()
        psycopg.Cursor.execute = counted
        try:
            with engine.connect() as conn:  # the pooled connection, checked without a statement
                assert sent == []
                assert conn.exec_driver_sql("SELECT pg_backend_pid()").scalar() == first
        finally:
            psycopg.Cursor.execute = execute
        with db.engine.connect() as other:
            assert other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": first}).scalar()
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:  # until the backend has gone
            with db.engine.connect() as other:
                if not other.execute(text("SELECT count(*) FROM pg_stat_activity WHERE pid = :pid"),
                                     {"pid": first}).scalar():
                    break
            time.sleep(0.05)
        with engine.connect() as conn:  # replaced on checkout: no error here
            assert conn.exec_driver_sql("SELECT 1").scalar() == 1
            assert conn.exec_driver_sql("SELECT pg_backend_pid()").scalar() != first
    finally:
        engine.dispose()


def test_two_transactions_creating_a_data_version_at_once_both_commit(app, app_ctx):
    """The first change to a kind of data creates its version row: two transactions doing it at once (the first
    suggestions on a new PostgreSQL database, found by the load test as a 500) must both commit, the second
    waiting for the first and then changing the row."""
    import secrets

    from alleyweb.core.cache import DataVersion, set_new_version

    if db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL only: SQLite lets one writer at a time, whose update then finds the row")
    name = f"race-{secrets.token_hex(4)}"
    errors = []
    with db.engine.connect() as first, db.engine.connect() as second:
        first.begin()
        set_new_version(first, name)  # inserted, not yet committed

        def other():
            try:
                with second.begin():
                    set_new_version(second, name)  # finds no committed row: inserts, and waits for the first
            except Exception as error:  # noqa: BLE001 - the failure this test is about
                errors.append(error)

        thread = threading.Thread(target=other)
        thread.start()
        thread.join(0.5)  # the other transaction is now waiting on the row
        first.commit()
        thread.join(30)
    try:
        assert errors == []
        assert db.session.scalar(select(DataVersion.version).where(DataVersion.name == name)) is not None
    finally:
        db.session.execute(DataVersion.__table__.delete().where(DataVersion.name == name))
        db.session.commit()
