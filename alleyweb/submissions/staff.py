"""Staff set the expected processing time of each kind of submission that is not a program application
(``/<lang>/staff/processing-times``, endpoints ``staff.processing_times.…``): administrators and moderators,
each only for the kinds they may see; every change is audited as "before → after"."""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from alleyweb.core.i18n import current_lang
from alleyweb.extensions import db
from alleyweb.staff.access import form_page, requires
from alleyweb.submissions import times
from alleyweb.submissions.forms import ProcessingTimeForm

bp = Blueprint("processing_times", __name__)
MENU_LABEL = _l("Processing times")
ACTION_LABELS = {"submissions.processing_time": _l("Changed the processing time of a kind of request")}
PERMISSION = "edit_programs"


@bp.get("/processing-times")
@requires(PERMISSION)
def index():
    kinds = times.staff_set_types(g.staff.visible_types())
    rows = times.settings()
    return render_template("submissions/staff/processing_times.html", kinds=kinds, rows=rows,
                           words=lambda kind: times.words(rows.get(kind.key), current_lang()))


@form_page(bp, "/processing-times/<key>", PERMISSION)
def edit(key):
    kind = next((k for k in times.staff_set_types(g.staff.visible_types()) if k.key == key), None)
    if kind is None:
        abort(404)
    if request.method == "POST":
        form = ProcessingTimeForm()
    else:
        current = times.values_of(times.setting(kind.key))
        form = ProcessingTimeForm(data={**current, "days": current["days"]})
    if form.validate_on_submit():
        change = times.save(kind, g.staff, form.values())
        db.session.commit()
        flash(_("The processing time has been saved. The change is in the audit log.") if change
              else _("Nothing was changed"), "info")
        return redirect(url_for("staff.processing_times.index"))
    return render_template("submissions/staff/processing_time.html", kind=kind, form=form), form.status
