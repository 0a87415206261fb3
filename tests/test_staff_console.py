"""The moderation console: queue, masking, decisions, status page, exports, audit, roles, retention."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from freezegun import freeze_time
from openpyxl import load_workbook
from sqlalchemy import func, select

from alleyweb.core import retention
from alleyweb.core.audit import AuditEvent
from alleyweb.core.database import utcnow
from alleyweb.core.features import registry
from alleyweb.dongs.models import Dong
from alleyweb.extensions import db
from alleyweb.submissions.models import Submission
from alleyweb.submissions.registry import DetailField, SubmissionType
from alleyweb.submissions.services import create_submission, purge_expired
from tests.helpers import audit_count, soup
from tests.staff_helpers import make_staff, sign_in_as, staff_client

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture()
def other_type():
    kind = registry().add_type(SubmissionType(
        key="zz-other", label="Other kind",
        retention=retention.RetentionRule(key="zz-other", service="Other", purpose="Testing",
                                          items_required="Name", retention_days=30),
        fields=(DetailField("note", "Note", personal=True),)))
    yield kind
    registry().remove_type(kind.key)


def submit(type_key="demo", name="홍길동", phone="010-1234-5678", lang="ko", **details):
    dong = db.session.scalar(select(Dong).where(Dong.code == "2914057500"))
    details = details or {"topic": "주차", "message": "골목 입구 주차 문제"}
    return create_submission(type_key=type_key, lang=lang, name=name, phone=phone, dong_id=dong.id, details=details)


def client_for(app, role, *, types=(), email=None):
    return staff_client(app, email or f"{role}-{len(types)}@seogu.go.kr", role, types=types)


def test_the_queue_lists_masked_with_counts_per_status(ctx):
    for i in range(3):
        submit(name=f"김영{i}희", phone=f"010-1111-222{i}")
    decided = submit(name="박지성")
    client, user = client_for(ctx, "moderator")
    client.post(f"/ko/staff/submissions/{decided.id}", data={"decision": "approve", "reason": ""})
    page = soup(client.get("/ko/staff/submissions"))
    rows = page.select("table.queue tbody tr")
    assert len(rows) == 4
    text = page.select_one("table.queue").get_text()
    assert "김*0희" in text or "김**희" in text
    assert "010-****-2220" in text and "1111" not in text and "박지성" not in text and "박*성" in text
    tabs = {a.get_text(" ", strip=True) for a in page.select(".status-tabs a")}
    assert "접수 3" in tabs and "승인 1" in tabs and "전체 4" in tabs



@pytest.mark.parametrize("role", ["admin", "viewer"])
def test_an_empty_queue_row_spans_every_column_with_or_without_the_select_column(ctx, role):
    client, _ = client_for(ctx, role)
    page = soup(client.get("/ko/staff/submissions"))
    assert page.select_one("table.queue tbody td")["colspan"] == str(len(page.select("table.queue thead th")))

def test_filters_by_type_status_dong_date_and_text(ctx, other_type):
    submit(name="이순신", topic="청소", message="쓰레기 수거")
    submit(type_key="zz-other", name="강감찬", note="다른 종류")
    with freeze_time(utcnow() - timedelta(days=10)):
        old = submit(name="유관순")
    client, _ = client_for(ctx, "admin")

    def receipts(**query):
        page = soup(client.get("/ko/staff/submissions", query_string=query))
        return {code.get_text() for code in page.select("table.queue code")}

    all_three = receipts()
    assert len(all_three) == 3
    assert len(receipts(type="zz-other")) == 1
    assert receipts(q="쓰레기") == receipts(q="이순신") and len(receipts(q="쓰레기")) == 1
    assert receipts(q=old.receipt_no.lower()) == {old.receipt_no}
    assert receipts(q="5678") == all_three  # phone digits
    today = utcnow().date().isoformat()
    assert old.receipt_no not in receipts(date_from=today)
    assert receipts(date_to=(utcnow() - timedelta(days=5)).date().isoformat()) == {old.receipt_no}
    yangdong = db.session.scalar(select(Dong.id).where(Dong.code == "2914057500"))
    assert len(receipts(dong=str(yangdong))) == 3 and receipts(dong="99999") == all_three  # bad value: ignored
    assert receipts(q="%") == set() and receipts(q="_") == set()  # LIKE wildcards are literal


def test_opening_a_record_shows_it_in_full_and_logs_the_access(ctx):
    item = submit(name="홍길동", phone="010-1234-5678")
    client, user = client_for(ctx, "moderator")
    page = soup(client.get(f"/ko/staff/submissions/{item.id}", environ_base={"REMOTE_ADDR": "10.1.2.3"}))
    text = page.get_text()
    assert "홍길동" in text and "010-1234-5678" in text and "골목 입구 주차 문제" in text
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "submission.view"))
    assert (event.staff_id, event.target_type, event.target_id, event.ip) == (user.id, "submissions", item.id,
                                                                              "10.1.2.3")


def test_viewers_see_masked_records_and_cannot_decide(ctx):
    item = submit(name="홍길동", phone="010-1234-5678")
    client, _ = client_for(ctx, "viewer")
    page = soup(client.get(f"/ko/staff/submissions/{item.id}"))
    assert "홍*동" in page.get_text() and "010-****-5678" in page.get_text() and "홍길동" not in page.get_text()
    assert "골목 입구 주차 문제" not in page.get_text()  # a personal detail field
    assert not page.select("form textarea")
    assert client.post(f"/ko/staff/submissions/{item.id}", data={"decision": "approve"}).status_code == 403
    assert client.post("/ko/staff/submissions/bulk-decide", data={"ids": [item.id], "bulk-decision": "approve"}
                       ).status_code == 403
    assert audit_count("submission.view") == 0
    assert client.get("/ko/staff/accounts").status_code == 403
    assert client.get("/ko/staff/audit").status_code == 403


def test_a_decision_reaches_the_status_page_and_the_audit_log(ctx):
    item = submit(name="Jane Doe", phone="010-9876-5432", lang="en")
    client, user = client_for(ctx, "moderator")
    page = soup(client.get(f"/en/staff/submissions/{item.id}"))
    assert "write the reason in English" in page.get_text()
    missing = client.post(f"/en/staff/submissions/{item.id}", data={"decision": "needs_info", "reason": ""})
    assert missing.status_code == 400 and soup(missing).select_one('.error-summary a[href="#reason"]')
    response = client.post(f"/en/staff/submissions/{item.id}",
                           data={"decision": "needs_info", "reason": "Please send a photo of the sign."})
    assert response.status_code == 302
    db.session.refresh(item)
    assert item.status == "needs_info"
    assert audit_count("submission.decide") == 1

    public = ctx.test_client()
    result = soup(public.post("/en/status", data={"receipt_no": item.receipt_no, "phone_last4": "5432"}))
    assert "More information needed" in result.select_one(".status-result").get_text()
    assert "Please send a photo of the sign." in result.select_one(".history").get_text()
    korean = soup(public.post("/ko/status", data={"receipt_no": item.receipt_no.lower().replace("-", ""),
                                                  "phone_last4": "5432"}))
    assert "추가 정보 필요" in korean.select_one(".status-result").get_text()


def test_the_status_page_needs_both_receipt_and_phone_digits(ctx):
    item = submit(phone="010-1234-5678")
    public = ctx.test_client()
    wrong = soup(public.post("/ko/status", data={"receipt_no": item.receipt_no, "phone_last4": "0000"}))
    assert not wrong.select_one(".status-result") and wrong.select_one(".notice-error")
    unknown = soup(public.post("/ko/status", data={"receipt_no": "ZZZZZ-ZZZZZ", "phone_last4": "5678"}))
    assert unknown.select_one(".notice-error").get_text() == wrong.select_one(".notice-error").get_text()
    bad = public.post("/ko/status", data={"receipt_no": "", "phone_last4": "56a8"})
    assert bad.status_code == 400 and len(soup(bad).select(".error-summary li")) == 2
    response = public.post("/ko/status", data={"receipt_no": item.receipt_no, "phone_last4": "5678"})
    assert response.headers["Cache-Control"] == "no-store"


def test_a_types_own_steps_reach_the_status_page_and_the_console(ctx, tmp_path):
    from alleyweb.submissions.services import record_step

    kind = registry().add_type(SubmissionType(
        key="zz-steps", label="Stepped kind",
        retention=retention.RetentionRule(key="zz-steps", service="Stepped", purpose="Testing",
                                          items_required="Name", retention_days=30),
        steps=(("paid", "Paid in full"),)))
    try:
        item = submit(type_key="zz-steps", phone="010-2222-3333")
        officer = make_staff("stepper@seogu.go.kr", "moderator")
        record_step(item, officer, "paid", "입금을 확인했습니다.", status="approved")
        record_step(item, officer, "checked", "내부 메모", public=False)
        db.session.commit()
        assert db.session.get(Submission, item.id).status == "approved"
        page = soup(ctx.test_client().post("/ko/status", data={"receipt_no": item.receipt_no, "phone_last4": "3333"}))
        badge = page.select_one(".status-result .badge")
        assert badge.get_text() == "처리 완료" and "Paid in full" in badge.parent.get_text()
        history = [li.get_text(" ", strip=True) for li in page.select(".history li")]
        assert history[-1].startswith("Paid in full") and "입금을 확인했습니다." in history[-1]
        assert not any("내부 메모" in line for line in history)
        client, _ = client_for(ctx, "admin", email="stepadmin@seogu.go.kr")
        console = soup(client.get(f"/ko/staff/submissions/{item.id}")).select(".history li")
        assert "Paid in full" in console[-2].get_text() and "내부 메모" in console[-1].get_text()
        with pytest.raises(ValueError):
            record_step(item, officer, "paid", status="paid")
    finally:
        registry().remove_type(kind.key)


def test_status_lookups_are_rate_limited(ctx):
    public = ctx.test_client()
    codes = [public.post("/ko/status", data={"receipt_no": f"AAAAA-AA{i:03d}", "phone_last4": f"{i:04d}"},
                         environ_base={"REMOTE_ADDR": "192.0.2.44"}).status_code for i in range(21)]
    assert codes[:20] == [200] * 20 and codes[20] == 429


def test_bulk_decisions(ctx):
    items = [submit(name=f"주민{i}") for i in range(4)]
    client, user = client_for(ctx, "moderator")
    response = client.post("/ko/staff/submissions/bulk-decide", data={
        "ids": [items[0].id, items[1].id, items[2].id], "bulk-decision": "reject", "bulk-reason": "중복 신청입니다.",
        "back": "/ko/staff/submissions?status=received"})
    assert response.status_code == 302 and response.headers["Location"] == "/ko/staff/submissions?status=received"
    statuses = [db.session.get(Submission, i.id).status for i in items]
    assert statuses == ["rejected", "rejected", "rejected", "received"]
    assert audit_count("submission.decide") == 3
    no_reason = client.post("/ko/staff/submissions/bulk-decide", data={"ids": [items[3].id], "bulk-decision": "reject"})
    assert no_reason.status_code == 302 and db.session.get(Submission, items[3].id).status == "received"


def test_moderators_limited_to_types_get_404_for_others(ctx, other_type):
    mine = submit()
    theirs = submit(type_key="zz-other", note="x")
    client, _ = client_for(ctx, "moderator", types=("demo",))
    assert client.get(f"/ko/staff/submissions/{mine.id}").status_code == 200
    assert client.get(f"/ko/staff/submissions/{theirs.id}").status_code == 404
    assert client.post(f"/ko/staff/submissions/{theirs.id}", data={"decision": "approve"}).status_code == 404
    client.post("/ko/staff/submissions/bulk-decide", data={"ids": [theirs.id], "bulk-decision": "approve"})
    assert db.session.get(Submission, theirs.id).status == "received"
    listed = soup(client.get("/ko/staff/submissions")).select("table.queue code")
    assert [c.get_text() for c in listed] == [mine.receipt_no]
    assert client.get("/ko/staff/submissions?type=zz-other").status_code == 200
    exported = client.get("/ko/staff/submissions/export?format=csv").data.decode("utf-8-sig")
    assert theirs.receipt_no not in exported and mine.receipt_no in exported


def test_walking_ids_reveals_nothing(ctx):
    item = submit()
    client, _ = client_for(ctx, "admin")
    missing = [client.get(f"/ko/staff/submissions/{n}").status_code for n in range(item.id + 1, item.id + 20)]
    assert set(missing) == {404}
    assert client.get("/ko/staff/submissions/0").status_code == 404


def test_exports_have_korean_headers_a_bom_and_the_current_filter(ctx):
    submit(name="홍길동", phone="010-1234-5678", topic="주차", message="=HYPERLINK(\"http://evil\")")
    submit(name="김철수", phone="010-2222-3333", topic="청소", message="청소 요청")
    client, user = client_for(ctx, "moderator")
    response = client.get("/ko/staff/submissions/export?format=csv&q=주차")
    assert response.headers["Content-Disposition"] == 'attachment; filename="submissions.csv"'
    assert response.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0][:7] == ["접수번호", "유형", "상태", "접수일시", "행정동", "성명", "휴대전화번호"]
    assert len(rows) == 2 and rows[1][5] == "홍길동" and rows[1][6] == "010-1234-5678"
    assert rows[1][-1].startswith("'=")  # a formula is neutralised
    xlsx = client.get("/ko/staff/submissions/export?format=xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    values = list(sheet.values)
    assert values[0][0] == "접수번호" and len(values) == 3
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "submission.export")
                               .order_by(AuditEvent.id)).all()
    assert [(e.detail["format"], e.detail["rows"], e.detail["personal"]) for e in events] == [
        ("csv", 1, True), ("xlsx", 2, True)]
    assert events[0].detail["filter"] == {"q": "**"}  # which filter was used, not what was typed into it


def test_viewers_cannot_export_personal_data(ctx):
    submit(name="홍길동", phone="010-1234-5678")
    client, _ = client_for(ctx, "viewer")
    rows = list(csv.reader(io.StringIO(client.get("/ko/staff/submissions/export?format=csv").data.decode("utf-8-sig"))))
    assert rows[1][5] == "홍*동" and rows[1][6] == "010-****-5678"
    assert "골목 입구" not in ",".join(rows[1])
    assert client.get("/ko/staff/submissions/export?format=pdf").status_code == 404


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_xss_payloads_in_every_field_are_escaped_in_the_console(ctx, lang):
    item = submit(name=XSS[:100], phone="010-1234-5678", topic=XSS, message=XSS)
    client, _ = client_for(ctx, "moderator")
    client.post(f"/{lang}/staff/submissions/{item.id}", data={"decision": "reject", "reason": XSS})
    for path in [f"/{lang}/staff/submissions", f"/{lang}/staff/submissions/{item.id}", f"/{lang}/staff/audit"]:
        html = client.get(path).get_data(as_text=True)
        assert "<script>alert" not in html and "<img src=x" not in html, path
    public = ctx.test_client().post(f"/{lang}/status", data={"receipt_no": item.receipt_no, "phone_last4": "5678"})
    assert "<script>alert" not in public.get_data(as_text=True)
    assert "&lt;script&gt;" in public.get_data(as_text=True)


def test_audit_log_filters(ctx):
    item = submit()
    client, admin = client_for(ctx, "admin")
    client.get(f"/ko/staff/submissions/{item.id}")
    client.post(f"/ko/staff/submissions/{item.id}", data={"decision": "approve", "reason": ""})
    page = soup(client.get("/ko/staff/audit", query_string={"action": "submission.decide"}))
    rows = page.select("tbody tr")
    assert len(rows) == 1 and admin.email in rows[0].get_text()
    by_staff = soup(client.get("/ko/staff/audit", query_string={"staff": str(admin.id)}))
    assert len(by_staff.select("tbody tr")) >= 2
    tomorrow = (utcnow() + timedelta(days=2)).date().isoformat()
    assert "0" in soup(client.get("/ko/staff/audit", query_string={"date_from": tomorrow})).caption.get_text()


def test_admins_create_disable_and_change_roles_with_audit(ctx):
    client, admin = client_for(ctx, "admin")
    created = client.post("/ko/staff/accounts/new", data={"email": "New.Officer@seogu.go.kr", "role": "moderator",
                                                          "types": ["demo", "not-a-type"]})
    temporary = soup(created).select_one(".temporary-password code").get_text()
    assert len(temporary) >= 15
    from alleyweb.staff.models import StaffUser

    user = db.session.scalar(select(StaffUser).where(StaffUser.email == "new.officer@seogu.go.kr"))
    assert user.role == "moderator" and user.allowed_types == ["demo"] and user.must_change_password
    duplicate = client.post("/ko/staff/accounts/new", data={"email": "new.officer@seogu.go.kr", "role": "viewer"})
    assert duplicate.status_code == 400
    client.post(f"/ko/staff/accounts/{user.id}", data={"role": "viewer"})
    db.session.refresh(user)
    assert user.role == "viewer" and user.allowed_types == []
    client.post(f"/ko/staff/accounts/{user.id}/disable")
    db.session.refresh(user)
    assert user.disabled_at is not None
    assert client.post(f"/ko/staff/accounts/{admin.id}/disable").status_code == 302
    db.session.refresh(admin)
    assert admin.disabled_at is None  # not yourself
    actions = [e.action for e in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))]
    assert actions.count("staff.create") == 2 and "staff.role" in actions and "staff.disable" in actions
    # The new officer must change the temporary password before anything else.
    newcomer = ctx.test_client()
    user.disabled_at = None
    db.session.commit()
    sign_in_as(newcomer, user)
    assert newcomer.get("/ko/staff/submissions").headers["Location"].endswith("/ko/staff/password")


def test_retention_purge_anonymises_what_is_past_its_period(ctx, other_type):
    with freeze_time(utcnow() - timedelta(days=40)):
        old_other = submit(type_key="zz-other", name="오래된", note="개인 사정")
        old_demo = submit(name="최근")  # demo keeps 365 days
    fresh_other = submit(type_key="zz-other", name="새것", note="새 메모")
    results = {r.type_key: r.anonymised for r in purge_expired()}
    db.session.commit()
    assert results["zz-other"] == 1 and results["demo"] == 0
    db.session.refresh(old_other)
    assert old_other.name is None and old_other.phone is None and old_other.details == {}
    assert old_other.anonymised_at is not None and old_other.type == "zz-other"
    assert db.session.get(Submission, fresh_other.id).name == "새것"
    assert db.session.get(Submission, old_demo.id).name == "최근"
    public = ctx.test_client().post("/ko/status", data={"receipt_no": old_other.receipt_no, "phone_last4": "5678"})
    assert not soup(public).select_one(".status-result")


def test_retention_purge_command_prints_what_it_did(ctx, other_type):
    with freeze_time(utcnow() - timedelta(days=40)):
        submit(type_key="zz-other", note="x")
    result = ctx.test_cli_runner().invoke(args=["retention", "purge"])
    assert result.exit_code == 0
    assert "zz-other: 1 anonymised" in result.output and "total: 1 anonymised" in result.output
    assert audit_count("retention.purge") == 1


def test_the_privacy_policy_shows_each_types_retention(ctx, other_type):
    page = soup(ctx.test_client().get("/en/privacy"))
    rows = {tr.th.get_text(strip=True): tr.get_text() for tr in page.select("#items tbody tr")}
    assert "30 days after the request is closed" in rows["Other"]


def test_double_submission_with_an_idempotency_key_is_stored_once(ctx):
    first = create_submission(type_key="demo", lang="ko", name="a", phone="010-1111-2222", dong_id=None,
                              details={}, idempotency_key="k-1")
    second = create_submission(type_key="demo", lang="ko", name="a", phone="010-1111-2222", dong_id=None,
                               details={}, idempotency_key="k-1")
    assert first.id == second.id
    assert db.session.scalar(select(func.count()).select_from(Submission)) == 1


def test_a_forged_idempotency_key_is_ignored_not_an_error(ctx):
    """The key comes from a hidden field anyone can change: a NUL byte or 10,000 characters are not stored
    (PostgreSQL refuses NUL in text) and the submission still goes through."""
    for key in ("a\x00b", "x" * 10_000, "한글키", "a b"):
        item = create_submission(type_key="demo", lang="ko", name="a", phone="010-1111-2222", dong_id=None,
                                 details={}, idempotency_key=key)
        assert db.session.get(Submission, item.id).idempotency_key is None
    assert db.session.scalar(select(func.count()).select_from(Submission)) == 4


@pytest.mark.parametrize(("lang", "expected"), [("ko", "1,234건에 처리 결과를 적용했습니다."),
                                                ("en", "Your decision has been applied to 1,234 submissions.")])
def test_bulk_decision_message_groups_a_count_by_thousands(ctx, monkeypatch, lang, expected):
    # A thousand real submissions would make a slow test: the decision itself is stood in for, so that the
    # count the message is given (1234) is large; the message is read from the page the console redirects to.
    from alleyweb.staff import console

    item = submit()
    monkeypatch.setattr(console, "decide_submissions", lambda items, *args: 1234)
    client, _ = client_for(ctx, "moderator")
    response = client.post(f"/{lang}/staff/submissions/bulk-decide", data={
        "ids": [item.id], "bulk-decision": "approve", "back": f"/{lang}/staff/submissions"}, follow_redirects=True)
    text = " ".join(soup(response).get_text(" ").split())
    assert expected in text and "1234" not in text


def test_the_assignee_filter_reads_an_officer_id_through_the_bounded_parser(ctx):
    """A superscript digit or a 5,000-digit id is no officer: no error, no condition on the officer."""
    from alleyweb.submissions.services import QueueFilter

    for value in ("²", "9" * 5000, "１２", "abc"):
        conditions = QueueFilter(assignee=value).conditions()
        query = select(func.count()).select_from(Submission).where(*conditions)
        assert db.session.scalar(query) >= 0
    assert len(QueueFilter(assignee="12").conditions()) == len(QueueFilter().conditions()) + 1
