"""Staff edit programs (administrators and moderators): content in both languages, status, screener
rules and application questions, with a preview before saving; every change is audited. Endpoints
``staff.programs.…``."""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy import select

from alleyweb.core.dates import seoul_today
from alleyweb.extensions import db
from alleyweb.programs.forms import ProgramEditForm, as_json, fact_fields, load_facts
from alleyweb.programs.models import Program
from alleyweb.programs.questions import label
from alleyweb.programs.rules import QUESTIONS, describe_rule
from alleyweb.programs.services import CATEGORIES, STATUS_LABELS, program_select, save_program
from alleyweb.staff.access import form_page, requires

bp = Blueprint("programs", __name__)
MENU_LABEL = _l("Programs")
ACTION_LABELS = {"program.create": _l("Created a program"), "program.update": _l("Changed a program")}


@bp.get("/programs")
@requires("edit_programs")
def index():
    items = db.session.scalars(program_select()).all()
    return render_template("programs/staff/list.html", programs=items, categories=CATEGORIES,
                           status_labels=STATUS_LABELS, today=seoul_today())


@form_page(bp, "/programs/new", "edit_programs")
def new():
    return _edit(None)


@form_page(bp, "/programs/<int:id>", "edit_programs")
def edit(id):
    program = db.get_or_404(Program, id)
    return _edit(program)


def _edit(program: Program | None):
    taken = db.session.scalars(select(Program.slug)).all()
    if request.method == "POST":
        form = ProgramEditForm(current_slug=program.slug if program else None, taken_slugs=taken)
    elif program is not None:
        form = ProgramEditForm(obj=program, current_slug=program.slug, taken_slugs=taken)
        form.rules.data, form.questions.data = as_json(program.rules), as_json(program.questions)
        form.program_status.data = program.status
        load_facts(form, program)
    else:
        form = ProgramEditForm(taken_slugs=taken, data={"program_status": "coming", "online_application": True,
                                                         "retention_days": 3 * 365, "rules": "[]",
                                                         "questions": "[]"})
    previews = None
    if form.validate_on_submit():
        if request.form.get("action") == "save":
            saved = save_program(program, g.staff, form.values())
            db.session.commit()
            flash(_("The program has been saved. The change is in the audit log."), "info")
            return redirect(url_for("staff.programs.edit", id=saved.id))
        previews = _previews(Program(**form.values()))
    rule_keys = "; ".join(f"{q.key} ({', '.join(value for value, _label in q.choices)})" for q in QUESTIONS)
    return render_template("programs/staff/edit.html", form=form, program=program, previews=previews,
                           rule_keys=rule_keys, fact_fields=fact_fields(form)), form.status


def _previews(program: Program) -> dict:
    """The public page's content in each language, as residents would read it, and the rules in words."""
    previews = {}
    for lang in ("ko", "en"):
        with force_locale(lang):
            # Autoescaped template output, as safe as the page that includes it.
            previews[lang] = Markup(render_template(  # noqa: S704
                "programs/_body.html", program=program, lang=lang, heading_level=3, categories=CATEGORIES,
                status_labels=STATUS_LABELS, preview=True))
    previews["rules"] = [(rule, describe_rule(rule)) for rule in program.rules]
    previews["questions"] = [(q, label(q, g.lang)) for q in program.questions]
    return previews
