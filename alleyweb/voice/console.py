"""Merchant voice in the staff console: triage, merging, replies (a panel on the submission page), the
triaged list, and the Alley Office visits with their agendas."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, time

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from alleyweb.core.audit import record, record_search
from alleyweb.core.database import utcnow
from alleyweb.core.dates import SEOUL, to_local
from alleyweb.core.forms.fields import blank_first
from alleyweb.core.lists import paginate
from alleyweb.core.numbers import GroupedInt, parse_int
from alleyweb.dongs.services import dong_by_code, list_dongs
from alleyweb.extensions import db
from alleyweb.staff.access import form_page, require_type, requires, sending
from alleyweb.staff.forms import DecisionForm, EmptyForm
from alleyweb.stores.models import ShoppingDistrict
from alleyweb.stores.services import place_lists
from alleyweb.submissions import intake
from alleyweb.submissions.lifecycle import TransitionError
from alleyweb.submissions.models import Submission
from alleyweb.submissions.visibility import shown_detail
from alleyweb.voice import services
from alleyweb.voice.catalogue import CHANNELS, DEPARTMENTS, SUGGESTION, TOPICS, URGENCY_LABELS
from alleyweb.voice.forms import (
    AgendaForm,
    MergeForm,
    PublishForm,
    RecordedSuggestionForm,
    ReplyForm,
    TriageForm,
    VisitChangeForm,
    VisitForm,
)
from alleyweb.voice.models import AlleyOfficeVisit, Suggestion

bp = Blueprint("voice", __name__)  # nested in the staff console: endpoints staff.voice.…

PER_PAGE = 25
STATE_LABELS = {
    "open": _l("Open"),
    "untriaged": _l("Not triaged yet"),
    "on_agenda": _l("On an agenda"),
    "answered": _l("Answered"),
    "all": _l("All"),
}


def _suggestion(id: int) -> Suggestion:
    require_type(SUGGESTION)
    return db.get_or_404(Suggestion, id)


# -- the panel on the submission page -----------------------------------------------------------

@dataclass
class Panel:
    suggestion: Suggestion
    lead: Suggestion
    members: list[Suggestion]
    triage: TriageForm
    merge: MergeForm
    reply: ReplyForm
    languages: tuple[str, ...]
    publish: PublishForm
    can_publish: bool

    @property
    def urgency_label(self):
        return URGENCY_LABELS[self.lead.urgency] if self.lead.urgency else _l("Not triaged yet")

    @property
    def department_label(self):
        return DEPARTMENTS[self.lead.department] if self.lead.department else _l("Not assigned yet")


def _languages(members) -> tuple[str, ...]:
    return tuple(lang for lang in ("ko", "en") if any(m.lang == lang for m in members))


def panel(submission: Submission, triage=None, merge=None, reply=None, publish=None) -> Panel | None:
    """What the console's submission page shows for a suggestion (forms prefilled from its thread)."""
    suggestion = services.suggestion_for(submission)
    if suggestion is None:
        return None
    lead = services.lead_of(suggestion)
    members = services.thread_members(lead)
    languages = _languages(members)
    if triage is None:
        triage = TriageForm(prefix="triage", formdata=None, urgency=lead.urgency, department=lead.department or "",
                            tags=", ".join(lead.tags or []))
    return Panel(suggestion, lead, members, triage, merge or MergeForm(prefix="merge", formdata=None),
                 reply or ReplyForm(prefix="reply", formdata=None, languages=languages), languages,
                 publish or PublishForm(prefix="publish", formdata=None, text=lead.public_text),
                 services.can_publish(lead, members))


def _rerender(suggestion: Suggestion, **forms):
    """The submission page again, with the panel's form showing its errors and keeping what was typed."""
    item = suggestion.submission
    from alleyweb.staff.console import render_submission

    return render_submission(item, DecisionForm(formdata=None), panel=panel(item, **forms)), 400


def _refused(suggestion: Suggestion, error: Exception):
    """A step the thread's state does not allow (an answered thread, say): nothing is stored."""
    db.session.rollback()
    if isinstance(error, TransitionError):
        flash(str(error.args[0]), "error")
    else:
        flash(_("That suggestion has already been answered.") if str(error) == "answered"
              else _("That could not be done."), "error")
    return _back(suggestion)


def _carry_out(suggestion: Suggestion, step: Callable[[], object], message: Callable[[object], str]):
    """An officer's step on the thread: refused, with nothing stored, when its state does not allow it;
    otherwise committed, and ``message(what the step returned)`` shown."""
    try:
        result = step()
    except (services.VoiceError, TransitionError) as error:
        return _refused(suggestion, error)
    db.session.commit()
    flash(message(result), "info")
    return _back(suggestion)


def _back(suggestion: Suggestion):
    return redirect(url_for("staff.console.submission", id=suggestion.submission_id) + "#voice")


@form_page(bp, "/voice/suggestions/<int:id>/triage", "decide", methods=("POST",))
def triage(id):
    suggestion = _suggestion(id)
    form = TriageForm(prefix="triage")
    if not form.validate_on_submit():
        return _rerender(suggestion, triage=form)
    return _carry_out(suggestion, lambda: services.triage(
        suggestion, g.staff, urgency=form.urgency.data, tags=services.normalise_tags(form.tags.data),
        department=form.department.data or None), lambda _result: _("The triage has been saved."))


@form_page(bp, "/voice/suggestions/<int:id>/merge", "decide", methods=("POST",))
def merge(id):
    suggestion = _suggestion(id)
    form = MergeForm(prefix="merge")
    if form.validate_on_submit():
        target = services.find_by_receipt(form.into.data)
        if target is None:
            form.into.errors = [_l("There is no suggestion with that receipt number. Check it and try again.")]
        elif services.lead_of(target).id == services.lead_of(suggestion).id:
            form.into.errors = [_l("That suggestion is already in this thread.")]
        else:
            services.merge(suggestion, target, g.staff)
            db.session.commit()
            flash(_("The suggestions are now one thread: every merchant in it will receive the answer."), "info")
            return _back(suggestion)
    return _rerender(suggestion, merge=form)


@bp.post("/voice/suggestions/<int:id>/split")
@requires("decide")
def split(id):
    suggestion = _suggestion(id)
    if not EmptyForm().validate_on_submit() or suggestion.thread_id is None:
        abort(400)
    return _carry_out(suggestion, lambda: services.split(suggestion, g.staff),
                      lambda _result: _("The suggestion has been taken out of the thread."))


@form_page(bp, "/voice/suggestions/<int:id>/reply", "decide", methods=("POST",))
def reply(id):
    suggestion = _suggestion(id)
    members = services.thread_members(services.lead_of(suggestion))
    form = ReplyForm(prefix="reply", languages=_languages(members))
    if not form.validate_on_submit():
        return _rerender(suggestion, reply=form)
    return _carry_out(suggestion, lambda: services.reply(
        suggestion, g.staff, text_ko=form.text_ko.data or "", text_en=form.text_en.data or "",
        final=form.kind.data == "answer"),
        lambda count: _("Your reply has been sent to %(num)s merchant(s): they see it on the status page.",
                         num=GroupedInt(count)))


@form_page(bp, "/voice/suggestions/<int:id>/publish", "decide", methods=("POST",))
def publish(id):
    suggestion = _suggestion(id)
    lead = services.lead_of(suggestion)
    if not services.can_publish(lead, services.thread_members(lead)):
        abort(400)
    form = PublishForm(prefix="publish")
    if not form.validate_on_submit():
        return _rerender(suggestion, publish=form)
    services.publish(suggestion, g.staff, form.text.data)
    db.session.commit()
    flash(_("The suggestion and its answer are now on the Alley Office page."), "info")
    return _back(suggestion)


@bp.post("/voice/suggestions/<int:id>/unpublish")
@requires("decide")
def unpublish(id):
    suggestion = _suggestion(id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    services.unpublish(suggestion, g.staff)
    db.session.commit()
    flash(_("The suggestion has been taken off the Alley Office page."), "info")
    return _back(suggestion)


# -- suggestions taken by phone, text or on a visit ---------------------------------------------

@form_page(bp, "/voice/record", "decide")
def record_suggestion():
    """An officer records what a merchant said on the Alley Economy 119 Phone, in a text or on a visit;
    the merchant gets a receipt number to follow it, and it joins the same triage as the web form's."""
    require_type(SUGGESTION)
    lang = g.lang
    lists = place_lists(lang)
    form = RecordedSuggestionForm()
    form.dong.choices = blank_first(_l("Choose a dong"), lists.dongs)
    form.district.choices = blank_first(_l("Not in a shopping district or market"), lists.districts)
    if request.method == "GET":
        now = to_local(utcnow())
        form.received_date.data, form.received_time.data = now.date(), now.strftime("%H:%M")
    if form.validate_on_submit():
        district_id = parse_int(form.district.data or "")
        district = db.session.get(ShoppingDistrict, district_id) if district_id is not None else None
        dong = district.dong if district else dong_by_code(form.dong.data)
        local = datetime.combine(form.received_date.data, time.fromisoformat(form.received_time.data), SEOUL)
        new = services.recorded_suggestion(
            channel=form.channel.data, received_at=local.astimezone(UTC), topic=form.topic.data, dong=dong,
            district=district, message=form.message.data, name=form.name.data, store_name=form.store_name.data,
            phone=form.phone.data, may_publish=bool(form.may_publish.data), staff=g.staff)
        submission = intake.store(new, "ko", request.form.get("idempotency_key"))
        record("voice.record", staff=g.staff, target=submission, commit=False, detail={"channel": form.channel.data})
        db.session.commit()
        return render_template("voice/staff/recorded.html", submission=submission,
                               channel=CHANNELS[form.channel.data])
    return render_template("voice/staff/record.html", form=form), form.status


# -- the list of threads -----------------------------------------------------------------------

@bp.get("/voice")
@requires("view_queue")
def suggestions():
    require_type(SUGGESTION)
    state = request.args.get("state", "open")
    state = state if state in services.STATES else "open"
    topic = request.args.get("topic") if request.args.get("topic") in TOPICS else None
    page = paginate(services.thread_select(state=state, topic=topic), per_page=PER_PAGE)
    record_search("suggestions", g.staff, request.args)
    return render_template("voice/staff/suggestions.html", page=page, state=state, topic=topic,
                           merchants=services.merchant_counts(page.items),
                           state_labels=STATE_LABELS, topics=TOPICS, urgency_labels=URGENCY_LABELS,
                           departments=DEPARTMENTS, channels=CHANNELS)


# -- visits ------------------------------------------------------------------------------------

def _visit_form(**kwargs) -> VisitForm:
    form = VisitForm(**kwargs)
    lang = g.lang
    dongs = db.session.scalars(list_dongs()).all()
    districts = db.session.scalars(db.select(ShoppingDistrict).order_by(ShoppingDistrict.key_ko)).all()
    form.dong.choices = blank_first(_l("Choose a dong"), ((str(d.id), d.name(lang)) for d in dongs))
    form.district.choices = blank_first(_l("Not in a shopping district or market"),
                                        ((str(d.id), d.display_name(lang)) for d in districts))
    return form


def _save(form: VisitForm, visit: AlleyOfficeVisit | None) -> AlleyOfficeVisit:
    visit = services.save_visit(
        visit, g.staff, visit_date=form.visit_date.data, start_time=form.start_time.data or "",
        dong_id=parse_int(form.dong.data), district_id=parse_int(form.district.data or ""),
        place=form.place.data, host_shop=form.host_shop.data)
    db.session.commit()
    return visit


@form_page(bp, "/alley-office", "view_queue")
def visits():
    require_type(SUGGESTION)
    form = _visit_form()
    if sending() and form.validate_on_submit():
        visit = _save(form, None)
        flash(_("The visit has been scheduled. Now choose its agenda."), "info")
        return redirect(url_for("staff.voice.visit", id=visit.id))
    page = paginate(services.visits_select(), per_page=PER_PAGE)
    return render_template("voice/staff/visits.html", form=form, page=page), form.status


@form_page(bp, "/alley-office/<int:id>", "view_queue")
def visit(id):
    require_type(SUGGESTION)
    visit = db.get_or_404(AlleyOfficeVisit, id)
    form = _visit_form(obj=None, formdata=None if request.method == "GET" else request.form)
    if request.method == "GET":
        form.visit_date.data, form.start_time.data = visit.visit_date, visit.start_time
        form.dong.data, form.district.data = str(visit.dong_id), str(visit.district_id or "")
        form.place.data, form.host_shop.data = visit.place, visit.host_shop
    elif sending() and visit.state != "scheduled":
        flash(_("That visit has been cancelled: choose another visit."), "error")
        return redirect(url_for("staff.voice.visit", id=visit.id))
    elif form.validate_on_submit():
        _save(form, visit)
        flash(_("The visit has been changed."), "info")
        return redirect(url_for("staff.voice.visit", id=visit.id))
    return _render_visit(visit, form, VisitChangeForm(prefix="change", formdata=None)), form.status


def _render_visit(visit: AlleyOfficeVisit, form: VisitForm, change: VisitChangeForm, prefill: bool = False):
    if prefill:
        form.visit_date.data, form.start_time.data = visit.visit_date, visit.start_time
        form.dong.data, form.district.data = str(visit.dong_id), str(visit.district_id or "")
        form.place.data, form.host_shop.data = visit.place, visit.host_shop
    personal = g.staff.can("view_personal")
    agenda = [(lead, services.merchants_in(lead), shown_detail(lead.submission, "message", personal))
              for lead in visit.agenda]
    open_visit = visit.state == "scheduled"
    candidates = services.agenda_candidates(visit) if open_visit and len(agenda) < services.AGENDA_MAX else []
    candidates = [(lead, merchants, shown_detail(lead.submission, "message", personal))
                  for lead, merchants in candidates]
    return render_template("voice/staff/visit.html", visit=visit, form=form, change=change, agenda=agenda,
                           candidates=candidates, agenda_max=services.AGENDA_MAX, topics=TOPICS,
                           urgency_labels=URGENCY_LABELS, departments=DEPARTMENTS)


@form_page(bp, "/alley-office/<int:id>/change", "decide", methods=("POST",))
def change_visit(id):
    """Move the visit to another day, or cancel it, with a public note."""
    require_type(SUGGESTION)
    visit = db.get_or_404(AlleyOfficeVisit, id)
    change = VisitChangeForm(prefix="change")
    if visit.state != "scheduled":
        flash(_("That visit has been cancelled: choose another visit."), "error")
        return redirect(url_for("staff.voice.visit", id=visit.id))
    if not change.validate_on_submit():
        return _render_visit(visit, _visit_form(formdata=None, obj=None), change, prefill=True), 400
    if change.action.data == "move":
        services.move_visit(visit, g.staff, visit_date=change.new_date.data, start_time=change.new_time.data or "",
                            note=change.note.data.strip())
        flash(_("The visit has been moved; the merchants on its agenda have been told."), "info")
    else:
        count = services.cancel_visit(visit, g.staff, note=change.note.data.strip())
        flash(_("The visit has been cancelled; %(num)s suggestion(s) went back to the ones to choose from.",
                num=GroupedInt(count)), "info")
    db.session.commit()
    return redirect(url_for("staff.voice.visit", id=visit.id))


@bp.post("/alley-office/<int:id>/agenda")
@requires("decide")
def agenda(id):
    require_type(SUGGESTION)
    visit = db.get_or_404(AlleyOfficeVisit, id)
    form = AgendaForm()
    if not form.validate_on_submit():
        abort(400)
    suggestion = _suggestion(parse_int(form.suggestion.data, default=0))
    try:
        if request.form.get("action") == "remove":
            services.remove_from_agenda(visit, suggestion, g.staff)
            flash(_("The suggestion has been taken off the agenda."), "info")
        else:
            services.add_to_agenda(visit, suggestion, g.staff)
            flash(_("The suggestion is on the agenda; its merchants see the visit on the status page."), "info")
        db.session.commit()
    except (services.VoiceError, TransitionError) as error:
        db.session.rollback()
        messages = {
            "agenda full": _("The agenda already has %(num)d suggestions.", num=services.AGENDA_MAX),
            "on another agenda": _("That suggestion is already on another visit's agenda."),
            "answered": _("That suggestion has already been answered."),
            "cancelled": _("That visit has been cancelled: choose another visit."),
        }
        flash(messages.get(str(error), _("That could not be done.")), "error")
    return redirect(url_for("staff.voice.visit", id=visit.id))
