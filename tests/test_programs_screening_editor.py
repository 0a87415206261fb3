"""Staff change who the screener shows a program to, and what its application form asks, with forms (not
JSON): add, remove and move rules, conditions, questions and choices by posting the form back as a
browser without JavaScript does; a preview in both languages with sample answers; the audit's readable
diff; and the public screener and application form follow."""

from __future__ import annotations

from sqlalchemy import select

from alleyweb.core.audit import AuditEvent
from alleyweb.extensions import db
from alleyweb.programs.models import Program
from alleyweb.programs.rules import questions_for
from alleyweb.programs.services import screenable_programs
from tests.helpers import soup
from tests.staff_helpers import signed_in


def taxi(app) -> Program:
    with app.app_context():
        program = db.session.scalar(select(Program).where(Program.slug == "thousand-won-taxi"))
        db.session.expunge(program)
        return program


def fields(page) -> list[tuple[str, str]]:
    """What a browser sends for the editor's form: inputs (checked boxes only), selects, no buttons."""
    form = page.select_one("form.rule-editor")
    sent = []
    for element in form.select("input, select, textarea"):
        name = element.get("name")
        if not name:
            continue
        if element.name == "select":
            chosen = element.select_one("option[selected]") or element.select_one("option")
            sent.append((name, chosen.get("value", "") if chosen else ""))
        elif element.name == "textarea":
            sent.append((name, element.get_text()))
        elif element.get("type") in ("checkbox", "radio"):
            if element.has_attr("checked"):
                sent.append((name, element.get("value", "on")))
        else:
            sent.append((name, element.get("value", "")))
    return sent


def press(client, url, page, op, set_=None, tick=(), untick=()):
    """Post the form back as shown, with some fields changed, as if the button ``op`` were pressed."""
    sent = [(k, v) for k, v in fields(page) if k not in (set_ or {}) and (k, v) not in untick]
    sent += list((set_ or {}).items()) + list(tick) + [("op", op)]
    data = {}
    for key, value in sent:
        data.setdefault(key, []).append(value)
    return client.post(url, data=data)


def rule_legends(page) -> list[str]:
    return [fs.select_one("legend").get_text(strip=True) for fs in page.select("fieldset.editor-item")]


def test_viewers_cannot_edit_and_unknown_programs_are_404(app, programs):
    viewer, _ = signed_in(app, "viewer", "viewer-rules@seogu.go.kr")
    program = taxi(app)
    assert viewer.get(f"/ko/staff/programs/{program.id}/screening").status_code == 403
    editor, _ = signed_in(app, "moderator", "moderator-rules@seogu.go.kr")
    assert editor.get("/ko/staff/programs/999999/screening").status_code == 404
    # The program editor links to it.
    edit = soup(editor.get(f"/ko/staff/programs/{program.id}"))
    assert edit.select_one(f'a[href="/ko/staff/programs/{program.id}/screening"]')


def test_staff_edit_rules_and_questions_with_forms_and_the_public_pages_follow(app, programs):
    client, staff_id = signed_in(app, "moderator", "rules-editor@seogu.go.kr")
    program = taxi(app)
    url = f"/ko/staff/programs/{program.id}/screening"
    page = soup(client.get(url))
    rules_before = len(program.rules)
    assert len(page.select('input[name$="-outcome"][checked]')) == rules_before

    # A new rule, with a condition on marriage, "likely", moved to the top.
    page = soup(press(client, url, page, "rule-add"))
    new = rules_before
    assert len(page.select('input[name$="-outcome"][checked]')) == rules_before + 1
    page = soup(press(client, url, page, f"rule-{new}-addcond", set_={f"rule-{new}-newcond": "marriage"}))
    assert page.select_one(f'input[name="rule-{new}-cond-marriage"][value="yes"]')
    page = soup(press(client, url, page, f"rule-{new}-up", set_={
        f"rule-{new}-outcome": "likely", f"rule-{new}-reason_ko": "결혼을 앞두고 있어서",
        f"rule-{new}-reason_en": "because you are getting married"}, tick=[(f"rule-{new}-cond-marriage", "yes")]))
    assert page.select_one(f'input[name="rule-{new - 1}-reason_en"]')["value"] == "because you are getting married"
    for index in range(new - 1, 0, -1):
        page = soup(press(client, url, page, f"rule-{index}-up"))
    first = page.select_one('input[name="rule-0-reason_en"]')
    assert first["value"] == "because you are getting married"
    assert page.select_one('input[name="rule-0-cond-marriage"][value="yes"]').has_attr("checked")
    # The old last rule is removed; a condition of the (old) first rule is removed too.
    page = soup(press(client, url, page, f"rule-{rules_before}-remove"))
    page = soup(press(client, url, page, "rule-1-cond-lives_in_district-remove"))
    assert not page.select('input[name="rule-1-has-lives_in_district"]')
    assert len(page.select('input[name$="-outcome"][checked]')) == rules_before

    # Questions: remove the first, add a choice question with two choices, move it up one place.
    questions_before = len(program.questions)
    page = soup(press(client, url, page, "question-0-remove"))
    page = soup(press(client, url, page, "question-add"))
    q = questions_before - 1
    page = soup(press(client, url, page, "refresh", set_={
        f"question-{q}-key": "wedding_month", f"question-{q}-type": "choice",
        f"question-{q}-label_ko": "결혼 예정 달", f"question-{q}-label_en": "When is the wedding?"}))
    for _n in range(2):
        page = soup(press(client, url, page, f"question-{q}-choice-add"))
    page = soup(press(client, url, page, f"question-{q}-up", set_={
        f"question-{q}-choice-0-value": "spring", f"question-{q}-choice-0-label_ko": "봄",
        f"question-{q}-choice-0-label_en": "Spring", f"question-{q}-choice-1-value": "autumn",
        f"question-{q}-choice-1-label_ko": "가을", f"question-{q}-choice-1-label_en": "Autumn"},
        tick=[(f"question-{q}-required", "y")]))
    assert page.select_one(f'input[name="question-{q - 1}-key"]')["value"] == "wedding_month"

    # Preview with sample answers, in both languages; nothing saved yet.
    preview = soup(press(client, url, page, "preview", set_={"sample-marriage": "yes",
                                                             "sample-lives_in_district": "yes"}))
    ko, en = preview.select_one("#preview-ko"), preview.select_one("#preview-en")
    assert ko["lang"] == "ko" and "해당 가능성 높음" in ko.get_text() and "결혼을 앞두고 있어서" in ko.get_text()
    assert "Likely to fit" in en.get_text() and "because you are getting married" in en.get_text()
    assert "When is the wedding?" in en.get_text() and "Spring · Autumn" in en.get_text()
    assert "결혼 예정 달" in ko.get_text()
    assert taxi(app).rules == program.rules

    # Save: stored, audited with a readable diff, shown under "Changes".
    saved = client.post(url, data=_as_data(fields(preview)) | {"op": "save"}, follow_redirects=True)
    assert saved.status_code == 200
    stored = taxi(app)
    assert stored.rules[0] == {"when": {"marriage": ["yes"]}, "outcome": "likely",
                               "reason_ko": "결혼을 앞두고 있어서", "reason_en": "because you are getting married"}
    assert "lives_in_district" not in stored.rules[1]["when"] and len(stored.rules) == rules_before
    keys = [question["key"] for question in stored.questions]
    assert "wedding_month" in keys and program.questions[0]["key"] not in keys
    wedding = next(question for question in stored.questions if question["key"] == "wedding_month")
    assert wedding["required"] is True and [c["value"] for c in wedding["choices"]] == ["spring", "autumn"]
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "program.screening"))
        assert event.staff_id == staff_id
        lines = event.detail["changes"]
    assert any(line.startswith("Rule 1: [age at least 65; lives_in_district = yes, not_sure] ⇒ maybe") and
               "→ [marriage = yes] ⇒ likely (결혼을 앞두고 있어서" in line for line in lines)
    assert any(line.startswith("Question 1: mobility_reason") for line in lines)
    history = soup(saved).select_one("#history-title").parent.get_text()
    assert "Rule 1:" in history and "marriage = yes" in history

    # The public screener now shows the taxi as likely to those getting married…
    with app.app_context():
        asked = [question.key for question in questions_for(screenable_programs())]
    answers = {key: "no" for key in asked} | {"age": "35_to_64", "lives_in_district": "no", "income": "over_100",
                                              "marriage": "yes", "step": str(len(asked))}
    results = soup(client.post("/en/programs/check", data=answers))
    likely = results.select_one("#likely-title")
    assert likely and "Thousand-Won Taxi" in likely.find_next("ul").get_text()
    assert "because you are getting married" in likely.find_next("ul").get_text()
    # …and the application form asks the new question, not the removed one.
    form = soup(client.get("/en/programs/thousand-won-taxi/apply"))
    assert "When is the wedding?" in form.get_text()
    assert [i["value"] for i in form.select('input[name="q_wedding_month"]')] == ["spring", "autumn"]
    assert program.questions[0]["label_en"] not in form.get_text()


def _as_data(sent):
    data = {}
    for key, value in sent:
        data.setdefault(key, []).append(value)
    return data


def test_a_draft_with_problems_is_shown_again_with_every_problem_and_nothing_saved(app, programs):
    client, _ = signed_in(app, "admin", "rules-admin@seogu.go.kr")
    program = taxi(app)
    url = f"/ko/staff/programs/{program.id}/screening"
    page = soup(client.get(url))
    page = soup(press(client, url, page, "rule-add"))
    n = len(program.rules)
    response = press(client, url, page, "save", set_={f"rule-{n}-reason_ko": "이유", "rule-0-age-min": ""})
    assert response.status_code == 400
    problems = [li.get_text() for li in soup(response).select(".error-summary li")]
    assert any(p.startswith("규칙 1:") for p in problems)  # rule 1 lost its only age answer
    assert sum(p.startswith(f"규칙 {n + 1}:") for p in problems) == 2  # no condition, no English reason
    # The draft is kept as typed.
    assert soup(response).select_one(f'input[name="rule-{n}-reason_ko"]')["value"] == "이유"
    assert taxi(app).rules == program.rules
    with app.app_context():
        assert not db.session.scalar(select(AuditEvent).where(AuditEvent.action == "program.screening"))
    # Odd button values and indexes out of range change nothing and are never a 500.
    for op in ("rule-99-remove", "question-7-choice-40-remove", "rule-0-cond-shoe_size-remove", "drop-table",
               "rule-1" * 50):
        assert press(client, url, page, op).status_code == 200
