"""Notifications end to end: a resident who ticks the box gets a text for the receipt and for each public
step (seen by a local HTTP SMS gateway), in their language; officers get an e-mail (seen by a real local
SMTP server) without personal data; opting out, retries, daily summaries and the staff's own wording."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from alleyweb.core.database import utcnow
from alleyweb.core.dates import as_utc
from alleyweb.extensions import db
from alleyweb.notify.models import Notice, Subscription
from alleyweb.notify.providers import SolapiSMS
from alleyweb.notify.services import enqueue_digests
from alleyweb.notify.worker import run_once
from alleyweb.submissions.models import Submission
from alleyweb.voice.models import Suggestion
from tests.helpers import audit_count, soup
from tests.notify_helpers import Gateway, MailServer
from tests.staff_helpers import make_staff, staff_client
from tests.voice_helpers import send


@pytest.fixture()
def gateway(ctx, monkeypatch):
    server = Gateway().start()
    monkeypatch.setitem(ctx.config, "SMS_API_URL", server.url)
    monkeypatch.setitem(ctx.config, "SMS_API_KEY", "test-key")
    monkeypatch.setitem(ctx.config, "SITE_URL", "https://alley.example.kr")
    yield server
    server.stop()


@pytest.fixture()
def mail(ctx, monkeypatch):
    with MailServer() as server:
        monkeypatch.setitem(ctx.config, "SMTP_URL", server.url)
        monkeypatch.setitem(ctx.config, "MAIL_FROM", "alley@seogu.example.kr")
        yield server


def submission(receipt):
    return db.session.scalar(select(Submission).where(Submission.receipt_no == receipt))


def officer(ctx, role="moderator", types=("voice_suggestion",), email="officer@seogu.go.kr"):
    return staff_client(ctx, email, role, types=types)


def test_a_resident_who_opts_in_gets_a_text_for_the_receipt_and_each_public_step(ctx, gateway, mail):
    console, user = officer(ctx, types=())
    receipt = send(ctx.test_client(), lang="en", notify_me="y")
    assert run_once().sent == 2  # the resident's text and the officer's e-mail
    [text] = gateway.texts()
    assert text["to"] == "01022223333"
    assert receipt in text["text"] and "We received your request" in text["text"]
    assert "https://alley.example.kr/en/status" in text["text"] and "/en/texts/stop/" in text["text"]
    assert "홍길동" not in text["text"] and "양동상회" not in text["text"]
    request = gateway.requests[0]
    assert request["headers"]["Authorization"] == "Bearer test-key"
    assert request["headers"]["Idempotency-Key"].startswith("alleyweb-notice-")

    [(recipients, email)] = mail.messages
    assert recipients == ["officer@seogu.go.kr"]
    body = email.get_content()
    assert receipt in body and "홍길동" not in body and "2222" not in body and "양동상회" not in body
    assert email["Subject"].startswith("[") is False and email["From"] == "alley@seogu.example.kr"

    # Each public step the officer takes is texted, in the resident's language.
    # (A merchant suggestion moves by its own lifecycle: a progress update, then the answer that closes it.)
    item = submission(receipt)
    suggestion_id = db.session.scalar(select(Suggestion.id).where(Suggestion.submission_id == item.id))
    for kind in ("update", "answer"):
        response = console.post(f"/ko/staff/voice/suggestions/{suggestion_id}/reply",
                                data={"reply-kind": kind, "reply-text_ko": "전화 주세요", "reply-text_en": "Call us"})
        assert response.status_code in (302, 303)
    run_once()
    texts = gateway.texts()
    assert len(texts) == 3
    assert "Reply from the district office" in texts[1]["text"] and "Answered" in texts[2]["text"]
    assert all(receipt in t["text"] for t in texts)
    # Sent: the outbox keeps no phone number or e-mail address.
    assert db.session.scalar(select(func.count()).select_from(Notice).where(Notice.address.is_not(None))) == 0
    assert set(db.session.scalars(select(Notice.status))) == {"sent"}


def test_korean_texts_and_nothing_without_the_box(ctx, gateway):
    receipt = send(ctx.test_client(), lang="ko", notify_me="y")
    send(ctx.test_client(), lang="ko")  # not ticked
    run_once()
    [text] = gateway.texts()
    assert "접수" in text["text"] and receipt in text["text"] and "/ko/status" in text["text"]
    assert db.session.scalar(select(func.count()).select_from(Subscription)) == 1


def test_the_box_with_a_landline_asks_for_a_mobile_number(ctx, gateway):
    from tests.voice_helpers import FORM

    response = ctx.test_client().post("/en/suggestions/new", data={**FORM, "phone": "062-360-7114", "notify_me": "y"},
                                      environ_base={"REMOTE_ADDR": "198.51.200.1"})
    assert response.status_code == 400
    page = soup(response)
    assert "Texts go to mobile numbers only" in page.select_one(".error-summary").get_text()
    assert db.session.scalar(select(func.count()).select_from(Submission)) == 0


def test_the_link_in_the_text_stops_the_texts_without_signing_in(ctx, gateway):
    console, _user = officer(ctx, types=())
    receipt = send(ctx.test_client(), lang="ko", notify_me="y")
    run_once()
    link = next(word for word in gateway.texts()[0]["text"].split() if "/texts/stop/" in word)
    path = link.removeprefix("https://alley.example.kr")
    public = ctx.test_client()
    page = soup(public.get(path))
    assert receipt in page.get_text() and page.select_one("form button")
    assert db.session.scalar(select(Subscription.opted_out_at)) is None  # a GET (a link preview) stops nothing
    done = public.post(path, data={})
    assert done.status_code == 200 and receipt in soup(done).get_text()
    assert db.session.scalar(select(Subscription.opted_out_at)) is not None
    console.post(f"/ko/staff/submissions/{submission(receipt).id}", data={"decision": "approve", "reason": ""})
    run_once()
    assert len(gateway.texts()) == 1
    # A forged or altered link finds nothing.
    assert public.get(path[:-1] + ("0" if path[-1] != "0" else "1")).status_code == 404
    assert public.get("/ko/texts/stop/" + "A" * 41).status_code == 404


def test_an_outage_is_retried_with_backoff_and_a_refusal_fails_at_once(ctx, gateway):
    send(ctx.test_client(), lang="ko", notify_me="y")
    gateway.answer = 503
    tally = run_once()
    assert (tally.sent, tally.retried) == (0, 1)
    notice = db.session.scalar(select(Notice))
    assert notice.status == "pending" and notice.attempts == 1 and notice.address == "01022223333"
    assert as_utc(notice.next_attempt_at) > utcnow()
    assert run_once().retried == 0  # not due yet
    notice.next_attempt_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    gateway.answer = 400
    assert run_once().failed == 1
    notice = db.session.scalar(select(Notice))
    assert notice.status == "failed" and notice.address is None and "400" in notice.last_error


def test_officers_may_choose_a_daily_summary(ctx, mail):
    client, user = officer(ctx, types=())
    page = soup(client.get("/ko/staff/notifications"))
    assert page.select_one("input[name=mode][value=daily]")
    assert client.post("/ko/staff/notifications", data={"mode": "daily"}).status_code == 302
    send(ctx.test_client(), lang="ko")
    send(ctx.test_client(), lang="ko")
    assert run_once().sent == 0 and mail.messages == []
    assert enqueue_digests(utcnow() + timedelta(hours=25)) == 1
    db.session.commit()
    assert run_once().sent == 1
    [(recipients, email)] = mail.messages
    assert recipients == [user.email] and "2" in email["Subject"]
    assert "홍길동" not in email.get_content()


def test_admins_edit_the_wording_audited(ctx, gateway):
    client, _admin = officer(ctx, role="admin", types=(), email="admin@seogu.go.kr")
    page = soup(client.get("/ko/staff/notifications/texts"))
    assert page.select("textarea[name=text]")
    bad = client.post("/ko/staff/notifications/texts", data={"key": "received", "lang": "ko",
                                                              "text": "접수 {receipt} {name} {stop_url}"})
    assert bad.status_code == 400 and "{name}" in soup(bad).get_text()
    good = client.post("/ko/staff/notifications/texts", data={
        "key": "received", "lang": "ko", "text": "[서구청] 접수번호 {receipt} 확인 {status_url} 수신거부 {stop_url}"})
    assert good.status_code == 302
    assert audit_count("notify.template") == 1
    receipt = send(ctx.test_client(), lang="ko", notify_me="y")
    run_once()
    assert gateway.texts()[0]["text"].startswith(f"[서구청] 접수번호 {receipt} 확인 https://")


def test_solapi_request_format(ctx, gateway, monkeypatch):
    monkeypatch.setitem(ctx.config, "SMS_PROVIDER", "solapi")
    monkeypatch.setitem(ctx.config, "SMS_API_URL", f"http://127.0.0.1:{gateway.port}")
    monkeypatch.setitem(ctx.config, "SMS_API_SECRET", "secret")
    monkeypatch.setitem(ctx.config, "SMS_FROM", "0623607114")
    send(ctx.test_client(), lang="ko", notify_me="y")
    run_once()
    [request] = gateway.requests
    assert request["path"] == "/messages/v4/send"
    assert request["json"]["message"]["to"] == "01022223333" and request["json"]["message"]["from"] == "0623607114"
    auth = request["headers"]["Authorization"]
    assert auth.startswith("HMAC-SHA256 apiKey=test-key, date=")
    fields = dict(part.split("=", 1) for part in auth.removeprefix("HMAC-SHA256 ").split(", "))
    assert SolapiSMS("", "test-key", "secret", "").authorization(fields["date"], fields["salt"]) == auth


def test_only_officers_who_handle_the_kind_are_emailed_and_the_cli_sends_once(ctx, mail):
    officer(ctx, types=("voice_suggestion",), email="voice@seogu.go.kr")
    officer(ctx, types=("pledge",), email="giving@seogu.go.kr")
    make_staff("viewer@seogu.go.kr", "viewer")  # may not decide: not told
    send(ctx.test_client(), lang="ko")
    result = ctx.test_cli_runner().invoke(args=["notify", "run", "--once"])
    assert result.exit_code == 0 and "sent 1" in result.output
    assert [recipients for recipients, _email in mail.messages] == [["voice@seogu.go.kr"]]
    status = ctx.test_cli_runner().invoke(args=["notify", "status"])
    assert "email\tsent\t1" in status.output


def test_a_lifecycles_own_steps_are_texted_through_transition(ctx, gateway):
    """A kind with its own lifecycle (a donation pledge, giving/kinds.PLEDGES) needs nothing of its own:
    each step its transition() records is texted, with the step's own name, in the donor's language."""
    from tests.giving_helpers import PLEDGE, pledge_of, receipt_of

    receipt = receipt_of(ctx.test_client().post("/en/donate", data={**PLEDGE, "notify_me": "y"},
                                                environ_base={"REMOTE_ADDR": "198.51.210.1"}))
    staff, _user = officer(ctx, role="admin", types=(), email="giving@seogu.go.kr")
    pledge = pledge_of(receipt)
    assert staff.post(f"/ko/staff/pledges/{pledge.id}/confirm", data={"note": ""}).status_code == 302
    run_once()
    texts = [t["text"] for t in gateway.texts()]
    assert len(texts) == 2 and all(receipt in text for text in texts)
    assert "is now: Confirmed" in texts[1]
