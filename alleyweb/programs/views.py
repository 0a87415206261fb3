"""Public pages: the program list, a program, the eligibility screener and the application form."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, g, make_response, redirect, render_template, request, url_for
from markupsafe import Markup
from sqlalchemy import select

from alleyweb.core.cache import VersionedCache, current_version, current_versions
from alleyweb.core.errors import rerender_on_csrf_error
from alleyweb.core.i18n import current_lang
from alleyweb.core.numbers import parse_int
from alleyweb.core.security import no_store
from alleyweb.dongs.services import DONGS_VERSION, dong_by_code, dong_options
from alleyweb.extensions import db
from alleyweb.programs.applications import (
    DONG_CHOICE,
    GUARDIAN_AGE,
    application_form,
    application_submission,
    consent_rule,
)
from alleyweb.programs.forms import ProgramFilterForm
from alleyweb.programs.models import Program
from alleyweb.programs.rules import questions_for
from alleyweb.programs.services import (
    CATEGORIES,
    PROGRAMS_VERSION,
    STATUS_LABELS,
    program_select,
    published_program,
    published_screenable,
    screen,
)
from alleyweb.submissions import intake
from alleyweb.submissions.intake import public_form

bp = Blueprint("programs", __name__, url_prefix="/<lang:lang>/programs")


@bp.get("")
def index():
    form = ProgramFilterForm(request.args)
    form.validate()
    category = form.category.data if form.category.data and not form.category.errors else None
    q = form.q.data if form.q.data and not form.q.errors else None
    filtered = bool(category or q)
    # The list with its form blank is kept per programs' version (blank_key): the programs are read only
    # when it is drawn.
    programs = _Rows(lambda: db.session.scalars(program_select(category, q)).all())
    return render_template("programs/index.html", form=form, programs=programs, filtered=filtered,
                           categories=CATEGORIES, status_labels=STATUS_LABELS,
                           blank_key=None if filtered else ("programs.index", current_version(PROGRAMS_VERSION)))


class _Rows:
    """A query's rows, read the first time the template asks for them."""

    def __init__(self, read):
        self._read, self._rows = read, None

    def _all(self) -> list:
        if self._rows is None:
            self._rows = self._read()
        return self._rows

    def __len__(self) -> int:
        return len(self._all())

    def __bool__(self) -> bool:
        return bool(self._all())

    def __iter__(self):
        return iter(self._all())


def _donate_url() -> str | None:
    """The donation page, where the site has one (the giving feature): Seo-gu Honors points to it."""
    for rule in current_app.url_map.iter_rules():
        if rule.rule == "/<lang:lang>/donate":
            return url_for(rule.endpoint)
    return None


# A program page's facts (programs/_body.html), drawn once per program, language, app and programs' data
# version: they show only the program's row and the app's fixed numbers and links.
_bodies = VersionedCache(size=64)


@bp.get("/<slug>")
def detail(slug):
    version = current_version(PROGRAMS_VERSION)
    program = published_program(slug, version)
    if program is None:
        abort(404)
    lang = current_lang()
    body = _bodies.get_or_make((slug, lang), version, lambda: Markup(  # noqa: S704
        render_template("programs/_body.html", program=program, lang=lang, heading_level=2, preview=False)
        .removesuffix("\n")))  # as {% include %} gave it
    return render_template("programs/detail.html", program=program, categories=CATEGORIES, body=body,
                           status_labels=STATUS_LABELS, donate_url=_donate_url() if program.category == "giving"
                           else None)


@bp.route("/check", methods=["GET", "POST"])
@rerender_on_csrf_error
def check():
    """One question per step. Answers travel in the form's hidden fields (POST, so never in addresses,
    histories or logs) and are never stored; the in-page Back button keeps them."""
    programs = published_screenable(current_version(PROGRAMS_VERSION))
    questions = questions_for(programs)
    sent = request.form if request.method == "POST" else {}
    answers = {q.key: sent[q.key] for q in questions if sent.get(q.key) in dict(q.choices)}
    step, missing = 0, False
    if request.method == "POST":
        current = parse_int(sent.get("step", ""), default=0, maximum=len(questions) + 1)
        go = sent.get("go", "")
        if g.get("csrf_expired"):
            step = current  # the page was open too long: show it again, answers kept
        elif go == "back":
            step = max(current - 1, 0)
        elif go.startswith("q-") and parse_int(go[2:], minimum=1, maximum=len(questions)) is not None:
            step = parse_int(go[2:])
        elif 1 <= current <= len(questions) and questions[current - 1].key not in answers:
            step, missing = current, True
        else:
            step = current + 1
    if not questions:
        step = 0
    results = screen(programs, answers, g.lang) if step > len(questions) else None
    question = questions[step - 1] if 1 <= step <= len(questions) else None
    body = render_template("programs/check.html", questions=questions, step=step, question=question,
                           answers=answers, missing=missing, results=results, expired=g.get("csrf_expired"))
    return no_store(make_response(body, 400 if missing else 200))


@bp.route("/<slug>/apply", methods=["GET", "POST"])
@public_form("program-application")
def apply(slug):
    programs_version, dongs_version = current_versions(PROGRAMS_VERSION, DONGS_VERSION)
    program = published_program(slug, programs_version)
    if program is None:
        abort(404)
    if not program.accepts_applications:
        return render_template("programs/apply_closed.html", program=program, status_labels=STATUS_LABELS)
    form = application_form(program, dong_options(g.lang, DONG_CHOICE, dongs_version), g.lang)
    if form.validate_on_submit():
        dong = dong_by_code(form.dong.data)
        submission = intake.receive(form, lambda: application_submission(program, form, dong))
        if submission is None:  # a robot filled the honeypot
            return redirect(url_for("programs.detail", slug=program.slug))
        return no_store(make_response(render_template("programs/applied.html", program=program,
                                                      submission=submission)))
    body = render_template("programs/apply.html", program=program, form=form, rule=consent_rule(program, g.lang),
                           guardian_age=GUARDIAN_AGE, blank_key=("programs.apply", program.slug, programs_version))
    return no_store(make_response(body, form.status))


def program_pages():
    for program in db.session.scalars(select(Program).order_by(Program.sort_order, Program.id)):
        yield "programs.detail", {"slug": program.slug}
        if program.accepts_applications:
            yield "programs.apply", {"slug": program.slug}
