"""Applications: the form and its checks, guardian and sensitive-data consent, one submission per click,
through the console to the status page, and the retention each program declares."""

from __future__ import annotations

from datetime import timedelta

import pytest
from freezegun import freeze_time
from sqlalchemy import func, select

from alleyweb.core.database import utcnow
from alleyweb.core.dates import seoul_today as today
from alleyweb.extensions import db, limiter
from alleyweb.programs.models import Program
from alleyweb.submissions.models import Submission
from alleyweb.submissions.services import purge_expired
from tests.helpers import audit_count, soup
from tests.staff_helpers import make_staff, sign_in_as

TAXI = "/ko/programs/thousand-won-taxi/apply"
FORM = {"name": "김순자", "birth_date": "1948. 5. 2.", "phone": "010 9876 5432", "dong": "2914057500",
        "address": "경열로 33, 101동 202호", "q_destinations": "전남대병원, 양동시장", "q_trips": "weekly",
        "consent": "y"}


@pytest.fixture(autouse=True)
def _fresh_limits():
    limiter.reset()


def count(app, model=Submission):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def stored(app):
    with app.app_context():
        return db.session.scalars(select(Submission)).all()


def test_the_form_shows_common_fields_program_questions_and_consents(client, programs):
    page = soup(client.get(TAXI))
    names = {el.get("name") for el in page.select("form[method=post] [name]")}
    assert {"name", "birth_date", "phone", "dong", "address", "q_mobility_reason", "q_destinations", "q_trips",
            "consent", "sensitive_consent", "guardian_name", "guardian_consent", "idempotency_key"} <= names
    assert not any("jumin" in n or "resident" in n for n in names)
    consent = page.select_one("#consent").find_parent("fieldset").get_text()
    assert "3년" in consent and "거부" in consent
    sensitive = page.select_one("#sensitive_consent").find_parent("fieldset").get_text()
    assert "이동이 불편한 이유는 무엇인가요?" in sensitive
    assert page.select_one("#q_trips-0") and len(page.select("#dong option")) == 19
    guardian = page.select_one("#guardian")  # needed under 14 (the form checks it): not called optional
    assert not guardian.select(".optional") and guardian.select_one('label[for="guardian_name"] .required').get_text(
        ) == "(14세 미만이면 필수)"
    english = soup(client.get("/en/programs/multicultural-family-visits/apply"))
    assert english.select_one("label[for=q_country]").get_text(strip=True).startswith("The country you would visit")
    assert not english.select("#sensitive_consent")  # no sensitive questions, no sensitive consent


def test_an_application_goes_through_the_console_to_the_status_page(app, client, programs):
    response = client.post("/en" + TAXI[3:], data={**FORM, "q_mobility_reason": "disability",
                                                   "q_mobility_detail": "I walk with a stick",
                                                   "sensitive_consent": "y"})
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    page = soup(response)
    receipt = page.select_one(".receipt-number").get_text(strip=True)
    assert len(receipt) == 11 and receipt[5] == "-" and not set(receipt) & set("ILOU")
    assert page.select_one('a[href="/en/status"]') and page.select_one("a.tel")
    [item] = stored(app)
    assert (item.type, item.lang, item.name, item.phone) == ("program_application", "en", "김순자", "010-9876-5432")
    assert item.details["birth_date"] == "1948-05-02" and item.details["program"] == "천원택시"
    assert "주로 어디에 가야 하나요?: 전남대병원, 양동시장" in item.details["answers"]
    assert "택시를 얼마나 자주 이용하시겠어요?: 일주일에 한 번쯤" in item.details["answers"]
    assert "등록 장애가 있어서" in item.details["sensitive_answers"]
    assert item.details["retention_days"] == 3 * 365

    with app.app_context():
        moderator = make_staff("programs@seogu.go.kr", "moderator")
        viewer = make_staff("viewer@seogu.go.kr", "viewer")
        officer, watcher = app.test_client(), app.test_client()
        sign_in_as(officer, moderator)
        sign_in_as(watcher, viewer)
    queue = soup(officer.get("/ko/staff/submissions", query_string={"type": "program_application"}))
    row = queue.select_one("table.queue tbody tr").get_text()
    assert "김*자" in row and "010-****-5432" in row and "김순자" not in row and "복지 사업 신청" in row
    detail = soup(officer.get(f"/ko/staff/submissions/{item.id}"))
    rows = {r.dt.get_text(strip=True): r.dd.get_text("\n", strip=True) for r in detail.select(".summary-row")}
    assert rows["사업"] == "천원택시" and rows["생년월일"] == "1948-05-02"
    assert rows["사업별 질문에 대한 답"].splitlines() == ["주로 어디에 가야 하나요?: 전남대병원, 양동시장",
                                                  "택시를 얼마나 자주 이용하시겠어요?: 일주일에 한 번쯤"]
    assert "동의" in rows["동의 사항"]
    masked = soup(watcher.get(f"/ko/staff/submissions/{item.id}")).get_text()
    assert "전남대병원" not in masked and "1948-05-02" not in masked and "등록 장애" not in masked
    officer.post(f"/ko/staff/submissions/{item.id}", data={
        "decision": "needs_info", "reason": "Please bring your disability certificate to the community centre."})
    status = soup(app.test_client().post("/en/status", data={"receipt_no": receipt.lower(), "phone_last4": "5432"}))
    result = status.select_one(".status-result")
    assert "More information needed" in result.get_text() and "disability certificate" in result.get_text()
    assert result.select_one('.progress-steps [aria-current="step"]').get_text(strip=True) == "Being checked"
    with app.app_context():
        assert audit_count("submission.view") >= 1


def test_mistakes_are_explained_in_the_residents_language_and_nothing_is_stored(app, client, programs):
    bad = {**FORM, "name": "", "birth_date": "1948-02-30", "phone": "02-123", "dong": "9999", "address": "가" * 201,
           "q_trips": "sometimes", "q_destinations": "", "consent": ""}
    response = client.post("/en" + TAXI[3:], data=bad)
    assert response.status_code == 400
    page = soup(response)
    assert page.title.get_text().startswith("Error:")
    summary = [(a["href"], a.get_text()) for a in page.select(".error-summary a")]
    assert [href for href, _ in summary] == ["#name", "#birth_date", "#phone", "#dong", "#address", "#q_destinations",
                                             "#q_trips", "#consent"]
    assert "“Where do you usually need to go?”" in dict(summary)["#q_destinations"]
    assert page.select_one("#address")["value"] == "가" * 201  # kept, to correct
    korean = soup(client.post(TAXI, data={**FORM, "q_destinations": ""}))
    assert "“주로 어디에 가야 하나요?”" in korean.select_one(".error-summary").get_text()
    assert count(app) == 0


@pytest.mark.parametrize("field, value", [
    ("name", "홍\x00길동"), ("q_destinations", "병원\u202e"), ("address", "😀" * 300),
    ("q_destinations", "가" * 10_000), ("birth_date", "ㅎㅎㅎ"), ("phone", "０１０-１２３４"),
    ("birth_date", (utcnow() + timedelta(days=2)).date().isoformat()),
])
def test_odd_input_gets_a_message_not_an_error_page(app, client, programs, field, value):
    response = client.post(TAXI, data={**FORM, field: value})
    assert response.status_code == 400
    assert soup(response).select_one(f'.error-summary a[href="#{field}"]')
    assert count(app) == 0


def test_jamo_emoji_and_spaced_phone_numbers_are_accepted(app, client, programs):
    decomposed = "\u1112\u1169\u11bc\u1100\u1175\u11af\u1103\u1169\u11bc"  # 홍길동 typed as jamo
    response = client.post(TAXI, data={**FORM, "name": decomposed, "q_destinations": "병원 🏥",
                                       "phone": "+82 10 1234 5678"})
    assert response.status_code == 200
    [item] = stored(app)
    assert item.name == "홍길동" and item.phone == "010-1234-5678" and "🏥" in item.details["answers"]


def test_a_double_click_or_refresh_makes_one_application(app, client, programs):
    data = {**FORM, "idempotency_key": "tok-123_abc"}
    first, second = client.post(TAXI, data=data), client.post(TAXI, data=data)
    receipt = soup(first).select_one(".receipt-number").get_text()
    assert soup(second).select_one(".receipt-number").get_text() == receipt
    assert count(app) == 1
    # A token that is not one of ours is not used (the page makes a new one), and never breaks the page.
    weird = client.post(TAXI, data={**FORM, "idempotency_key": "x\x00" * 40})
    assert weird.status_code == 200 and count(app) == 2


def test_under_14_needs_the_guardian_before_anything_is_kept(app, client, programs):
    child = (today().replace(year=today().year - 12)).isoformat()
    data = {**FORM, "birth_date": child}
    page = soup(client.post("/ko/programs/young-family-caregivers/apply", data={
        **data, "q_cared_for": "grandparent", "q_care_hours": "over_20"}))
    links = [a["href"] for a in page.select(".error-summary a")]
    assert links == ["#guardian_name", "#guardian_relation", "#guardian_phone", "#guardian_consent"]
    assert count(app) == 0
    done = client.post("/ko/programs/young-family-caregivers/apply", data={
        **data, "q_cared_for": "grandparent", "q_care_hours": "over_20", "guardian_name": "김영희",
        "guardian_relation": "parent", "guardian_phone": "010-2222-3333", "guardian_consent": "y"})
    assert done.status_code == 200
    [item] = stored(app)
    assert item.details["guardian"] == "김영희 (부모), 010-2222-3333"
    assert "법정대리인: 동의" in item.details["consents"]
    # At 14 no guardian is asked for.
    fourteen = today().replace(year=today().year - 14).isoformat()
    assert client.post("/ko/programs/young-family-caregivers/apply", data={
        **FORM, "birth_date": fourteen, "q_cared_for": "parent", "q_care_hours": "under_10"}).status_code == 200


def test_sensitive_answers_need_their_own_consent_and_refusing_it_does_not_block(app, client, programs):
    refused = soup(client.post(TAXI, data={**FORM, "q_mobility_detail": "계단이 어렵습니다"}))
    assert [a["href"] for a in refused.select(".error-summary a")] == ["#sensitive_consent"]
    assert count(app) == 0
    assert client.post(TAXI, data=FORM).status_code == 200  # no sensitive answers, no sensitive consent needed
    [item] = stored(app)
    assert item.details["sensitive_answers"] == "" and "민감정보: 동의하지 않음" in item.details["consents"]


def test_robots_filling_the_honeypot_store_nothing(app, client, programs):
    response = client.post(TAXI, data={**FORM, "website": "http://spam.example"})
    assert response.status_code == 302 and count(app) == 0


def test_applications_are_purged_after_the_period_their_program_declared(app, client, programs):
    with app.app_context():
        honors = db.session.scalar(select(Program).where(Program.slug == "multicultural-family-visits"))
        honors.retention_days = 365
        db.session.commit()
    client.post(TAXI, data=FORM)  # 3 years
    client.post("/ko/programs/multicultural-family-visits/apply", data={
        **FORM, "q_country": "베트남", "q_travellers": "3"})  # 1 year
    with app.app_context():
        later = utcnow() + timedelta(days=400)
        with freeze_time(later):
            results = {r.type_key: r.anonymised for r in purge_expired(later)}
        assert results["program_application"] == 1
        kept = {s.details.get("program_slug"): s for s in db.session.scalars(select(Submission))}
        assert set(kept) == {"thousand-won-taxi", None}
        assert db.session.scalar(select(Submission).where(Submission.anonymised_at.is_not(None))).name is None
        assert {r.type_key: r.anonymised for r in purge_expired(utcnow() + timedelta(days=3 * 365 + 1))}[
            "program_application"] == 1


def test_the_privacy_policy_lists_program_applications(client, programs):
    page = soup(client.get("/en/privacy"))
    row = next(tr for tr in page.select("#items tbody tr") if "welfare programs" in tr.get_text())
    assert "As each program's application form states" in row.get_text()
    assert "Health or disability" in row.get_text()


def test_age_as_the_reason_needs_no_sensitive_consent_but_a_disability_does(app, client, programs):
    """Regression: choosing "because of my age" on the taxi application asked for the sensitive-data consent."""
    page = soup(client.get(TAXI))
    notice = page.select_one("#sensitive_consent").find_parent("fieldset").get_text()
    assert "이동이 불편한 이유는 무엇인가요?" in notice
    assert client.post(TAXI, data={**FORM, "q_mobility_reason": "age"}).status_code == 200
    [item] = stored(app)
    assert "이동이 불편한 이유는 무엇인가요?: 나이가 많아서" in item.details["answers"]
    assert item.details["sensitive_answers"] == ""
    for reason in ("disability", "illness"):
        refused = soup(client.post(TAXI, data={**FORM, "q_mobility_reason": reason}))
        assert [a["href"] for a in refused.select(".error-summary a")] == ["#sensitive_consent"], reason
    assert count(app) == 1
    assert client.post(TAXI, data={**FORM, "q_mobility_reason": "disability", "sensitive_consent": "y"}
                       ).status_code == 200
    kept = [s for s in stored(app) if s.details["sensitive_answers"]]
    assert [s.details["sensitive_answers"] for s in kept] == ["이동이 불편한 이유는 무엇인가요?: 등록 장애가 있어서"]


def test_the_guardian_section_appears_only_for_a_birth_date_under_14(app, client, programs):
    caregivers = "/ko/programs/young-family-caregivers/apply"
    answers = {"q_cared_for": "grandparent", "q_care_hours": "over_20"}
    blank = soup(client.get(caregivers)).select_one("fieldset#guardian")
    assert blank.has_attr("hidden") and blank["data-guardian-age"] == "14"  # site.js shows it in place
    adult = soup(client.post(caregivers, data={**FORM, **answers, "name": ""}))
    assert adult.select_one("fieldset#guardian").has_attr("hidden")
    assert "#guardian_name" not in [a["href"] for a in adult.select(".error-summary a")]
    child = today().replace(year=today().year - 13).isoformat()
    asked = soup(client.post(caregivers, data={**FORM, **answers, "birth_date": child}))
    section = asked.select_one("fieldset#guardian")
    assert not section.has_attr("hidden") and "14세 미만" in section.get_text()
    assert count(app) == 0
    # Guardian details sent for an adult are not kept.
    assert client.post(caregivers, data={**FORM, **answers, "guardian_name": "김영희", "guardian_relation": "parent",
                                         "guardian_phone": "010-2222-3333", "guardian_consent": "y"}).status_code == 200
    [item] = stored(app)
    assert item.details["guardian"] == "" and "법정대리인" not in item.details["consents"]
