"""Staff edit the dongs' administrative welfare centres (address, phone, hours, position); every change is
audited with each field's before and after. Endpoints ``staff.dongs.…``."""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from alleyweb.dongs.centres import centre_of, centres_by_dong, save_centre, values_of
from alleyweb.dongs.forms import CentreForm
from alleyweb.dongs.services import dong_by_code, list_dongs
from alleyweb.extensions import db
from alleyweb.staff.access import form_page, requires

bp = Blueprint("dongs", __name__)
MENU_LABEL = _l("Dong community centres")
ACTION_LABELS = {"dongs.centre_update": _l("Changed a dong community centre's details"),
                 "dongs.centres_import": _l("Loaded dong community centres from a file")}


@bp.get("/dongs")
@requires("edit_programs")
def index():
    return render_template("dongs/staff/list.html", dongs=db.session.scalars(list_dongs()).all(),
                           centres=centres_by_dong())


@form_page(bp, "/dongs/<code>", "edit_programs")
def edit(code):
    dong = dong_by_code(code) if len(code) == 10 and code.isascii() and code.isdigit() else None
    if dong is None:
        abort(404)
    centre = centre_of(dong)
    if request.method == "POST":
        form = CentreForm()
    else:
        current = values_of(centre)
        form = CentreForm(data={name: "" if value is None else str(value) for name, value in current.items()})
    if form.validate_on_submit():
        changes = save_centre(dong, g.staff, form.values())
        db.session.commit()
        flash(_("The centre's details have been saved. The change is in the audit log.") if changes
              else _("Nothing was changed"), "info")
        return redirect(url_for("staff.dongs.edit", code=dong.code))
    return render_template("dongs/staff/edit.html", dong=dong, centre=centre, form=form), form.status
