"""Public pages: donate (with the Seo-gu Honors path and hall of fame), volunteer, sharing projects."""

from __future__ import annotations

from cachetools import LRUCache
from flask import Blueprint, abort, g, make_response, redirect, render_template, request, url_for
from flask_babel import force_locale, gettext
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from alleyweb.core.cache import VersionedCache, current_versions
from alleyweb.core.forms.widgets import Options
from alleyweb.core.i18n import locale_name
from alleyweb.core.security import no_store
from alleyweb.dongs.services import DONGS_VERSION, dong_by_code, dong_options
from alleyweb.extensions import db
from alleyweb.giving import intake as giving_intake
from alleyweb.giving import services
from alleyweb.giving.forms import OTHER_AMOUNT, SMALL_PRESETS, ApplicationForm, PledgeForm, VolunteerForm
from alleyweb.giving.labels import (
    AREA_LABELS,
    AVAILABILITY_LABELS,
    LANGUAGE_LABELS,
    TALENT_LABELS,
)
from alleyweb.giving.models import Project
from alleyweb.giving.money import format_money
from alleyweb.submissions import intake
from alleyweb.submissions.intake import public_form

bp = Blueprint("giving", __name__, url_prefix="/<lang:lang>")

FORM_LIMIT = "10 per hour"  # per address, for each of the three forms


def _dong_choices(empty_label):
    return dong_options(g.lang, empty_label)


def _received(submission, **context):
    return no_store(make_response(render_template("giving/received.html", submission=submission, **context)))


# -- donate -------------------------------------------------------------------------------------

def _amount_choices(lang: str) -> Options:
    """The amounts to choose from, as Options kept per language, locale and Honors tiers (all static: the
    tiers are configuration), so that their ``<option>``s are written once. Shared: never changed in place."""
    tiers = services.honors_tiers()
    key = (lang, locale_name(), tiers)
    kept = _AMOUNT_CHOICES.get(key)
    if kept is None:
        choices = [SelectChoice(str(v), format_money(v, lang)) for v in SMALL_PRESETS]
        for tier in tiers:
            choices.append(SelectChoice(str(tier), gettext("%(amount)s (Seo-gu Honors)",
                                                           amount=format_money(tier, lang))))
        choices.append(SelectChoice(OTHER_AMOUNT, _l("Another amount")))
        kept = _AMOUNT_CHOICES[key] = Options(choices)
    return kept


_AMOUNT_CHOICES: LRUCache = LRUCache(maxsize=16)


@bp.route("/donate", methods=["GET", "POST"])
@public_form("giving-pledge", FORM_LIMIT)
def donate():
    form = PledgeForm()
    form.amount_choice.choices = _amount_choices(g.lang)
    form.dong.choices = _dong_choices(_l("Choose your dong"))
    if form.validate_on_submit():
        dong = dong_by_code(form.dong.data)
        data = giving_intake.PledgeInput(
            donor_type=form.donor_type.data, business_name=form.business_name.data or "",
            business_number=form.business_number.data or "", frequency=form.frequency.data,
            amount=form.amount_won, months=form.months_count, area=form.area.data,
            hall_of_fame=bool(form.hall_of_fame.data), display_name=form.display_name.data or "",
            receipt=bool(form.receipt.data), message=form.message.data or "", name=form.name.data,
            phone=form.phone.data, dong_id=dong.id)
        submission = intake.receive(form, lambda: giving_intake.pledge(data))
        if submission is None:  # a robot filled the honeypot
            return redirect(url_for("giving.donate"))
        pledge = services.pledge_for(submission)
        return _received(submission, pledge=pledge, tier=services.tier_for(pledge.total) if pledge else None)
    tiers = services.honors_tiers()
    body = render_template("giving/donate.html", form=form, tiers=tiers, blank_key=("giving.donate", tiers))
    return body, form.status


@bp.get("/donate/honors")
def honors():
    return render_template("giving/honors.html", tiers=services.hall_of_fame(g.lang))


# -- volunteer ----------------------------------------------------------------------------------

def _labels(keys, labels) -> str:
    return ", ".join(str(labels[k]) for k in keys if k in labels)


@bp.route("/volunteer", methods=["GET", "POST"])
@public_form("giving-volunteer", FORM_LIMIT)
def volunteer():
    form = VolunteerForm()
    form.dong.choices = _dong_choices(_l("Anywhere in Seo-gu"))
    if form.validate_on_submit():
        dong = dong_by_code(form.dong.data)
        with force_locale("ko"):
            details = {
                "birth_date": form.birth_date.data.isoformat(),
                "guardian_label": gettext("%(name)s, %(phone)s: agreed on the form", name=form.guardian_name.data,
                                          phone=form.guardian_phone.data) if form.under_14 else "",
                "areas_label": _labels(form.areas.data, AREA_LABELS),
                "talents_label": ", ".join(filter(None, [_labels(form.talents.data or [], TALENT_LABELS),
                                                         *form.skill_tags])),
                "availability_label": _labels(form.availability.data, AVAILABILITY_LABELS),
                "languages_label": ", ".join(filter(None, [_labels(form.languages.data or [], LANGUAGE_LABELS),
                                                           *form.language_tags])),
                "dong_label": dong.name_ko if dong else gettext("Anywhere in Seo-gu"),
                "message": form.message.data or "",
            }
        data = giving_intake.VolunteerInput(
            name=form.name.data, phone=form.phone.data, birth_date=form.birth_date.data, under_14=form.under_14,
            guardian_name=form.guardian_name.data or "", guardian_phone=form.guardian_phone.data or "",
            areas=form.areas.data, talents=form.talents.data or [], skills=form.skill_tags,
            availability=form.availability.data, languages=form.languages.data or [],
            other_languages=form.language_tags, dong_id=dong.id if dong else None, details=details)
        submission = intake.receive(form, lambda: giving_intake.volunteer(data))
        if submission is None:  # a robot filled the honeypot
            return redirect(url_for("giving.volunteer"))
        return _received(submission)
    return render_template("giving/volunteer.html", form=form, blank_key=("giving.volunteer",)), form.status


# -- sharing projects ---------------------------------------------------------------------------

@bp.get("/projects")
def projects():
    area = request.args.get("area", "")
    area = area if area in AREA_LABELS else ""

    def make():
        items = db.session.scalars(services.public_projects(area=area or None)).unique().all()
        return Markup(render_template(  # noqa: S704 - the output of an autoescaping template
            "giving/_projects_body.html", projects=items, area=area, areas=AREA_LABELS,
            counts=services.connected_counts(items)))

    versions = current_versions(services.PROJECTS_VERSION, DONGS_VERSION)
    body = _project_lists.get_or_make((g.lang, area), versions, make)
    return render_template("giving/projects.html", body=body)


# The list of projects per language and area, kept for the projects' and dongs' data versions.
_project_lists = VersionedCache(size=16)


@bp.route("/projects/<int:id>", methods=["GET", "POST"])
@public_form("giving-application", FORM_LIMIT)
def project(id):
    projects_version, dongs_version = current_versions(services.PROJECTS_VERSION, DONGS_VERSION)
    if request.method == "POST":  # its own row: an application is added to it
        item = db.get_or_404(Project, id)
        counts = services.project_counts(item)
    else:
        item, counts = services.published_project(id, (projects_version, dongs_version)) or abort(404)
    form = ApplicationForm()
    form.dong.choices = dong_options(g.lang, _l("Choose your dong"), dongs_version)
    if request.method == "POST" and not item.is_open:
        form.form_errors.append(_l("This project is closed and is not taking offers or requests."))
    elif form.validate_on_submit():
        dong = dong_by_code(form.dong.data)
        data = giving_intake.ApplicationInput(
            kind=form.kind.data, for_whom=form.for_whom.data or "self", message=form.message.data,
            neighbour_name=form.neighbour_name.data or "", neighbour_phone=form.neighbour_phone.data or "",
            neighbour_consent=bool(form.neighbour_consent.data), name=form.name.data, phone=form.phone.data,
            dong_id=dong.id)
        submission = intake.receive(form, lambda: giving_intake.application(item, data))
        if submission is None:  # a robot filled the honeypot
            return redirect(url_for("giving.project", id=item.id))
        return _received(submission, project=item)
    return render_template("giving/project.html", project=item, form=form, counts=counts, areas=AREA_LABELS,
                           blank_key=("giving.project", item.id, projects_version, dongs_version)), form.status


def project_pages():
    for project_id in db.session.scalars(select(Project.id).order_by(Project.id)):
        yield "giving.project", {"id": project_id}


