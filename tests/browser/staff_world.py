"""A staff area with data in it, and session cookies for each kind of visitor, for the page gates."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from alleyweb.database import utcnow
from alleyweb.extensions import db
from alleyweb.staff import auth
from alleyweb.staff.models import StaffSession
from alleyweb.submissions.demo import seed_demo_submissions
from tests.staff_helpers import make_staff


@dataclass
class StaffWorld:
    cookies: dict[str, str]  # visitor → signed session cookie value
    pages: list[tuple[str, str]]  # (path without language, visitor)


def _cookie(app, token: str) -> str:
    return app.session_interface.get_signing_serializer(app).dumps({auth.SESSION_KEY: token})


def _session(app, user, second_factor: bool) -> str:
    token = secrets.token_urlsafe(32)
    db.session.add(StaffSession(token_hash=auth._token_hash(token), staff_id=user.id,
                                second_factor_at=utcnow() if second_factor else None))
    db.session.commit()
    return _cookie(app, token)


def build(app) -> StaffWorld:
    """Call inside an app context."""
    admin = make_staff("gate-admin@seogu.go.kr", "admin")
    confirmed = make_staff("gate-pending@seogu.go.kr", "moderator")
    fresh = make_staff("gate-fresh@seogu.go.kr", "viewer", confirmed=False)
    seed_demo_submissions(30)
    from sqlalchemy import select

    from alleyweb.submissions.models import Submission

    decided = db.session.scalar(select(Submission).where(Submission.status != "received").limit(1))
    cookies = {
        "admin": _session(app, admin, True),
        "pending": _session(app, confirmed, False),
        "setup": _session(app, fresh, False),
    }
    pages = [
        ("/staff/sign-in", "anonymous"),
        ("/staff/two-factor", "pending"),
        ("/staff/two-factor/setup", "setup"),
        ("/staff/", "admin"),
        ("/staff/submissions", "admin"),
        ("/staff/submissions?status=received&sort=oldest&page=2", "admin"),
        (f"/staff/submissions/{decided.id}", "admin"),
        ("/staff/audit", "admin"),
        ("/staff/accounts", "admin"),
        ("/staff/accounts/new", "admin"),
        (f"/staff/accounts/{confirmed.id}", "admin"),
        ("/staff/password", "admin"),
        ("/status", "anonymous"),
    ]
    return StaffWorld(cookies=cookies, pages=pages)
