"""Extension instances only; they are bound to an app in :func:`alleyweb.create_app`."""

from flask_babel import Babel
from flask_compress import Compress
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect

from alleyweb.core.database import Base

db = SQLAlchemy(model_class=Base)
migrate = Migrate()
csrf = CSRFProtect()
babel = Babel()
compress = Compress()
# Storage comes from RATELIMIT_STORAGE_URI: memory by default, Redis in production so that
# every gunicorn worker and host counts against the same limits.
limiter = Limiter(key_func=get_remote_address, default_limits=[])
