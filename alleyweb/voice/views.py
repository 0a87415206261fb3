"""Merchant voice, public pages: the suggestion form and the Alley Office visits."""

from __future__ import annotations

from flask import Blueprint, g, make_response, redirect, render_template, url_for
from markupsafe import Markup

from alleyweb.core.cache import VersionedCache, current_versions
from alleyweb.core.dates import seoul_today
from alleyweb.core.numbers import parse_int
from alleyweb.core.security import no_store
from alleyweb.dongs.services import DONGS_VERSION, dong_by_code
from alleyweb.extensions import db
from alleyweb.stores.models import ShoppingDistrict
from alleyweb.stores.services import STORES_VERSION, place_choices
from alleyweb.submissions import intake
from alleyweb.submissions.intake import public_form
from alleyweb.voice.forms import SuggestionForm
from alleyweb.voice.services import VOICE_VERSION, public_agendas, public_visits, suggestion

bp = Blueprint("voice", __name__, url_prefix="/<lang:lang>")


@bp.route("/suggestions/new", methods=["GET", "POST"])
# Only a sent suggestion counts: a mistyped form, or our own failure (a 503), costs the merchant nothing.
@public_form("voice-suggestion", "10 per hour", deduct_when=lambda response: response.status_code < 400)
def new_suggestion():
    form = SuggestionForm()
    form.dong.choices, form.district.choices = place_choices(g.lang)
    if form.validate_on_submit():
        district_id = parse_int(form.district.data or "")
        district = db.session.get(ShoppingDistrict, district_id) if district_id is not None else None
        dong = district.dong if district else dong_by_code(form.dong.data)
        submission = intake.receive(form, lambda: suggestion(
            topic=form.topic.data, dong=dong, district=district, message=form.message.data, name=form.name.data,
            store_name=form.store_name.data, phone=form.phone.data, may_publish=bool(form.may_publish.data)))
        if submission is None:  # a robot filled the honeypot
            return redirect(url_for("voice.alley_office"))
        return no_store(make_response(render_template("voice/received.html", submission=submission)))
    return render_template("voice/new.html", form=form, blank_key=("voice.new_suggestion",)), form.status


@bp.get("/alley-office")
def alley_office():
    today, lang = seoul_today(), g.lang

    def make():
        upcoming, past = public_visits(today)
        return Markup(render_template(  # noqa: S704 - the output of an autoescaping template
            "voice/_alley_office_body.html", upcoming=upcoming, past=past,
            agendas=public_agendas(upcoming + past, lang)))

    versions = current_versions(VOICE_VERSION, STORES_VERSION, DONGS_VERSION)  # visits and agendas, places' names
    body = _pages.get_or_make((lang, today), versions, make)
    return render_template("voice/alley_office.html", body=body)


# The Alley Office page's body per language and day, kept for the versions of what it shows.
_pages = VersionedCache(size=8)
