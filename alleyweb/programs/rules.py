"""The eligibility screener's questions and the small rule format each program's screening uses.

A program's ``rules`` is a JSON list; each rule says which answers it needs and what it means:

    {"when": {"lives_in_district": ["yes"], "age": ["65_plus"]},
     "outcome": "maybe",
     "reason_ko": "65세 이상이고 서구에 살고 있어서", "reason_en": "because you are 65 or older and live in Seo-gu"}

``when`` maps a question key to the answers that satisfy it; all of them must hold. A program whose rules
match is shown as "likely to fit" or "may fit" (the best outcome of the rules that match), with the
reasons of those rules. A rule whose outcome is "excluded" states a condition the applicant fails, such as
an age below the program's ({"when": {"age": ["under_14"]}, "outcome": "excluded", …}): when it matches,
the program is not shown at all, whatever the other rules say. Questions are asked only when some
program's rules use them, in the order below.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from flask_babel import LazyString
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from pydantic import field_validator

from alleyweb.programs import schema
from alleyweb.programs.schema import MAX_REASON, MAX_RULES

OUTCOMES = ("likely", "maybe", "excluded")

YES, NO, NOT_SURE = ("yes", _l("Yes")), ("no", _l("No")), ("not_sure", _l("I am not sure"))


@dataclass(frozen=True)
class ScreenerQuestion:
    key: str
    text: LazyString | str
    choices: tuple[tuple[str, LazyString | str], ...]
    hint: LazyString | str = ""

    def label(self, value: str):
        return dict(self.choices).get(value, value)


QUESTIONS: tuple[ScreenerQuestion, ...] = (
    ScreenerQuestion("age", _l("How old are you?"), (
        ("under_14", _l("Under 14")), ("14_to_18", _l("14 to 18")), ("19_to_34", _l("19 to 34")),
        ("35_to_64", _l("35 to 64")), ("65_plus", _l("65 or older")))),
    ScreenerQuestion("lives_in_district", _l("Do you live in Seo-gu, Gwangju?"), (YES, NO, NOT_SURE),
                     _l("Your registered address is in Seo-gu.")),
    ScreenerQuestion("disability", _l("Do you have a registered disability, or difficulty getting around?"), (
        ("registered", _l("Yes, I have a registered disability")),
        ("mobility", _l("I find it hard to get around, but have no registered disability")),
        ("no", _l("No")), ("prefer_not", _l("I would rather not say")))),
    ScreenerQuestion("multicultural", _l("Is your family a multicultural family?"), (YES, NO),
                     _l("For example, you or your spouse moved to Korea from another country.")),
    ScreenerQuestion("income", _l("What is your household's income, compared with the median income?"), (
        ("up_to_50", _l("Up to half the median income")), ("50_to_100", _l("Between half and the full median income")),
        ("over_100", _l("More than the median income")), NOT_SURE),
        _l("The median income is the government's yardstick for welfare; the office can work it out with you.")),
    ScreenerQuestion("young_carer", _l("Are you a young person who looks after a family member?"), (YES, NO),
                     _l("For example, a teenager or young adult caring for a parent or grandparent who is ill, "
                        "disabled or elderly.")),
    ScreenerQuestion("waste_paper", _l("Do you collect waste paper or scrap to sell?"), (YES, NO)),
    ScreenerQuestion("marriage", _l("Are you planning to get married?"), (YES, NO)),
)
BY_KEY = {q.key: q for q in QUESTIONS}

# The screener asks for an age group, so an age condition ("at least N", "under N") is a range of groups and
# N one of their limits. Each group's ages: [from, to) in years (None: no upper end).
AGE_BANDS: dict[str, tuple[int, int | None]] = {"under_14": (0, 14), "14_to_18": (14, 19), "19_to_34": (19, 35),
                                                 "35_to_64": (35, 65), "65_plus": (65, None)}
AGE_LIMITS = (14, 19, 35, 65)


def age_bands(at_least: int | None, under: int | None) -> list[str]:
    """The age groups of "at least ``at_least``" and "under ``under``" (either may be None: no limit)."""
    return [band for band, (low, high) in AGE_BANDS.items()
            if (at_least is None or low >= at_least) and (under is None or (high is not None and high <= under))]


def age_range(values) -> tuple[int | None, int | None] | None:
    """(at least, under) when the age groups ``values`` are one unbroken range (None: no limit on that side);
    None when they are not (no group, or a gap, as in "under 14 or 65 and over")."""
    bands = [band for band in AGE_BANDS if band in set(values or ())]
    if not bands:
        return None
    order = list(AGE_BANDS)
    first, last = order.index(bands[0]), order.index(bands[-1])
    if bands != order[first:last + 1]:
        return None
    low, high = AGE_BANDS[bands[0]][0], AGE_BANDS[bands[-1]][1]
    return (low or None), high


def age_words(values) -> str:
    """An age condition in the current language: "65 or older", "under 14", "at least 19 and under 65", or
    the groups' names when they are not one range."""
    limits = age_range(values)
    if limits is None:
        return ", ".join(str(BY_KEY["age"].label(v)) for v in values)
    at_least, under = limits
    if at_least is not None and under is not None:
        return _("at least %(low)d and under %(high)d", low=at_least, high=under)
    if at_least is not None:
        return _("%(num)d or older", num=at_least)
    if under is not None:
        return _("under %(num)d", num=under)
    return _("any age")


class RuleError(ValueError):
    """The rules are not in the expected format; ``problems`` says where and what, for the staff form."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


class Rule(schema.Strict):
    when: dict[str, list[str]]
    outcome: Literal["likely", "maybe", "excluded"]
    reason_ko: schema.text(MAX_REASON)
    reason_en: schema.text(MAX_REASON)

    @field_validator("when")
    @classmethod
    def _known_questions_and_answers(cls, when: dict[str, list[str]]) -> dict[str, list[str]]:
        """Each question named exists and each answer is one of its own; cleaned into the screener's order."""
        if not when:
            raise ValueError(_("\"when\" must name at least one question"))
        for key, values in when.items():
            question = BY_KEY.get(key)
            if question is None:
                raise ValueError(_("unknown question \"%(key)s\" (known: %(known)s)", key=key, known=", ".join(BY_KEY)))
            if not values:
                raise ValueError(_("\"%(key)s\" needs a list of answers", key=key))
            allowed = [value for value, _label in question.choices]
            bad = [v for v in values if v not in allowed]
            if bad:
                raise ValueError(_("\"%(key)s\" has no answer %(bad)s (answers: %(allowed)s)", key=key,
                                   bad=", ".join(bad), allowed=", ".join(allowed)))
        return {q.key: [v for v, _label in q.choices if v in when[q.key]] for q in QUESTIONS if q.key in when}


def validate_rules(rules) -> list[dict]:
    """The rules cleaned (keys in question order, reasons stripped), or RuleError listing every problem."""
    models, problems = schema.check(Rule, rules, where=lambda n: _("Rule %(num)d", num=n), limit=MAX_RULES,
                                    too_many=_("Write at most %(num)d rules.", num=MAX_RULES),
                                    not_a_list=_("The rules must be a list: [ {…}, {…} ]"))
    if problems:
        raise RuleError(problems)
    return [rule.model_dump() for rule in models]


def questions_for(programs) -> list[ScreenerQuestion]:
    """The questions the programs' rules use, in the screener's order."""
    used = {key for program in programs for rule in program.rules or [] for key in rule.get("when", {})}
    return [q for q in QUESTIONS if q.key in used]


@dataclass(frozen=True)
class Match:
    outcome: str
    reasons: tuple[str, ...]


def evaluate(rules: list[dict], answers: dict[str, str], lang: str) -> Match | None:
    """How a program fits these answers: the best outcome among the rules that match, with their reasons
    (in ``lang``, without repeats); None when no rule matches, or when an "excluded" rule matches (a
    condition the applicant fails, such as age, rules the program out)."""
    matched = [rule for rule in rules
               if all(answers.get(key) in values for key, values in rule["when"].items())]
    if any(rule["outcome"] == "excluded" for rule in matched):
        return None
    if not matched:
        return None
    best = "likely" if any(rule["outcome"] == "likely" for rule in matched) else "maybe"
    reasons = []
    for rule in matched:
        reason = rule[f"reason_{'en' if lang == 'en' else 'ko'}"]
        if rule["outcome"] == best and reason not in reasons:
            reasons.append(reason)
    return Match(best, tuple(reasons))


def describe_rule(rule: dict) -> list[tuple[str, str]]:
    """(question, accepted answers) in the current language, for the staff preview."""
    return [(str(BY_KEY[key].text), age_words(values) if key == "age" else
             ", ".join(str(BY_KEY[key].label(v)) for v in values)) for key, values in rule["when"].items()]
