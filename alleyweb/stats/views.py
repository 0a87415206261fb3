from flask import Blueprint, g, render_template

from alleyweb.stats.registry import sections

bp = Blueprint("stats", __name__, url_prefix="/<lang:lang>")


@bp.get("/stats")
def index():
    return render_template("stats/index.html", sections=sections(g.lang))
