"""The officer's day in the console: program or project as a filter and column, the officer in charge
and a due date, saved filters, internal notes (staff only) and who took each step."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from sqlalchemy import func, select

from alleyweb.core.audit import AuditEvent
from alleyweb.core.database import utcnow
from alleyweb.core.dates import seoul_today
from alleyweb.dongs.models import Dong
from alleyweb.extensions import db
from alleyweb.submissions.models import SavedFilter, Submission, SubmissionNote
from alleyweb.submissions.services import create_submission, purge_expired
from tests.helpers import audit_count, soup
from tests.staff_helpers import staff_client


def application(program="천원택시", name="홍길동", phone="010-1234-5678"):
    dong = db.session.scalar(select(Dong).where(Dong.code == "2914057500"))
    return create_submission(type_key="program_application", lang="ko", name=name, phone=phone, dong_id=dong.id,
                             details={"program": program, "address": "광주광역시 서구 경열로 33",
                                      "birth_date": "1950-03-27", "consents": "동의"})


def client_for(app, role, email, types=()):
    return staff_client(app, email, role, types=types)


def receipts(page):
    return {code.get_text() for code in page.select("table.queue tbody code")}


def test_an_officer_filters_by_program_assigns_notes_and_sees_who_did_what(ctx):
    taxi, other = application(), application(program="어르신 돌봄 바우처", name="김영희", phone="010-2222-3333")
    officer, me = client_for(ctx, "moderator", "kim@seogu.go.kr")
    _colleague_client, colleague = client_for(ctx, "moderator", "lee@seogu.go.kr")

    # The list has a program column and a program filter; searching the program's name finds it too.
    page = soup(officer.get("/ko/staff/submissions"))
    assert "사업명" in page.select_one("table.queue thead").get_text()
    options = [o.get_text() for o in page.select("select#subject option")]
    assert "천원택시" in options and "어르신 돌봄 바우처" in options
    page = soup(officer.get("/ko/staff/submissions", query_string={"subject": "천원택시"}))
    assert receipts(page) == {taxi.receipt_no}
    assert "천원택시" in page.select_one("table.queue tbody").get_text()
    assert receipts(soup(officer.get("/ko/staff/submissions", query_string={"q": "천원택시"}))) == {taxi.receipt_no}
    searches = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "console.search")).all()
    assert any(e.detail["filter"].get("subject") == "천원택시" for e in searches)

    # Assigned to a colleague with a due date, then to me: each change audited.
    due = seoul_today() - timedelta(days=1)
    response = officer.post(f"/ko/staff/submissions/{taxi.id}/assign",
                            data={"assignee": str(colleague.id), "due_on": due.isoformat()})
    assert response.status_code == 302
    response = officer.post(f"/ko/staff/submissions/{taxi.id}/assign", data={"assignee": str(me.id),
                                                                            "due_on": due.isoformat()})
    db.session.expire_all()
    assert (db.session.get(Submission, taxi.id).assignee_id, db.session.get(Submission, taxi.id).due_on) == (me.id, due)
    assert audit_count("submission.assign") == 2
    assert receipts(soup(officer.get("/ko/staff/submissions?assignee=me"))) == {taxi.receipt_no}
    assert receipts(soup(officer.get("/ko/staff/submissions?assignee=none"))) == {other.receipt_no}
    overdue = soup(officer.get("/ko/staff/submissions?due=overdue"))
    assert receipts(overdue) == {taxi.receipt_no} and "기한 지남" in overdue.select_one("table.queue").get_text()

    # A bad due date is a message, nothing stored.
    response = officer.post(f"/ko/staff/submissions/{taxi.id}/assign", data={"assignee": "", "due_on": "2026-13-45"})
    assert response.status_code == 400 and soup(response).select_one(".error-summary")
    db.session.expire_all()
    assert db.session.get(Submission, taxi.id).assignee_id == me.id

    # The saved filter is the officer's own.
    response = officer.post("/ko/staff/submissions/filters",
                            data={"name": "내 천원택시", "query": "subject=천원택시&assignee=me&page=3&evil=x"})
    assert response.status_code == 302
    saved = db.session.scalar(select(SavedFilter))
    assert saved.staff_id == me.id and saved.query == "subject=%EC%B2%9C%EC%9B%90%ED%83%9D%EC%8B%9C&assignee=me"
    link = soup(officer.get("/ko/staff/submissions")).select_one(".saved-filter-list a")
    assert link.get_text() == "내 천원택시" and receipts(soup(officer.get(link["href"]))) == {taxi.receipt_no}
    assert not soup(_colleague_client.get("/ko/staff/submissions")).select(".saved-filter-list")
    assert _colleague_client.post(f"/ko/staff/submissions/filters/{saved.id}/delete").status_code == 404

    # An internal note: staff see it, apart from the text to the submitter; audited without its words.
    response = officer.post(f"/ko/staff/submissions/{taxi.id}/notes",
                            data={"text": "보호자 통화함: 서류 월요일 제출 예정"})
    assert response.status_code == 302
    assert audit_count("submission.note") == 1
    note_audit = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "submission.note"))
    assert "보호자" not in str(note_audit.detail)
    response = officer.post(f"/ko/staff/submissions/{taxi.id}", data={"decision": "needs_info",
                                                                     "reason": "소득 증빙 서류를 보내 주세요"})
    assert response.status_code == 302
    page = soup(officer.get(f"/ko/staff/submissions/{taxi.id}"))
    assert "보호자 통화함" in page.select_one("#work .notes").get_text()
    assert "kim@seogu.go.kr" in page.select_one("#work .notes").get_text()

    # The staff history names the officer for each step; the public status page does not.
    steps = [li.get_text(" ", strip=True) for li in page.select("ol.history:not(.notes) li")]
    assert "신청인이 보냄" in steps[0] and "kim@seogu.go.kr" in steps[-1]
    public = soup(ctx.test_client().post("/ko/status", data={"receipt_no": taxi.receipt_no, "phone_last4": "5678"}))
    text = public.get_text()
    assert "소득 증빙 서류를 보내 주세요" in text
    assert "보호자 통화함" not in text and "kim@seogu.go.kr" not in text

    # Never in exports, even with personal data.
    body = officer.get("/ko/staff/submissions/export?format=csv").data.decode("utf-8-sig")
    assert "보호자 통화함" not in body and rows_of(body)
    # A note empty or too long is a message, nothing stored.
    assert officer.post(f"/ko/staff/submissions/{taxi.id}/notes", data={"text": " "}).status_code == 400
    assert officer.post(f"/ko/staff/submissions/{taxi.id}/notes", data={"text": "가" * 2001}).status_code == 400
    assert db.session.scalar(select(func.count()).select_from(SubmissionNote)) == 1


def rows_of(body):
    return list(csv.reader(io.StringIO(body)))


def test_a_viewer_filters_only_on_what_the_role_may_see(ctx):
    taxi = application()
    application(program="어르신 돌봄 바우처", name="김영희")
    officer, me = client_for(ctx, "moderator", "kim@seogu.go.kr")
    officer.post(f"/ko/staff/submissions/{taxi.id}/assign", data={"assignee": str(me.id)})
    officer.post(f"/ko/staff/submissions/{taxi.id}/notes", data={"text": "본인 연락처 010-9999-8888 로 통화"})
    viewer, _user = client_for(ctx, "viewer", "view@seogu.go.kr")

    # The program filter works for a viewer, but it cannot be combined with personal data to find someone.
    assert receipts(soup(viewer.get("/ko/staff/submissions?subject=천원택시"))) == {taxi.receipt_no}
    assert receipts(soup(viewer.get("/ko/staff/submissions?subject=천원택시&q=홍길동"))) == set()
    assert receipts(soup(viewer.get("/ko/staff/submissions?subject=천원택시&q=경열로"))) == set()
    assert receipts(soup(viewer.get(f"/ko/staff/submissions?assignee={me.id}"))) == {taxi.receipt_no}
    # A viewer reads notes with phone numbers taken out, and cannot write or assign.
    page = soup(viewer.get(f"/ko/staff/submissions/{taxi.id}"))
    assert "010-9999-8888" not in page.get_text() and "통화" in page.select_one("#work .notes").get_text()
    assert not page.select("#work form")
    assert viewer.post(f"/ko/staff/submissions/{taxi.id}/notes", data={"text": "x"}).status_code == 403
    assert viewer.post(f"/ko/staff/submissions/{taxi.id}/assign", data={"assignee": ""}).status_code == 403
    # Of a type the officer may not see, no program is offered.
    limited, _user = client_for(ctx, "viewer", "voice-only@seogu.go.kr", types=("voice_suggestion",))
    page = soup(limited.get("/ko/staff/submissions"))
    assert [o.get_text() for o in page.select("select#subject option")][1:] == []
    assert receipts(soup(limited.get("/ko/staff/submissions?subject=천원택시"))) == set()


def test_notes_go_with_the_personal_data_at_the_end_of_retention(ctx):
    taxi = application()
    officer, _me = client_for(ctx, "moderator", "kim@seogu.go.kr")
    officer.post(f"/ko/staff/submissions/{taxi.id}/notes", data={"text": "보호자 통화"})
    purge_expired(now=utcnow() + timedelta(days=20 * 365))
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(SubmissionNote)) == 0
