"""The screener's rule format and application questions: validation, and the seeded programs' results
over the whole answer space."""

from __future__ import annotations

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from alleyweb.extensions import db
from alleyweb.programs.content import PROGRAMS
from alleyweb.programs.models import Program
from alleyweb.programs.questions import QuestionError, validate_questions
from alleyweb.programs.rules import QUESTIONS, RuleError, evaluate, questions_for, validate_rules
from alleyweb.programs.services import screen, screenable_programs
from tests.programs_helpers import answer_space, expected


def test_the_seeded_rules_and_questions_are_valid_and_unchanged_by_cleaning(app_ctx):
    for data in PROGRAMS:
        assert validate_rules(data["rules"]) == data["rules"], data["slug"]
        cleaned = validate_questions(data["questions"])
        assert [q["key"] for q in cleaned] == [q["key"] for q in data["questions"]]
        assert all(not q["required"] for q in cleaned if q["sensitive"]), "sensitive answers are never required"


@pytest.mark.parametrize("rules, message", [
    ({"when": {}}, "must be a list"),
    ([{"when": {}, "outcome": "likely", "reason_ko": "a", "reason_en": "b"}], "at least one question"),
    ([{"when": {"shoe_size": ["42"]}, "outcome": "likely", "reason_ko": "a", "reason_en": "b"}], "unknown question"),
    ([{"when": {"age": ["70"]}, "outcome": "likely", "reason_ko": "a", "reason_en": "b"}], "has no answer 70"),
    ([{"when": {"age": "65_plus"}, "outcome": "likely", "reason_ko": "a", "reason_en": "b"}], "list of answers"),
    ([{"when": {"age": ["65_plus"]}, "outcome": "surely", "reason_ko": "a", "reason_en": "b"}], "\"outcome\""),
    ([{"when": {"age": ["65_plus"]}, "outcome": "maybe", "reason_ko": " ", "reason_en": "b"}], "reason_ko"),
    ([{"when": {"age": ["65_plus"]}, "outcome": "maybe", "reason_ko": "a", "reason_en": "b" * 201}], "longer than"),
    ([{"when": {"age": ["65_plus"]}, "outcome": "maybe", "reason_ko": "a", "reason_en": "b", "x": 1}],
     "unknown entries"),
    (["rule"], "must be an object"),
])
def test_bad_rules_are_refused_with_the_reason(app_ctx, rules, message):
    with pytest.raises(RuleError) as error, force_locale("en"):
        validate_rules(rules)
    assert any(message in problem for problem in error.value.problems), error.value.problems


@pytest.mark.parametrize("questions, message", [
    ([{"key": "Bad Key", "type": "text", "label_ko": "a", "label_en": "b"}], "\"key\""),
    ([{"key": "a", "type": "file", "label_ko": "a", "label_en": "b"}], "\"type\""),
    ([{"key": "a", "type": "text", "label_ko": "", "label_en": "b"}], "label_ko"),
    ([{"key": "a", "type": "choice", "label_ko": "a", "label_en": "b", "choices": []}], "2 to 12"),
    ([{"key": "a", "type": "text", "label_ko": "a", "label_en": "b"}] * 2, "used twice"),
    ([{"key": "a", "type": "text", "label_ko": "a", "label_en": "b", "required": "yes"}], "true or false"),
    ([{"key": "a", "type": "text", "label_ko": "a", "label_en": "b", "choices": []}], "only a choice"),
])
def test_bad_questions_are_refused_with_the_reason(app_ctx, questions, message):
    with pytest.raises(QuestionError) as error, force_locale("en"):
        validate_questions(questions)
    assert any(message in problem for problem in error.value.problems), error.value.problems


def test_a_sensitive_question_is_never_required(app_ctx):
    [question] = validate_questions([{"key": "health", "type": "textarea", "label_ko": "건강", "label_en": "Health",
                                      "required": True, "sensitive": True}])
    assert question["required"] is False and question["sensitive"] is True


def test_the_best_outcome_wins_and_reasons_are_not_repeated():
    rules = [
        {"when": {"age": ["65_plus"]}, "outcome": "maybe", "reason_ko": "가", "reason_en": "a"},
        {"when": {"age": ["65_plus"], "waste_paper": ["yes"]}, "outcome": "likely", "reason_ko": "나",
         "reason_en": "b"},
        {"when": {"waste_paper": ["yes"]}, "outcome": "likely", "reason_ko": "나", "reason_en": "b"},
    ]
    match = evaluate(rules, {"age": "65_plus", "waste_paper": "yes"}, "en")
    assert (match.outcome, match.reasons) == ("likely", ("b",))
    assert evaluate(rules, {"age": "65_plus", "waste_paper": "no"}, "ko").reasons == ("가",)
    assert evaluate(rules, {"age": "19_to_34", "waste_paper": "no"}, "ko") is None
    assert evaluate(rules, {}, "ko") is None  # unanswered questions match nothing


def test_the_screener_asks_only_what_the_rules_use_in_a_fixed_order(app_ctx, programs):
    asked = [q.key for q in questions_for(screenable_programs())]
    assert asked == ["age", "lives_in_district", "disability", "multicultural", "young_carer", "waste_paper",
                     "marriage"]
    assert asked == [q.key for q in QUESTIONS if q.key in asked]
    taxi = db.session.scalar(select(Program).where(Program.slug == "thousand-won-taxi"))
    taxi.rules = taxi.rules + [{"when": {"income": ["up_to_50"]}, "outcome": "maybe", "reason_ko": "소득",
                                "reason_en": "income"}]
    assert "income" in [q.key for q in questions_for(screenable_programs())]
    db.session.rollback()


def test_every_combination_of_answers_gives_the_stated_results(app_ctx, programs):
    """The whole answer space of the seeded programs' questions, in both languages."""
    screened = screenable_programs()
    questions = questions_for(screened)
    slugs = {p.slug for p in screened}
    assert slugs == {d["slug"] for d in PROGRAMS if d["rules"]}
    checked = 0
    for answers in answer_space(questions):
        for lang in ("ko", "en"):
            results = screen(screened, answers, lang)
            got = {program.slug: (outcome, len(match.reasons)) for outcome in ("likely", "maybe")
                   for program, match in results[outcome]}
            want = {slug: expected(slug, answers) for slug in slugs if expected(slug, answers)}
            assert got == want, answers
            for outcome in ("likely", "maybe"):
                for _program, match in results[outcome]:
                    assert all(reason.strip() for reason in match.reasons)
                    assert all(("because" in r) == (lang == "en") for r in match.reasons)
        checked += 1
    assert checked == 5 * 3 * 4 * 2 * 2 * 2 * 2


def test_an_age_condition_the_applicant_fails_excludes_the_program(app_ctx, programs):
    """Regression: "under 14" with a registered disability and marriage plans listed the joint weddings."""
    answers = {"age": "under_14", "lives_in_district": "yes", "disability": "registered", "marriage": "yes"}
    for lang in ("ko", "en"):
        results = screen(screenable_programs(), answers, lang)
        listed = {program.slug for outcome in ("likely", "maybe") for program, _match in results[outcome]}
        assert "joint-weddings" not in listed, lang
        assert "thousand-won-taxi" in listed  # the other programs' rules still apply
    adult = screen(screenable_programs(), {**answers, "age": "19_to_34"}, "ko")
    assert "joint-weddings" in {program.slug for program, _match in adult["likely"]}


def test_an_excluded_rule_wins_over_every_matching_rule():
    rules = [{"when": {"age": ["under_14"]}, "outcome": "excluded", "reason_ko": "가", "reason_en": "a"},
             {"when": {"marriage": ["yes"]}, "outcome": "likely", "reason_ko": "나", "reason_en": "b"}]
    assert evaluate(rules, {"age": "under_14", "marriage": "yes"}, "ko") is None
    assert evaluate(rules, {"age": "19_to_34", "marriage": "yes"}, "en").reasons == ("b",)
    assert evaluate(rules[:1], {"age": "19_to_34"}, "ko") is None  # an exclusion alone never lists a program
    assert validate_rules(rules) == rules
