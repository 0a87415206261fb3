"""Public pages: the dongs and their administrative welfare centres (/<lang>/dongs, /<lang>/dongs/<code>)."""

from __future__ import annotations

from flask import Blueprint, abort, g, render_template, url_for
from markupsafe import Markup
from sqlalchemy import select

from alleyweb.core.cache import VersionedCache, current_versions
from alleyweb.core.dates import seoul_today
from alleyweb.core.features import registry
from alleyweb.dongs.centres import CENTRES_VERSION, centre_of, centres_by_dong
from alleyweb.dongs.models import Dong
from alleyweb.dongs.services import DONGS_VERSION, dong_by_code, list_dongs
from alleyweb.extensions import db

bp = Blueprint("dongs", __name__, url_prefix="/<lang:lang>/dongs")


@bp.get("")
def index():
    def make():
        dongs = db.session.scalars(list_dongs()).all()
        return len(dongs), Markup(render_template(  # noqa: S704 - the output of an autoescaping template
            "dongs/_list.html", dongs=dongs, centres=centres_by_dong()))

    count, body = _lists.get_or_make(g.lang, current_versions(DONGS_VERSION, CENTRES_VERSION), make)
    return render_template("dongs/index.html", count=count, body=body)


# The list of dongs and their centres per language, kept for the versions of both.
_lists = VersionedCache(size=4)


@bp.get("/<code>")
def detail(code):
    dong = dong_by_code(code) if len(code) == 10 and code.isascii() and code.isdigit() else None
    if dong is None:
        abort(404)
    kinds = registry().dong_sections
    if not all(section.versions for section in kinds):
        return render_template("dongs/detail.html", dong=dong, body=_body(dong, g.lang))
    names = sorted({DONGS_VERSION, CENTRES_VERSION, *(name for section in kinds for name in section.versions)})
    day = seoul_today() if any(section.daily for section in kinds) else None
    body = _bodies.get_or_make((dong.id, g.lang, day), current_versions(*names),
                               lambda: _body(dong, g.lang))
    return render_template("dongs/detail.html", dong=dong, body=body)


def _body(dong, lang: str) -> Markup:
    sections = []
    for section in registry().dong_sections:
        built = section.build(dong, lang)
        if built is not None:
            sections.append((section, built))
    return Markup(render_template(  # noqa: S704 - the output of an autoescaping template
        "dongs/_body.html", dong=dong, centre=centre_of(dong), sections=sections))


# A dong's page below its heading (centre and sections), per language (and day), kept for the versions of
# what it shows: the dongs, their centres and each section's own (DongSection.versions).
_bodies = VersionedCache(size=64)


def dong_centre_url(dong=None) -> str:
    """The page of ``dong``'s welfare centre (a Dong, or its code), or the list of centres when the dong is
    not known: where every "visit your dong community centre" sentence links."""
    code = getattr(dong, "code", dong)
    return url_for("dongs.detail", code=code) if code else url_for("dongs.index")


def dong_pages():
    for code in db.session.scalars(select(Dong.code).order_by(Dong.sort_order, Dong.code)):
        yield "dongs.detail", {"code": code}
