"""Every model module, imported once so that SQLAlchemy metadata and Alembic see all tables."""

from alleyweb.dongs.models import Dong  # noqa: F401
