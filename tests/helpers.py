"""Small helpers shared by tests."""

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
