"""A staff area with data in it, and session cookies for each kind of visitor, for the page gates."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import select

from alleyweb.core.database import utcnow
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


def programs_world(app, email: str) -> dict:
    """The welfare programs seeded and an administrator (``email``) signed in: the session cookie and the
    id of the 1,000-won taxi, for the programs' staff pages."""
    from alleyweb.programs.content import seed_programs
    from alleyweb.programs.models import Program

    with app.app_context():
        seed_programs()
        admin = make_staff(email, "admin")
        taxi = db.session.scalar(select(Program).where(Program.slug == "thousand-won-taxi"))
        return {"cookie": _session(app, admin, True), "taxi_id": taxi.id}


def _stores():
    """A few districts and stores, with awkward names, for the directory pages."""
    from datetime import date

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
    # A store with no address, phone or position of its own (at its district's centre in near me), and a
    # district whose shops are counted, so that the pages show a rate and a place both known and not.
    unplaced = save_store(name="주소 없는 반찬가게", district_id=market.id, items="반찬", accepts_paper=True,
                          visible=True)
    market.shops, market.shops_counted_on = 40, date(2026, 11, 30)
    db.session.commit()
    return {"store": first, "unplaced": unplaced.id, "market": market.id, "alley": alley.id}


def _giving(officer) -> dict:
    """A project with offers, requests and a volunteer; pledges at several stages (for the giving pages)."""
    from datetime import date

    from alleyweb.giving import intake as giving_intake
    from alleyweb.giving import services
    from alleyweb.submissions.intake import store

    project = services.save_project(
        None, officer, title_ko="어르신 반찬 나눔 <b>", title_en="Side dishes for older neighbours", area="health",
        description_ko="매주 토요일 반찬을 만들어 홀로 사는 어르신께 전합니다.\n함께해 주세요.",
        description_en="Every Saturday we cook side dishes for older neighbours who live alone.", dong_id=None,
        starts_on=date(2026, 11, 1), ends_on=date(2026, 12, 31), helpers_needed=5, recipients_needed=20,
        status="open")
    closed = services.save_project(
        None, officer, title_ko="김장 나눔", title_en="Kimchi making", area="network", description_ko="마감된 사업",
        description_en="A closed project", dong_id=None, starts_on=date(2026, 10, 1), ends_on=None,
        helpers_needed=0, recipients_needed=0, status="closed")
    contact = {"name": "홍길동", "phone": "010-1234-5678", "dong_id": None}

    def application(kind):
        return store(giving_intake.application(project, giving_intake.ApplicationInput(
            kind=kind, for_whom="self", message="도움이 필요해요", neighbour_name="", neighbour_phone="",
            neighbour_consent=False, **contact)), "ko")

    request, offer = application("request"), application("offer")
    services.connect_application(services.application_for(offer), officer, "연결했습니다")

    def pledge(amount, **changes):
        values = dict(donor_type="individual", business_name="", business_number="", frequency="once",
                      amount=amount, months=1, area="health", hall_of_fame=True, display_name="김나눔", receipt=True,
                      message="", **contact)
        values.update(changes)
        return store(giving_intake.pledge(giving_intake.PledgeInput(**values)), "ko")

    honors, paid = pledge(50_000_000), pledge(1_000_000, frequency="monthly", months=12)
    paid_pledge = services.pledge_for(paid)
    services.confirm_pledge(paid_pledge, officer)
    services.record_payment(paid_pledge, officer, 1_000_000, date(2026, 11, 1))
    services.confirm_pledge(services.pledge_for(honors), officer)
    volunteer = store(giving_intake.volunteer(giving_intake.VolunteerInput(
        name="이봉사", phone="010-2222-3333", birth_date=date(1980, 5, 5), under_14=False, guardian_name="",
        guardian_phone="", areas=["health"], talents=["cooking"], skills=["수어"], availability=["weekend_morning"],
        languages=["vi"], other_languages=[], dong_id=None, details={"areas_label": "건강"})), "ko")
    from alleyweb.submissions.services import decide_submissions

    decide_submissions([volunteer], officer, "approve", "")
    services.connect_volunteer(services.volunteer_for(volunteer), project, officer)
    return {"project": project.id, "closed": closed.id, "pledge": honors.id, "paid_pledge": paid.id,
            "volunteer": volunteer.id, "application": request.id, "connected": offer.id}


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
             ("/staff/voice/record", "admin"),
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
    from alleyweb.staff import work

    work.assign(decided, admin, admin, None)
    work.add_note(decided, admin, "보호자와 통화함: 서류는 월요일에 낸다고 함\n두 번째 줄")
    work.save_filter(admin, "내 담당 <b>기한 지남</b>", "assignee=me&due=overdue")
    db.session.commit()
    from alleyweb.submissions.models import ProcessingTime

    db.session.add(ProcessingTime(type_key="voice_suggestion", days=14, text_ko="현장 확인 후 답변",
                                  text_en="answered after a visit to the shop", phone="062-360-7777"))
    db.session.commit()
    stores = _stores()
    store = stores["store"]
    giving = _giving(admin)
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
        ("/staff/submissions?assignee=me&due=overdue&subject=x&sort=due", "admin"),
        (f"/staff/submissions/{decided.id}", "admin"),
        ("/staff/audit", "admin"),
        ("/staff/accounts", "admin"),
        ("/staff/accounts/new", "admin"),
        (f"/staff/accounts/{confirmed.id}", "admin"),
        ("/staff/password", "admin"),
        ("/staff/notifications", "admin"),
        ("/staff/notifications/texts", "admin"),
        ("/staff/processing-times", "admin"),
        ("/staff/processing-times/voice_suggestion", "admin"),
        ("/staff/processing-times/store_request", "admin"),
        ("/status", "anonymous"),
        ("/stores?q=김밥", "anonymous"),
        ("/stores?q=없는가게&accepts=paper", "anonymous"),
        ("/stores?sort=distance&lat=35.155&lng=126.90", "anonymous"),
        (f"/stores/{store.id}", "anonymous"),
        (f"/stores/register?store_id={store.id}", "anonymous"),
        (f"/stores/{stores['unplaced']}", "anonymous"),
        ("/stores/districts?sort=rate", "anonymous"),
        (f"/stores/districts/{stores['market']}", "anonymous"),
        (f"/stores/districts/{stores['alley']}", "anonymous"),
        ("/staff/stores", "admin"),
        ("/staff/stores?missing=position", "admin"),
        (f"/staff/stores/{store.id}", "admin"),
        (f"/staff/stores/{stores['unplaced']}", "admin"),
        ("/staff/stores/districts?sort=rate", "admin"),
        (f"/staff/stores/districts/{stores['market']}", "admin"),
        ("/staff/stores/outreach", "admin"),
        ("/stats", "anonymous"),
        (f"/projects/{giving['project']}", "anonymous"),
        (f"/projects/{giving['closed']}", "anonymous"),
        ("/donate/honors", "anonymous"),
        ("/staff/projects", "admin"),
        ("/staff/projects/new", "admin"),
        (f"/staff/projects/{giving['project']}", "admin"),
        ("/staff/volunteers", "admin"),
        (f"/staff/volunteers?project={giving['project']}&area=health", "admin"),
        (f"/staff/submissions/{giving['pledge']}", "admin"),
        (f"/staff/submissions/{giving['paid_pledge']}", "admin"),
        (f"/staff/submissions/{giving['volunteer']}", "admin"),
        (f"/staff/submissions/{giving['application']}", "admin"),
        (f"/staff/submissions/{giving['connected']}", "admin"),
        *voice_pages,
    ]
    return StaffWorld(cookies=cookies, pages=pages)
