from flask import Blueprint, current_app, g, render_template
from markupsafe import Markup

from alleyweb.core.cache import TimedCache
from alleyweb.stats.registry import sections

bp = Blueprint("stats", __name__, url_prefix="/<lang:lang>")

# The figures' part of the page, per language, counted at most once a minute per worker: dozens of
# counts and charts that need not be newer than that.
_figures = TimedCache(size=4)


@bp.get("/stats")
def index():
    lang = g.lang

    def make():
        html = render_template("stats/_figures.html", sections=sections(lang))
        return Markup(html)  # noqa: S704 - the output of an autoescaping template

    content = _figures.get_or_make(lang, current_app.config["FIGURES_CACHE_SECONDS"], make)
    return render_template("stats/index.html", content=content)
