"""Use-cases of the giving feature: pledges, volunteers, projects and connections.

Each use-case checks the state, changes it, adds the step to the submission's history (the status page
shows it), writes the audit row and commits once. Errors an officer can fix raise :class:`GivingError`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import current_app
from flask_babel import force_locale, gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, exists, func, or_, select

from alleyweb.core.audit import record
from alleyweb.core.cache import VersionedCache, bump_on_change
from alleyweb.core.database import utcnow
from alleyweb.extensions import db
from alleyweb.giving.kinds import APPLICATIONS, PLEDGES
from alleyweb.giving.labels import AREA_LABELS, PLEDGE_AREA_LABELS
from alleyweb.giving.models import (
    CONFIRMED_PLEDGE_STATES,
    Application,
    Pledge,
    PledgePayment,
    Project,
    Volunteer,
    VolunteerTag,
)
from alleyweb.giving.money import format_money, format_won
from alleyweb.submissions.lifecycle import TransitionError, transition
from alleyweb.submissions.models import Submission
from alleyweb.submissions.services import record_step


class GivingError(TransitionError):
    """A step that cannot be taken now; the message says why (shown to the officer)."""


# -- Seo-gu Honors tiers -------------------------------------------------------------------------

def honors_tiers() -> tuple[int, ...]:
    """The tier thresholds in whole won, lowest first (config HONORS_TIERS)."""
    return tuple(sorted(current_app.config["HONORS_TIERS"]))


def tier_for(total: int) -> int | None:
    """The Honors tier a pledge total reaches (its threshold), or None below the lowest."""
    reached = [t for t in honors_tiers() if total >= t]
    return reached[-1] if reached else None


def tier_label(tier: int | None, lang: str) -> str:
    if tier is None:
        return gettext("Below the Honors tiers")
    top = tier == honors_tiers()[-1]
    amount = format_money(tier, lang)
    return gettext("%(amount)s or more", amount=amount) if top else amount


# -- pledges ------------------------------------------------------------------------------------

def pledge_for(submission: Submission) -> Pledge | None:
    return db.session.scalar(select(Pledge).where(Pledge.submission_id == submission.id))


def _in_language(submission: Submission, text_factory) -> str:
    """Text the submitter reads on the status page, in the language they wrote in."""
    with force_locale(submission.lang or "ko"):
        return text_factory()


def _note(extra: str, auto: str) -> str:
    return "\n".join(part for part in (auto, extra) if part)


def confirm_pledge(pledge: Pledge, staff, note: str = "") -> None:
    """The officer has spoken with the donor and the pledge stands."""
    _pledge_step(pledge, "confirm", staff, note)


def record_payment(pledge: Pledge, staff, amount: int, paid_on: date, note: str = "") -> None:
    """A payment received: one instalment, or the rest of the pledge (then it is paid in full)."""
    if pledge.state in PLEDGES.steps["pay_part"].sources:
        if amount <= 0:
            raise GivingError(_l("Enter an amount more than zero."))
        if amount > pledge.outstanding:
            raise GivingError(_l("That is more than is still due (%(amount)s). Check the amount.",
                                 amount=format_won(pledge.outstanding, "ko")))
        pledge.payments.append(PledgePayment(amount=amount, paid_on=paid_on, staff_id=getattr(staff, "id", None)))
        pledge.paid_total += amount
    submission = pledge.submission
    received = _in_language(submission, lambda: gettext(
        "%(amount)s received on %(date)s.", amount=format_won(amount, submission.lang), date=paid_on.isoformat()))
    if pledge.paid_total >= pledge.total:
        step, told = "pay_rest", received
    else:
        left = _in_language(submission, lambda: gettext(
            "Still to come: %(amount)s.", amount=format_won(pledge.outstanding, submission.lang)))
        step, told = "pay_part", f"{received} {left}"
    _pledge_step(pledge, step, staff, _note(note, told),
                 amount=amount, paid_total=pledge.paid_total)


def recognise_pledge(pledge: Pledge, staff, note: str = "") -> None:
    """The donor has been thanked and recognised (Honors membership, certificate): the pledge is complete."""
    _pledge_step(pledge, "recognise", staff, note)


def withdraw_pledge(pledge: Pledge, staff, reason: str) -> None:
    """The donor withdrew (or could not be reached): the pledge no longer counts."""
    _pledge_step(pledge, "withdraw", staff, reason)


def _pledge_step(pledge: Pledge, step: str, staff, note: str, **detail) -> None:
    transition(PLEDGES, pledge, step, staff, history=pledge.submission, note=note,
               detail={"submission": pledge.submission.receipt_no, **detail})


def hall_of_fame(lang: str) -> list[tuple[int, list[str]]]:
    """(tier, names) from the top tier down: confirmed pledges whose donors agreed to be named."""
    tiers = honors_tiers()
    rows = db.session.execute(
        select(Pledge.display_name, Pledge.total).where(
            Pledge.hall_of_fame.is_(True), Pledge.state.in_(CONFIRMED_PLEDGE_STATES), Pledge.display_name != "",
            Pledge.total >= tiers[0]).order_by(Pledge.confirmed_at, Pledge.id)).all()
    by_tier: dict[int, list[str]] = {tier: [] for tier in tiers}
    for name, total in rows:
        by_tier[tier_for(total)].append(name)
    return [(tier, by_tier[tier]) for tier in reversed(tiers)]


# -- volunteers ---------------------------------------------------------------------------------




def volunteer_for(submission: Submission) -> Volunteer | None:
    return db.session.scalar(select(Volunteer).where(Volunteer.submission_id == submission.id))


def approve_volunteer(submission: Submission, staff) -> None:
    """Called in the console's approval transaction (the submission type's on_approve)."""
    volunteer = volunteer_for(submission)
    if volunteer is not None:
        volunteer.approved_at = utcnow()


@dataclass
class VolunteerQuery:
    area: str | None = None
    talent: str | None = None  # a listed talent
    skill: str | None = None  # words found in the talents volunteers typed themselves
    dong_id: int | None = None
    availability: str | None = None
    language: str | None = None


def volunteer_select(query: VolunteerQuery) -> Select:
    """Approved volunteers (personal data not yet purged) matching every filter given."""
    def has(kind: str, value_condition):
        return exists().where(VolunteerTag.volunteer_id == Volunteer.id, VolunteerTag.kind == kind, value_condition)

    stmt = select(Volunteer).join(Submission, Submission.id == Volunteer.submission_id).where(
        Submission.status == "approved", Submission.anonymised_at.is_(None))
    if query.area:
        stmt = stmt.where(has("area", VolunteerTag.value == query.area))
    if query.talent:
        stmt = stmt.where(has("talent", VolunteerTag.value == query.talent))
    if query.skill:
        words = " ".join(query.skill.split()).lower()
        stmt = stmt.where(has("skill", VolunteerTag.value.contains(words, autoescape=True)))
    if query.availability:
        stmt = stmt.where(has("availability", VolunteerTag.value == query.availability))
    if query.language:
        stmt = stmt.where(has("language", VolunteerTag.value == query.language.strip().lower()))
    if query.dong_id:
        # Volunteers who chose this dong, and those happy to go anywhere in Seo-gu.
        stmt = stmt.where(or_(Volunteer.dong_id == query.dong_id, Volunteer.dong_id.is_(None)))
    return stmt.order_by(Volunteer.approved_at.desc(), Volunteer.id.desc())


def connect_volunteer(volunteer: Volunteer, project: Project, staff, note: str = "") -> Application:
    """An officer connects an approved volunteer to a project: an offer of help, connected at once."""
    submission = volunteer.submission
    if submission.status != "approved":
        raise GivingError(_l("Approve the volunteer before connecting them to a project."))
    if not project.is_open:
        raise GivingError(_l("This project is closed. Open it again to connect people to it."))
    already = db.session.scalar(select(Application.id).where(
        Application.volunteer_id == volunteer.id, Application.project_id == project.id,
        Application.state.in_(("applied", "connected"))))
    if already:
        raise GivingError(_l("This volunteer is already connected to this project."))
    now = utcnow()
    application = Application(project=project, volunteer=volunteer, kind="offer", for_whom="self",
                              state="connected", connected_at=now)
    db.session.add(application)
    title = project.title(submission.lang)
    auto = _in_language(submission, lambda: gettext("Project: %(title)s", title=title))
    record_step(submission, staff, "connected", _note(note, auto))
    db.session.flush()
    record("project.connect", staff=staff, target=application,
           detail={"project": project.id, "volunteer": volunteer.id}, commit=False)
    return application


# -- projects -----------------------------------------------------------------------------------

PROJECT_FIELDS = ("title_ko", "title_en", "description_ko", "description_en", "area", "dong_id", "starts_on",
                  "ends_on", "helpers_needed", "recipients_needed", "status")


def save_project(project: Project | None, staff, **values) -> Project:
    """Publish a new project or change one (audited); the caller commits."""
    created = project is None
    project = project or Project(created_by=getattr(staff, "id", None))
    changed = sorted(k for k in PROJECT_FIELDS if k in values and getattr(project, k, None) != values[k])
    for key in PROJECT_FIELDS:
        if key in values:
            setattr(project, key, values[key])
    db.session.add(project)
    db.session.flush()
    record("project.create" if created else "project.update", staff=staff, target=project,
           detail={"fields": changed}, commit=False)
    return project


def public_projects(area: str | None = None, dong_id: int | None = None) -> Select:
    """Open projects first (soonest start first), then closed ones, newest first."""
    stmt = select(Project)
    if area:
        stmt = stmt.where(Project.area == area)
    if dong_id:
        stmt = stmt.where(or_(Project.dong_id == dong_id, Project.dong_id.is_(None)))
    return stmt.order_by((Project.status == "closed"), Project.starts_on.desc(), Project.id.desc())


# The projects' data version (alleyweb.core.cache), bumped by every flush that adds, changes or deletes a
# project or an application to one (the counts of connected helpers and recipients).
PROJECTS_VERSION = "projects"
bump_on_change(PROJECTS_VERSION, Project, Application)
_published = VersionedCache(size=64)  # (project, counts) by id


def published_project(project_id: int, version) -> tuple[Project, dict[str, int]] | None:
    """A project and its :func:`project_counts`, for the public page, kept per worker for ``version`` (the
    projects' and the dongs' data versions: the project shows its dong's name). The row and its dong are
    detached from every session and shared by requests: read them only (a POST loads its own)."""
    def load():
        project = db.session.get(Project, project_id)
        if project is None:
            return None
        counts = project_counts(project)
        if project.dong is not None:
            db.session.expunge(project.dong)
        db.session.expunge(project)
        return project, counts

    return _published.get_or_make(project_id, version, load)


def project_counts(project: Project) -> dict[str, int]:
    """Connected helpers and recipients, for 'how many are still needed'."""
    return connected_counts([project])[project.id]


def connected_counts(projects: list[Project]) -> dict[int, dict[str, int]]:
    """:func:`project_counts` of each project (by id), counted in one query rather than by loading every
    project's applications."""
    counts = {project.id: {"helpers": 0, "recipients": 0} for project in projects}
    if not counts:
        return counts
    rows = db.session.execute(
        select(Application.project_id, Application.kind, func.count())
        .where(Application.project_id.in_(list(counts)), Application.state.in_(("connected", "completed")),
               Application.kind.in_(("offer", "request")))
        .group_by(Application.project_id, Application.kind))
    for project_id, kind, number in rows:
        counts[project_id]["helpers" if kind == "offer" else "recipients"] = number
    return counts


# -- applications -------------------------------------------------------------------------------

def application_for(submission: Submission) -> Application | None:
    return db.session.scalar(select(Application).where(Application.submission_id == submission.id))


def _history_of(application: Application) -> Submission | None:
    """Where the application's steps are told: its own submission, or its volunteer's."""
    if application.submission is not None:
        return application.submission
    return application.volunteer.submission if application.volunteer is not None else None


def partner_candidates(application: Application) -> list[Application]:
    """Applications of the other kind on the same project that can be connected with this one."""
    other = "offer" if application.kind == "request" else "request"
    return list(db.session.scalars(select(Application).where(
        Application.project_id == application.project_id, Application.kind == other,
        Application.state.in_(("applied", "connected")), Application.id != application.id).order_by(Application.id)))


def _application_step(application: Application, step: str, staff, note: str, *, audit: bool = True,
                      detail: dict | None = None) -> None:
    """Take ``step`` of the application's lifecycle and tell it on its history: its own submission (the
    officer's note as given), or its volunteer's (with the project's name)."""
    submission = _history_of(application)
    own = application.submission is not None
    if submission is not None and (not own or step == "connect"):
        title = application.project.title(submission.lang)
        note = _note(note, _in_language(submission, lambda: gettext("Project: %(title)s", title=title)))
    transition(APPLICATIONS, application, step, staff, history=submission, note=note, own=own, audit=audit,
               detail={"project": application.project_id, **(detail or {})})


def connect_application(application: Application, staff, note: str = "", partner: Application | None = None):
    """Connect an offer or a request (optionally with one of the other kind on the same project)."""
    if partner is not None and partner not in partner_candidates(application):
        raise GivingError(_l("Choose an offer or request on the same project that is still open."))
    _application_step(application, "connect", staff, note, detail={"partner": partner.id if partner else None})
    if partner is not None:
        application.partner_id = partner.id
        if partner.partner_id is None:
            partner.partner_id = application.id
        if partner.state == "applied":
            _application_step(partner, "connect", staff, note, audit=False)  # audited with the application


def complete_application(application: Application, staff, note: str = "") -> None:
    _application_step(application, "complete", staff, note)


def decline_application(application: Application, staff, reason: str) -> None:
    _application_step(application, "decline", staff, reason)
    application.decline_reason = reason


def volunteer_connections(volunteer: Volunteer) -> list[Application]:
    return list(db.session.scalars(select(Application).where(Application.volunteer_id == volunteer.id)
                                   .order_by(Application.id)))


def open_projects() -> list[Project]:
    return list(db.session.scalars(select(Project).where(Project.status == "open").order_by(Project.title_ko)))


def area_label(key: str) -> str:
    return str(PLEDGE_AREA_LABELS.get(key) or AREA_LABELS.get(key, key))

