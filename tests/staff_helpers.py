"""Making staff accounts and signed-in clients for tests."""

from __future__ import annotations

import pyotp

from alleyweb.core.database import utcnow
from alleyweb.extensions import db
from alleyweb.staff import auth
from alleyweb.staff.models import StaffSession

PASSWORD = "correct horse battery staple 2026"


def make_staff(email: str, role: str, *, types=(), confirmed: bool = True, password: str = PASSWORD):
    """An account (in the current app context), with its second factor already set up if ``confirmed``."""
    user = auth.create_staff(email, password, role, allowed_types=list(types))
    if confirmed:
        user.totp_confirmed_at = utcnow()
        db.session.commit()
    return user


def sign_in_as(client, user) -> str:
    """Give a test client a fully signed-in session for ``user`` without going through the forms."""
    import secrets

    token = secrets.token_urlsafe(32)
    db.session.add(StaffSession(token_hash=auth._token_hash(token), staff_id=user.id, second_factor_at=utcnow()))
    db.session.commit()
    with client.session_transaction() as session:
        session[auth.SESSION_KEY] = token
    return token


def current_code(user) -> str:
    return pyotp.TOTP(user.totp_secret).now()


def staff_client(app, email: str, role: str, *, types=()):
    """A test client signed in as a new officer (in the current app context), and the officer."""
    user = make_staff(email, role, types=types)
    client = app.test_client()
    sign_in_as(client, user)
    return client, user


def signed_in(app, role: str, email: str):
    """A client signed in as a new officer with that role, and the officer's id."""
    with app.app_context():
        client, user = staff_client(app, email, role)
        return client, user.id
