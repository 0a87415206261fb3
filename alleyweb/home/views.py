from flask import Blueprint, current_app, g, render_template

from alleyweb import retention
from alleyweb.core.text_size import TEXT_SIZE_COOKIE
from alleyweb.dongs.services import list_dongs
from alleyweb.extensions import db
from alleyweb.home.services import district_figures, doors, home_charts
from alleyweb.i18n import LANG_COOKIE

bp = Blueprint("home", __name__, url_prefix="/<lang:lang>")


@bp.get("/")
def index():
    return render_template(
        "home/index.html",
        doors=doors(),
        figures=district_figures(),
        charts=home_charts(g.lang),
        dongs=db.session.scalars(list_dongs()).all(),
    )


@bp.get("/privacy")
def privacy():
    cookies = [
        (current_app.config["SESSION_COOKIE_NAME"], "session"),
        (LANG_COOKIE, "lang"),
        (TEXT_SIZE_COOKIE, "text_size"),
    ]
    return render_template("home/privacy.html", rules=retention.rules(), cookies=cookies)


@bp.get("/accessibility")
def accessibility():
    return render_template("home/accessibility.html")
