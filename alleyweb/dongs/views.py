"""Public pages: the dongs and their administrative welfare centres (/<lang>/dongs, /<lang>/dongs/<code>)."""

from __future__ import annotations

from flask import Blueprint, abort, g, render_template, url_for
from sqlalchemy import select

from alleyweb.core.features import registry
from alleyweb.dongs.centres import centre_of, centres_by_dong
from alleyweb.dongs.models import Dong
from alleyweb.dongs.services import dong_by_code, list_dongs
from alleyweb.extensions import db

bp = Blueprint("dongs", __name__, url_prefix="/<lang:lang>/dongs")


@bp.get("")
def index():
    return render_template("dongs/index.html", dongs=db.session.scalars(list_dongs()).all(),
                           centres=centres_by_dong())


@bp.get("/<code>")
def detail(code):
    dong = dong_by_code(code) if len(code) == 10 and code.isascii() and code.isdigit() else None
    if dong is None:
        abort(404)
    sections = []
    for section in registry().dong_sections:
        built = section.build(dong, g.lang)
        if built is not None:
            sections.append((section, built))
    return render_template("dongs/detail.html", dong=dong, centre=centre_of(dong), sections=sections)


def dong_centre_url(dong=None) -> str:
    """The page of ``dong``'s welfare centre (a Dong, or its code), or the list of centres when the dong is
    not known: where every "visit your dong community centre" sentence links."""
    code = getattr(dong, "code", dong)
    return url_for("dongs.detail", code=code) if code else url_for("dongs.index")


def dong_pages():
    for code in db.session.scalars(select(Dong.code).order_by(Dong.sort_order, Dong.code)):
        yield "dongs.detail", {"code": code}
