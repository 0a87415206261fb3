"""Processing times of the kinds of request that are not program applications: staff with the right role
set them on /staff/processing-times (days and/or words in both languages, the department's phone), each
change audited; the status and receipt pages show them, and "to be confirmed" with the phone when unset."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from alleyweb.core.audit import AuditEvent
from alleyweb.extensions import db, limiter
from alleyweb.submissions.models import ProcessingTime
from alleyweb.submissions.times import staff_set_types
from tests.helpers import audit_count, soup
from tests.staff_helpers import signed_in
from tests.voice_helpers import FORM, status_page

SUGGESTION = "voice_suggestion"
URL = f"/ko/staff/processing-times/{SUGGESTION}"


@pytest.fixture(autouse=True)
def _fresh_limits():
    limiter.reset()


def rows(app) -> list[ProcessingTime]:
    with app.app_context():
        return db.session.scalars(select(ProcessingTime)).all()


def _receipt_facts(response) -> dict[str, str]:
    return {r.dt.get_text(strip=True): r.dd.get_text(" ", strip=True)
            for r in soup(response).select(".receipt-facts .summary-row")}


def _status_facts(page) -> dict[str, str]:
    return {r.dt.get_text(strip=True): r.dd.get_text(" ", strip=True)
            for r in page.select(".status-result .summary-row")}


def test_the_list_has_every_kind_but_program_applications_and_only_the_right_roles_see_it(app, clean_db):
    with app.test_request_context("/ko/"):
        keys = [kind.key for kind in staff_set_types()]
    assert {"store_request", "voice_suggestion", "pledge", "volunteer", "project_application"} <= set(keys)
    assert "program_application" not in keys and "demo" not in keys
    viewer, _ = signed_in(app, "viewer", "times-viewer@seogu.go.kr")
    assert viewer.get("/ko/staff/processing-times").status_code == 403
    assert viewer.post(URL, data={"days": "3"}).status_code == 403
    moderator, _ = signed_in(app, "moderator", "times-mod@seogu.go.kr")
    page = soup(moderator.get("/ko/staff/processing-times"))
    links = [a["href"] for a in page.select("table a")]
    assert URL in links and "/ko/staff/processing-times/program_application" not in links
    assert page.select_one('.staff-nav a[href="/ko/staff/processing-times"]')
    assert "확인 중" in page.select_one("tbody").get_text()
    assert moderator.get("/ko/staff/processing-times/program_application").status_code == 404
    assert moderator.get("/ko/staff/processing-times/nothing").status_code == 404
    # A moderator limited to some kinds sees and edits only those.
    with app.app_context():
        from alleyweb.staff.models import StaffUser

        limited = db.session.scalar(select(StaffUser).where(StaffUser.email == "times-mod@seogu.go.kr"))
        limited.allowed_types = ["store_request"]
        db.session.commit()
    page = soup(moderator.get("/ko/staff/processing-times"))
    assert [a["href"] for a in page.select("table a")] == ["/ko/staff/processing-times/store_request"]
    assert moderator.get(URL).status_code == 404


def test_set_audited_and_shown_on_the_status_and_receipt_pages(app, client, clean_db):
    # Unset: "to be confirmed" with the switchboard, on the receipt page…
    receipt_page = client.post("/en/suggestions/new", data=FORM)
    assert _receipt_facts(receipt_page)["How long a decision takes"] == "To be confirmed · call 062-360-7114"
    assert _receipt_facts(receipt_page)["Questions"] == "062-360-7114"
    receipt = soup(receipt_page).select_one(".receipt-number").get_text(strip=True)

    staff, staff_id = signed_in(app, "admin", "times-admin@seogu.go.kr")
    form = soup(staff.get(URL))
    for name in ("days", "text_ko", "text_en", "phone"):
        assert form.select_one(f'label[for="{name}"]') and form.select_one(f"#{name}")["aria-describedby"]
    saved = staff.post(URL, data={"days": "１４", "text_ko": "접수 후 현장 확인까지", "text_en": "until the site visit",
                                  "phone": "062 360 7777"})
    assert saved.status_code == 302
    [row] = rows(app)
    assert (row.type_key, row.days, row.text_ko, row.text_en, row.phone) == (
        SUGGESTION, 14, "접수 후 현장 확인까지", "until the site visit", "062-360-7777")
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "submissions.processing_time"))
    assert event.staff_id == staff_id and event.detail["type"] == SUGGESTION
    assert event.detail["change"].startswith("days=-; ko=-; en=-; phone=- → days=14; ko=접수 후 현장 확인까지")
    listing = soup(staff.get("/ko/staff/processing-times")).select_one("tbody").get_text(" ", strip=True)
    assert "약 14일 · 접수 후 현장 확인까지" in listing and "062-360-7777" in listing

    # …then the status page (both languages) and a new receipt say it.
    english = _status_facts(status_page(client, receipt, "3333", lang="en"))
    assert english["How long a decision takes"] == "About 14 days · until the site visit"
    assert english["Questions"] == "062-360-7777"
    korean = _status_facts(status_page(client, receipt, "3333", lang="ko"))
    assert korean["처리 기간"] == "약 14일 · 접수 후 현장 확인까지"
    again = client.post("/ko/suggestions/new", data={**FORM, "idempotency_key": "another-one"})
    assert _receipt_facts(again)["처리 기간"] == "약 14일 · 접수 후 현장 확인까지"

    # Saving the same again changes nothing and is not audited; emptying every field unsets it.
    assert staff.post(URL, data={"days": "14", "text_ko": "접수 후 현장 확인까지", "text_en": "until the site visit",
                                 "phone": "062-360-7777"}).status_code == 302
    assert staff.post(URL, data={"days": "", "text_ko": "", "text_en": "", "phone": ""}).status_code == 302
    assert rows(app) == []
    with app.app_context():
        assert audit_count("submissions.processing_time") == 2
    english = _status_facts(status_page(client, receipt, "3333", lang="en"))
    assert english["How long a decision takes"] == "To be confirmed · call 062-360-7114"
    assert english["Questions"] == "062-360-7114"


@pytest.mark.parametrize(("data", "field"), [
    ({"days": "0"}, "days"),
    ({"days": "366"}, "days"),
    ({"days": "-3"}, "days"),
    ({"days": "1.5"}, "days"),
    ({"days": "9" * 5000}, "days"),
    ({"days": "１２３４５"}, "days"),
    ({"days": "ㄱㄴ"}, "days"),
    ({"days": "📅"}, "days"),
    ({"days": "1\x004"}, "days"),
    ({"text_ko": "가" * 10_000, "text_en": "x"}, "text_ko"),
    ({"text_ko": "접수\x00후", "text_en": "after"}, "text_ko"),
    ({"text_ko": "약 2주"}, "text_en"),
    ({"text_en": "about 2 weeks"}, "text_ko"),
    ({"text_ko": "🙂", "text_en": "\u202eevil"}, "text_en"),
    ({"phone": "12345"}, "phone"),
    ({"phone": "０６２３６０７１１４" * 500}, "phone"),
], ids=lambda v: str(v)[:16])
def test_bad_input_is_refused_with_a_linked_message_and_nothing_stored(app, clean_db, data, field):
    staff, _ = signed_in(app, "moderator", "times-bad@seogu.go.kr")
    response = staff.post(URL, data=data)
    assert response.status_code == 400
    page = soup(response)
    assert page.select_one(f'.error-summary a[href="#{field}"]'), page.select(".error-summary li")
    box = page.select_one(f"#{field}")
    assert box["aria-invalid"] == "true"
    assert any(ref.startswith(f"{field}-error") for ref in box["aria-describedby"].split())
    assert rows(app) == []
    with app.app_context():
        assert not db.session.scalar(select(AuditEvent).where(AuditEvent.action == "submissions.processing_time"))


def test_full_width_days_and_a_text_only_time_are_taken(app, clean_db):
    staff, _ = signed_in(app, "moderator", "times-ok@seogu.go.kr")
    assert staff.post("/ko/staff/processing-times/store_request", data={"days": "３６５"}).status_code == 302
    text_only = {"text_ko": "담당자가 연락드립니다", "text_en": "An officer will call you"}
    assert staff.post("/ko/staff/processing-times/pledge", data=text_only).status_code == 302
    times = {row.type_key: (row.days, row.text_en) for row in rows(app)}
    assert times == {"store_request": (365, ""), "pledge": (None, "An officer will call you")}
