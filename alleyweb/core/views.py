from flask import Blueprint, current_app, jsonify, make_response, redirect, render_template, request, url_for
from sqlalchemy import text

from alleyweb.core.i18n import preferred_language
from alleyweb.core.security import safe_redirect_target
from alleyweb.core.sitemap import public_pages
from alleyweb.core.text_size import TEXT_SIZE_COOKIE, TEXT_SIZES
from alleyweb.extensions import db, limiter

bp = Blueprint("core", __name__)


@bp.get("/")
def root():
    response = redirect(url_for("home.index", lang=preferred_language()), code=302)
    response.vary.add("Accept-Language")
    response.vary.add("Cookie")
    return response


@bp.get("/healthz")
@limiter.exempt
def healthz():
    return jsonify(status="ok")


@bp.get("/readyz")
@limiter.exempt
def readyz():
    try:
        db.session.execute(text("SELECT 1"))
    except Exception as error:  # any failure to reach the database means not ready
        current_app.logger.warning("readiness check failed: %s", error.__class__.__name__)
        db.session.rollback()
        return jsonify(status="unavailable", database="unreachable"), 503
    return jsonify(status="ok", database="ok")


@bp.get("/sitemap.xml")
def sitemap():
    pages = []
    for endpoint, values in public_pages():
        alternates = {lang: url_for(endpoint, lang=lang, _external=True, **values)
                      for lang in current_app.config["LANGUAGES"]}
        pages.extend((alternates[lang], alternates) for lang in alternates)
    xml = render_template("core/sitemap.xml", pages=pages)
    response = make_response(xml)
    response.mimetype = "application/xml"
    return response


@bp.get("/robots.txt")
def robots():
    body = "\n".join([
        "User-agent: *",
        "Disallow: /ko/staff/",
        "Disallow: /en/staff/",
        "Disallow: /text-size",
        f"Sitemap: {url_for('core.sitemap', _external=True)}",
        "",
    ])
    response = make_response(body)
    response.mimetype = "text/plain"
    return response


@bp.get("/text-size")
def text_size():
    """Set the text size without JavaScript: a GET form in the header posts here, then back."""
    size = request.args.get("size", "")
    back = safe_redirect_target(request.args.get("next"), url_for("home.index", lang=preferred_language()))
    response = redirect(back, code=303)
    if size in TEXT_SIZES:
        response.set_cookie(
            TEXT_SIZE_COOKIE, size, max_age=current_app.config["PREFERENCE_COOKIE_MAX_AGE"],
            secure=current_app.config["SESSION_COOKIE_SECURE"], httponly=False, samesite="Lax",
        )
    return response
