"""Rendered fragments kept per worker, valid for one version of the data they were made from.

Data that changes rarely but is read on every request (the store directory: an import a week, a
few edits a day) has a version in the database, changed in the same transaction as each change to
the data (:func:`bump`). A fragment is stored under its key *and* that version; after any change the
version differs, so every worker renders afresh — no expiry times, nothing stale, nothing to purge.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable, Hashable

from cachetools import LRUCache, TLRUCache
from flask import current_app, has_app_context
from sqlalchemy import BigInteger, String, bindparam, event, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Session, mapped_column

from alleyweb.extensions import db


class DataVersion(db.Model):
    """Which state a kind of data is in (the directory: "stores"); changes with every change to it."""

    __tablename__ = "data_versions"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, nullable=False, default=0)


# Read on every request that uses a cache, so built once, as Core statements: building a statement and
# the ORM's bookkeeping cost more than the one-row read itself.
_versions = DataVersion.__table__.c
_VERSION = select(_versions.version).where(_versions.name == bindparam("name"))
_VERSIONS = select(_versions.name, _versions.version).where(_versions.name.in_(bindparam("names", expanding=True)))


def current_version(name: str) -> int:
    db.session.flush()  # what the request changed first, with the versions it bumps (nothing to do: a few µs)
    return db.session.connection().scalar(_VERSION, {"name": name}) or 0


def current_versions(*names: str) -> tuple[int, ...]:
    """The versions of several kinds of data, in one query: the version of what is made from all of them. (Run on
    the session's connection: the ORM's handling of a statement, which these Core statements do not need, cost
    more than the read itself.)"""
    db.session.flush()
    found = dict(db.session.connection().execute(_VERSIONS, {"names": list(names)}).all())
    return tuple(found.get(name, 0) for name in names)


def bump(name: str) -> None:
    """Mark ``name``'s data changed, in the caller's transaction (the row is created on first use).

    The new version is random, not a count: a version then names one state of the data, even after a
    database is restored from a backup (a counter would reuse numbers for different states)."""
    set_new_version(db.session.connection(), name)


def set_new_version(connection, name: str) -> None:
    """Give ``name`` a new random version on ``connection``, in its transaction, creating the row on first use. Two
    transactions creating the same row at once (the first suggestions on a new database): the second waits for the
    first and then changes the row (INSERT … ON CONFLICT), instead of failing on the duplicate key."""
    version = secrets.randbits(62)
    table = DataVersion.__table__
    if connection.execute(update(table).where(table.c.name == name).values(version=version)).rowcount:
        return
    upsert = (postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert)(table)
    upsert = upsert.values(name=name, version=version)
    connection.execute(upsert.on_conflict_do_update(index_elements=[table.c.name],
                                                   set_={"version": upsert.excluded.version}))


def bump_on_change(name: str, *models: type) -> None:
    """Bump ``name`` in every flush that adds, changes or deletes an instance of ``models``, whichever
    code path does it (an ``after_flush`` listener: no edit can forget the version)."""

    @event.listens_for(Session, "after_flush")
    def _bump(session, _context):
        if any(isinstance(item, models) for items in (session.new, session.dirty, session.deleted) for item in items):
            set_new_version(session.connection(), name)


def _app():
    """The app a value is made for: part of every key, so that two apps in one process (the tests', or two
    with different features) never take each other's values, even where their data versions agree."""
    return current_app._get_current_object() if has_app_context() else None


class TimedCache:
    """A small map of key → value kept for a few seconds, for one worker process: figures that may be
    a minute old (the statistics page, the home page's figures), not data someone just changed.
    (cachetools' time-aware LRU, with each value's lifetime given where it is made.)"""

    def __init__(self, size: int):
        self._items = TLRUCache(maxsize=size, ttu=lambda _key, kept, now: now + kept[0], timer=lambda: time.monotonic())
        self._lock = threading.Lock()

    def get_or_make(self, key: Hashable, seconds: float, make: Callable[[], object]):
        if seconds <= 0:
            return make()
        key = (_app(), key)
        with self._lock:
            kept = self._items.get(key)
        if kept is not None:
            return kept[1]
        value = make()
        with self._lock:
            self._items[key] = (seconds, value)
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


class VersionedCache:
    """A small least-recently-used map of (app, key, version) → value, for one worker process (cachetools' LRU)."""

    def __init__(self, size: int):
        self._items = LRUCache(maxsize=size) if size > 0 else None
        self._lock = threading.Lock()

    def get_or_make(self, key: Hashable, version: int, make: Callable[[], object]):
        if self._items is None:
            return make()
        full_key = (_app(), key, version)
        with self._lock:
            if full_key in self._items:
                return self._items[full_key]
        value = make()
        with self._lock:
            self._items[full_key] = value
        return value

    def clear(self) -> None:
        if self._items is not None:
            with self._lock:
                self._items.clear()
