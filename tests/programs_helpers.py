"""Seeded programs for tests, and the screener's expected results written out independently of the rules."""

from __future__ import annotations

import itertools

import pytest

from alleyweb.extensions import db


@pytest.fixture()
def programs(app, clean_db):
    from alleyweb.programs.content import seed_programs

    with app.app_context():
        seed_programs()
    yield
    with app.app_context():
        db.session.rollback()


YOUNG = {"under_14", "14_to_18", "19_to_34"}


def expected(slug: str, a: dict) -> tuple[str, int] | None:
    """(outcome, number of reasons) the seeded program should give these answers, or None: the policy the
    seed content states, in plain Python."""
    lives, age, disability = a["lives_in_district"], a["age"], a["disability"]
    if lives == "no":
        return None
    sure = "likely" if lives == "yes" else "maybe"
    if slug == "thousand-won-taxi":
        reasons = (age == "65_plus") + (disability in ("registered", "mobility"))
        return ("maybe", reasons) if reasons else None
    if slug == "multicultural-family-visits":
        return (sure, 1) if a["multicultural"] == "yes" else None
    if slug == "waste-paper-collectors-rest-allowance":
        if a["waste_paper"] != "yes":
            return None
        if age == "65_plus":
            return (sure, 1)
        return ("maybe", 1) if age == "35_to_64" else None
    if slug == "joint-weddings":
        if a["marriage"] != "yes" or age == "under_14":
            return None
        return (sure, 1) if disability == "registered" else ("maybe", 1)
    if slug == "young-family-caregivers":
        if a["young_carer"] != "yes":
            return None
        if age in YOUNG:
            return (sure, 1)
        return ("maybe", 1) if age == "35_to_64" else None
    return None  # Seo-gu Honors: not screened


def answer_space(questions):
    """Every combination of answers to these screener questions."""
    keys = [q.key for q in questions]
    for values in itertools.product(*[[value for value, _label in q.choices] for q in questions]):
        yield dict(zip(keys, values, strict=True))
