"""Declarative base, timestamps, and the SQLite settings that let several workers write safely.

SQLite in WAL mode lets readers and one writer work at once, but a transaction that starts as a
reader (plain deferred ``BEGIN``) and later writes cannot wait for the lock: it fails at once with
"database is locked" when another worker has written meanwhile. Write transactions therefore start
with ``BEGIN IMMEDIATE``, which takes the write lock up front and waits up to the busy timeout.
Reads (GET/HEAD requests) keep the cheap deferred ``BEGIN`` so they never queue behind writers.
"""

from __future__ import annotations

import select
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime

from flask import has_request_context, request
from sqlalchemy import DateTime, MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Stable constraint names, so that Alembic migrations can alter them on SQLite and PostgreSQL alike.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

SQLITE_BUSY_TIMEOUT_MS = 10_000
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

_write_intent: ContextVar[bool] = ContextVar("write_intent", default=False)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> datetime:
    return datetime.now(UTC)


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow, nullable=False
    )


@contextmanager
def write_intent():
    """Make transactions begun inside this block take SQLite's write lock at once (CLI, jobs)."""
    token = _write_intent.set(True)
    try:
        yield
    finally:
        _write_intent.reset(token)


def _wants_immediate() -> bool:
    if _write_intent.get():
        return True
    return has_request_context() and request.method not in SAFE_METHODS


def read_outside_transaction(session) -> None:
    """For a view that only reads, on PostgreSQL: its statements run without a transaction (autocommit), which
    spares two round trips to the server, BEGIN and the ROLLBACK that ends a read. At READ COMMITTED (PostgreSQL's
    default) each statement of a transaction reads its own snapshot anyway, so the view reads the same. Call it
    before the view's first statement; the connection is given back to the pool in its usual mode. Nothing on
    SQLite (no round trips there), nor once the session has begun a transaction."""
    if session.get_bind().dialect.name == "postgresql" and not session.in_transaction():
        session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})


def configure_postgresql(engine: Engine) -> None:
    """The pool's check of a PostgreSQL connection before each use (``pool_pre_ping``) made without a round trip:
    :func:`_idle_connection_alive` instead of a ``SELECT 1`` on the server, whose round trip cost every page that
    reads the database about as much as its own one or two statements."""
    if engine.dialect.name != "postgresql" or engine.dialect.driver != "psycopg":
        return
    select_one = engine.dialect.do_ping
    engine.dialect.do_ping = lambda dbapi_connection: _idle_connection_alive(dbapi_connection, select_one)


def _idle_connection_alive(dbapi_connection, select_one) -> bool:
    """Whether a pooled psycopg connection can be used, looked at in this process: a connection given back to the
    pool is idle (no transaction, nothing asked), so the server has nothing to send it, and anything there to read
    is the end of it — the message and closed socket of a server restart, an administrator's
    ``pg_terminate_backend``, an ``idle_session_timeout``. Then False: the pool replaces it (and every connection
    older, as for a failed ping). A connection found in any other state is pinged on the server (``select_one``,
    the dialect's own ping)."""
    from psycopg.pq import TransactionStatus

    if dbapi_connection.closed or dbapi_connection.broken:
        return False
    if dbapi_connection.info.transaction_status != TransactionStatus.IDLE:
        return select_one(dbapi_connection)
    waiting = select.poll()
    waiting.register(dbapi_connection.fileno(), select.POLLIN)
    return not waiting.poll(0)


SQLITE_MMAP_BYTES = 512 * 1024 * 1024


def configure_sqlite(engine: Engine) -> None:
    """Apply WAL, busy timeout, foreign keys and the BEGIN IMMEDIATE recipe to an SQLite engine.

    This is SQLAlchemy's documented pysqlite recipe: the driver's own transaction handling is
    switched off so that SQLAlchemy emits BEGIN itself.
    """
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        # Reads through a memory map instead of a system call per 4 KiB page: the store search
        # visits thousands of pages of postings and stores per query.
        cursor.execute(f"PRAGMA mmap_size = {SQLITE_MMAP_BYTES}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        conn.exec_driver_sql("BEGIN IMMEDIATE" if _wants_immediate() else "BEGIN")
