"""The eligibility screener's questions and the small rule format each program's screening uses.

A program's ``rules`` is a JSON list; each rule says which answers it needs and what it means:

    {"when": {"lives_in_district": ["yes"], "age": ["65_plus"]},
     "outcome": "maybe",
     "reason_ko": "65세 이상이고 서구에 살고 있어서", "reason_en": "because you are 65 or older and live in Seo-gu"}

``when`` maps a question key to the answers that satisfy it; all of them must hold. A program whose rules
match is shown as "likely to fit" or "may fit" (the best outcome of the rules that match), with the
reasons of those rules. Questions are asked only when some program's rules use them, in the order below.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import LazyString
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

OUTCOMES = ("likely", "maybe")
MAX_RULES = 20
MAX_REASON = 200

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


class RuleError(ValueError):
    """The rules are not in the expected format; ``problems`` says where and what, for the staff form."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def validate_rules(rules) -> list[dict]:
    """The rules cleaned (keys in question order, reasons stripped), or RuleError listing every problem."""
    problems: list[str] = []
    if not isinstance(rules, list):
        raise RuleError([_("The rules must be a list: [ {…}, {…} ]")])
    if len(rules) > MAX_RULES:
        problems.append(_("Write at most %(num)d rules.", num=MAX_RULES))
    cleaned = []
    for n, rule in enumerate(rules, start=1):
        where = _("Rule %(num)d", num=n)
        if not isinstance(rule, dict):
            problems.append(_("%(where)s: must be an object {…}", where=where))
            continue
        unknown = set(rule) - {"when", "outcome", "reason_ko", "reason_en"}
        if unknown:
            problems.append(_("%(where)s: unknown entries %(names)s", where=where, names=", ".join(sorted(unknown))))
        when = rule.get("when")
        if not isinstance(when, dict) or not when:
            problems.append(_("%(where)s: \"when\" must name at least one question", where=where))
            when = {}
        clean_when = {}
        for key, values in when.items():
            question = BY_KEY.get(key)
            if question is None:
                problems.append(_("%(where)s: unknown question \"%(key)s\" (known: %(known)s)", where=where, key=key,
                                  known=", ".join(BY_KEY)))
                continue
            if not isinstance(values, list) or not values:
                problems.append(_("%(where)s: \"%(key)s\" needs a list of answers", where=where, key=key))
                continue
            allowed = [value for value, _label in question.choices]
            bad = [v for v in values if v not in allowed]
            if bad:
                problems.append(_("%(where)s: \"%(key)s\" has no answer %(bad)s (answers: %(allowed)s)", where=where,
                                  key=key, bad=", ".join(map(str, bad)), allowed=", ".join(allowed)))
                continue
            clean_when[key] = [v for v in allowed if v in values]
        if rule.get("outcome") not in OUTCOMES:
            problems.append(_("%(where)s: \"outcome\" must be \"likely\" or \"maybe\"", where=where))
        reasons = {}
        for lang in ("ko", "en"):
            reason = rule.get(f"reason_{lang}")
            if not isinstance(reason, str) or not reason.strip():
                problems.append(_("%(where)s: \"%(name)s\" must say why, in plain words", where=where,
                                  name=f"reason_{lang}"))
            elif len(reason) > MAX_REASON:
                problems.append(_("%(where)s: \"%(name)s\" is longer than %(num)d characters", where=where,
                                  name=f"reason_{lang}", num=MAX_REASON))
            else:
                reasons[f"reason_{lang}"] = reason.strip()
        ordered = {key: clean_when[key] for key in BY_KEY if key in clean_when}
        cleaned.append({"when": ordered, "outcome": rule.get("outcome"), **reasons})
    if problems:
        raise RuleError(problems)
    return cleaned


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
    (in ``lang``, without repeats); None when no rule matches."""
    matched = [rule for rule in rules
               if all(answers.get(key) in values for key, values in rule["when"].items())]
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
    return [(str(BY_KEY[key].text), ", ".join(str(BY_KEY[key].label(v)) for v in values))
            for key, values in rule["when"].items()]
