"""Staff sign-in: passwords, the TOTP second factor, recovery codes, lockout, server-side sessions.

OWASP ASVS level 2 is the bar. Every failure answers the same way whether or not the email exists,
and a session lives in the database, so signing out, changing a password or disabling an account
ends it everywhere at once.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import unicodedata
from datetime import timedelta

import pyotp
from flask import current_app, request, session
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from werkzeug.security import check_password_hash, generate_password_hash

from alleyweb.core.audit import record
from alleyweb.core.database import utcnow
from alleyweb.core.dates import as_utc
from alleyweb.core.numbers import digits_only
from alleyweb.extensions import db
from alleyweb.staff.models import ROLES, RecoveryCode, StaffSession, StaffUser

SESSION_KEY = "staff_session"
IDLE_TIMEOUT = timedelta(minutes=30)
ABSOLUTE_TIMEOUT = timedelta(hours=12)
# A session that has passed the password but not yet the second factor may only finish signing in.
SECOND_FACTOR_WINDOW = timedelta(minutes=10)
MIN_PASSWORD_LENGTH = 15
MAX_PASSWORD_LENGTH = 128
LOCK_AFTER_FAILURES = 5
MAX_LOCK = timedelta(hours=1)
RECOVERY_CODE_COUNT = 10
ISSUER = "Seo-gu AlleyWeb"
# Checked when the email is unknown, so that the answer takes as long as for a real account: one per hashing
# method (the app's PASSWORD_HASH), made when first needed.
_dummy_hashes: dict[str, str] = {}


# -- passwords ---------------------------------------------------------------------------------

def password_problems(password: str, *, email: str = "") -> list:
    """Reasons a new staff password is refused (empty if it is acceptable)."""
    problems = []
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.append(_l("Use at least 15 characters. A few unrelated words make a long password easy to "
                           "remember."))
    elif len(password) > MAX_PASSWORD_LENGTH:
        problems.append(_l("Use at most 128 characters."))
    elif _is_common(password, email):
        problems.append(_l("This password is too easy to guess. Choose one that is not a common phrase, a "
                           "keyboard pattern or your email address."))
    return problems


def _is_common(password: str, email: str) -> bool:
    from zxcvbn import zxcvbn

    lowered = password.lower()
    local = email.split("@", 1)[0].lower()
    if len(set(lowered)) < 5 or (len(local) >= 4 and local in lowered):
        return True
    result = zxcvbn(password[:100], user_inputs=[email, local, "alleyweb", "seogu", "gwangju"])
    return result["score"] < 3


def hash_password(password: str) -> str:
    """The password's hash by the app's PASSWORD_HASH method (config.Config: scrypt at werkzeug's strength)."""
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH"])


def _dummy_hash() -> str:
    method = current_app.config["PASSWORD_HASH"]
    if method not in _dummy_hashes:
        _dummy_hashes[method] = generate_password_hash("not-a-real-password-" + secrets.token_hex(8), method=method)
    return _dummy_hashes[method]


# -- accounts ----------------------------------------------------------------------------------

class AccountError(ValueError):
    """A refused account change, with a message for the person making it."""


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def create_staff(email: str, password: str, role: str, *, allowed_types=(), created_by: StaffUser | None = None,
                 must_change_password: bool = False) -> StaffUser:
    """A new account with a fresh TOTP secret; the second factor is confirmed at first sign-in."""
    email = normalise_email(email)
    if role not in ROLES:
        raise AccountError(f"role must be one of {', '.join(ROLES)}")
    if "@" not in email or len(email) > 254:
        raise AccountError(_l("Enter an email address, like name@seogu.go.kr"))
    if db.session.scalar(select(StaffUser.id).where(StaffUser.email == email)):
        raise AccountError(_l("An account with this email address already exists."))
    problems = password_problems(password, email=email)
    if problems:
        raise AccountError(problems[0])
    user = StaffUser(email=email, password_hash=hash_password(password), role=role,
                     allowed_types=list(allowed_types), totp_secret=pyotp.random_base32(),
                     must_change_password=must_change_password)
    db.session.add(user)
    db.session.flush()
    record("staff.create", staff=created_by, target=user, detail={"role": role, "types": list(allowed_types)},
           commit=False)
    db.session.commit()
    return user


def provisioning_uri(user: StaffUser) -> str:
    return pyotp.TOTP(user.totp_secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def set_disabled(user: StaffUser, disabled: bool, *, by: StaffUser | None) -> None:
    if by is not None and by.id == user.id and disabled:
        raise AccountError(_l("You cannot disable your own account."))
    user.disabled_at = utcnow() if disabled else None
    if disabled:
        revoke_all_sessions(user, commit=False)
    record("staff.disable" if disabled else "staff.enable", staff=by, target=user, commit=False)
    db.session.commit()


def set_role(user: StaffUser, role: str, allowed_types, *, by: StaffUser | None) -> None:
    if role not in ROLES:
        raise AccountError(f"role must be one of {', '.join(ROLES)}")
    if by is not None and by.id == user.id and role != "admin":
        raise AccountError(_l("You cannot remove your own admin role."))
    before = {"role": user.role, "types": list(user.allowed_types or [])}
    user.role = role
    user.allowed_types = list(allowed_types)
    record("staff.role", staff=by, target=user, detail={"before": before, "after": {
        "role": role, "types": list(allowed_types)}}, commit=False)
    db.session.commit()


def change_password(user: StaffUser, current: str, new: str) -> None:
    """Change a password; every session of the account ends (the caller starts a fresh one)."""
    if not check_password_hash(user.password_hash, current):
        raise AccountError(_l("Your current password is not right."))
    problems = password_problems(new, email=user.email)
    if problems:
        raise AccountError(problems[0])
    if check_password_hash(user.password_hash, new):
        raise AccountError(_l("Choose a password different from your current one."))
    user.password_hash = hash_password(new)
    user.must_change_password = False
    revoke_all_sessions(user, commit=False)
    record("auth.password_changed", staff=user, target=user, commit=False)
    db.session.commit()


# -- signing in --------------------------------------------------------------------------------

def check_password_login(email: str, password: str) -> StaffUser | None:
    """The account if the email and password are right and it may sign in; None otherwise.

    Failures count towards a lockout that doubles with each further failure (1 min, 2, 4 … 60).
    """
    user = db.session.scalar(select(StaffUser).where(StaffUser.email == normalise_email(email)))
    if user is None:
        check_password_hash(_dummy_hash(), password)
        record("auth.sign_in_failed", detail={"reason": "credentials"})
        return None
    password_ok = check_password_hash(user.password_hash, password)
    if is_locked(user):
        record("auth.sign_in_failed", staff=user, target=user, detail={"reason": "locked"})
        return None
    if not password_ok or not user.is_active:
        register_failure(user, "credentials" if user.is_active else "disabled")
        return None
    return user


def is_locked(user: StaffUser) -> bool:
    """Whether the account is locked after failed attempts (at the password or at the code step)."""
    locked_until = as_utc(user.locked_until)
    return locked_until is not None and locked_until > utcnow()


def check_second_factor(user: StaffUser, code: str, *, recovery: bool = True) -> bool:
    """The code step of signing in: a locked account is refused whatever the code (and without checking
    it, so a right guess teaches nothing); a wrong code counts towards the same lockout as a wrong password."""
    if is_locked(user):
        record("auth.sign_in_failed", staff=user, target=user, detail={"reason": "locked"})
        return False
    if verify_totp(user, code) or (recovery and use_recovery_code(user, code)):
        return True
    register_failure(user, "second_factor")
    return False


def register_failure(user: StaffUser, reason: str) -> None:
    user.failed_logins += 1
    if user.failed_logins >= LOCK_AFTER_FAILURES:
        delay = min(timedelta(minutes=2 ** (user.failed_logins - LOCK_AFTER_FAILURES)), MAX_LOCK)
        user.locked_until = utcnow() + delay
        record("auth.locked", staff=user, target=user, detail={"minutes": delay.total_seconds() / 60},
               commit=False)
    record("auth.sign_in_failed", staff=user, target=user, detail={"reason": reason}, commit=False)
    db.session.commit()


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(user: StaffUser, *, second_factor_done: bool) -> StaffSession:
    """A new session id (the old cookie contents are dropped: no session fixation). An account has at
    most one half-signed-in session: starting one ends the others, so that guesses at the code cannot be
    spread over several sessions."""
    if not second_factor_done:
        db.session.execute(update(StaffSession).where(
            StaffSession.staff_id == user.id, StaffSession.second_factor_at.is_(None),
            StaffSession.revoked_at.is_(None)).values(revoked_at=utcnow()))
    next_url = session.get("staff_next")
    session.clear()
    token = secrets.token_urlsafe(32)
    row = StaffSession(token_hash=_token_hash(token), staff_id=user.id, ip=request.remote_addr or "",
                       user_agent=(request.user_agent.string or "")[:200],
                       second_factor_at=utcnow() if second_factor_done else None)
    db.session.add(row)
    session[SESSION_KEY] = token
    if next_url:
        session["staff_next"] = next_url
    session.permanent = False
    return row


def current_session(*, touch: bool = True) -> StaffSession | None:
    """The valid session of this request, or None: unknown, revoked, idle 30 min, older than 12 h,
    account disabled, or half-signed-in for too long."""
    token = session.get(SESSION_KEY)
    if not token or not isinstance(token, str):
        return None
    row = db.session.scalar(select(StaffSession).where(StaffSession.token_hash == _token_hash(token)))
    if row is None or row.revoked_at is not None or not row.staff.is_active:
        return None
    now = utcnow()
    if now - as_utc(row.last_seen_at) > IDLE_TIMEOUT or now - as_utc(row.created_at) > ABSOLUTE_TIMEOUT:
        return None
    if row.second_factor_at is None and now - as_utc(row.created_at) > SECOND_FACTOR_WINDOW:
        return None
    if touch and now - as_utc(row.last_seen_at) > timedelta(seconds=30):
        row.last_seen_at = now
        db.session.commit()
    return row


def end_session(row: StaffSession) -> None:
    row.revoked_at = utcnow()
    record("auth.sign_out", staff=row.staff, target=row.staff, commit=False)
    db.session.commit()
    session.clear()


def revoke_all_sessions(user: StaffUser, *, commit: bool = True) -> None:
    db.session.execute(update(StaffSession).where(StaffSession.staff_id == user.id,
                                                  StaffSession.revoked_at.is_(None)).values(revoked_at=utcnow()))
    if commit:
        db.session.commit()


# -- second factor -----------------------------------------------------------------------------

def verify_totp(user: StaffUser, code: str) -> bool:
    """A current 6-digit code (±30 s), each code usable once."""
    code = digits_only(code)  # full-width or other scripts' digits read as ASCII
    if len(code) != 6:
        return False
    totp = pyotp.TOTP(user.totp_secret)
    now = utcnow()
    for offset in (-1, 0, 1):
        at = now + timedelta(seconds=30 * offset)
        step = totp.timecode(at)
        if step > user.totp_last_step and hmac.compare_digest(totp.at(at).encode(), code.encode()):
            user.totp_last_step = step
            return True
    return False


def use_recovery_code(user: StaffUser, code: str) -> bool:
    cleaned = "".join(ch for ch in unicodedata.normalize("NFKC", code or "").lower() if ch.isascii() and ch.isalnum())
    if len(cleaned) != 12:
        return False
    digest = _token_hash(cleaned)
    for stored in user.recovery_codes:
        if stored.used_at is None and hmac.compare_digest(stored.code_hash.encode(), digest.encode()):
            stored.used_at = utcnow()
            record("auth.recovery_code_used", staff=user, target=user, commit=False)
            return True
    return False


def issue_recovery_codes(user: StaffUser) -> list[str]:
    """New one-time recovery codes (the old ones stop working). Shown once; only hashes are kept."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    codes = ["".join(secrets.choice(alphabet) for _ in range(12)) for _ in range(RECOVERY_CODE_COUNT)]
    user.recovery_codes.clear()
    for code in codes:
        # The codes are random (59 bits), so a fast hash is enough and checking ten stays quick.
        user.recovery_codes.append(RecoveryCode(code_hash=_token_hash(code)))
    return [f"{c[:4]}-{c[4:8]}-{c[8:]}" for c in codes]


def complete_second_factor(pending: StaffSession, *, first_setup: bool) -> tuple[StaffSession, list[str]]:
    """Finish signing in: the half-signed-in session is replaced by a new one (a new id again)."""
    user = pending.staff
    pending.revoked_at = utcnow()
    codes: list[str] = []
    if first_setup:
        user.totp_confirmed_at = utcnow()
        codes = issue_recovery_codes(user)
        record("auth.second_factor_set_up", staff=user, target=user, commit=False)
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = utcnow()
    row = start_session(user, second_factor_done=True)
    record("auth.sign_in", staff=user, target=user, commit=False)
    db.session.commit()
    return row, codes


def temporary_password() -> str:
    """A first password for an account an admin creates; the officer must change it at first sign-in."""
    words = [secrets.token_urlsafe(6) for _ in range(4)]
    return "-".join(words)
