"""Every model module, imported once so that SQLAlchemy metadata and Alembic see all tables."""

from alleyweb.dongs.models import Dong  # noqa: F401
from alleyweb.staff.models import AuditEvent, RecoveryCode, StaffSession, StaffUser  # noqa: F401
from alleyweb.stores.models import GramCount, ShoppingDistrict, Store, StoreGram, StoreImport  # noqa: F401
from alleyweb.submissions.models import Submission, SubmissionEvent  # noqa: F401
from alleyweb.voice.models import AlleyOfficeVisit, Suggestion  # noqa: F401
