"""Security headers on every response (errors included), safe redirects, rate-limit keys and storage."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

from flask import current_app, request

CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "object-src 'none'",
])


def set_security_headers(response):
    """after_request hook; Flask runs it for error pages and unhandled 500s as well."""
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers.setdefault("Strict-Transport-Security", f"max-age={current_app.config['HSTS_MAX_AGE']}; includeSubDomains")
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    headers.setdefault("Permissions-Policy", "geolocation=(self), camera=(), microphone=(), payment=()")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if response.mimetype == "text/html":
        response.vary.add("Cookie")
    if request.path.split("/")[2:3] == ["staff"]:  # every /<lang>/staff/… answer, errors included
        no_store(response)
    return response


def no_store(response):
    """Pages with personal data (staff, receipts) must not be kept by browsers or proxies."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["Pragma"] = "no-cache"
    return response


def is_safe_redirect(target: str | None) -> bool:
    """True only for a path on this site: ``//evil``, ``/\\evil``, ``https://evil``, ``/%09/evil`` are not.

    The target is checked as given and once percent-decoded, since some browsers and proxies decode it.
    """
    if not target or not isinstance(target, str):
        return False
    return _is_local_path(target) and _is_local_path(unquote(target))


def _is_local_path(target: str) -> bool:
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in target) or "\\" in target:
        return False
    if not target.startswith("/") or target.startswith("//"):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


def safe_redirect_target(target: str | None, fallback: str) -> str:
    return target if is_safe_redirect(target) else fallback


def shared_limits_reachable() -> bool:
    """Whether rate limits are counted across every worker right now: true with per-process storage
    (development, tests), otherwise only while the shared storage (Redis) answers a ping."""
    from alleyweb.extensions import limiter

    if current_app.config["RATELIMIT_STORAGE_URI"].startswith("memory://"):
        return True
    try:
        return bool(limiter.storage.check())
    except Exception:  # noqa: BLE001 - any failure to reach the storage means "not reachable"
        return False


def client_address() -> str:
    """The address rate limits key on (ProxyFix, when configured, has already set it)."""
    return request.remote_addr or "unknown"


class FailureLimit:
    """Counts failures against one thing (a receipt number, say) in the rate-limit storage, so that every
    worker and host counts together, whichever address the attempts come from. If that storage cannot be
    reached the count is skipped (the per-address limits, which fall back to each worker's memory, still
    hold) rather than turning the page into an error."""

    def __init__(self, limit: str, scope: str, key: str):
        from limits import parse

        self.item = parse(limit)
        self.identifiers = (current_app.config["RATELIMIT_KEY_PREFIX"], scope, key)

    def exceeded(self) -> bool:
        from alleyweb.extensions import limiter

        try:
            return not limiter.limiter.test(self.item, *self.identifiers)
        except Exception:  # noqa: BLE001 - storage unreachable: see the class docstring
            current_app.logger.warning("failure limit not checked: rate-limit storage unreachable")
            return False

    def count(self) -> None:
        from alleyweb.extensions import limiter

        try:
            limiter.limiter.hit(self.item, *self.identifiers)
        except Exception:  # noqa: BLE001 - storage unreachable: see the class docstring
            current_app.logger.warning("failure not counted: rate-limit storage unreachable")
