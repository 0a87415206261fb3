"""A staff area with data in it, and session cookies for each kind of visitor, for the page gates."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import select

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


def _stores():
    """A few districts and stores, with awkward names, for the directory pages."""
    from alleyweb.dongs.models import Dong
    from alleyweb.stores.services import save_district, save_store

    dongs = db.session.scalars(select(Dong).order_by(Dong.sort_order)).all()
    market = save_district("양동시장", dongs[0].id, "market")
    alley = save_district("화정 먹자골목 골목형상점가", dongs[9].id)
    first = None
    names = ["김밥천국 양동점", "GS25 양동시장점", "양동 닭강정 & 치킨", "<b>꽃집</b>", "화정 카페 라떼",
             "아주 긴 이름의 전통 한과와 떡을 파는 가게 본점"]
    for i, name in enumerate(names * 4):
        store = save_store(name=f"{name} {i}" if i >= 6 else name, district_id=market.id if i % 2 else alley.id,
                           items="김밥" if i % 3 == 0 else "", accepts_paper=i % 2 == 0, accepts_digital=True,
                           address="천변좌로 238", phone="062-363-0000", lat=35.15 + i / 1000, lng=126.9,
                           visible=True)
        first = first or store
    db.session.commit()
    return first


def _voice() -> list[tuple[str, str]]:
    """Merchant suggestions at every stage and two Alley Office visits (see alleyweb.voice.demo)."""
    from alleyweb.voice.demo import seed_demo_voice
    from alleyweb.voice.models import AlleyOfficeVisit, Suggestion

    seed_demo_voice()
    thread = db.session.scalar(select(Suggestion).where(Suggestion.thread_id.is_not(None)))
    english_open = db.session.scalar(select(Suggestion).where(Suggestion.lang == "en", Suggestion.visit_id.is_(None)))
    untriaged = db.session.scalar(select(Suggestion).where(Suggestion.urgency.is_(None),
                                                           Suggestion.thread_id.is_(None)))
    coming, past = db.session.scalars(select(AlleyOfficeVisit).order_by(AlleyOfficeVisit.visit_date.desc())).all()
    pages = [("/staff/voice", "admin"), ("/staff/voice?state=answered&topic=parking", "admin"),
             ("/staff/alley-office", "admin"), (f"/staff/alley-office/{coming.id}", "admin"),
             (f"/staff/alley-office/{past.id}", "admin"), ("/alley-office", "anonymous")]
    for row in (thread, english_open, untriaged):
        if row is not None:
            pages.append((f"/staff/submissions/{row.submission_id}", "admin"))
    return pages


def build(app) -> StaffWorld:
    """Call inside an app context."""
    admin = make_staff("gate-admin@seogu.go.kr", "admin")
    confirmed = make_staff("gate-pending@seogu.go.kr", "moderator")
    fresh = make_staff("gate-fresh@seogu.go.kr", "viewer", confirmed=False)
    seed_demo_submissions(30)
    from alleyweb.submissions.models import Submission

    decided = db.session.scalar(select(Submission).where(Submission.status != "received").limit(1))
    store = _stores()
    voice_pages = _voice()
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
        ("/stores?q=김밥", "anonymous"),
        ("/stores?q=없는가게&accepts=paper", "anonymous"),
        ("/stores?sort=distance&lat=35.155&lng=126.90", "anonymous"),
        (f"/stores/{store.id}", "anonymous"),
        (f"/stores/register?store_id={store.id}", "anonymous"),
        ("/stats", "anonymous"),
        *voice_pages,
    ]
    return StaffWorld(cookies=cookies, pages=pages)
