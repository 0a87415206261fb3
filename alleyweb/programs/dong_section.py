"""What welfare programs show on a dong's page: the programs a resident can apply for in person at the
dong's administrative welfare centre (open or coming soon; ways to give are not applied for).

Only a program whose facts say so (``facts.in_person``: staff confirmed "yes") is listed as one to apply
for there; one not yet confirmed is listed apart as "to be confirmed", with the number to call; one
confirmed "no" is not listed."""

from __future__ import annotations

from alleyweb.core.features import DongSection
from alleyweb.extensions import db
from alleyweb.programs.facts import in_person, phone
from alleyweb.programs.services import PROGRAMS_VERSION, program_select

IN_PERSON_STATUSES = ("open", "coming")


def programs_for(dong, lang: str) -> dict:
    programs = [program for program in db.session.scalars(program_select())
                if program.status in IN_PERSON_STATUSES and program.category != "giving"]
    return {"programs": [program for program in programs if in_person(program) == "yes"],
            "unconfirmed": [(program, phone(program)) for program in programs if in_person(program) is None]}


DONG_SECTION = DongSection("programs", programs_for, "programs/_dong_section.html", order=20,
                           versions=(PROGRAMS_VERSION,))
