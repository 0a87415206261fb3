"""The store directory in the staff console: stores' places (address, phone, opening hours, position) with
their coverage, shopping districts' counts of shops and membership rates, and the outreach list."""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from alleyweb.core.lists import paginate
from alleyweb.extensions import db
from alleyweb.staff.access import form_page, require_type, requires, sending
from alleyweb.stores import services
from alleyweb.stores.cards import rate_rows
from alleyweb.stores.forms import DistrictFactsForm, StorePlaceForm
from alleyweb.stores.models import ShoppingDistrict, Store
from alleyweb.stores.requests import STORE_REQUEST
from alleyweb.submissions.models import Submission

bp = Blueprint("stores", __name__, url_prefix="/stores")  # nested in the staff console: staff.stores.…

PER_PAGE = 25
MISSING = {
    "": _l("All stores"),
    "address": _l("Without an address"),
    "position": _l("Without a position of their own"),
}
SORT_LABELS = {"name": _l("By name"), "rate": _l("Lowest rate first"), "rate_desc": _l("Highest rate first")}
OPEN_STATUSES = ("received", "needs_info")


@bp.get("")
@requires("view_queue")
def index():
    """The directory's stores with how many have an address, a phone and a position; those missing one
    can be listed to fill them in."""
    missing = request.args.get("missing", "")
    if missing not in MISSING:
        missing = ""
    stmt = select(Store).where(Store.visible.is_(True)).order_by(Store.name_sort, Store.id)
    if missing == "address":
        stmt = stmt.where(Store.address == "")
    elif missing == "position":
        stmt = stmt.where((Store.lat.is_(None)) | Store.position_approx.is_(True))
    page = paginate(stmt, per_page=PER_PAGE)
    return render_template("stores/staff/index.html", page=page, coverage=services.place_coverage(),
                           missing=missing, missing_labels=MISSING)


@form_page(bp, "/<int:id>", "view_queue")
def store(id):
    store = db.get_or_404(Store, id)

    def fill(form):
        form.address.data, form.phone.data, form.hours.data = store.address, store.phone, store.hours
        if not store.position_approx:
            form.lat.data, form.lng.data = store.lat, store.lng

    def save(form):
        return services.save_place(store, address=(form.address.data or "").strip(), phone=form.phone.data or "",
                                   hours=(form.hours.data or "").strip(), lat=form.lat.data, lng=form.lng.data,
                                   staff=g.staff)

    return _edit(StorePlaceForm, fill, save, _l("The store's details have been saved."),
                 url_for("staff.stores.store", id=id), "stores/staff/store.html", store=store)


def _edit(form_class, fill, save, message, back, template, **context):
    """An edit page with its form (``form_class``, reading the sent data on a POST only): on a GET,
    ``fill(form)`` from the record; when it is sent valid, ``save(form)`` (True when anything changed),
    commit, say ``message`` (or that nothing changed) and go ``back``. Otherwise the page: ``template`` with
    the form and ``context``."""
    form = form_class(formdata=None if request.method == "GET" else request.form)
    if request.method == "GET":
        fill(form)
    elif sending() and form.validate_on_submit():
        changed = save(form)
        db.session.commit()
        flash(str(message) if changed else _("Nothing was changed."), "info")
        return redirect(back)
    return render_template(template, form=form, **context), form.status


@bp.get("/districts")
@requires("view_queue")
def districts():
    sort = request.args.get("sort", "name")
    if sort not in services.RATE_SORTS:
        sort = "name"
    rates = services.district_rates(sort=sort)
    return render_template("stores/staff/districts.html", rates=rate_rows(rates, g.lang, "staff.stores.district"),
                           totals=services.rate_totals(rates),
                           sort=sort, sort_labels=SORT_LABELS)


@form_page(bp, "/districts/<int:id>", "view_queue")
def district(id):
    district = db.get_or_404(ShoppingDistrict, id)

    def fill(form):
        form.shops.data, form.counted_on.data = district.shops, district.shops_counted_on
        form.lat.data, form.lng.data = district.lat, district.lng

    def save(form):
        return services.save_district_facts(district, shops=form.shops.data, counted_on=form.counted_on.data,
                                            lat=form.lat.data, lng=form.lng.data, staff=g.staff)

    return _edit(DistrictFactsForm, fill, save, _l("The shopping district's figures have been saved."),
                 url_for("staff.stores.district", id=id), "stores/staff/district.html", district=district,
                 rate=rate_rows([services.district_rate(district)], g.lang, "staff.stores.district")[0])


@bp.get("/outreach")
@requires("view_queue")
def outreach():
    """Shopping districts by lowest membership rate, each with the stores that asked to be listed and are
    not approved yet: where to visit shops (and where to take an Alley Office visit). Only the stores'
    names and the requests' receipt numbers are shown, never who asked."""
    require_type(STORE_REQUEST)
    rates = services.district_rates(sort="rate")
    waiting: dict[int, list[Submission]] = {}
    requests = db.session.scalars(select(Submission).where(
        Submission.type == STORE_REQUEST, Submission.status.in_(OPEN_STATUSES)).order_by(Submission.created_at))
    unplaced = []
    for submission in requests:
        market_id = (submission.details or {}).get("market_id")
        if (submission.details or {}).get("kind") != "new":
            continue
        if market_id:
            waiting.setdefault(market_id, []).append(submission)
        else:
            unplaced.append(submission)
    return render_template("stores/staff/outreach.html", rates=rate_rows(rates, g.lang, "staff.stores.district"),
                           waiting=waiting, unplaced=unplaced)
