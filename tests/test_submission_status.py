"""The status page and the receipt pages say what and when: the item's name, the expected processing time
(or "to be confirmed"), the department's phone, and a badge that always shows the step the list highlights."""

from __future__ import annotations

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from alleyweb.extensions import db
from alleyweb.programs.models import Program
from alleyweb.submissions.models import STATUSES, Submission
from alleyweb.submissions.registry import all_types
from alleyweb.submissions.services import create_submission, record_step
from alleyweb.voice.catalogue import SUGGESTION, TOPICS
from tests.helpers import soup
from tests.test_programs_apply import FORM, TAXI, stored


@pytest.fixture(autouse=True)
def _fresh_limits():
    from alleyweb.extensions import limiter

    limiter.reset()


def _lookup(app, receipt: str, lang: str = "en"):
    from alleyweb.extensions import limiter

    limiter.reset()  # many lookups from one address in this test
    return soup(app.test_client().post(f"/{lang}/status", data={"receipt_no": receipt, "phone_last4": "5432"}))


def test_the_badge_and_the_step_list_show_the_same_step_for_every_status_of_every_type(app, clean_db):
    """Every common status and every type's own step, on the status page in both languages."""
    with app.app_context():
        kinds = [(kind.key, step) for kind in all_types()
                 for step in dict.fromkeys([*STATUSES, *(key for key, _label in kind.steps)])]
        receipts = []
        for type_key, step in kinds:
            item = create_submission(type_key=type_key, lang="ko", name="김순자", phone="010-9876-5432", dong_id=None,
                                     details={})
            record_step(item, None, step, status=step if step in STATUSES else None)
            receipts.append((type_key, step, item.receipt_no))
        db.session.commit()
    assert len(receipts) > 20
    for type_key, step, receipt in receipts:
        for lang in ("ko", "en"):
            result = _lookup(app, receipt, lang).select_one(".status-result")
            badge = result.select_one(".badge").get_text(strip=True)
            current = result.select_one('.progress-steps [aria-current="step"]')
            assert current is not None, (type_key, step)
            for hidden in current.select(".visually-hidden"):
                hidden.decompose()  # "(done)" for screen readers
            assert badge == current.get_text(strip=True), (type_key, step, lang)
    # A new application is at the first step, in both: "Received" (접수), not "Being checked".
    received = next(r for t, s, r in receipts if t == "program_application" and s == "received")
    page = _lookup(app, received, "ko")
    assert page.select_one(".badge").get_text(strip=True) == "접수"
    assert page.select_one('.progress-steps [aria-current="step"]').get_text(strip=True) == "접수"


def test_the_status_and_receipt_pages_name_the_program_its_time_and_phone(app, client, programs):
    with app.app_context():
        taxi = db.session.scalar(select(Program).where(Program.slug == "thousand-won-taxi"))
        taxi.facts = {**taxi.facts, "processing_time": {"ko": "접수 후 약 14일", "en": "About 14 days"}}
        taxi.contact_phone = "062-360-0000"
        db.session.commit()
    receipt_page = soup(client.post("/en" + TAXI[3:], data=FORM))
    facts = {r.dt.get_text(strip=True): r.dd.get_text(" ", strip=True) for r in receipt_page.select(".receipt-facts "
                                                                                                    ".summary-row")}
    assert facts == {"What it is": "Thousand-Won Taxi", "How long a decision takes": "About 14 days",
                     "Questions": "062-360-0000"}
    save = receipt_page.select_one(".save-receipt")
    [item] = stored(app)
    text = save.select_one("#save-text").get_text(" ", strip=True)
    assert item.receipt_no in text and "/en/status" in text
    assert "김순자" not in str(save) and "9876" not in str(save) and "5432" not in str(save)  # nothing personal
    assert save.select_one("button[data-copy=save-text][hidden]") and save.select_one("button[data-print][hidden]")
    status = _lookup(app, item.receipt_no, "ko").select_one(".status-result")
    rows = {r.dt.get_text(strip=True): r.dd.get_text(" ", strip=True) for r in status.select(".summary-row")}
    assert rows["신청 내용"] == "천원택시" and rows["처리 기간"] == "접수 후 약 14일" and rows["문의"] == "062-360-0000"
    assert status.select_one('a.tel[href="tel:0623600000"]')


def test_without_a_processing_time_the_pages_say_to_be_confirmed_with_the_switchboard(app, client, programs):
    receipt_page = soup(client.post(TAXI, data=FORM))
    rows = {r.dt.get_text(strip=True): r.dd.get_text(" ", strip=True) for r in receipt_page.select(".receipt-facts "
                                                                                                   ".summary-row")}
    assert rows == {"신청 내용": "천원택시", "처리 기간": "확인 중 · 문의 062-360-7114", "문의": "062-360-7114"}
    with app.app_context():
        item = db.session.scalar(select(Submission))
        topic = next(iter(TOPICS))
        create_submission(type_key=SUGGESTION, lang="ko", name="박상인", phone="010-9876-5432", dong_id=None,
                          details={"topic": topic})
        suggestion = db.session.scalars(select(Submission).where(Submission.type == SUGGESTION)).one()
        receipts = (item.receipt_no, suggestion.receipt_no)
    with app.test_request_context("/en/"), force_locale("en"):
        topic_en = str(TOPICS[topic])
    english = _lookup(app, receipts[1]).select_one(".status-result").get_text(" ", strip=True)
    assert f"Merchant suggestion: {topic_en}" in english and "To be confirmed" in english and "062-360-7114" in english
