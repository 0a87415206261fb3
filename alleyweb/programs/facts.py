"""A program's facts as structure: who qualifies, what you get, how to use it, how to apply, documents,
the responsible department, processing time, and when and where the facts were last confirmed.

Each fact is kept in both languages. Four come from the program's own columns (``audience``, ``benefits``,
``how_to_apply``, ``documents``); the rest live in ``Program.facts`` (JSON: ``{"amount": {"ko": …, "en":
…}, …, "source_kind": "ordinance"}``), so adding a fact is a line in ``FACTS`` and no migration. The public
page shows the facts in the fixed order of ``SECTIONS``, one heading each; an empty fact shows as "to be
confirmed" with the department's phone (or the switchboard). Nothing is filled in from elsewhere: a
neighbouring district's rules appear only if staff entered them in ``nearby``, labelled as such.
The staff list shows, per program, which facts are still empty (:func:`gaps`) and how old the
confirmation is (:func:`confirmation_age`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import current_app
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from alleyweb.programs.services import CATEGORIES

# Programs whose facts were not confirmed for this long are flagged in the staff list.
STALE_AFTER_DAYS = 365
MOBILITY = ("mobility",)
# What a donor "gets" is not an amount paid out: the benefit details are expected of welfare programs only.
WELFARE = tuple(key for key in CATEGORIES if key != "giving")


@dataclass(frozen=True)
class Fact:
    key: str
    label: LazyString | str
    section: str
    hint: LazyString | str = ""
    # One item a line, shown as a list (conditions, steps, documents).
    is_list: bool = False
    # Expected only for programs of these categories (empty: every program); shown elsewhere when filled in.
    categories: tuple[str, ...] = ()
    # A program column pair (``audience_ko``/``audience_en``) rather than an entry of ``Program.facts``.
    column: bool = False
    # Shown when filled in, but an empty one is not a gap (a general description beside the detailed facts).
    optional: bool = False
    max_length: int = 2000

    def expected_for(self, program) -> bool:
        return not self.optional and (not self.categories or program.category in self.categories)


SECTIONS: tuple[tuple[str, LazyString | str], ...] = (
    ("eligibility", _l("Who can get it")),
    ("benefit", _l("What you get")),
    ("use", _l("How to use it")),
    ("apply", _l("How to apply")),
    ("documents", _l("Documents needed")),
    ("processing", _l("How long a decision takes")),
    ("department", _l("Responsible department")),
    ("confirmed", _l("Last confirmed")),
)

FACTS: tuple[Fact, ...] = (
    Fact("audience", _l("Who can get it"), "eligibility", _l("One condition a line"), is_list=True, column=True,
         max_length=4000),
    Fact("benefits", _l("In short"), "benefit", _l("What the program gives, in a sentence or two"), column=True,
         optional=True, max_length=4000),
    Fact("amount", _l("Amount"), "benefit", _l("For example, up to ₩25,000 a ride"), categories=WELFARE),
    Fact("frequency", _l("How often you get it"), "benefit", _l("For example, every month"), categories=WELFARE),
    Fact("limits", _l("Limits"), "benefit", _l("For example, at most 2 rides a month"), categories=WELFARE),
    Fact("use_steps", _l("Steps"), "use", _l("One step a line"), is_list=True, categories=MOBILITY),
    Fact("booking", _l("How to call a taxi"), "use", _l("The number or app to call, and what to say"),
         categories=MOBILITY),
    Fact("hours", _l("Hours"), "use", categories=MOBILITY),
    Fact("area", _l("Where you can ride"), "use", categories=MOBILITY),
    Fact("rides", _l("Rides per month"), "use", categories=MOBILITY),
    Fact("rider_pays", _l("What the rider pays"), "use", categories=MOBILITY),
    Fact("how_to_apply", _l("In short"), "apply", column=True, optional=True, max_length=4000),
    Fact("apply_in_person", _l("In person"), "apply", _l("Where to go, for example your dong's administrative "
                                                         "welfare centre")),
    Fact("apply_by_phone", _l("By phone"), "apply"),
    Fact("documents", _l("Documents needed"), "documents", _l("One document a line"), is_list=True, column=True,
         max_length=4000),
    Fact("processing_time", _l("How long a decision takes"), "processing",
         _l("For example, about 14 days after the application is received")),
    Fact("source", _l("Source"), "confirmed", _l("For example, the ordinance's name, or the notice's title and "
                                                 "date")),
    Fact("nearby", _l("A nearby district's rules, for comparison"), "eligibility",
         _l("Only if useful to residents; shown under a label saying these are not Seo-gu's rules"), optional=True),
)
BY_KEY = {fact.key: fact for fact in FACTS}

# Whether a program can be applied for in person at the dong's administrative welfare centre: staff set
# it (``Program.facts["in_person_centre"]``); absent means not confirmed, and no page claims it then.
IN_PERSON = "in_person_centre"
IN_PERSON_CHOICES: dict[str, LazyString | str] = {
    "yes": _l("Yes, at the dong's administrative welfare centre"),
    "no": _l("No, not at the dong's administrative welfare centre"),
}

SOURCE_KINDS: dict[str, LazyString | str] = {
    "ordinance": _l("Ordinance"),
    "notice": _l("Public notice"),
    "department": _l("The responsible department"),
}


def value(program, key: str, lang: str) -> str:
    """A fact in ``lang`` ('' when not entered)."""
    suffix = "en" if lang == "en" else "ko"
    fact = BY_KEY[key]
    if fact.column:
        return (getattr(program, f"{key}_{suffix}", "") or "").strip()
    entry = (program.facts or {}).get(key) or {}
    return (entry.get(suffix) or "").strip() if isinstance(entry, dict) else ""


def lines(text: str) -> list[str]:
    """A list fact's items: one a line, blank lines and list marks left out."""
    return [line.strip().lstrip("-•·*").strip() for line in text.splitlines() if line.strip().lstrip("-•·*").strip()]


def in_person(program) -> str | None:
    """"yes" or "no" when staff confirmed whether the program can be applied for in person at the dong's
    administrative welfare centre; None while it is to be confirmed."""
    answer = (program.facts or {}).get(IN_PERSON)
    return answer if answer in IN_PERSON_CHOICES else None


def switchboard() -> str:
    return current_app.config["OFFICE_PHONE"]


def department_known(program) -> bool:
    """Whether the program names its own department's direct number (not the switchboard)."""
    return bool(program.contact_phone) and program.contact_phone != switchboard()


def phone(program) -> str:
    """The number to call about a fact that is not confirmed: the department's, else the switchboard."""
    return program.contact_phone if department_known(program) else switchboard()


def shown(program, fact: Fact) -> bool:
    return fact.expected_for(program) or bool(value(program, fact.key, "ko") or value(program, fact.key, "en"))


def sections(program) -> list[tuple[str, LazyString | str, list[Fact]]]:
    """(section key, heading, facts shown) in the fixed order; the department and the confirmation are
    sections of their own (not ``FACTS``), and "How to use it" appears only where it applies."""
    result = []
    for key, heading in SECTIONS:
        facts = [fact for fact in FACTS if fact.section == key and shown(program, fact)]
        if facts or key in ("department", "confirmed"):
            result.append((key, heading, facts))
    return result


def gaps(program) -> list[LazyString | str]:
    """The facts staff still have to fill in for this program (in either language), in page order."""
    missing = []
    for fact in FACTS:
        if fact.expected_for(program) and not (value(program, fact.key, "ko") and value(program, fact.key, "en")):
            missing.append(fact.label)
    if program.category in WELFARE and in_person(program) is None:
        missing.append(_l("Apply in person at the dong's centre"))
    if not department_known(program):
        missing.append(_l("Department's direct phone"))
    if not (program.facts or {}).get("source_kind"):
        missing.append(_l("Kind of source"))
    return missing



def confirmation_age(program, today: date) -> int | None:
    """Days since the facts were last confirmed (None when never)."""
    return (today - program.last_checked).days if program.last_checked else None


def is_stale(program, today: date) -> bool:
    days = confirmation_age(program, today)
    return days is None or days >= STALE_AFTER_DAYS


def clean(values: dict[str, str]) -> dict:
    """``Program.facts`` from the staff form's ``fact_<key>_<lang>``, ``in_person_centre`` and ``source_kind``
    values: stripped, empty ones left out."""
    facts: dict = {}
    for fact in FACTS:
        if fact.column:
            continue
        entry = {lang: (values.get(f"fact_{fact.key}_{lang}") or "").strip() for lang in ("ko", "en")}
        entry = {lang: text for lang, text in entry.items() if text}
        if entry:
            facts[fact.key] = entry
    if values.get(IN_PERSON) in IN_PERSON_CHOICES:
        facts[IN_PERSON] = values[IN_PERSON]
    if values.get("source_kind") in SOURCE_KINDS:
        facts["source_kind"] = values["source_kind"]
    return facts
