"""Merchant voice, public pages: the suggestion form and the Alley Office visits."""

from __future__ import annotations

from datetime import datetime

from flask import Blueprint, g, make_response, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from alleyweb.dates import SEOUL
from alleyweb.dongs.services import list_dongs
from alleyweb.errors import rerender_on_csrf_error
from alleyweb.extensions import db, limiter
from alleyweb.security import client_address, no_store
from alleyweb.stores.models import ShoppingDistrict
from alleyweb.voice.forms import SuggestionForm
from alleyweb.voice.services import public_agendas, public_visits, submit_suggestion

bp = Blueprint("voice", __name__, url_prefix="/<lang:lang>")


def _dongs():
    return db.session.scalars(list_dongs()).all()


def _districts():
    return db.session.scalars(select(ShoppingDistrict).order_by(ShoppingDistrict.key_ko)).all()


@bp.route("/suggestions/new", methods=["GET", "POST"])
@rerender_on_csrf_error
@limiter.limit("10 per hour", key_func=client_address, methods=["POST"], scope="voice-suggestion",
               deduct_when=lambda response: response.status_code != 400)  # a mistyped form costs nothing
def new_suggestion():
    dongs, districts = _dongs(), _districts()
    lang = g.lang
    form = SuggestionForm()
    form.dong.choices = [SelectChoice("", _l("Choose a dong"))] + [SelectChoice(d.code, d.name(lang)) for d in dongs]
    form.district.choices = [SelectChoice("", _l("Not in a shopping district or market"))] + [
        SelectChoice(str(d.id), d.display_name(lang)) for d in districts]
    if form.validate_on_submit():
        if form.website.data:  # the honeypot: only robots fill it in
            return redirect(url_for("voice.alley_office"))
        district = {str(d.id): d for d in districts}.get(form.district.data or "")
        dong = district.dong if district else {d.code: d for d in dongs}[form.dong.data]
        submission = submit_suggestion(
            lang=lang, topic=form.topic.data, dong=dong, district=district, message=form.message.data,
            name=form.name.data, store_name=form.store_name.data, phone=form.phone.data,
            may_publish=bool(form.may_publish.data), idempotency_key=request.form.get("idempotency_key") or None)
        return no_store(make_response(render_template("voice/received.html", submission=submission)))
    return render_template("voice/new.html", form=form), form.status


@bp.get("/alley-office")
def alley_office():
    today = datetime.now(SEOUL).date()
    upcoming, past = public_visits(today)
    return render_template("voice/alley_office.html", upcoming=upcoming, past=past,
                           agendas=public_agendas(past, g.lang))
