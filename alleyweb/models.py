"""Every model module, imported once so that SQLAlchemy metadata and Alembic see all tables."""

from alleyweb.core.audit import AuditEvent  # noqa: F401
from alleyweb.core.cache import DataVersion  # noqa: F401
from alleyweb.dongs.models import Dong, DongCentre  # noqa: F401
from alleyweb.giving.models import (  # noqa: F401
    Application,
    Pledge,
    PledgePayment,
    Project,
    Volunteer,
    VolunteerTag,
)
from alleyweb.notify.models import Notice, OfficerPreference, Subscription, TextTemplate  # noqa: F401
from alleyweb.programs.models import Program  # noqa: F401
from alleyweb.staff.models import RecoveryCode, StaffSession, StaffUser  # noqa: F401
from alleyweb.stores.models import (  # noqa: F401
    GramCategoryCount,
    GramCount,
    ShoppingDistrict,
    Store,
    StoreCount,
    StoreGram,
    StoreImport,
)
from alleyweb.submissions.models import (  # noqa: F401
    ProcessingTime,
    SavedFilter,
    Submission,
    SubmissionEvent,
    SubmissionNote,
)
from alleyweb.voice.models import AlleyOfficeVisit, Suggestion  # noqa: F401
