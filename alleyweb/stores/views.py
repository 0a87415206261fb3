"""The member-store directory: search, store pages, merchants' requests, open data."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from flask import Blueprint, Response, abort, g, make_response, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy import select

from alleyweb.core.cache import VersionedCache, current_versions
from alleyweb.core.database import read_outside_transaction
from alleyweb.core.forms.fields import blank_first
from alleyweb.core.forms.widgets import Options
from alleyweb.core.numbers import MAX_PAGE, parse_int, query_int
from alleyweb.core.security import client_address, no_store
from alleyweb.dongs.services import DONGS_VERSION
from alleyweb.extensions import db, limiter
from alleyweb.stores.cards import rate_rows, store_rows
from alleyweb.stores.categories import CATEGORIES, english_items
from alleyweb.stores.directory import directory_content
from alleyweb.stores.forms import StoreRequestForm, StoreSearchForm
from alleyweb.stores.models import ShoppingDistrict, Store
from alleyweb.stores.requests import store_request
from alleyweb.stores.search import READ_VERSION, StoreQuery, distance_km, latest_version, search, store_select
from alleyweb.stores.services import (
    RATE_SORTS,
    STORES_VERSION,
    PlaceLists,
    directory_version,
    district_rate,
    district_rates,
    place_choices,
    place_lists,
    rate_totals,
    visible_store,
)
from alleyweb.submissions import intake
from alleyweb.submissions.intake import public_form

bp = Blueprint("stores", __name__, url_prefix="/<lang:lang>/stores")
data_bp = Blueprint("open_data", __name__)

PER_PAGE = 20


def _choices(form: StoreSearchForm, lists: PlaceLists) -> None:
    """The filters' choices: the same lists (their ``<option>``s written once, widgets.Options) until the
    directory's data next changes; only the chosen one is marked per request."""

    def make():
        return (Options(blank_first(_l("All dongs"), lists.dongs)),
                Options(blank_first(_l("All categories"),
                                    ((key, label) for key, (label, _w) in CATEGORIES.items()))),
                Options(blank_first(_l("All shopping districts and markets"), lists.districts)))

    form.dong.choices, form.category.choices, form.market.choices = \
        _search_choices.get_or_make(g.lang, directory_version(), make)


_search_choices = VersionedCache(size=4)


# The directory's content for the addresses most asked for, per worker (see alleyweb.core.cache).
_directory_pages = VersionedCache(size=256)


@bp.get("")
def index():
    """The directory. Its content depends only on the address, the language and the stores' data, so
    a repeated search (카페, a dong) is served from the cache until the data next changes. Searches
    from a location are not kept: they are personal and seldom repeated. It only reads: on PostgreSQL without a
    transaction (core.database.read_outside_transaction)."""
    read_outside_transaction(db.session())
    args = request.args
    if args.get("lat") or args.get("lng") or len(request.query_string) > 512:
        content = _directory(args)
    else:
        key = (g.lang, tuple(args.items(multi=True)))
        content = _guessing(key, args) or \
            _directory_pages.get_or_make(key, directory_version(), lambda: _directory(args))
    return render_template("stores/index.html", content=content.html, q=content.q)


def _guessing(key, args) -> _Content | None:
    """On PostgreSQL, an address not in the cache for the version of the directory's data this worker last saw
    (search.latest_version): its content made for that version, the version read in the same statement as the
    page's rows (search._page_rows; else on its own, after), one round trip instead of two. Kept and shown when the
    version read is that one: it was that version from before the worker last saw it until after the page was
    read (a version is never used twice), so the content is what the version names. Else None, with the version
    read now the request's (index makes the content again for it). None, reading nothing, anywhere else (and for
    a HEAD request, whose reads of the version services.directory_version does not keep)."""
    guess = latest_version()
    if guess is None or request.method != "GET" or "directory_version" in g:
        return None
    made = []

    def make() -> _Content:
        made.append(True)
        setattr(g, READ_VERSION, None)
        content = _directory(args)
        read = g.pop(READ_VERSION) or current_versions(STORES_VERSION, DONGS_VERSION)
        if read != guess:
            raise _Stale(read)  # not kept
        return content

    g.directory_version = guess
    try:
        content = _directory_pages.get_or_make(key, guess, make)
    except _Stale as stale:
        g.directory_version = stale.read
        return None
    if not made:  # kept for that version: whether it is still the current one is read as for any kept page
        g.pop("directory_version")
        return None
    return content


class _Stale(Exception):
    def __init__(self, read: tuple[int, ...]):
        super().__init__()
        self.read = read


@dataclass(frozen=True)
class _Content:
    html: Markup
    q: str


def _directory(args) -> _Content:
    lists = place_lists(g.lang)
    form = StoreSearchForm(args)
    _choices(form, lists)
    if g.lang != "ko":  # initial consonants are for Korean keyboards; English readers type words
        form.q.label.text = _l("Store name, or what it sells")
    form.validate()
    by_code = lists.dong_ids

    def ok(field):  # a bad value in a shared link is ignored, not an error page
        return field.data if field.data and not field.errors else None

    query = StoreQuery(
        q=ok(form.q) or "", dong_id=by_code.get(ok(form.dong)),
        category=ok(form.category), district_id=parse_int(ok(form.market) or ""),
        accepts=ok(form.accepts), sort=ok(form.sort) or "name", lat=ok(form.lat), lng=ok(form.lng))
    page = search(query, page=query_int("page", default=1, minimum=1, maximum=MAX_PAGE), per_page=PER_PAGE)
    filtered = any([query.q, query.dong_id, query.category, query.district_id, query.accepts])
    rows = store_rows(page.items, g.lang, lambda s: distance_km(s, query.lat, query.lng))
    return _Content(directory_content(form, page, query, filtered, rows, g.lang), query.q)


@bp.get("/<int:id>")
def detail(id):
    store = visible_store(id)
    if store is None:
        abort(404)
    return render_template("stores/detail.html", store=store, categories=CATEGORIES, english_items=english_items)


@bp.route("/register", methods=["GET", "POST"])
@public_form("store-request", "10 per hour")
def register():
    form = StoreRequestForm()
    form.dong.choices, form.market.choices = place_choices(g.lang)
    store = None
    # A link's store id that is not a number is a page that cannot exist; a form sent with one keeps its input.
    store_id = query_int("store_id") if request.method == "GET" else parse_int(request.form.get("store_id", ""))
    if store_id is not None:
        store = visible_store(store_id)
    if request.method == "GET" and store is not None:
        form.kind.data = "correction"
        form.store_id.data = str(store.id)
        form.store_name.data = store.name
        form.market.data = str(store.district_id or "")
        form.dong.data = store.dong.code if store.dong else ""
        form.address.data = store.address
        form.store_phone.data = store.phone
        form.hours.data = store.hours
        form.items.data = store.items
        form.accepts_paper.data, form.accepts_digital.data = store.accepts_paper, store.accepts_digital
    if form.validate_on_submit():
        submission = intake.receive(form, lambda: store_request(form, store))
        if submission is None:  # a robot filled the honeypot
            return redirect(url_for("stores.index"))
        response = make_response(render_template("stores/request_received.html", submission=submission))
        return no_store(response)
    return render_template("stores/register.html", form=form, store=store,
                           blank_key=("stores.register",) if store is None else None), form.status


@data_bp.get("/stores.csv")
@limiter.limit("30 per minute", key_func=client_address)
def stores_csv():
    """The public listing as open data: UTF-8 with a BOM so that Excel reads the Korean."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["가맹점명", "로마자 표기", "상점가", "행정동", "업종", "지류", "디지털", "도로명주소", "전화번호"])
    stmt = store_select(StoreQuery()).execution_options(yield_per=2000)
    with force_locale("ko"):
        for store in db.session.scalars(stmt):
            writer.writerow([store.name, store.name_en, store.district.name if store.district else "",
                             store.dong.name_ko if store.dong else "", str(CATEGORIES[store.category][0]),
                             "Y" if store.accepts_paper else "N", "Y" if store.accepts_digital else "N",
                             store.address, store.phone])
    response = Response("\ufeff" + buffer.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = 'attachment; filename="seogu-onnuri-stores.csv"'
    return response


RATE_SORT_LABELS = {"name": _l("By name"), "rate": _l("Lowest rate first"), "rate_desc": _l("Highest rate first")}


@bp.get("/districts")
def districts():
    """Every shopping district with its member stores, its shops and its membership rate, sortable by rate."""
    sort = request.args.get("sort", "name")
    if sort not in RATE_SORTS:
        sort = "name"
    def make():
        rates = district_rates(sort=sort)
        return Markup(render_template(  # noqa: S704 - the output of an autoescaping template
            "stores/_rates_body.html", rates=rate_rows(rates, g.lang), totals=rate_totals(rates), sort=sort,
            sort_labels=RATE_SORT_LABELS))

    body = _rate_pages.get_or_make((g.lang, sort), directory_version(), make)
    return render_template("stores/districts.html", body=body)


# The rates page's body per language and sort, for the directory's data version (members, shops, names).
_rate_pages = VersionedCache(size=8)


@bp.get("/districts/<int:id>")
def district(id):
    district = db.get_or_404(ShoppingDistrict, id)
    return render_template("stores/district.html", district=district,
                           rate=rate_rows([district_rate(district)], g.lang)[0])


@bp.get("/join")
def join():
    """For merchants: how to join Onnuri, with the listing request at the end."""
    return render_template("stores/join.html")


def district_pages():
    for district_id in db.session.scalars(select(ShoppingDistrict.id).order_by(ShoppingDistrict.id)):
        yield "stores.district", {"id": district_id}


def store_pages():
    for store_id in db.session.scalars(select(Store.id).where(Store.visible.is_(True)).order_by(Store.id)):
        yield "stores.detail", {"id": store_id}


