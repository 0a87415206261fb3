"""Application questions of every kind (text, long text, choice, yes/no, date, number): staff add them with
the form editor (required, help text, sensitive), the application form asks them accessibly, the server
checks every answer (a real date in range; a whole number through core/numbers, full-width digits taken),
and the JSON import keeps refusing what is not a question."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import func, select

from alleyweb.core.dates import seoul_today
from alleyweb.extensions import db, limiter
from alleyweb.programs.forms import as_json
from alleyweb.programs.models import Program
from alleyweb.programs.questions import QuestionError, validate_questions
from alleyweb.submissions.models import Submission
from tests.helpers import soup
from tests.staff_helpers import signed_in
from tests.test_programs_screening_editor import _as_data, fields, press, taxi
from tests.test_programs_staff import form_data

APPLY = "/ko/programs/thousand-won-taxi/apply"
COMMON = {"name": "김순자", "birth_date": "1948-05-02", "phone": "010-9876-5432", "dong": "2914057500",
          "address": "경열로 33", "q_destinations": "양동시장", "q_trips": "weekly", "consent": "y"}
NEW = [  # key, kind, label_ko, label_en, hint_en, required, sensitive
    ("has_car", "yesno", "자동차가 있나요?", "Do you have a car?", "Your own or your family's", True, False),
    ("start_date", "date", "언제부터 이용하시겠어요?", "From when would you use it?", "", False, False),
    ("rides_wanted", "number", "한 달에 몇 번 타시겠어요?", "How many rides a month?", "A guess is fine", True, False),
    ("hospital_visit", "yesno", "병원 진료 때문인가요?", "Is it for hospital visits?", "", False, True),
]


@pytest.fixture(autouse=True)
def _fresh_limits():
    limiter.reset()


def _add_questions(app, client):
    """Add the NEW questions to the taxi with the form editor, and save."""
    program = taxi(app)
    url = f"/ko/staff/programs/{program.id}/screening"
    page = soup(client.get(url))
    start = len(program.questions)
    for offset, (key, kind, ko, en, hint, required, sensitive) in enumerate(NEW):
        i = start + offset
        page = soup(press(client, url, page, "question-add"))
        ticks = [(f"question-{i}-required", "y")] if required else []
        ticks += [(f"question-{i}-sensitive", "y")] if sensitive else []
        page = soup(press(client, url, page, "refresh", set_={
            f"question-{i}-key": key, f"question-{i}-type": kind, f"question-{i}-label_ko": ko,
            f"question-{i}-label_en": en, f"question-{i}-hint_en": hint, f"question-{i}-hint_ko": hint and "예시"},
            tick=ticks))
        assert page.select_one(f'#question-{i}-type option[value="{kind}"]').has_attr("selected")
    preview = press(client, url, page, "preview")
    assert preview.status_code == 200, [li.get_text() for li in soup(preview).select(".error-summary li")]
    en = soup(preview).select_one("#preview-en").get_text()
    assert "Do you have a car? (Yes or no, required)" in en and "(Date)" in en and "(Whole number, required)" in en
    saved = client.post(url, data=_as_data(fields(soup(preview))) | {"op": "save"})
    assert saved.status_code == 302
    return url


def test_staff_add_every_kind_with_the_form_and_the_application_asks_them_accessibly(app, client, programs):
    staff, _ = signed_in(app, "moderator", "kinds@seogu.go.kr")
    _add_questions(app, staff)
    stored = {q["key"]: q for q in taxi(app).questions}
    assert stored["has_car"] == {"key": "has_car", "type": "yesno", "label_ko": "자동차가 있나요?",
                                 "label_en": "Do you have a car?", "hint_ko": "예시",
                                 "hint_en": "Your own or your family's", "required": True, "sensitive": False}
    assert stored["hospital_visit"]["sensitive"] is True and stored["hospital_visit"]["required"] is False
    assert "choices" not in stored["start_date"]

    page = soup(client.get("/en/programs/thousand-won-taxi/apply"))
    # Yes/no: two radios in a fieldset whose legend is the question, the hint linked.
    radios = page.select('input[name="q_has_car"]')
    assert [r["value"] for r in radios] == ["yes", "no"] and all(r["type"] == "radio" for r in radios)
    fieldset = radios[0].find_parent("fieldset")
    assert fieldset.select_one("legend").get_text(" ", strip=True).startswith("Do you have a car?")
    assert "Your own or your family's" in page.select_one(f'#{fieldset["aria-describedby"].split()[0]}').get_text()
    for radio in radios:
        assert page.select_one(f'label[for="{radio["id"]}"]').get_text(strip=True) in ("Yes", "No")
    # Date and number: text boxes with a label and an example, linked by aria-describedby.
    for name, example in (("q_start_date", "2026-03-27"), ("q_rides_wanted", "30")):
        box = page.select_one(f"#{name}")
        assert box["type"] == "text" and page.select_one(f'label[for="{name}"]')
        assert example in page.select_one(f'#{box["aria-describedby"].split()[0]}').get_text()
    assert page.select_one("#q_rides_wanted")["inputmode"] == "numeric"
    # The sensitive yes/no is named in the sensitive-data consent.
    assert "Is it for hospital visits?" in page.select_one("#sensitive_consent").find_parent("fieldset").get_text()


def test_answers_are_checked_on_the_server_and_kept_as_people_read_them(app, client, programs):
    staff, _ = signed_in(app, "moderator", "kinds2@seogu.go.kr")
    _add_questions(app, staff)
    # Full-width digits with a separator, a date written the Korean way, yes: stored as read.
    sent = client.post(APPLY, data={**COMMON, "q_has_car": "no", "q_start_date": "2027년 1월 5일",
                                    "q_rides_wanted": "１,２３４"})
    assert sent.status_code == 200, [li.get_text() for li in soup(sent).select(".error-summary li")]
    with app.app_context():
        [item] = db.session.scalars(select(Submission)).all()
        answers = item.details["answers"]
    assert "자동차가 있나요?: 아니요" in answers
    assert "언제부터 이용하시겠어요?: 2027-01-05" in answers
    assert "한 달에 몇 번 타시겠어요?: 1,234" in answers
    assert not item.details["sensitive_answers"]
    # 0 is an answer, not an empty one.
    zero = client.post(APPLY, data={**COMMON, "q_has_car": "yes", "q_rides_wanted": "0"})
    assert zero.status_code == 200


def _errors(response) -> dict[str, str]:
    page = soup(response)
    return {a["href"].lstrip("#"): a.get_text(strip=True) for a in page.select(".error-summary li a")}


BAD_ANSWERS = [  # field, value, words of the message expected for it
    ("q_rides_wanted", "-5", "0부터 999,999,999"),
    ("q_rides_wanted", "1.5", "0부터 999,999,999"),
    ("q_rides_wanted", "9" * 5000, "0부터 999,999,999"),
    ("q_rides_wanted", "１２３４５６７８９０", "0부터 999,999,999"),  # ten full-width digits: over the bound
    ("q_rides_wanted", "ㄱㄴㄷ", "0부터 999,999,999"),
    ("q_rides_wanted", "🚕", "0부터 999,999,999"),
    ("q_rides_wanted", "1\x002", "0부터 999,999,999"),
    ("q_rides_wanted", "", "한 달에 몇 번 타시겠어요?"),  # required
    ("q_start_date", "2026-02-30", "실제 날짜"),
    ("q_start_date", "1850-01-01", "1900년부터"),
    ("q_start_date", f"{seoul_today().year + 11}-01-01", "1900년부터"),
    ("q_start_date", "가", "실제 날짜"),  # decomposed jamo
    ("q_start_date", "x" * 10_000, "실제 날짜"),
    ("q_start_date", "🗓️", "실제 날짜"),
    ("q_has_car", "maybe", "선택"),
    ("q_has_car", "", "자동차가 있나요?"),  # required
    ("q_hospital_visit", "yes", "동의"),  # sensitive, without its consent
]


def test_bad_answers_are_refused_with_a_linked_message_and_nothing_is_stored(app, client, programs):
    """Each bad answer, sent on its own with the rest of the form right (the questions added once)."""
    staff, _ = signed_in(app, "moderator", "kinds3@seogu.go.kr")
    _add_questions(app, staff)
    for field, value, words in BAD_ANSWERS:
        limiter.reset()
        case = (field, value[:12])
        data = {**COMMON, "q_has_car": "yes", "q_rides_wanted": "4", field: value}
        response = client.post(APPLY, data=data)
        assert response.status_code == 400, case
        errors = _errors(response)
        target = "sensitive_consent" if field == "q_hospital_visit" else field
        assert any(words in message for key, message in errors.items() if key.startswith(target)), (case, errors)
        page = soup(response)
        if field in ("q_rides_wanted", "q_start_date"):
            box = page.select_one(f"#{field}")
            assert box["aria-invalid"] == "true", case
            described = box["aria-describedby"].split()
            assert any(page.select_one(f"#{ref}") and words in page.select_one(f"#{ref}").get_text()
                       for ref in described), case
            assert len(box.get("value", "")) <= 40, case  # a long answer is not echoed whole
        with app.app_context():
            assert db.session.scalar(select(func.count()).select_from(Submission)) == 0, case


def test_date_range_bounds_are_inclusive(app, client, programs):
    staff, _ = signed_in(app, "moderator", "kinds4@seogu.go.kr")
    _add_questions(app, staff)
    last = date(seoul_today().year + 10, 12, 31).isoformat()
    for value in ("1900-01-01", last):
        assert client.post(APPLY, data={**COMMON, "q_has_car": "yes", "q_rides_wanted": "1",
                                        "q_start_date": value}).status_code == 200


def test_json_import_validates_every_kind(app, programs):
    good = [{"key": "car", "type": "yesno", "label_ko": "차", "label_en": "Car", "required": True},
            {"key": "when", "type": "date", "label_ko": "날짜", "label_en": "Date", "hint_en": "Any day"},
            {"key": "count", "type": "number", "label_ko": "횟수", "label_en": "Count", "sensitive": True,
             "required": True}]
    with app.test_request_context("/en/"):
        cleaned = validate_questions(good)
        assert [q["type"] for q in cleaned] == ["yesno", "date", "number"]
        assert cleaned[2]["required"] is False  # a sensitive answer is never required
        for bad, words in (
                ([{**good[0], "choices": [{"value": "a", "label_ko": "a", "label_en": "a"}] * 2}], "only a choice"),
                ([{**good[1], "type": "datetime"}], "yesno, date or number"),
                ([{**good[2], "label_en": "x" * 10_000}], "longer than"),
                ([{**good[2], "key": "횟수"}], "\"key\""),
                ([{**good[0], "label_ko": "차\x00"}], "control characters"),
                ([{**good[0], "hint_en": "\u202eevil"}], "control characters")):
            with pytest.raises(QuestionError) as error:
                validate_questions(bad)
            if words:
                assert any(words in p for p in error.value.problems), error.value.problems


def test_the_staff_json_form_round_trips_the_new_kinds(app, programs):
    client, _ = signed_in(app, "admin", "kinds-json@seogu.go.kr")
    program = taxi(app)
    questions = [{"key": "car", "type": "yesno", "label_ko": "차가 있나요?", "label_en": "Do you have a car?",
                  "required": True}]
    saved = client.post(f"/ko/staff/programs/{program.id}", data=form_data(
        program, questions=json.dumps(questions, ensure_ascii=False), action="save"))
    assert saved.status_code == 302
    page = soup(client.get(f"/ko/staff/programs/{program.id}"))
    exported = json.loads(page.select_one("#questions").get_text())
    assert exported == [{**questions[0], "hint_ko": "", "hint_en": "", "sensitive": False}]
    bad = client.post(f"/ko/staff/programs/{program.id}", data=form_data(
        program, questions=as_json([{**questions[0], "type": "photo"}]), action="save"))
    assert bad.status_code == 400
    with app.app_context():
        assert db.session.get(Program, program.id).questions[0]["type"] == "yesno"


def test_the_form_class_is_built_once_per_language_and_questions_and_a_staff_edit_shows_at_once(app, client,
                                                                                                   programs):
    from alleyweb.programs import applications

    applications._FORM_CLASSES.clear()
    for _ in range(2):
        assert client.get(APPLY).status_code == 200
        assert client.get("/en/programs/thousand-won-taxi/apply").status_code == 200
    assert len(applications._FORM_CLASSES) == 2  # one class per language, reused by the second requests
    staff, _ = signed_in(app, "moderator", "kinds3@seogu.go.kr")
    _add_questions(app, staff)  # a staff edit of the questions: the next request asks the new ones
    page = soup(client.get("/en/programs/thousand-won-taxi/apply"))
    assert [r["value"] for r in page.select('input[name="q_has_car"]')] == ["yes", "no"]
    assert len(applications._FORM_CLASSES) > 2
    sent = client.post(APPLY, data={**COMMON, "q_has_car": "no", "q_rides_wanted": "3"})
    assert sent.status_code == 200, [li.get_text() for li in soup(sent).select(".error-summary li")]
    with app.app_context():
        [item] = db.session.scalars(select(Submission)).all()
    assert "자동차가 있나요?: 아니요" in item.details["answers"]
