"""The moderation console: one queue for every kind of submission, decisions, exports, audit log.
Endpoints ``staff.console.…``."""

from __future__ import annotations

from urllib.parse import parse_qsl

from flask import Blueprint, Response, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from alleyweb.core.audit import action_labels, audit_select, filter_detail, record, record_search
from alleyweb.core.dates import seoul_today
from alleyweb.core.forms.fields import blank_first
from alleyweb.core.lists import paginate, query_args
from alleyweb.core.numbers import GroupedInt, parse_int
from alleyweb.core.security import safe_redirect_target
from alleyweb.dongs.services import list_dongs
from alleyweb.extensions import db
from alleyweb.staff import work
from alleyweb.staff.access import form_page, requires, sending
from alleyweb.staff.forms import (
    AssignForm,
    AuditFilterForm,
    DecisionForm,
    EmptyForm,
    NoteForm,
    QueueFilterForm,
    SaveFilterForm,
)
from alleyweb.staff.models import StaffUser
from alleyweb.submissions import export as spreadsheets
from alleyweb.submissions.models import STATUSES
from alleyweb.submissions.registry import all_types, get_type
from alleyweb.submissions.services import (
    DECISION_LABELS,
    STATUS_LABELS,
    QueueFilter,
    decide_submissions,
    get_visible,
    queue_select,
    status_counts,
    subjects,
)
from alleyweb.submissions.visibility import shown_details, shown_name, shown_phone, shown_value

bp = Blueprint("console", __name__)

PER_PAGE = 25
EXPORT_LIMIT = 10_000


def _visible_kinds():
    types = g.staff.visible_types()
    return [kind for kind in all_types() if types is None or kind.key in types]


def _filter_form() -> tuple[QueueFilterForm, QueueFilter]:
    form = QueueFilterForm(request.args)
    lang = g.lang
    form.type.choices = blank_first(_l("All types"), ((k.key, k.label) for k in _visible_kinds()))
    form.status.choices = blank_first(_l("All statuses"), ((s, STATUS_LABELS[s]) for s in STATUSES))
    dongs = db.session.scalars(list_dongs()).all()
    form.dong.choices = blank_first(_l("All dongs"), ((str(d.id), d.name(lang)) for d in dongs))
    form.subject.choices = blank_first(_l("All programs and projects"),
                                       ((s, s) for s in subjects(g.staff.visible_types())))
    form.assignee.choices = blank_first(_l("Anyone or nobody"), [
        ("me", _l("Assigned to me")), ("none", _l("Unassigned")),
        *((str(u.id), u.email) for u in work.assignable_officers())])
    form.validate()
    flt = QueueFilter(
        types=g.staff.visible_types(),
        type=form.type.data if not form.type.errors else None,
        status=form.status.data if not form.status.errors else None,
        dong_id=parse_int(form.dong.data or "") if not form.dong.errors else None,
        date_from=form.date_from.data, date_to=form.date_to.data,
        q=form.q.data or None, sort=form.sort.data if not form.sort.errors else "newest",
        personal=g.staff.can("view_personal"),
        subject=form.subject.data if not form.subject.errors else None,
        assignee=form.assignee.data if not form.assignee.errors else None, me=g.staff.id,
        due=form.due.data if not form.due.errors else None, today=seoul_today(),
    )
    return form, flt


@bp.get("/")
def index():
    """Counts per type and status: what is waiting."""
    types = g.staff.visible_types()
    table = []
    for kind in _visible_kinds():
        table.append((kind, status_counts(QueueFilter(types=types, type=kind.key))))
    return render_template("staff/index.html", table=table, statuses=STATUSES, status_labels=STATUS_LABELS)


@bp.get("/submissions")
@requires("view_queue")
def queue():
    form, flt = _filter_form()
    page = paginate(queue_select(flt), per_page=PER_PAGE)
    record_search("submissions", g.staff, request.args)
    return render_template(
        "staff/queue.html", form=form, page=page, counts=status_counts(flt), statuses=STATUSES,
        status_labels=STATUS_LABELS, decision_form=DecisionForm(prefix="bulk"), decision_labels=DECISION_LABELS,
        personal=g.staff.can("view_personal"), types={k.key: k for k in all_types()},
        filter_args=query_args(drop=("status", "page", "format")), today=seoul_today(),
        saved=work.saved_filters(g.staff),
        save_form=SaveFilterForm(formdata=None, query=work.filter_query(request.args)),
    )


@form_page(bp, "/submissions/<int:id>", "view_queue")
def submission(id):
    item = _visible_or_404(id)
    kind = get_type(item.type)
    form = DecisionForm()
    if kind is not None and kind.decisions is not None:
        form.decision.choices = [c for c in form.decision.choices if kind.allows(c.value)]
    if sending():
        if form.validate_on_submit():
            decide_submissions([item], g.staff, form.decision.data, form.reason.data or "")
            db.session.commit()
            flash(_("Your decision has been saved and is shown to the submitter."), "info")
            return redirect(url_for("staff.console.submission", id=item.id))
    elif g.staff.can("view_personal"):
        record("submission.view", staff=g.staff, target=item, detail={"type": item.type})
    return render_submission(item, form), form.status


def _visible_or_404(id: int):
    """The submission, if this officer may see its kind: otherwise 404, as for one that does not exist."""
    item = get_visible(id, g.staff.visible_types())
    if item is None:
        abort(404)
    return item


def _assign_form(item, formdata=None) -> AssignForm:
    form = AssignForm(formdata=formdata)
    form.assignee.choices = blank_first(_l("Nobody"), ((str(u.id), u.email) for u in work.assignable_officers()))
    if formdata is None:
        form.assignee.data, form.due_on.data = str(item.assignee_id or ""), item.due_on
    return form


def render_submission(item, form, panel=None, assign_form=None, note_form=None) -> str:
    """A submission's page, showing the officer what their role may see of it (submissions/visibility.py),
    with its type's own panel below the history: ``SubmissionType.panel(item)`` unless the caller gives
    one (a panel form sent with errors). The officer in charge and the internal notes are a section of
    their own, apart from anything the submitter reads; a viewer reads the notes with personal data out."""
    personal = g.staff.can("view_personal")
    kind = get_type(item.type)
    if panel is None and kind is not None and kind.panel is not None:
        panel = kind.panel(item)
    notes = [(note, shown_value(note.text, personal_field=False, personal=personal)) for note in work.notes_of(item)]
    return render_template("staff/submission.html", item=item, kind=kind, form=form, personal=personal,
                           name=shown_name(item, personal), phone=shown_phone(item, personal),
                           details=shown_details(item, personal), status_labels=STATUS_LABELS, panel=panel,
                           assign_form=assign_form or _assign_form(item),
                           note_form=note_form or NoteForm(formdata=None), notes=notes)


@form_page(bp, "/submissions/<int:id>/assign", "decide", methods=("POST",))
def assign(id):
    item = _visible_or_404(id)
    form = _assign_form(item, request.form)
    if not form.validate_on_submit():
        return render_submission(item, DecisionForm(formdata=None), assign_form=form), 400
    assignee_id = parse_int(form.assignee.data or "")
    assignee = db.session.get(StaffUser, assignee_id) if assignee_id is not None else None
    if work.assign(item, g.staff, assignee, form.due_on.data):
        db.session.commit()
        flash(_("The officer in charge and the due date have been saved."), "info")
    return redirect(url_for("staff.console.submission", id=item.id) + "#work")


@form_page(bp, "/submissions/<int:id>/notes", "decide", methods=("POST",))
def add_note(id):
    item = _visible_or_404(id)
    form = NoteForm()
    if not form.validate_on_submit():
        return render_submission(item, DecisionForm(formdata=None), note_form=form), 400
    work.add_note(item, g.staff, form.text.data.strip())
    db.session.commit()
    flash(_("Your internal note has been saved. Only staff can read it."), "info")
    return redirect(url_for("staff.console.submission", id=item.id) + "#notes")


@bp.post("/submissions/filters")
@requires("view_queue")
def save_filter():
    form = SaveFilterForm()
    query = work.filter_query(_query_of(form.query.data or ""))
    target = url_for("staff.console.queue") + (f"?{query}" if query else "")
    if not form.validate_on_submit():
        for message in [m for errors in form.errors.values() for m in errors]:
            flash(str(message), "error")
        return redirect(target)
    if work.save_filter(g.staff, form.name.data.strip(), query) is None:
        flash(_("You have %(num)d saved filters: delete one first.", num=work.SAVED_FILTERS_MAX), "error")
        return redirect(target)
    db.session.commit()
    flash(_("The filter has been saved: it is listed above the submissions."), "info")
    return redirect(target)


@bp.post("/submissions/filters/<int:filter_id>/delete")
@requires("view_queue")
def delete_filter(filter_id):
    if not EmptyForm().validate_on_submit():
        abort(400)
    if not work.delete_filter(g.staff, filter_id):
        abort(404)
    db.session.commit()
    flash(_("The saved filter has been deleted."), "info")
    return redirect(url_for("staff.console.queue"))


def _query_of(text: str) -> MultiDict:
    return MultiDict(parse_qsl(text[:1000]))


@bp.post("/submissions/bulk-decide")
@requires("decide")
def bulk_decide():
    form = DecisionForm(prefix="bulk")
    ids = [i for i in (parse_int(v) for v in request.form.getlist("ids")[:PER_PAGE * 4]) if i is not None]
    items = [item for item in (get_visible(i, g.staff.visible_types()) for i in ids) if item is not None]
    target = safe_redirect_target(request.form.get("back"), url_for("staff.console.queue"))
    if not form.validate_on_submit():
        for message in [m for errors in form.errors.values() for m in errors]:
            flash(str(message), "error")
        return redirect(target)
    if not items:
        flash(_("Select at least one submission."), "error")
        return redirect(target)
    count = decide_submissions(items, g.staff, form.decision.data, form.reason.data or "")
    db.session.commit()
    # The count through GroupedInt and "%(num)s" so that it prints with thousands separators ("1,234건").
    flash(ngettext("Your decision has been applied to %(num)s submission.",
                   "Your decision has been applied to %(num)s submissions.", GroupedInt(count)), "info")
    return redirect(target)


@bp.get("/submissions/export")
@requires("view_queue")
def export():
    fmt = request.args.get("format", "csv")
    if fmt not in ("csv", "xlsx"):
        abort(404)
    _form, flt = _filter_form()
    items = db.session.scalars(queue_select(flt).limit(EXPORT_LIMIT)).unique().all()
    personal = g.staff.can("export_personal")
    header, rows = spreadsheets.export_rows(items, personal=personal)
    record("submission.export", staff=g.staff, detail={
        "format": fmt, "rows": len(rows), "personal": personal, "filter": filter_detail(request.args)})
    if fmt == "csv":
        body, mimetype = spreadsheets.to_csv(header, rows), "text/csv"  # Werkzeug adds the one charset (utf-8)
    else:
        body, mimetype = spreadsheets.to_xlsx(header, rows), \
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="submissions.{fmt}"'
    return response


@bp.get("/audit")
@requires("view_audit")
def audit():
    form = AuditFilterForm(request.args)
    officers = db.session.scalars(select(StaffUser).order_by(StaffUser.email)).all()
    form.staff.choices = blank_first(_l("All officers"), ((str(u.id), u.email) for u in officers))
    form.action.choices = blank_first(_l("All actions"), action_labels().items())
    form.validate()
    stmt = audit_select(
        staff_id=parse_int(form.staff.data or "") if not form.staff.errors else None,
        action=form.action.data if not form.action.errors else None,
        date_from=form.date_from.data, date_to=form.date_to.data)
    page = paginate(stmt, per_page=50)
    record_search("audit", g.staff, request.args)
    return render_template("staff/audit.html", form=form, page=page, action_labels=action_labels())


