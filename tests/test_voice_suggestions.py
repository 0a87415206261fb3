"""The suggestion form: what is stored, bad input, robots, double clicks, the receipt and status page."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from alleyweb.extensions import db
from alleyweb.stores.services import save_district
from alleyweb.submissions.models import Submission
from alleyweb.voice.models import Suggestion
from tests.helpers import count, soup
from tests.voice_helpers import FORM, YANGDONG, send, status_page, suggestion


def test_the_form_shows_every_field_with_the_consent_notice(ctx):
    page = soup(ctx.test_client().get("/ko/suggestions/new"))
    assert page.h1.get_text(strip=True) == "골목경제119에 건의하기"
    topics = [label.get_text(strip=True) for label in page.select(".radios label")]
    assert topics == ["주차", "고객·홍보", "온누리상품권 가맹·결제", "시설·안전", "청결", "임대료·지원사업", "기타"]
    assert len(page.select("#dong option")) == 19
    for field in ("district", "message", "name", "store_name", "phone", "may_publish", "consent", "website"):
        assert page.select_one(f"#{field}"), field
    consent = page.select_one(".consent").get_text(" ", strip=True)
    assert "3년" in consent and "이름, 상호, 전화번호" in consent and "거부" in consent
    assert not page.select_one("#may_publish").has_attr("checked")


def test_a_suggestion_is_stored_with_a_receipt_and_followed_on_the_status_page(ctx):
    client = ctx.test_client()
    receipt = send(client, lang="en", phone="062 360 7114", may_publish="")
    row = suggestion(receipt)
    submission = row.submission
    assert (submission.type, submission.lang, submission.name, submission.phone) == (
        "voice_suggestion", "en", "홍길동", "062-360-7114")
    assert submission.details["topic_label"] == "주차" and submission.details["store_name"] == "양동상회"
    assert (row.topic, row.dong.code, row.may_publish, row.urgency, row.thread_id) == (
        "parking", YANGDONG, False, None, None)
    page = status_page(client, receipt, "7114", lang="en")
    assert "Merchant suggestion (Alley Economy 119)" in page.select_one(".status-result").get_text()
    assert page.select_one(".status-result .badge").get_text(strip=True) == "Received"


def test_a_shopping_district_gives_the_dong(ctx):
    from alleyweb.dongs.models import Dong

    nongseong = db.session.scalar(select(Dong).where(Dong.code == "2914065000"))
    district = save_district("농성 먹자골목 골목형상점가", nongseong.id)
    db.session.commit()
    receipt = send(ctx.test_client(), dong="", district=str(district.id))
    row = suggestion(receipt)
    assert row.dong_id == nongseong.id and row.district_id == district.id
    assert row.submission.details["place_label"] == "농성 먹자골목 골목형상점가"


@pytest.mark.parametrize("changes, field", [
    ({"topic": ""}, "topic"),
    ({"topic": "weather"}, "topic"),
    ({"dong": ""}, "dong"),
    ({"dong": "1234567890"}, "dong"),
    ({"message": ""}, "message"),
    ({"message": "가" * 2001}, "message"),
    ({"message": "안녕\x00하세요"}, "message"),
    ({"message": "주차\u202e문제"}, "message"),
    ({"name": ""}, "name"),
    ({"store_name": ""}, "store_name"),
    ({"phone": "12345"}, "phone"),
    ({"consent": ""}, "consent"),
])
def test_bad_input_is_explained_and_nothing_is_stored(ctx, changes, field):
    response = ctx.test_client().post("/ko/suggestions/new", data={**FORM, **changes})
    assert response.status_code == 400
    page = soup(response)
    assert f"#{field}" in {a["href"] for a in page.select(".error-summary a")}
    assert page.title.get_text().startswith("오류")
    kept = "store_name" if field == "name" else "name"
    assert page.select_one(f"#{kept}")["value"] == {**FORM, **changes}[kept]  # what was typed stays
    assert count(Submission) == 0 and count(Suggestion) == 0


def test_awkward_but_valid_text_is_kept_as_typed(ctx):
    message = "ㄱㄴㄷ 자모와 이모지 🙂🍜 그리고 <script>alert(1)</script> " + "길게 " * 600
    receipt = send(ctx.test_client(), message=message[:2000], name="ᄒᆞᆫ길동")
    stored = suggestion(receipt).submission
    assert stored.details["message"] == message[:2000].strip()
    assert stored.name == "ᄒᆞᆫ길동"


def test_robots_filling_the_honeypot_store_nothing(ctx):
    response = ctx.test_client().post("/ko/suggestions/new", data={**FORM, "website": "http://spam.example"})
    assert response.status_code == 302 and count(Submission) == 0


def test_a_double_click_sends_one_suggestion(ctx):
    client = ctx.test_client()
    data, where = {**FORM, "idempotency_key": "voice-double-1"}, {"REMOTE_ADDR": "192.0.2.78"}
    first = client.post("/ko/suggestions/new", data=data, environ_base=where)
    second = client.post("/ko/suggestions/new", data=data, environ_base=where)
    receipt = soup(first).select_one(".receipt-number").get_text(strip=True)
    assert soup(second).select_one(".receipt-number").get_text(strip=True) == receipt
    assert count(Submission) == 1 and count(Suggestion) == 1
    assert first.headers["Cache-Control"] == "no-store"


def test_the_form_needs_a_csrf_token(app, clean_db):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = app.test_client().post("/ko/suggestions/new", data=FORM)
        assert response.status_code == 400
        assert soup(response).select_one("#message").get_text().strip() == FORM["message"]  # kept to send again
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    with app.app_context():
        assert count(Submission) == 0


def test_posting_is_rate_limited(ctx):
    client = ctx.test_client()
    mistakes = [client.post("/ko/suggestions/new", data={**FORM, "consent": ""},
                            environ_base={"REMOTE_ADDR": "192.0.2.77"}).status_code for _ in range(12)]
    assert mistakes == [400] * 12  # correcting a form is not throttled
    sent = [client.post("/ko/suggestions/new", data={**FORM, "idempotency_key": f"rate-{i}"},
                        environ_base={"REMOTE_ADDR": "192.0.2.77"}).status_code for i in range(11)]
    assert sent[:10] == [200] * 10 and sent[10] == 429


def test_the_privacy_policy_lists_suggestions(ctx):
    text = soup(ctx.test_client().get("/ko/privacy")).get_text(" ", strip=True)
    assert "골목경제119" in text
