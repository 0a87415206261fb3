from flask import Blueprint, current_app, g, render_template

from alleyweb.core import retention
from alleyweb.core.cache import TimedCache
from alleyweb.core.i18n import LANG_COOKIE
from alleyweb.core.text_size import TEXT_SIZE_COOKIE
from alleyweb.dongs.services import list_dongs
from alleyweb.extensions import db
from alleyweb.home.services import district_figures, doors, home_charts

bp = Blueprint("home", __name__, url_prefix="/<lang:lang>")


# The home page's figures and charts, per language, counted at most once a minute per worker.
_figures = TimedCache(size=4)


@bp.get("/")
def index():
    lang = g.lang
    figures, charts = _figures.get_or_make(lang, current_app.config["FIGURES_CACHE_SECONDS"],
                                           lambda: (district_figures(), home_charts(lang)))
    return render_template(
        "home/index.html",
        doors=doors(),
        figures=figures,
        charts=charts,
        dongs=db.session.scalars(list_dongs()).all(),
    )


@bp.get("/privacy")
def privacy():
    cookies = [
        (current_app.config["SESSION_COOKIE_NAME"], "session"),
        (LANG_COOKIE, "lang"),
        (TEXT_SIZE_COOKIE, "text_size"),
    ]
    return render_template("home/privacy.html", rules=retention.public_rules(), cookies=cookies)


@bp.get("/accessibility")
def accessibility():
    return render_template("home/accessibility.html")
