"""Use-cases on programs: list and find them, screen answers against their rules, change them (staff,
audited), and receive applications."""

from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, or_, select

from alleyweb.core.cache import VersionedCache, bump_on_change
from alleyweb.extensions import db
from alleyweb.programs.models import BILINGUAL_FIELDS, Program
from alleyweb.programs.rules import Match, evaluate

CATEGORIES = {
    "mobility": _l("Getting around"),
    "family": _l("Families"),
    "seniors": _l("Older people"),
    "disability": _l("Disability"),
    "youth": _l("Children and young people"),
    "giving": _l("Giving"),
}
STATUS_LABELS = {"open": _l("Open"), "coming": _l("Coming soon"), "closed": _l("Closed")}
# Words the URL of a program may not take: they are pages of their own.
RESERVED_SLUGS = {"check", "new"}
# The programs' data version (alleyweb.core.cache), bumped by every flush that adds, changes or deletes one.
PROGRAMS_VERSION = "programs"
bump_on_change(PROGRAMS_VERSION, Program)


def program_select(category: str | None = None, q: str | None = None) -> Select:
    """Programs for the public list, in their set order; ``q`` looks in titles and summaries of both
    languages, case-insensitively and literally (no wildcards)."""
    stmt = select(Program).order_by(Program.sort_order, Program.id)
    if category:
        stmt = stmt.where(Program.category == category)
    for term in (q or "").lower().split()[:5]:
        stmt = stmt.where(or_(*(func.lower(column).contains(term, autoescape=True) for column in (
            Program.title_ko, Program.title_en, Program.summary_ko, Program.summary_en))))
    return stmt


def get_program(slug: str) -> Program | None:
    return db.session.scalar(select(Program).where(Program.slug == slug))


_published = VersionedCache(size=64)  # program rows by slug, for the programs' data version


def published_program(slug: str, version: int) -> Program | None:
    """:func:`get_program` for the public pages, kept per worker for the programs' data ``version``
    (:data:`PROGRAMS_VERSION`): a row detached from every session, shared by requests, so read it only."""
    def load():
        program = get_program(slug)
        if program is not None:
            db.session.expunge(program)
        return program

    return _published.get_or_make(slug, version, load)


def screenable_programs() -> list[Program]:
    """Programs the screener considers: not closed, with rules."""
    return [p for p in db.session.scalars(program_select()) if p.status != "closed" and p.rules]


_screenable = VersionedCache(size=4)  # the screener's programs, for the programs' data version


def published_screenable(version: int) -> tuple[Program, ...]:
    """:func:`screenable_programs` for the screener's pages, kept per worker for the programs' data
    ``version`` (:data:`PROGRAMS_VERSION`): rows detached from every session, shared by requests, so read them only."""
    def load():
        programs = screenable_programs()
        for program in programs:
            db.session.expunge(program)
        return tuple(programs)

    return _screenable.get_or_make(current_app._get_current_object(), version, load)


def screen(programs: list[Program], answers: dict[str, str], lang: str) -> dict[str, list[tuple[Program, Match]]]:
    """Programs that likely fit and that may fit these answers, each with its reasons."""
    results: dict[str, list[tuple[Program, Match]]] = {"likely": [], "maybe": []}
    for program in programs:
        match = evaluate(program.rules, answers, lang)
        if match is not None:
            results[match.outcome].append((program, match))
    return results


EDITABLE = (*(f"{name}_{lang}" for name in BILINGUAL_FIELDS for lang in ("ko", "en")),
            "slug", "category", "status", "sort_order", "contact_phone", "last_checked", "online_application",
            "retention_days", "rules", "questions", "facts")


def save_program(program: Program | None, staff, values: dict) -> Program:
    """Create or change a program and write the audit row (which fields changed); the caller commits."""
    from alleyweb.core.audit import record

    creating = program is None
    if creating:
        program = Program()
        db.session.add(program)
    changed = [key for key in EDITABLE if key in values and getattr(program, key, None) != values[key]]
    for key in changed:
        setattr(program, key, values[key])
    db.session.flush()
    record("program.create" if creating else "program.update", staff=staff, target=program,
           detail={"slug": program.slug, "changed": changed}, commit=False)
    return program
