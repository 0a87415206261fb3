"""Age conditions in the rule editor: "age at least N" and "age under N" as form controls (not JSON), turned
into the screener's age groups, previewed in both languages, audited in words; the public screener follows
(a failed age condition excludes the program)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from alleyweb.core.audit import AuditEvent
from alleyweb.extensions import db
from alleyweb.programs.rules import AGE_BANDS, age_bands, age_range, questions_for
from alleyweb.programs.services import screenable_programs
from tests.helpers import soup
from tests.staff_helpers import signed_in
from tests.test_programs_screening_editor import _as_data, fields, press, taxi


def test_age_limits_are_ranges_of_the_screeners_groups():
    assert age_bands(65, None) == ["65_plus"] and age_bands(None, 14) == ["under_14"]
    assert age_bands(19, 65) == ["19_to_34", "35_to_64"] and age_bands(65, 19) == []
    assert age_bands(None, None) == list(AGE_BANDS)
    for at_least in (None, 14, 19, 35, 65):
        for under in (None, 14, 19, 35, 65):
            bands = age_bands(at_least, under)
            if bands and (at_least, under) != (None, None):
                assert age_range(bands) == (at_least, under)
    assert age_range(["under_14", "65_plus"]) is None and age_range([]) is None


def _rule_with_age(client, url, at_least="", under="", extra=None):
    """A new rule with an age condition set through the selects; returns (page, index)."""
    page = soup(client.get(url))
    n = len(page.select('input[name$="-outcome"][checked]'))
    page = soup(press(client, url, page, "rule-add"))
    page = soup(press(client, url, page, f"rule-{n}-addcond", set_={f"rule-{n}-newcond": "age"}))
    assert page.select_one(f'select[name="rule-{n}-age-min"]') and page.select_one(f'select[name="rule-{n}-age-under"]')
    assert not page.select(f'input[name="rule-{n}-cond-age"]')  # selects, not the groups' boxes
    set_ = {f"rule-{n}-age-min": at_least, f"rule-{n}-age-under": under, f"rule-{n}-outcome": "excluded",
            f"rule-{n}-reason_ko": "14세 미만이어서", f"rule-{n}-reason_en": "because you are under 14",
            "sample-age": "under_14", "sample-lives_in_district": "yes", "sample-disability": "registered",
            **(extra or {})}
    return press(client, url, page, "preview", set_=set_), n


def test_an_age_under_condition_is_set_with_selects_previewed_in_both_languages_saved_and_audited(app, client,
                                                                                                   programs):
    staff, staff_id = signed_in(app, "moderator", "age-editor@seogu.go.kr")
    program = taxi(app)
    url = f"/ko/staff/programs/{program.id}/screening"
    # The seeded "65_plus" condition shows as "at least 65".
    first = soup(staff.get(url))
    assert first.select_one('select[name="rule-0-age-min"] option[selected]')["value"] == "65"
    assert not first.select('select[name="rule-0-age-under"] option[selected]')  # the first: "no upper limit"

    response, n = _rule_with_age(staff, url, under="14")
    assert response.status_code == 200, [li.get_text() for li in soup(response).select(".error-summary li")]
    preview = soup(response)
    ko, en = preview.select_one("#preview-ko").get_text(), preview.select_one("#preview-en").get_text()
    assert "How old are you? → under 14" in en and "14세 미만" in ko
    # The sample answers are under 14 with a disability: the taxi is not shown.
    assert "Not shown to these answers" in en
    saved = staff.post(url, data=_as_data(fields(preview)) | {"op": "save"})
    assert saved.status_code == 302
    stored = taxi(app).rules[n]
    assert stored["when"] == {"age": ["under_14"]} and stored["outcome"] == "excluded"
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "program.screening"))
    assert event.staff_id == staff_id
    assert any(line == f"Rule {n + 1} added: [age under 14] ⇒ excluded (14세 미만이어서 / because you are under 14)"
               for line in event.detail["changes"]), event.detail["changes"]
    # The public screener: an under-14 with a disability does not see the taxi; a 65-year-old does.
    with app.app_context():
        asked = [question.key for question in questions_for(screenable_programs())]
    base = {key: "no" for key in asked} | {"lives_in_district": "yes", "income": "over_100", "step": str(len(asked))}
    def listed(answers):
        page = soup(client.post("/en/programs/check", data=base | answers))
        return " ".join(ul.get_text() for ul in page.select("ul.program-list"))

    assert "Thousand-Won Taxi" not in listed({"age": "under_14", "disability": "registered"})
    assert "Thousand-Won Taxi" in listed({"age": "65_plus", "disability": "no"})


def test_at_least_and_under_together_make_a_range(app, programs):
    staff, _ = signed_in(app, "moderator", "age-range@seogu.go.kr")
    url = f"/ko/staff/programs/{taxi(app).id}/screening"
    response, n = _rule_with_age(staff, url, at_least="19", under="65")
    assert response.status_code == 200
    en = soup(response).select_one("#preview-en").get_text()
    assert "at least 19 and under 65" in en
    ko = soup(response).select_one("#preview-ko").get_text()
    assert "19세 이상 65세 미만" in ko


NONE = "\"이상\"이나 \"미만\" 나이를 선택해 주세요"
ORDER = "\"이상\" 나이를 \"미만\" 나이보다 낮게 선택해 주세요"


@pytest.mark.parametrize(("at_least", "under", "words"), [
    ("", "", NONE),
    ("65", "14", ORDER),
    ("65", "65", ORDER),
    ("７０", "", NONE),  # not one of the groups' limits
    ("9" * 5000, "", NONE),
    ("１４", "", None),  # full-width 14 is 14
    ("\x00", "ㄱ", NONE),
    ("🎂", "x" * 10_000, NONE),
], ids=lambda v: str(v)[:10])
def test_bad_age_limits_are_told_in_the_editors_words_and_nothing_is_saved(app, programs, at_least, under, words):
    staff, _ = signed_in(app, "moderator", "age-bad@seogu.go.kr")
    program = taxi(app)
    url = f"/ko/staff/programs/{program.id}/screening"
    response, n = _rule_with_age(staff, url, at_least=at_least, under=under)
    problems = [li.get_text() for li in soup(response).select(".error-summary li")]
    if words is None:
        assert response.status_code == 200, problems
        assert "14세 이상" in soup(response).select_one("#preview-ko").get_text()
        return
    assert response.status_code == 400
    assert problems == [f"규칙 {n + 1}: {words}"]
    assert taxi(app).rules == program.rules


def test_groups_that_are_not_one_range_keep_the_boxes_and_can_switch(app, programs):
    staff, _ = signed_in(app, "moderator", "age-groups@seogu.go.kr")
    url = f"/ko/staff/programs/{taxi(app).id}/screening"
    page = soup(staff.get(url))
    # Switch the seeded "at least 65" to boxes, tick "under 14" too: not one range, so boxes stay.
    page = soup(press(staff, url, page, "rule-0-agegroups"))
    assert page.select_one('input[name="rule-0-cond-age"][value="65_plus"]').has_attr("checked")
    page = soup(press(staff, url, page, "preview", tick=[("rule-0-cond-age", "under_14")]))
    assert page.select_one('input[name="rule-0-cond-age"][value="under_14"]').has_attr("checked")
    assert "Under 14, 65 or older" in page.select_one("#preview-en").get_text()
    # And back: a broken set becomes "no limit" to choose again, nothing guessed.
    page = soup(press(staff, url, page, "rule-0-agerange"))
    assert page.select_one('select[name="rule-0-age-min"]') and not page.select('select option[selected][value="65"]')
