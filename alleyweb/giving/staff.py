"""The officers' side of giving: publish projects, search approved volunteers, and take each pledge and
application through its lifecycle from the console's submission page. A blueprint nested in the staff
console (endpoints ``staff.giving.…``), so sign-in, the second factor and no-store apply as on every staff
page."""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from alleyweb.core.audit import record_search
from alleyweb.core.dates import seoul_today
from alleyweb.core.forms.fields import blank_first
from alleyweb.core.lists import paginate
from alleyweb.core.numbers import parse_int
from alleyweb.core.privacy import mask_name
from alleyweb.dongs.models import Dong
from alleyweb.dongs.services import list_dongs
from alleyweb.extensions import db
from alleyweb.giving import services
from alleyweb.giving.forms import (
    ConnectForm,
    ConnectVolunteerForm,
    NoteForm,
    PaymentForm,
    ProjectForm,
    VolunteerSearchForm,
)
from alleyweb.giving.kinds import APPLICATION, PLEDGE, VOLUNTEER
from alleyweb.giving.labels import (
    APPLICATION_KIND_LABELS,
    APPLICATION_STATE_LABELS,
    AREA_LABELS,
    AVAILABILITY_LABELS,
    LANGUAGE_LABELS,
    PROJECT_STATUS_LABELS,
    TALENT_LABELS,
)
from alleyweb.giving.models import Application, Pledge, Project, Volunteer
from alleyweb.staff.access import form_page, require_type, requires, sending
from alleyweb.submissions.lifecycle import TransitionError

bp = Blueprint("giving", __name__)

PER_PAGE = 25


def _back_to(submission_id: int | None):
    if submission_id is None:
        return redirect(url_for("staff.console.queue"))
    return redirect(url_for("staff.console.submission", id=submission_id))


def _flash_errors(form) -> None:
    for message in [m for errors in form.errors.values() for m in errors] + list(form.form_errors):
        flash(str(message), "error")


def _run(action, success_message) -> bool:
    """Run a lifecycle step and commit it (the view is the boundary); a refused step becomes an error
    message for the officer and nothing is kept."""
    try:
        action()
    except TransitionError as error:  # GivingError too
        db.session.rollback()
        flash(str(error.args[0]), "error")
        return False
    db.session.commit()
    flash(success_message, "info")
    return True


def _note_step(step, success_message) -> None:
    """A lifecycle step that takes the officer's note: run it with the note, or show the form's errors."""
    form = NoteForm()
    if form.validate_on_submit():
        _run(lambda: step(form.note.data or ""), success_message)
    else:
        _flash_errors(form)


# -- the panels on the console's submission page ------------------------------------------------

def panel_context(item) -> dict:
    """What a giving type's panel (SubmissionType.detail_template) needs about the submission ``item``."""
    if item.type == PLEDGE:
        pledge = services.pledge_for(item)
        return {"pledge": pledge, "tier": services.tier_for(pledge.total) if pledge else None, "today": seoul_today()}
    if item.type == VOLUNTEER:
        volunteer = services.volunteer_for(item)
        return {"volunteer": volunteer, "projects": services.open_projects(),
                "connections": services.volunteer_connections(volunteer) if volunteer else [],
                "labels": {"area": AREA_LABELS, "talent": TALENT_LABELS, "availability": AVAILABILITY_LABELS,
                           "language": LANGUAGE_LABELS},
                "state_labels": APPLICATION_STATE_LABELS}
    if item.type == APPLICATION:
        application = services.application_for(item)
        return {"application": application, "state_labels": APPLICATION_STATE_LABELS,
                "kind_labels": APPLICATION_KIND_LABELS,
                "candidates": services.partner_candidates(application) if application else []}
    return {}


def application_name(application: Application) -> str:
    """An application in a list: its number, kind and the person's masked name."""
    history = application.submission or (application.volunteer.submission if application.volunteer else None)
    name = mask_name(history.name) if history is not None else ""
    return f"#{application.id} · {APPLICATION_KIND_LABELS[application.kind]} · {name}"


def _pledge(id: int) -> Pledge:
    require_type(PLEDGE)
    return db.get_or_404(Pledge, id)


def _pledge_step(id: int, step, success_message):
    """A pledge's lifecycle step taking the officer's note (``step(pledge, staff, note)``), then back to its
    submission."""
    pledge = _pledge(id)
    _note_step(lambda note: step(pledge, g.staff, note), success_message)
    return _back_to(pledge.submission_id)


@bp.post("/pledges/<int:id>/confirm")
@requires("decide")
def pledge_confirm(id):
    return _pledge_step(id, services.confirm_pledge, _("The pledge is confirmed."))


@bp.post("/pledges/<int:id>/payments")
@requires("decide")
def pledge_payment(id):
    pledge = _pledge(id)
    form = PaymentForm()
    if form.validate_on_submit():
        _run(lambda: services.record_payment(pledge, g.staff, form.amount_won, form.paid_on.data,
                                             form.note.data or ""), _("The payment is recorded."))
    else:
        _flash_errors(form)
    return _back_to(pledge.submission_id)


@bp.post("/pledges/<int:id>/recognise")
@requires("decide")
def pledge_recognise(id):
    return _pledge_step(id, services.recognise_pledge, _("The donor is recognised and the pledge is complete."))


@bp.post("/pledges/<int:id>/withdraw")
@requires("decide")
def pledge_withdraw(id):
    return _pledge_step(id, services.withdraw_pledge, _("The pledge is withdrawn."))


def _application(id: int) -> Application:
    application = db.get_or_404(Application, id)
    require_type(APPLICATION if application.submission_id else VOLUNTEER)
    return application


def _application_back(application: Application):
    if application.submission_id is not None:
        return _back_to(application.submission_id)
    if application.volunteer is not None:
        return _back_to(application.volunteer.submission_id)
    return redirect(url_for("staff.giving.project_edit", id=application.project_id))


def _application_step(id: int, step, success_message):
    """An application's lifecycle step taking the officer's note (``step(application, staff, note)``), then
    back to where the application is shown."""
    application = _application(id)
    _note_step(lambda note: step(application, g.staff, note), success_message)
    return _application_back(application)


@bp.post("/applications/<int:id>/connect")
@requires("decide")
def application_connect(id):
    application = _application(id)
    form = ConnectForm()
    candidates = services.partner_candidates(application)
    form.partner.choices = blank_first("", ((str(c.id), str(c.id)) for c in candidates))
    if form.validate_on_submit():
        partner = next((c for c in candidates if str(c.id) == form.partner.data), None)
        _run(lambda: services.connect_application(application, g.staff, form.note.data or "", partner),
             _("The application is connected."))
    else:
        _flash_errors(form)
    return _application_back(application)


@bp.post("/applications/<int:id>/complete")
@requires("decide")
def application_complete(id):
    return _application_step(id, services.complete_application, _("The application is completed."))


@bp.post("/applications/<int:id>/decline")
@requires("decide")
def application_decline(id):
    return _application_step(id, services.decline_application, _("The application is declined."))


@bp.post("/volunteers/<int:id>/connect")
@requires("decide")
def volunteer_connect(id):
    require_type(VOLUNTEER)
    volunteer = db.get_or_404(Volunteer, id)
    form = ConnectVolunteerForm()
    projects = services.open_projects()
    form.project.choices = [SelectChoice(str(p.id), p.title_ko) for p in projects]
    if form.validate_on_submit():
        project = next(p for p in projects if str(p.id) == form.project.data)
        _run(lambda: services.connect_volunteer(volunteer, project, g.staff, form.note.data or ""),
             _("The volunteer is connected to the project."))
    else:
        _flash_errors(form)
    back = request.form.get("back", "")
    if back == "search":
        return redirect(url_for("staff.giving.volunteers", project=form.project.data))
    return _back_to(volunteer.submission_id)


# -- volunteers search --------------------------------------------------------------------------

@bp.get("/volunteers")
@requires("view_queue")
def volunteers():
    require_type(VOLUNTEER)
    lang = g.lang
    form = VolunteerSearchForm(request.args)
    dongs = db.session.scalars(list_dongs()).all()
    form.area.choices = blank_first(_l("All areas"), AREA_LABELS.items())
    form.talent.choices = blank_first(_l("All talents"), TALENT_LABELS.items())
    form.availability.choices = blank_first(_l("Any time"), AVAILABILITY_LABELS.items())
    form.dong.choices = blank_first(_l("All dongs"), ((str(d.id), d.name(lang)) for d in dongs))
    form.language.choices = blank_first(_l("Any language"), LANGUAGE_LABELS.items())
    form.validate()

    def ok(field):
        return field.data if field.data and not field.errors else None

    query = services.VolunteerQuery(area=ok(form.area), talent=ok(form.talent), skill=ok(form.skill),
                                    availability=ok(form.availability), language=ok(form.language),
                                    dong_id=parse_int(ok(form.dong) or ""))
    page = paginate(services.volunteer_select(query), per_page=PER_PAGE)
    record_search("volunteers", g.staff, request.args)
    project_id = parse_int(form.project.data or "")
    project = db.session.get(Project, project_id) if project_id is not None else None
    return render_template(
        "giving/staff/volunteers.html", form=form, page=page, project=project, projects=services.open_projects(),
        labels={"area": AREA_LABELS, "talent": TALENT_LABELS, "availability": AVAILABILITY_LABELS,
                "language": LANGUAGE_LABELS})


# -- projects -----------------------------------------------------------------------------------

def _project_form(project: Project | None = None) -> ProjectForm:
    form = ProjectForm(obj=project) if request.method == "GET" and project else ProjectForm()
    dongs = db.session.scalars(list_dongs()).all()
    form.dong.choices = blank_first(_l("All of Seo-gu"), ((str(d.id), d.name(g.lang)) for d in dongs))
    if request.method == "GET" and project:
        form.dong.data = str(project.dong_id or "")
        form.project_status.data = project.status
    return form


def _project_values(form: ProjectForm) -> dict:
    dong_id = parse_int(form.dong.data or "")
    if dong_id is not None and db.session.get(Dong, dong_id) is None:
        dong_id = None
    return {"title_ko": form.title_ko.data, "title_en": form.title_en.data,
            "description_ko": form.description_ko.data, "description_en": form.description_en.data,
            "area": form.area.data, "dong_id": dong_id, "starts_on": form.starts_on.data,
            "ends_on": form.ends_on.data, "helpers_needed": form.helpers_needed.data or 0,
            "recipients_needed": form.recipients_needed.data or 0, "status": form.project_status.data}


@bp.get("/projects")
@requires("view_queue")
def projects():
    require_type(APPLICATION)
    items = db.session.scalars(select(Project).order_by(Project.status.desc(), Project.starts_on.desc(),
                                                        Project.id.desc())).unique().all()
    return render_template("giving/staff/projects.html", projects=items, areas=AREA_LABELS,
                           status_labels=PROJECT_STATUS_LABELS,
                           counts=services.connected_counts(items))


@form_page(bp, "/projects/new", "decide")
def project_new():
    require_type(APPLICATION)
    form = _project_form()
    if form.validate_on_submit():
        project = services.save_project(None, g.staff, **_project_values(form))
        db.session.commit()
        flash(_("The project is published."), "info")
        return redirect(url_for("staff.giving.project_edit", id=project.id))
    return render_template("giving/staff/project_form.html", form=form, project=None), form.status


@form_page(bp, "/projects/<int:id>", "view_queue")
def project_edit(id):
    require_type(APPLICATION)
    project = db.get_or_404(Project, id)
    form = _project_form(project)
    if sending() and form.validate_on_submit():
        services.save_project(project, g.staff, **_project_values(form))
        db.session.commit()
        flash(_("The project is saved."), "info")
        return redirect(url_for("staff.giving.project_edit", id=project.id))
    return render_template("giving/staff/project_form.html", form=form, project=project,
                           state_labels=APPLICATION_STATE_LABELS, kind_labels=APPLICATION_KIND_LABELS,
                           counts=services.project_counts(project)), form.status
