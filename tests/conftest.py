"""Shared fixtures: an app on a real database (SQLite file by default, PostgreSQL when
TEST_DATABASE_URL is set), built by running the migrations exactly as production does.

`make test` runs the suite in two processes (pytest-xdist, `-n 2`): each has its own database (its own
SQLite file; on PostgreSQL the database TEST_DATABASE_URL names with the worker's name added, e.g.
``test_gw0``, created here when missing), its own live server on a free port and its own browser."""

from __future__ import annotations

import contextlib
import contextvars
import functools
import inspect
import os
import threading
from pathlib import Path

import pytest
from flask import has_app_context
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import text
from werkzeug.serving import make_server

from alleyweb import create_app
from alleyweb.config import TestingConfig
from alleyweb.extensions import db
from tests.programs_helpers import programs  # noqa: F401  (the seeded welfare programs)

REFERENCE_TABLES = {"dongs", "alembic_version"}

# The slow groups (markers registered in pytest.ini): `make test-fast` leaves them out. A test is marked
# by where it lives, by what it starts (a server or a child Python process makes it a load/fault run, so a
# new one is marked without anyone remembering to), or by name for single slow tests in otherwise quick files.
GROUP_BY_PATH = {
    "tests/browser/": "browser",
    "tests/test_load_short.py": "load",
    "tests/test_staff_throttle.py": "load",  # each test runs the app in child processes
    "tests/test_fuzz_forms.py": "fuzz",
    "tests/test_notify_fault.py": "load",  # worker processes killed mid-batch, the gateway stopped
    "tests/test_stores_words.py": "slow",  # 1,500 searches against brute force
    "tests/test_stores_search.py": "slow",  # 300 stores written before each test
}
LOAD_IF_IT_CALLS = ("start_gunicorn(", "start_redis(", 'sys.executable, "-c"')
GROUP_BY_NAME = {
    "test_integer_query_parameters_of_every_page_survive_hostile_numbers": "fuzz",
    "test_every_integer_route_segment_answers_404_to_hostile_numbers": "fuzz",
    "test_seeding_the_demo_stores_twice_changes_nothing": "slow",
    "test_the_demo_file_imports_with_every_kind_of_row": "slow",
    "test_seed_is_idempotent": "slow",
}


@functools.cache
def _source(function) -> str:  # once per function, not once per parametrised case
    try:
        return inspect.getsource(function)
    except (OSError, TypeError):
        return ""


# The order modules run in: those with browser tests first, then load, fuzz and slow ones, then the rest
# (each module's own order kept). Under pytest-xdist (`make test`: `--dist loadscope --no-loadscope-reorder`)
# a module is one piece of work, handed out in this order: the long ones start first and the many short
# ones fill in at the end, so that neither process waits for the other's last long module.
GROUP_ORDER = ("browser", "load", "fuzz", "slow")


def pytest_collection_modifyitems(config, items):
    root = Path(str(config.rootpath))
    module_rank: dict = {}
    for item in items:
        path = Path(str(item.path)).relative_to(root).as_posix()
        groups = {group for prefix, group in GROUP_BY_PATH.items() if path.startswith(prefix)}
        name = getattr(item, "originalname", item.name)
        if name in GROUP_BY_NAME:
            groups.add(GROUP_BY_NAME[name])
        function = getattr(item, "function", None)
        if function is not None and any(call in _source(function) for call in LOAD_IF_IT_CALLS):
            groups.add("load")
        for group in sorted(groups):
            item.add_marker(group)
        rank = min((GROUP_ORDER.index(group) for group in groups), default=len(GROUP_ORDER))
        module_rank[item.path] = min(module_rank.get(item.path, rank), rank)
    items.sort(key=lambda item: module_rank[item.path])  # stable: each module's tests stay in their order


class IsolatedClient(FlaskClient):
    """A test client whose requests never borrow the test's own app context.

    Flask reuses an app context that is already pushed, so a test holding one (to use the database
    between requests) would share ``g`` — and Flask-Babel's cached language — across requests. Each
    request here runs in a fresh context, as it does in production.
    """

    def open(self, *args, **kwargs):
        response = contextvars.Context().run(super().open, *args, **kwargs)
        if has_app_context():
            # End the test's own read transaction, so that it sees what the request committed
            # (an SQLite reader keeps its snapshot until its transaction ends).
            db.session.rollback()
        return response


def worker_database_url(url: str) -> str:
    """TEST_DATABASE_URL for this process: under pytest-xdist each worker has a database of its own,
    the given one's name with the worker's added (``…/test`` → ``…/test_gw0``), created when missing."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker or not url.startswith("postgresql"):
        return url
    base, name = url.rsplit("/", 1)
    name = f"{name}_{worker}"
    import psycopg

    with psycopg.connect(base.replace("postgresql+psycopg://", "postgresql://") + "/postgres",
                         autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    return f"{base}/{name}"


def database_url(tmp_dir: Path) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    return worker_database_url(url) if url else f"sqlite:///{tmp_dir / 'test.db'}"


def reset_database(app) -> None:
    """An empty database, then every migration: the schema tests run against is the shipped one."""
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
        else:
            db.drop_all()
            with db.engine.begin() as conn:
                conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
        upgrade()


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("db")
    application = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=database_url(tmp))
    application.test_client_class = IsolatedClient
    reset_database(application)
    return application


@pytest.fixture()
def client(app):
    return app.test_client()


def empty_tables(app) -> None:
    """Every table but the reference data emptied (what tests and browser worlds wrote)."""
    with app.app_context():
        db.session.rollback()
        for table in reversed(db.metadata.sorted_tables):
            if table.name not in REFERENCE_TABLES:
                db.session.execute(table.delete())
        db.session.commit()


@pytest.fixture()
def clean_db(app):
    """Use in tests that write: afterwards every non-reference table is emptied again."""
    yield db
    empty_tables(app)


@pytest.fixture()
def ctx(app, clean_db):
    """An application context over a database that is emptied again afterwards."""
    with app.app_context():
        yield app


@pytest.fixture()
def app_ctx(app):
    with app.app_context():
        yield app



@contextlib.contextmanager
def serving(app):
    """``app`` served over HTTP in a thread on a free port: its address, and the server stopped after."""
    server = make_server("127.0.0.1", 0, app, threaded=True)  # listening from here on: no wait needed
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="session")
def live_server(app):
    """The app served over HTTP in a thread, for the browser tests."""
    with serving(app) as address:
        yield address
