"""Staff edit programs: who may, the preview that saves nothing, validation of rules and questions, and
the audit of every change."""

from __future__ import annotations

import json

from sqlalchemy import select

from alleyweb.core.audit import AuditEvent
from alleyweb.extensions import db
from alleyweb.programs.facts import FACTS
from alleyweb.programs.forms import as_json
from alleyweb.programs.models import Program
from tests.helpers import soup
from tests.staff_helpers import signed_in


def taxi(app) -> Program:
    with app.app_context():
        program = db.session.scalar(select(Program).where(Program.slug == "thousand-won-taxi"))
        db.session.expunge(program)
        return program


def form_data(program: Program, **changes) -> dict:
    data = {name: getattr(program, name) for name in (
        "slug", "category", "sort_order", "title_ko", "title_en", "summary_ko", "summary_en", "audience_ko",
        "audience_en", "benefits_ko", "benefits_en", "how_to_apply_ko", "how_to_apply_en", "documents_ko",
        "documents_en", "contact_office_ko", "contact_office_en", "contact_phone", "retention_days")}
    data.update(program_status=program.status, last_checked=program.last_checked.isoformat(), online_application="y",
                rules=as_json(program.rules), questions=as_json(program.questions),
                source_kind=(program.facts or {}).get("source_kind", ""))
    data.update({f"fact_{fact.key}_{lang}": program.fact(fact.key, lang) for fact in FACTS if not fact.column
                 for lang in ("ko", "en")})
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_admins_and_moderators_edit_viewers_cannot(app, programs):
    viewer, _ = signed_in(app, "viewer", "v@seogu.go.kr")
    assert viewer.get("/ko/staff/programs").status_code == 403
    program = taxi(app)
    assert viewer.post(f"/ko/staff/programs/{program.id}", data=form_data(program)).status_code == 403
    for role in ("admin", "moderator"):
        client, _ = signed_in(app, role, f"{role}@seogu.go.kr")
        page = soup(client.get("/ko/staff/programs"))
        assert page.select_one(f'a[href="/ko/staff/programs/{program.id}"]')
        assert page.select_one('.staff-nav a[href="/ko/staff/programs"]')
        edit = soup(client.get(f"/ko/staff/programs/{program.id}"))
        assert edit.select_one("#title_ko")["value"] == "천원택시"
        assert json.loads(edit.select_one("#rules").get_text()) == program.rules
    assert app.test_client().get("/ko/staff/programs").status_code == 302  # signed out: to sign-in


def test_preview_shows_both_languages_and_saves_nothing(app, programs):
    client, _ = signed_in(app, "moderator", "m@seogu.go.kr")
    program = taxi(app)
    response = client.post(f"/ko/staff/programs/{program.id}", data=form_data(
        program, title_en="Thousand-Won Taxi (trial)", action="preview"))
    assert response.status_code == 200
    page = soup(response)
    previews = page.select(".preview-page")
    assert [p["lang"] for p in previews] == ["ko", "en"]
    assert "Who can get it" in previews[1].get_text() and "누가 받을 수 있나요" in previews[0].get_text()
    assert page.select(".rule-list > li") and "65세 이상" in page.select_one(".rule-list").get_text()
    assert taxi(app).title_en == "Thousand-Won Taxi"
    with app.app_context():
        assert not db.session.scalar(select(AuditEvent).where(AuditEvent.action.like("program.%")))


def test_saving_changes_the_public_page_and_is_audited(app, programs):
    client, staff_id = signed_in(app, "admin", "a@seogu.go.kr")
    program = taxi(app)
    rules = program.rules[:1]
    response = client.post(f"/ko/staff/programs/{program.id}", data=form_data(
        program, program_status="coming", benefits_en="You pay ₩1,000 a ride.", rules=json.dumps(rules), action="save"))
    assert response.status_code == 302
    page = soup(app.test_client().get("/en/programs/thousand-won-taxi"))
    assert "You pay ₩1,000 a ride." in page.get_text() and page.select_one(".tag-status-coming")
    assert page.select_one(".program-cta a")["href"] == "#fact-apply" and page.select_one("#fact-apply")
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "program.update"))
        assert event.staff_id == staff_id and event.target_type == "programs" and event.target_id == program.id
        assert set(event.detail["changed"]) == {"status", "benefits_en", "rules"}
    audit = soup(client.get("/ko/staff/audit", query_string={"action": "program.update"}))
    assert "복지 사업 변경" in audit.get_text()


def test_bad_rules_questions_and_slugs_are_explained(app, programs):
    client, _ = signed_in(app, "admin", "b@seogu.go.kr")
    program = taxi(app)
    bad_rules = json.dumps([{"when": {"age": ["seventy"]}, "outcome": "surely", "reason_ko": "", "reason_en": "x"}])
    response = client.post(f"/en/staff/programs/{program.id}", data=form_data(
        program, rules=bad_rules, questions="[{", slug="check", contact_phone="12", action="save"))
    assert response.status_code == 400
    page = soup(response)
    links = [a["href"] for a in page.select(".error-summary a")]
    assert {"#slug", "#contact_phone", "#rules", "#questions"} <= set(links)
    errors = page.select_one("#rules").find_parent("div").get_text()
    assert "has no answer seventy" in errors and "\"outcome\"" in errors and "reason_ko" in errors
    assert "not valid JSON (line 1" in page.select_one("#questions").find_parent("div").get_text()
    assert page.select_one("#rules").get_text().strip() == bad_rules  # kept, to correct
    assert taxi(app).rules == program.rules
    taken = client.post(f"/en/staff/programs/{program.id}", data=form_data(program, slug="joint-weddings",
                                                                           action="save"))
    assert "Another program already uses" in soup(taken).get_text()


def test_a_new_program_can_be_added_and_appears_in_the_list(app, programs):
    client, _ = signed_in(app, "admin", "n@seogu.go.kr")
    new = soup(client.get("/ko/staff/programs/new"))
    assert new.select_one('input[name=program_status][value=coming]').has_attr("checked")
    program = taxi(app)
    data = form_data(program, slug="new-help", title_ko="새 지원", title_en="New help", rules="[]", questions="[]",
                     program_status="open", action="save")
    response = client.post("/ko/staff/programs/new", data=data)
    assert response.status_code == 302
    listing = soup(app.test_client().get("/en/programs")).get_text()
    assert "New help" in listing
    with app.app_context():
        assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "program.create"))
