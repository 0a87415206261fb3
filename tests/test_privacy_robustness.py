"""The holes a hostile tester found (issue 13), each reproduced as it was found, and the class of hole it
belongs to tried elsewhere: masked data recovered through searches, the TOTP step skipping the lockout,
numbers Python or the database cannot hold, digits of other scripts, registration numbers, limits that one
address or one session could dodge, and smaller leaks (audit rows, headers)."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta
from urllib.parse import parse_qsl, urlsplit

import pyotp
import pytest
from sqlalchemy import func, select

from alleyweb.core.audit import AuditEvent
from alleyweb.core.database import utcnow
from alleyweb.core.numbers import parse_int
from alleyweb.core.privacy import anonymise, contains_rrn, redact
from alleyweb.dongs.models import Dong
from alleyweb.extensions import db, limiter
from alleyweb.staff.models import StaffSession
from alleyweb.submissions.models import Submission
from alleyweb.submissions.services import create_submission
from tests.helpers import soup
from tests.pages import gated_paths
from tests.staff_helpers import PASSWORD, make_staff, sign_in_as
from tests.voice_helpers import FORM as SUGGESTION
from tests.voice_helpers import send

TAXI = "/ko/programs/thousand-won-taxi/apply"
TAXI_FORM = {"name": "김순자", "birth_date": "1948. 5. 2.", "phone": "010 9876 5432", "dong": "2914057500",
             "address": "경열로 33, 101동 202호", "q_destinations": "전남대병원, 양동시장", "q_trips": "weekly",
             "q_mobility_reason": "age", "consent": "y"}


@pytest.fixture(autouse=True)
def _fresh_limits():
    limiter.reset()


def signed_in(app, role, email=None):
    user = make_staff(email or f"{role}@seogu.go.kr", role)
    client = app.test_client()
    sign_in_as(client, user)
    return client, user


def demo(name="홍길동", phone="010-1234-8888", **details):
    dong = db.session.scalar(select(Dong).where(Dong.code == "2914057500"))
    return create_submission(type_key="demo", lang="ko", name=name, phone=phone, dong_id=dong.id,
                             details=details or {"topic": "주차", "message": "골목 주차 문제"})


def queue_receipts(client, q):
    page = soup(client.get("/ko/staff/submissions", query_string={"q": q}))
    return [code.get_text() for code in page.select("table.queue code")]


# -- 1. what a viewer may search follows what a viewer may see ---------------------------------------------

def test_a_viewer_cannot_recover_hidden_digits_or_answers_through_the_search(ctx, programs):
    """The reproduction: a viewer sees 010-****-8888 but asked `<receipt> 010-1` and learned each digit
    from whether the row still matched; a birth date and a disability answer the same way."""
    item = demo()
    public = ctx.test_client()
    applied = public.post(TAXI, data={**TAXI_FORM, "q_mobility_reason": "disability",
                                      "q_mobility_detail": "휠체어 사용", "sensitive_consent": "y"})
    application = soup(applied).select_one(".receipt-number").get_text(strip=True)
    viewer, _ = signed_in(ctx, "viewer")
    moderator, _ = signed_in(ctx, "moderator")

    for probe in [f"{item.receipt_no} 010-1", f"{item.receipt_no} 1234", f"{item.receipt_no} 홍길",
                  f"{item.receipt_no} 골목", f"{application} 1948", f"{application} 휠체어",
                  f"{application} 경열로", f"{application} 김순"]:
        assert queue_receipts(viewer, probe) == [], probe
        assert len(queue_receipts(moderator, probe)) == 1, probe  # a role that sees it may search it
    # What the viewer is shown stays searchable: the receipt number and the non-personal answers.
    assert queue_receipts(viewer, item.receipt_no.lower()) == [item.receipt_no]
    assert queue_receipts(viewer, "주차") == [item.receipt_no]
    assert queue_receipts(viewer, "천원택시") == [application]


def test_free_text_is_redacted_for_a_viewer_in_lists_pages_and_exports(ctx):
    message = "골목 주차 문제입니다. 010 - 5040 - 1040 또는 kim@example.com 으로 연락 주세요."
    receipt = send(ctx.test_client(), message=message)
    item = db.session.scalar(select(Submission).where(Submission.receipt_no == receipt))
    viewer, _ = signed_in(ctx, "viewer")
    moderator, _ = signed_in(ctx, "moderator")

    page = soup(viewer.get(f"/ko/staff/submissions/{item.id}")).select_one("main").get_text()
    assert "골목 주차 문제입니다" in page and "5040" not in page and "kim@example.com" not in page
    assert "○○○" in page
    assert "5040" in soup(moderator.get(f"/ko/staff/submissions/{item.id}")).select_one("main").get_text()
    assert queue_receipts(viewer, "5040") == [] and queue_receipts(viewer, "example") == []

    exported = viewer.get("/ko/staff/submissions/export?format=csv").data.decode("utf-8-sig")
    assert "5040" not in exported and "kim@example.com" not in exported and "골목 주차 문제입니다" in exported
    assert "5040" in moderator.get("/ko/staff/submissions/export?format=csv").data.decode("utf-8-sig")


def test_an_alley_office_agenda_shows_a_viewer_the_redacted_message(ctx):
    from alleyweb.voice import services
    from tests.voice_helpers import suggestion

    receipt = send(ctx.test_client(), message="가로등 고장. 사장님 번호 010.5040.1040")
    moderator, officer = signed_in(ctx, "moderator")
    lead = suggestion(receipt)
    services.triage(lead, officer, urgency="urgent", department=None, tags=[])
    dong = db.session.scalar(select(Dong).where(Dong.code == "2914057500"))
    visit = services.save_visit(None, officer, visit_date=utcnow().date() + timedelta(days=7), start_time="14:00",
                                dong_id=dong.id, district_id=None, place="양동시장", host_shop="양동상회")
    services.add_to_agenda(visit, lead, officer)
    db.session.commit()
    viewer, _ = signed_in(ctx, "viewer")
    text = soup(viewer.get(f"/ko/staff/alley-office/{visit.id}")).select_one(".agenda").get_text()
    assert "가로등 고장" in text and "5040" not in text
    assert "5040" in soup(moderator.get(f"/ko/staff/alley-office/{visit.id}")).select_one(".agenda").get_text()


def test_every_console_search_and_filter_is_logged_without_what_was_typed(ctx):
    demo()
    viewer, user = signed_in(ctx, "viewer")
    viewer.get("/ko/staff/submissions", query_string={"q": "010-1234", "type": "demo", "status": "received"})
    viewer.get("/ko/staff/submissions")  # no filter: not a search
    viewer.get("/ko/staff/audit", query_string={"action": "auth.sign_in"})
    rows = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "console.search")
                              .order_by(AuditEvent.id)).all()
    assert [(r.staff_id, r.detail["list"]) for r in rows] == [(user.id, "submissions")]  # viewers see no audit log
    assert rows[0].detail["filter"] == {"q": "********", "status": "received", "type": "demo"}
    admin, _ = signed_in(ctx, "admin")
    admin.get("/ko/staff/voice", query_string={"topic": "parking"})
    admin.get("/ko/staff/volunteers", query_string={"skill": "김영수 010 2222 3333"})
    admin.get("/ko/staff/submissions/export", query_string={"format": "csv", "q": "홍길동 010-1234-8888"})
    everything = " ".join(str(r.detail) for r in db.session.scalars(select(AuditEvent)))
    assert "010" not in everything and "홍길동" not in everything and "김영수" not in everything
    lists = [r.detail["list"] for r in db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "console.search").order_by(AuditEvent.id))]
    assert lists == ["submissions", "suggestions", "volunteers"]


# -- 2. the lockout holds at the code step -------------------------------------------------------------

def _password_step(client, user):
    response = client.post("/ko/staff/sign-in", data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"].endswith("/ko/staff/two-factor")


def test_a_locked_account_is_refused_at_the_code_step_whatever_the_code(ctx):
    user = make_staff("locked@seogu.go.kr", "admin")
    client = ctx.test_client()
    _password_step(client, user)
    user.locked_until = utcnow() + timedelta(minutes=5)
    db.session.commit()
    refused = client.post("/ko/staff/two-factor", data={"code": pyotp.TOTP(user.totp_secret).now()})
    assert refused.status_code == 400
    db.session.refresh(user)
    assert user.locked_until is not None and user.totp_last_step == 0  # the right code was not even checked
    assert client.get("/ko/staff/submissions").headers["Location"].endswith("/ko/staff/sign-in")


def test_wrong_codes_count_towards_the_lockout_and_one_pending_session_at_a_time(ctx):
    user = make_staff("guess@seogu.go.kr", "admin")
    first, second = ctx.test_client(), ctx.test_client()
    _password_step(first, user)
    _password_step(second, user)  # a second password-passed session ends the first
    pending = db.session.scalars(select(StaffSession).where(StaffSession.staff_id == user.id,
                                                            StaffSession.revoked_at.is_(None))).all()
    assert len(pending) == 1
    stale = first.post("/ko/staff/two-factor", data={"code": "000000"})
    assert stale.headers["Location"].endswith("/ko/staff/sign-in")
    for _ in range(5):
        assert second.post("/ko/staff/two-factor", data={"code": "000000"}).status_code == 400
    db.session.refresh(user)
    assert user.failed_logins == 5 and user.locked_until is not None
    right = second.post("/ko/staff/two-factor", data={"code": pyotp.TOTP(user.totp_secret).now()})
    assert right.status_code == 400  # locked: a right code now does not sign in or clear the lock
    db.session.refresh(user)
    assert user.locked_until is not None


def test_a_code_typed_in_full_width_digits_signs_in(ctx):
    user = make_staff("wide@seogu.go.kr", "admin")
    client = ctx.test_client()
    _password_step(client, user)
    code = pyotp.TOTP(user.totp_secret).now()
    wide = "".join(chr(ord(ch) + 0xFEE0) for ch in code)
    assert client.post("/ko/staff/two-factor", data={"code": wide}).status_code == 302
    assert client.get("/ko/staff/submissions").status_code == 200
    other = make_staff("arabic@seogu.go.kr", "admin")
    client = ctx.test_client()
    _password_step(client, other)
    assert client.post("/ko/staff/two-factor", data={"code": "²" * 6}).status_code == 400  # not a 500


# -- 3. numbers too big, too strange or negative: 404 or 400, never 500 --------------------------------

NOT_NUMBERS = ["99999999999999999999999", "9" * 5000, "²", "-1", "0x10", "1e3", "1.5"]
# Digits a person types: read as numbers in a query or a form, but not in a path (its digits are ASCII).
OTHER_DIGITS = ["１", "٣", " 1"]
HOSTILE = NOT_NUMBERS + OTHER_DIGITS


def _int_routes(app):
    for rule in app.url_map.iter_rules():
        ints = [name for name, conv in rule._converters.items() if conv.__class__.__name__ == "BoundedIntConverter"]
        if ints:
            yield rule, ints


def _url(rule, name, value, slug="thousand-won-taxi"):
    path = rule.rule.replace("<lang:lang>", "ko")
    path = re.sub(r"<int:(\w+)>", lambda m: value if m.group(1) == name else "1", path)
    return re.sub(r"<(?:\w+:)?\w+>", slug, path)


def test_every_integer_route_segment_answers_404_to_hostile_numbers(ctx, programs):
    admin, _ = signed_in(ctx, "admin")
    routes = list(_int_routes(ctx))
    assert len(routes) >= 20
    for rule, names in routes:
        for name in names:
            for value in HOSTILE:
                for method in sorted(rule.methods & {"GET", "POST"}):
                    response = admin.open(_url(rule, name, value), method=method, data={"probe": "1"})
                    assert response.status_code == 404, (method, rule.rule, value[:30], response.status_code)


def _integer_params(client, paths):
    """Each page's integer-looking query parameters, from the links the site itself writes."""
    found = {}
    for path in paths:
        for link in soup(client.get(path)).select("a[href*='?']"):
            parts = urlsplit(link["href"])
            for key, value in parse_qsl(parts.query):
                if value.isdigit():
                    found.setdefault(parts.path, set()).add(key)
    return found


def test_integer_query_parameters_of_every_page_survive_hostile_numbers(ctx, programs):
    from alleyweb.stores.services import save_district, save_store

    market = save_district("양동시장", db.session.scalar(select(Dong.id).where(Dong.code == "2914057500")), "market")
    for n in range(45):  # more than a page, so the directory links to page 2
        save_store(name=f"양동 가게 {n}", district_id=market.id, items="김밥", accepts_paper=True,
                   accepts_digital=False, address="", phone="", lat=None, lng=None, visible=True)
    admin, _ = signed_in(ctx, "admin")
    public = ctx.test_client()
    staff_paths = ["/ko/staff/submissions", "/ko/staff/audit", "/ko/staff/voice", "/ko/staff/volunteers",
                   "/ko/staff/alley-office", "/ko/staff/projects"]
    pages = {**_integer_params(public, [p for p in gated_paths(ctx) if "does-not-exist" not in p]),
             **_integer_params(admin, staff_paths)}
    # What each page reads, whether or not a link to it carries it just now.
    for path in ["/ko/stores", "/en/stores", *staff_paths[:5]]:  # the lists that are paged
        pages.setdefault(path, set()).add("page")
    pages.setdefault("/ko/stores/register", set()).add("store_id")
    pages["/ko/staff/volunteers"].add("project")
    assert "page" in pages["/ko/stores"] and len(pages) > 8
    for path, names in pages.items():
        client = admin if "/staff/" in path else public
        for name in names:
            strict = name == "page" or (name == "store_id" and path.endswith("/register"))
            for value in HOSTILE:
                response = client.get(path, query_string={name: value})
                if strict and value in NOT_NUMBERS:  # a page or a record that cannot exist
                    assert response.status_code in (400, 404), (path, name, value[:30], response.status_code)
                else:
                    assert response.status_code < 500, (path, name, value[:30], response.status_code)


@pytest.mark.parametrize("data", [
    {"amount_choice": "9" * 5000}, {"amount_choice": "other", "amount_other": "9" * 5000},
    {"amount_choice": "other", "amount_other": "9" * 5000 + "원"},
    {"amount_choice": "other", "amount_other": "1" * 50 + "만원"},
    {"frequency": "monthly", "months": "²"}, {"frequency": "monthly", "months": "9" * 5000},
], ids=["choice", "other", "won", "man-won", "superscript-months", "huge-months"])
def test_pledges_with_numbers_python_cannot_hold_get_a_message(ctx, data):
    form = {"donor_type": "person", "frequency": "once", "amount_choice": "1000000", "area": "any", "name": "김기부",
            "phone": "010-2222-3333", "dong": "2914057500", "consent": "y", **data}
    response = ctx.test_client().post("/ko/donate", data=form)
    assert response.status_code == 400
    assert soup(response).select(".error-summary li")
    assert db.session.scalar(select(func.count()).select_from(Submission)) == 0


@pytest.mark.parametrize("step, go", [("²", ""), ("9" * 5000, ""), ("1", "q-²"), ("1", "q-" + "9" * 5000),
                                      ("-1", "q--1")], ids=["superscript", "huge", "go-superscript", "go-huge",
                                                            "negative"])
def test_the_screener_survives_strange_steps(ctx, programs, step, go):
    response = ctx.test_client().post("/ko/programs/check", data={"step": step, "go": go})
    assert response.status_code in (200, 400)


def test_parse_int_reads_only_bounded_decimal_digits():
    assert parse_int("42") == 42 and parse_int("４２") == 42 and parse_int("٤٢") == 42 and parse_int(" 7 ") == 7
    for bad in ["²", "-1", "", "1.5", "1e3", "9" * 11, "9" * 5000, "0x1", None, True, "1 2"]:
        assert parse_int(bad) is None, bad
    assert parse_int("2147483648") is None and parse_int("2147483647") == 2**31 - 1
    assert parse_int("5", maximum=4) is None and parse_int("", default=1) == 1


# -- 4. digits of other scripts --------------------------------------------------------------------------

def test_a_phone_in_full_width_digits_is_stored_in_ascii_and_can_be_looked_up(ctx):
    client = ctx.test_client()
    receipt = send(client, phone="010-１２３４-５６７８")
    item = db.session.scalar(select(Submission).where(Submission.receipt_no == receipt))
    assert item.phone == "010-1234-5678"
    for last4 in ["5678", "５６７８", "٥٦٧٨", "56 78"]:
        page = soup(client.post("/ko/status", data={"receipt_no": receipt, "phone_last4": last4}))
        assert page.select_one(".status-result"), last4


def test_the_status_lookup_answers_an_unknown_receipt_and_wrong_digits_alike(ctx):
    client = ctx.test_client()
    receipt = send(client, phone="010-2222-9385")
    answers = []
    for data in [{"receipt_no": receipt, "phone_last4": "９３８４"},
                 {"receipt_no": "ZZZZZ-ZZZZZ", "phone_last4": "９３８４"},
                 {"receipt_no": receipt, "phone_last4": "0000"}, {"receipt_no": "ZZZZZ-ZZZZY", "phone_last4": "0000"}]:
        response = client.post("/ko/status", data=data)
        answers.append((response.status_code, str(soup(response).select_one("main").get_text(" ", strip=True))
                        .replace(data["receipt_no"], "")))
    assert len(set(answers)) == 1 and answers[0][0] == 200


# -- 5. registration numbers are refused ------------------------------------------------------------------

@pytest.mark.parametrize("rrn", ["900101-1234567", "9001011234567", "900101 - 1234567", "９００１０１－１２３４５６７",
                                 "900101 5234567"])
def test_a_registration_number_in_free_text_is_refused_with_a_message(ctx, programs, rrn):
    client = ctx.test_client()
    response = client.post("/ko/suggestions/new", data={**SUGGESTION, "message": f"제 번호는 {rrn} 입니다"})
    assert response.status_code == 400
    assert "주민등록번호" in soup(response).select_one(".error-summary").get_text()
    for field in ["address", "q_destinations"]:
        response = client.post(TAXI, data={**TAXI_FORM, field: f"{rrn}"})
        assert response.status_code == 400, field
    assert db.session.scalar(select(func.count()).select_from(Submission)) == 0


def test_what_an_officer_publishes_is_checked_for_registration_numbers_too(ctx):
    from tests.voice_helpers import suggestion

    receipt = send(ctx.test_client())
    moderator, _ = signed_in(ctx, "moderator")
    lead = suggestion(receipt)
    response = moderator.post(f"/ko/staff/voice/suggestions/{lead.id}/reply",
                              data={"reply-text_ko": "확인했습니다. 900101-1234567", "reply-kind": "answer"})
    assert response.status_code == 400
    db.session.refresh(lead)
    assert lead.answered_at is None


def test_numbers_that_are_not_registration_numbers_are_not_refused():
    for text in ["010-1234-5678", "123-45-67890", "2026-12-02", "1,000,000원", "991332-1234567", "9001011234567890"]:
        assert not contains_rrn(text), text


# -- 6. limits that hold for every address and every session ----------------------------------------------

def test_a_receipt_is_locked_for_online_lookup_after_ten_wrong_guesses_from_any_address(ctx):
    client = ctx.test_client()
    receipt = send(client, phone="010-2222-4321")
    for n in range(10):
        response = client.post("/ko/status", data={"receipt_no": receipt, "phone_last4": f"{n:04d}"},
                               environ_base={"REMOTE_ADDR": f"203.0.113.{n + 1}"})
        assert response.status_code == 200
    right = client.post("/ko/status", data={"receipt_no": receipt, "phone_last4": "4321"},
                        environ_base={"REMOTE_ADDR": "203.0.113.99"})
    assert right.status_code == 429
    page = soup(right)
    assert not page.select(".status-result") and "062-360-7114" in page.select_one("[role=alert]").get_text()
    # An unknown receipt number is locked the same way: the lock tells nobody which receipts exist.
    for n in range(11):
        unknown = client.post("/ko/status", data={"receipt_no": "ZZZZZ-ZZZZZ", "phone_last4": f"{n:04d}"},
                              environ_base={"REMOTE_ADDR": f"203.0.114.{n + 1}"})
    assert unknown.status_code == 429
    other = send(client, phone="010-2222-4322")  # other receipts are not affected
    assert soup(client.post("/ko/status", data={"receipt_no": other, "phone_last4": "4322"})).select_one(
        ".status-result")


def test_another_sessions_one_time_token_does_not_return_its_receipt(ctx):
    victim, attacker = ctx.test_client(), ctx.test_client()
    page = soup(victim.get("/ko/suggestions/new"))
    token = page.select_one("input[name=idempotency_key]")["value"]
    first = victim.post("/ko/suggestions/new", data={**SUGGESTION, "idempotency_key": token})
    again = victim.post("/ko/suggestions/new", data={**SUGGESTION, "idempotency_key": token})  # a double click
    receipt = soup(first).select_one(".receipt-number").get_text(strip=True)
    assert soup(again).select_one(".receipt-number").get_text(strip=True) == receipt
    stolen = attacker.post("/ko/suggestions/new", data={**SUGGESTION, "name": "공격자", "idempotency_key": token})
    assert stolen.status_code == 200
    assert soup(stolen).select_one(".receipt-number").get_text(strip=True) != receipt
    assert db.session.scalar(select(func.count()).select_from(Submission)) == 2


# -- 7. smaller leaks ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, words, gone", [
    ("연락처 010 - 5040 - 1040 입니다", [], ["5040"]),
    ("연락처 010.5040.1040 입니다", [], ["5040"]),
    ("+82 10 5040 1040", [], ["5040"]),
    ("０１０－５０４０－１０４０", [], ["５０４０"]),
    ("김 영수 사장님이 말씀하셨습니다", ["김영수"], ["영수"]),
    ("김영수 사장님", ["김 영수"], ["영수"]),
    ("Ask Kim Minsu at kim.minsu@example.com", ["Kim Minsu"], ["Minsu", "example"]),
    ("번호 900101-1234567", [], ["1234567"]),
])
def test_the_anonymiser_catches_spaced_phones_spaced_names_emails_and_registration_numbers(text, words, gone):
    result = anonymise(text, words)
    assert "○○○" in result
    for part in gone:
        assert part not in result, (text, result)


def test_redact_leaves_ordinary_text_alone():
    for text in ["골목 입구 주차 문제", "2026-12-02 14:00", "1,000,000원", "양동시장 3번 출구"]:
        assert redact(text) == text


def test_csv_exports_carry_one_charset(ctx):
    demo()
    admin, _ = signed_in(ctx, "admin")
    for response in [admin.get("/ko/staff/submissions/export?format=csv"), ctx.test_client().get("/stores.csv")]:
        assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
        list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))


def test_a_choice_of_only_spaces_is_no_choice_not_a_500(ctx):
    """Found by the GET fuzzing: Optional() lets a choice of "\\r\\n" through as "not given", but the field
    kept it and int() failed. Choices are stripped at the form boundary and ids read with parse_int."""
    client = ctx.test_client()
    assert client.get("/ko/stores", query_string={"market": "\r\n", "dong": " "}).status_code == 200
    receipt = send(client, district="\r\n")
    assert db.session.scalar(select(Submission).where(Submission.receipt_no == receipt)).details["district_id"] is None
