"""Suggestions taken by the Alley Economy 119 Phone, a text message or on a visit: recorded by an officer,
they get a receipt number and go through the same triage, agenda and answer as the web form's; the
suggestion's lifecycle has one way to close it (the answer)."""

from __future__ import annotations

from datetime import date, timedelta

from freezegun import freeze_time
from sqlalchemy import func, select

from alleyweb.core.audit import AuditEvent
from alleyweb.extensions import db
from alleyweb.submissions.models import Submission
from alleyweb.voice.models import AlleyOfficeVisit
from alleyweb.voice.stats import voice_figures
from tests.helpers import audit_count, soup
from tests.staff_helpers import staff_client
from tests.voice_helpers import YANGDONG, send, status_page, suggestion

CALL = {"channel": "phone", "received_date": "2026-12-02", "received_time": "09:40", "topic": "parking",
        "dong": YANGDONG, "message": "양동시장 북문 앞 공영주차장 입구가 좁아 차가 못 들어갑니다.",
        "name": "박상인", "store_name": "북문상회", "phone": "010-3333-4444", "privacy_agreed": "y",
        "may_publish": "y"}


def officer(app, role="moderator", email="phone@seogu.go.kr"):
    return staff_client(app, email, role)[0]


def record(staff, **changes) -> str:
    page = staff.get("/ko/staff/voice/record")
    token = soup(page).select_one("input[name=idempotency_key]")["value"]
    response = staff.post("/ko/staff/voice/record", data={**CALL, "idempotency_key": token, **changes})
    assert response.status_code == 200, soup(response).select(".error-summary li")
    return soup(response).select_one(".receipt-number").get_text(strip=True)


def history(page):
    return [li.get_text(" ", strip=True) for li in page.select(".status-result .history li")]


def test_a_phone_suggestion_goes_from_recorded_to_an_agenda_and_a_published_answer(ctx):
    public = ctx.test_client()
    staff = officer(ctx)
    receipt = record(staff)
    row = suggestion(receipt)
    assert (row.channel, row.state, row.may_publish) == ("phone", "received", True)
    assert row.submission.details["channel_label"] == "골목경제119 전화"
    assert "phone@seogu.go.kr" in row.submission.details["privacy_label"]
    listed = soup(staff.get("/ko/staff/voice")).select_one("table.queue tbody tr").get_text()
    assert receipt in listed and "골목경제119 전화" in listed
    assert audit_count("voice.record") == 1

    # The merchant follows it with the receipt number and the phone's last 4 digits.
    page = status_page(public, receipt, "4444")
    assert history(page)[0].startswith("접수") and "골목경제119 전화" in history(page)[0]
    assert "phone@seogu.go.kr" not in page.get_text()
    # Officers see who recorded it, and when the merchant called.
    staff_page = soup(staff.get(f"/ko/staff/submissions/{row.submission_id}"))
    first_step = staff_page.select_one("ol.history li").get_text(" ", strip=True)
    assert "phone@seogu.go.kr" in first_step and "2026-12-02 09:40" in first_step
    # One way to close it: no common decision ("처리 완료로 표시"), only the answer in the panel.
    assert not staff_page.select("input[name=decision]")
    assert staff.post(f"/ko/staff/submissions/{row.submission_id}",
                      data={"decision": "done", "reason": ""}).status_code == 400
    assert db.session.get(Submission, row.submission_id).status == "received"

    # It joins a web suggestion's thread, is triaged and goes on a visit's agenda.
    web = send(public, message="북문 주차장 입구가 좁습니다.", phone="010-5555-6666")
    staff.post(f"/ko/staff/voice/suggestions/{suggestion(web).id}/merge", data={"merge-into": receipt})
    staff.post(f"/ko/staff/voice/suggestions/{row.id}/triage", data={"triage-urgency": "urgent",
                                                                     "triage-department": "transport"})
    assert {suggestion(receipt).state, suggestion(web).state} == {"triaged"}
    visit_day = date.today() + timedelta(days=5)
    staff.post("/ko/staff/alley-office", data={"visit_date": visit_day.isoformat(), "start_time": "14:00",
                                               "dong": str(row.dong_id), "place": "양동시장 북문",
                                               "host_shop": "양동 참기름집"})
    visit = db.session.scalar(select(AlleyOfficeVisit))
    staff.post(f"/ko/staff/alley-office/{visit.id}/agenda", data={"suggestion": str(row.id), "action": "add"})
    assert {suggestion(receipt).state, suggestion(web).state} == {"on_agenda"}
    assert history(status_page(public, receipt, "4444"))[-1].startswith("구청장 골목집무실 안건 채택")

    # The answer closes it for both merchants; a second answer is refused, nothing stored.
    response = staff.post(f"/ko/staff/voice/suggestions/{row.id}/reply", data={
        "reply-kind": "answer", "reply-text_ko": "북문 주차장 입구를 넓히는 공사를 내년 3월에 합니다."})
    assert response.status_code == 302
    assert {suggestion(receipt).state, suggestion(web).state} == {"answered"}
    assert suggestion(receipt).submission.status == "done"
    response = staff.post(f"/ko/staff/voice/suggestions/{row.id}/reply", data={
        "reply-kind": "update", "reply-text_ko": "다시 알려 드립니다."}, follow_redirects=True)
    assert "이미 답변" in soup(response).select_one(".flash, .notice-error, [role=alert]").get_text()
    assert not any("다시 알려 드립니다" in h for h in history(status_page(public, receipt, "4444")))

    proposed = soup(staff.get(f"/ko/staff/submissions/{row.submission_id}")).select_one("#publish-text").get_text()
    assert "박상인" not in proposed and "북문상회" not in proposed
    staff.post(f"/ko/staff/voice/suggestions/{row.id}/publish", data={"publish-text": proposed.strip()})
    with freeze_time(visit_day + timedelta(days=1)):
        item = soup(public.get("/ko/alley-office")).select_one(".agenda-item")
        assert "공영주차장 입구가 좁아" in item.select_one(".suggestion-text").get_text()
        assert "넓히는 공사" in item.select_one(".answer-text").get_text()
        assert "박상인" not in item.get_text() and "4444" not in item.get_text()

    # /stats counts it under the phone.
    figures = voice_figures()
    assert figures["by_channel"]["phone"].received == 1 and figures["by_channel"]["web"].received == 1


def test_a_recorded_suggestion_needs_the_merchants_agreement_and_clear_answers(ctx):
    staff = officer(ctx)
    page = soup(staff.get("/ko/staff/voice/record"))
    assert page.select_one(".notice-to-read") and "3년" in page.select_one(".notice-to-read").get_text()
    token = page.select_one("input[name=idempotency_key]")["value"]
    response = staff.post("/ko/staff/voice/record", data={**CALL, "idempotency_key": token, "privacy_agreed": "",
                                                          "received_time": "25:99", "phone": "123"})
    assert response.status_code == 400
    errors = {a["href"] for a in soup(response).select(".error-summary a")}
    assert {"#privacy_agreed", "#received_time", "#phone"} <= errors
    assert soup(response).select_one("#message").get_text().strip() == CALL["message"]
    assert db.session.scalar(select(func.count()).select_from(Submission)) == 0
    # A double click stores one suggestion.
    first = staff.post("/ko/staff/voice/record", data={**CALL, "idempotency_key": token})
    again = staff.post("/ko/staff/voice/record", data={**CALL, "idempotency_key": token})
    assert soup(first).select_one(".receipt-number").get_text() == soup(again).select_one(".receipt-number").get_text()
    assert db.session.scalar(select(func.count()).select_from(Submission)) == 1
    # A viewer cannot record.
    assert officer(ctx, "viewer", "viewer@seogu.go.kr").get("/ko/staff/voice/record").status_code == 403


def test_a_visit_is_moved_then_cancelled_and_its_agenda_goes_back_to_the_pool(ctx):
    public = ctx.test_client()
    staff = officer(ctx)
    receipt = record(staff)
    row = suggestion(receipt)
    staff.post(f"/ko/staff/voice/suggestions/{row.id}/triage", data={"triage-urgency": "high"})
    day = date.today() + timedelta(days=5)
    staff.post("/ko/staff/alley-office", data={"visit_date": day.isoformat(), "dong": str(row.dong_id),
                                               "place": "양동시장 북문", "host_shop": "양동 참기름집"})
    visit = db.session.scalar(select(AlleyOfficeVisit))
    staff.post(f"/ko/staff/alley-office/{visit.id}/agenda", data={"suggestion": str(row.id), "action": "add"})

    # Moving needs the new date and a note; then the agenda goes with the visit and the merchant is told.
    response = staff.post(f"/ko/staff/alley-office/{visit.id}/change", data={"change-action": "move",
                                                                            "change-note": ""})
    assert response.status_code == 400
    assert {"#change-new_date", "#change-note"} <= {a["href"] for a in soup(response).select(".error-summary a")}
    later = day + timedelta(days=7)
    response = staff.post(f"/ko/staff/alley-office/{visit.id}/change", data={
        "change-action": "move", "change-new_date": later.isoformat(), "change-note": "우천으로 일주일 미룹니다"})
    assert response.status_code == 302
    db.session.expire_all()
    assert (visit.visit_date, visit.moved_from, suggestion(receipt).visit_id) == (later, day, visit.id)
    last = history(status_page(public, receipt, "4444"))[-1]
    assert last.startswith("골목집무실 방문 일정 변경") and later.isoformat() in last and "우천" in last
    upcoming = soup(public.get("/ko/alley-office")).select_one(".visit-change").get_text()
    assert day.isoformat() in upcoming and "우천으로 일주일 미룹니다" in upcoming

    # Cancelled: the note on the Alley Office page, the suggestion back among those to choose from.
    response = staff.post(f"/ko/staff/alley-office/{visit.id}/change", data={
        "change-action": "cancel", "change-note": "구청 행사 일정과 겹쳐 취소합니다"})
    assert response.status_code == 302
    db.session.expire_all()
    assert visit.state == "cancelled" and suggestion(receipt).visit_id is None
    assert suggestion(receipt).state == "triaged" and suggestion(receipt).submission.status == "received"
    last = history(status_page(public, receipt, "4444"))[-1]
    assert last.startswith("골목집무실 방문 취소") and "겹쳐 취소" in last
    page = soup(public.get("/ko/alley-office"))
    assert "취소" in page.select_one(".visit-title").get_text() and "겹쳐 취소합니다" in page.get_text()
    # A cancelled visit takes no agenda and no more changes; the suggestion can go to another visit.
    response = staff.post(f"/ko/staff/alley-office/{visit.id}/agenda", data={"suggestion": str(row.id),
                                                                            "action": "add"})
    assert suggestion(receipt).visit_id is None
    staff.post("/ko/staff/alley-office", data={"visit_date": later.isoformat(), "dong": str(row.dong_id),
                                               "place": "양동시장 남문", "host_shop": "남문 떡집"})
    other = db.session.scalars(select(AlleyOfficeVisit).order_by(AlleyOfficeVisit.id.desc())).first()
    offered = soup(staff.get(f"/ko/staff/alley-office/{other.id}")).select(".candidates code")
    assert [code.get_text() for code in offered] == [receipt]
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)
                             .where(AuditEvent.action.in_(("voice.visit_move", "voice.visit_cancel")))) == 2
