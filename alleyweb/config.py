"""Configuration classes, read from the environment.

``ALLEYWEB_ENV`` picks the class: ``development`` (default, what ``make run`` uses), ``testing`` or
``production``. Every setting a deployment changes is an environment variable; docs/DEPLOY.md lists them.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
INSTANCE_DIR = Path(os.environ.get("ALLEYWEB_INSTANCE_DIR", REPO_ROOT / "instance"))

# Keys that must never run a production site: empty, short, or copied from examples.
WEAK_SECRET_KEYS = {"dev", "secret", "changeme", "change-me", "development", "test", "please-change-me"}
MIN_SECRET_KEY_LENGTH = 32


def _env_list(name: str, default: list[str] | None) -> list[str] | None:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


class Config:
    ENV_NAME = "base"
    LANGUAGES = ("ko", "en")
    BABEL_DEFAULT_LOCALE = "ko"
    BABEL_DEFAULT_TIMEZONE = "Asia/Seoul"
    BABEL_TRANSLATION_DIRECTORIES = str(REPO_ROOT / "translations")

    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL") or f"sqlite:///{INSTANCE_DIR / 'alleyweb.db'}"
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}

    # Staff passwords: scrypt with werkzeug's parameters (N=2**15, r=8, p=1; about 0.1 s of CPU a hash).
    PASSWORD_HASH = "scrypt:32768:8:1"  # noqa: S105 - a hashing method, not a password

    # A 1 MB POST is refused with 413 before any view reads it.
    MAX_CONTENT_LENGTH = 512 * 1024
    MAX_FORM_MEMORY_SIZE = 512 * 1024

    WTF_CSRF_ENABLED = True
    WTF_CSRF_TIME_LIMIT = 4 * 3600
    # Hosts this site answers for; anything else is a 400 (Flask's TRUSTED_HOSTS).
    TRUSTED_HOSTS = _env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

    SESSION_COOKIE_NAME = "alleyweb_session"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE", False)
    PREFERENCE_COOKIE_MAX_AGE = 365 * 24 * 3600

    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    # If Redis (the shared counts) is down, each worker counts in its own memory until it is back, so
    # residents' forms keep working instead of failing; and Redis gets short timeouts.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_STORAGE_OPTIONS = {"socket_connect_timeout": 1, "socket_timeout": 1}
    # Redis can also go away in the middle of a request, after the limit was checked but before a
    # conditional deduction (a failed sign-in, a sent form) is counted: that one count is logged and
    # dropped, rather than turning a form that was saved into a 500.
    RATELIMIT_SWALLOW_ERRORS = True
    # Figures (the statistics page, the home page's) are counted at most this often per worker.
    FIGURES_CACHE_SECONDS = int(os.environ.get("FIGURES_CACHE_SECONDS", "60"))
    # How many reverse proxies stand in front of the app (nginx: 1; a load balancer and nginx: 2).
    PROXY_FIX_HOPS = int(os.environ.get("PROXY_FIX_HOPS", "0"))
    RATELIMIT_KEY_PREFIX = "alleyweb"
    # Production refuses per-worker (memory://) limit storage unless the deployment runs one worker on purpose.
    RATELIMIT_ONE_WORKER = _env_bool("RATELIMIT_ONE_WORKER", False)
    # The demo kind of submission (invented data for `make run` and the tests); never in production.
    DEMO_SUBMISSIONS = _env_bool("DEMO_SUBMISSIONS", True)
    RATELIMIT_HEADERS_ENABLED = True

    COMPRESS_MIMETYPES = ["text/html", "text/css", "text/javascript", "application/javascript",
                          "application/json", "application/xml", "text/xml", "image/svg+xml", "text/csv"]
    COMPRESS_ALGORITHM = ["br", "gzip"]
    SEND_FILE_MAX_AGE_DEFAULT = 365 * 24 * 3600  # static URLs carry a content hash

    HSTS_MAX_AGE = 2 * 365 * 24 * 3600

    # Contacts shown on the privacy policy and accessibility statement; a deployment sets its own.
    OFFICE_NAME_KO = os.environ.get("OFFICE_NAME_KO", "광주광역시 서구청")
    OFFICE_NAME_EN = os.environ.get("OFFICE_NAME_EN", "Seo-gu Office, Gwangju")
    OFFICE_ADDRESS_KO = os.environ.get("OFFICE_ADDRESS_KO", "(61928) 광주광역시 서구 경열로 33")
    OFFICE_ADDRESS_EN = os.environ.get("OFFICE_ADDRESS_EN", "33 Gyeongyeol-ro, Seo-gu, Gwangju 61928")
    OFFICE_PHONE = os.environ.get("OFFICE_PHONE", "062-360-7114")
    PRIVACY_OFFICER_TITLE_KO = os.environ.get("PRIVACY_OFFICER_TITLE_KO", "개인정보 보호책임자")
    PRIVACY_OFFICER_TITLE_EN = os.environ.get("PRIVACY_OFFICER_TITLE_EN", "Chief Privacy Officer")
    PRIVACY_OFFICER_PHONE = os.environ.get("PRIVACY_OFFICER_PHONE", OFFICE_PHONE)
    PRIVACY_OFFICER_EMAIL = os.environ.get("PRIVACY_OFFICER_EMAIL", "")
    PRIVACY_POLICY_EFFECTIVE = os.environ.get("PRIVACY_POLICY_EFFECTIVE", "2026-11-21")
    ACCESSIBILITY_REVIEWED = os.environ.get("ACCESSIBILITY_REVIEWED", "2026-11-21")

    # Seo-gu Honors: the pledge totals (whole won) at which a donor joins each tier, lowest first.
    HONORS_TIERS = tuple(int(v) for v in _env_list("HONORS_TIERS", ["30000000", "50000000", "100000000"]))
    # The largest pledge the form accepts; a bigger gift is arranged with an officer in person.
    # Notifications (alleyweb/notify, docs/DEPLOY.md): providers, the site's public address for links in
    # texts and e-mails, and the worker's retries.
    SITE_URL = os.environ.get("SITE_URL", "")
    SMTP_URL = os.environ.get("SMTP_URL", "")
    MAIL_FROM = os.environ.get("MAIL_FROM", "")
    SMS_PROVIDER = os.environ.get("SMS_PROVIDER", "")
    SMS_API_URL = os.environ.get("SMS_API_URL", "")
    SMS_API_KEY = os.environ.get("SMS_API_KEY", "")
    SMS_API_SECRET = os.environ.get("SMS_API_SECRET", "")
    SMS_FROM = os.environ.get("SMS_FROM", "")
    NOTIFY_MAX_ATTEMPTS = int(os.environ.get("NOTIFY_MAX_ATTEMPTS", "8"))
    NOTIFY_RETRY_SECONDS = float(os.environ.get("NOTIFY_RETRY_SECONDS", "30"))
    NOTIFY_RETRY_MAX_SECONDS = float(os.environ.get("NOTIFY_RETRY_MAX_SECONDS", "3600"))
    NOTIFY_POLL_SECONDS = float(os.environ.get("NOTIFY_POLL_SECONDS", "5"))
    PLEDGE_MAX_WON = int(os.environ.get("PLEDGE_MAX_WON", "10000000000"))

    @classmethod
    def init_secret_key(cls, app) -> None:
        """Development and tests: a random key kept in instance/ so sessions survive restarts.

        gunicorn's workers start together and each creates the app: the key is written to a file of the
        worker's own and linked into place, which succeeds for one worker only, so that the file appears
        complete and every worker reads the same key."""
        if app.config.get("SECRET_KEY"):
            return
        key = os.environ.get("SECRET_KEY")
        if not key:
            path = Path(app.instance_path) / "secret_key"
            if not path.exists():
                path.parent.mkdir(parents=True, exist_ok=True)
                draft = path.with_name(f".secret_key.{os.getpid()}.{secrets.token_hex(4)}")
                fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                with os.fdopen(fd, "w") as handle:
                    handle.write(secrets.token_urlsafe(48))
                try:
                    os.link(draft, path)
                except FileExistsError:
                    pass  # another worker's key is in place: that one is used
                finally:
                    draft.unlink()
            key = path.read_text().strip()
        app.config["SECRET_KEY"] = key


class DevelopmentConfig(Config):
    ENV_NAME = "development"


class TestingConfig(Config):
    ENV_NAME = "testing"
    TESTING = True
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL") or "sqlite://"
    WTF_CSRF_ENABLED = False
    TRUSTED_HOSTS = ["localhost", "127.0.0.1"]
    RATELIMIT_STORAGE_URI = "memory://"
    DEMO_SUBMISSIONS = True
    SECRET_KEY = "testing-key-" + "x" * 40
    FIGURES_CACHE_SECONDS = 0  # tests check figures right after changing the data
    # The same scrypt at a 32nd of the work (N=2**10): the suite makes and checks hundreds of staff passwords,
    # 30 s of CPU at full strength. tests/test_staff_auth.py checks that every other configuration keeps it.
    PASSWORD_HASH = "scrypt:1024:8:1"  # noqa: S105 - a hashing method, not a password


class ProductionConfig(Config):
    ENV_NAME = "production"
    SESSION_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE", True)
    PREFERRED_URL_SCHEME = "https"
    DEMO_SUBMISSIONS = _env_bool("DEMO_SUBMISSIONS", False)
    TRUSTED_HOSTS = _env_list("ALLOWED_HOSTS", None)

    @classmethod
    def init_secret_key(cls, app) -> None:
        key = os.environ.get("SECRET_KEY", "")
        if len(key) < MIN_SECRET_KEY_LENGTH or key.lower() in WEAK_SECRET_KEYS or len(set(key)) < 10:
            raise RuntimeError(
                "SECRET_KEY must be set to a random value of at least "
                f"{MIN_SECRET_KEY_LENGTH} characters in production (python -c 'import secrets; "
                "print(secrets.token_urlsafe(48))')."
            )
        if not app.config.get("TRUSTED_HOSTS"):
            raise RuntimeError("ALLOWED_HOSTS must list the host names this site answers for in production.")
        if app.config["RATELIMIT_STORAGE_URI"].startswith("memory://") and not app.config["RATELIMIT_ONE_WORKER"]:
            raise RuntimeError(
                "RATELIMIT_STORAGE_URI must point at shared storage (redis://…) in production: with memory:// each "
                "worker counts on its own, so limits (sign-in throttling, the status lookup) multiply by the number "
                "of workers. A deployment that runs one worker on purpose sets RATELIMIT_ONE_WORKER=true.")
        app.config["SECRET_KEY"] = key


CONFIGS = {"development": DevelopmentConfig, "testing": TestingConfig, "production": ProductionConfig}


def get_config(name: str | None = None) -> type[Config]:
    name = name or os.environ.get("ALLEYWEB_ENV", "development")
    try:
        return CONFIGS[name]
    except KeyError:
        raise RuntimeError(f"ALLEYWEB_ENV must be one of {', '.join(CONFIGS)}, not {name!r}") from None
