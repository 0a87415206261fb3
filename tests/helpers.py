"""Small helpers shared by tests."""

import os

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import func, select

from alleyweb.core.audit import AuditEvent
from alleyweb.extensions import db


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def count(model) -> int:
    """How many rows the model's table holds."""
    return db.session.scalar(select(func.count()).select_from(model))


def audit_count(action: str) -> int:
    """How many audit events of that action there are."""
    return db.session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == action))


def own_database(database: str, tmp_path, name: str) -> str:
    """The URL of a database of a test's own, for runs in other processes: an SQLite file in ``tmp_path``, or
    the suite's PostgreSQL database name + ``_<name>`` (the test is skipped when the suite runs on SQLite)."""
    if database == "sqlite":
        return f"sqlite:///{tmp_path / f'{name}.db'}"
    url = os.environ.get("TEST_DATABASE_URL")
    if not url or not url.startswith("postgresql"):
        pytest.skip("the suite runs on SQLite: TEST_DATABASE_URL is not a PostgreSQL URL")
    return f"{url}_{name}"
