"""Language handling: the ``/<lang>/`` URL prefix, the remembered choice, and hreflang helpers.

Message ids are English; ``translations/ko`` holds the Korean. Korean is the default language.
"""

from __future__ import annotations

import flask_babel
from flask import current_app, g, request
from flask_babel import LazyString, get_locale
from markupsafe import Markup
from werkzeug.routing import BaseConverter

LANG_COOKIE = "lang"
LANGUAGE_NAMES = {"ko": "한국어", "en": "English"}


class LangConverter(BaseConverter):
    """Matches only the site's languages, so ``/fr/`` is a plain 404."""

    regex = "ko|en"


def supported() -> tuple[str, ...]:
    return tuple(current_app.config["LANGUAGES"])


def lang_from_path(path: str) -> str | None:
    first = path.lstrip("/").split("/", 1)[0]
    return first if first in supported() else None


def preferred_language() -> str:
    """Remembered choice (cookie), else the browser's Accept-Language, else Korean."""
    remembered = request.cookies.get(LANG_COOKIE)
    if remembered in supported():
        return remembered
    return request.accept_languages.best_match(supported()) or current_app.config["BABEL_DEFAULT_LOCALE"]


def select_locale() -> str:
    """Flask-Babel locale selector: the URL prefix wins; pages without one use the preference."""
    lang = g.get("lang")
    if lang:
        return lang
    try:
        return lang_from_path(request.path) or preferred_language()
    except RuntimeError:  # outside a request (CLI)
        return current_app.config["BABEL_DEFAULT_LOCALE"]


def locale_name() -> str:
    """``str(get_locale())``, read from where Flask-Babel keeps the request's locale (``g._flask_babel``).

    A form page asks for the language some eighty times (each message, each field, each link), and
    Flask-Babel's ``get_locale`` goes through ``g`` three times and Babel rebuilds the name each time.
    Here the locale object is read once and its name kept next to it in the same per-request namespace,
    keyed on the object itself: ``force_locale`` (which swaps the object) still holds, and nothing
    outlives the request."""
    try:
        babel_ctx = g._flask_babel.__dict__
    except (AttributeError, RuntimeError):  # first call in this request, or outside one
        return str(get_locale())
    locale = babel_ctx.get("babel_locale")
    if locale is None:
        return str(get_locale())
    named = babel_ctx.get("alleyweb_locale_name")
    if named is None or named[0] is not locale:
        named = babel_ctx["alleyweb_locale_name"] = (locale, str(locale))
    return named[1]


def current_locale() -> str:
    """The name of the language Flask-Babel translates into now (``force_locale`` included)."""
    return locale_name()


def current_lang() -> str:
    name = locale_name()
    return name if name != "None" else current_app.config["BABEL_DEFAULT_LOCALE"]


def pull_lang(endpoint, values) -> None:
    """url_value_preprocessor: take ``lang`` out of the view arguments into ``g``."""
    if values and "lang" in values:
        g.lang = values.pop("lang")


def add_lang(endpoint, values) -> None:
    """url_defaults: ``url_for`` fills ``lang`` with the current language when a route needs it."""
    if "lang" in values or not endpoint:
        return
    if current_app.url_map.is_endpoint_expecting(endpoint, "lang"):
        values["lang"] = current_lang()


def alternate_path(lang: str) -> str:
    """This page's path and query in another language (the language switch and hreflang)."""
    path = request.path
    current = lang_from_path(path)
    path = f"/{lang}" + path[len(current) + 1:] if current else f"/{lang}/"
    query = request.query_string.decode("utf-8", "replace")
    return f"{path}?{query}" if query and current else path


def alternate_url(lang: str) -> str:
    return request.host_url.rstrip("/") + alternate_path(lang)


def remember_language(response):
    """after_request: keep the language of the last page read, for the next visit to ``/``."""
    lang = g.get("lang")
    if lang and request.cookies.get(LANG_COOKIE) != lang:
        response.set_cookie(
            LANG_COOKIE, lang, max_age=current_app.config["PREFERENCE_COOKIE_MAX_AGE"],
            secure=current_app.config["SESSION_COOKIE_SECURE"], httponly=True, samesite="Lax",
        )
    return response


def localized_setting(name: str) -> str:
    """A bilingual setting such as ``OFFICE_NAME`` in the current language (``OFFICE_NAME_KO``/``_EN``)."""
    return current_app.config[f"{name}_{current_lang().upper()}"]


_translated: dict[tuple[str, str, tuple], Markup] = {}


def translated(text, locale: str | None = None):
    """A ``lazy_gettext`` string in the current language (or ``locale``, the current one's name),
    worked out once per language and kept.

    Form pages show the same labels on every request (field labels, choices, consent notices), and
    translating each through Flask-Babel again costs more than drawing the field. The catalogues do
    not change while the app runs (Flask-Babel keeps them for good as well), so a message's
    translation in a language can be kept too. Only messages without variables, or with whole
    numbers ("%(num)d months"), are kept: other variables may carry a request's values. Anything else
    is returned as it is. The translation is Markup: Jinja and markupsafe take a lazy string to be
    safe, so the page shows exactly what it showed before."""
    if type(text) is not LazyString or text._func is not flask_babel.gettext or len(text._args) != 1:
        return text
    variables = tuple(sorted(text._kwargs.items()))
    if any(type(value) is not int for _name, value in variables):
        return text
    key = (locale or locale_name(), text._args[0], variables)
    kept = _translated.get(key)
    if kept is None:
        kept = _translated[key] = Markup(str(text))  # noqa: S704 - a translation, as Jinja outputs a lazy string
    return kept


def install_template_gettext(app) -> None:
    """Templates' ``_()``, ``{% trans %}`` and plurals, reading each language's catalogue straight from a
    map kept per app instead of asking Flask-Babel for it on every message (which costs several times
    the lookup itself; a form page translates some fifty messages). The language is still asked for each
    time, so ``force_locale`` holds; catalogues do not change while the app runs (Flask-Babel keeps them
    for good too)."""
    catalogues: dict[str, object] = {}

    def catalogue():
        locale = locale_name()
        found = catalogues.get(locale)
        if found is None:
            found = catalogues[locale] = flask_babel.get_translations()
        return found

    app.jinja_env.install_gettext_callables(
        gettext=lambda message: catalogue().ugettext(message),
        ngettext=lambda singular, plural, n: catalogue().ungettext(singular, plural, n),
        newstyle=True,
        pgettext=lambda context, message: catalogue().upgettext(context, message),
        npgettext=lambda context, singular, plural, n: catalogue().unpgettext(context, singular, plural, n),
    )
    # Every whole number a template message is given prints with thousands separators ("2,984곳").
    # gettext and ngettext do in one call what Jinja's newstyle callables do (translate, Markup when
    # autoescaping, then always ``%`` the variables) instead of three nested calls through the
    # template context; ``_`` is gettext itself rather than Jinja's alias that looks it up each time.
    from jinja2 import pass_context

    from alleyweb.core.numbers import GroupedInt, grouped_variables

    @pass_context
    def gettext(context, message, **variables):
        text = catalogue().ugettext(message)
        if context.eval_ctx.autoescape:
            text = Markup(text)  # noqa: S704 - a translation, as Jinja's own gettext does
        return text % grouped_variables(variables)

    @pass_context
    def ngettext(context, singular, plural, num, **variables):
        variables.setdefault("num", num)
        text = catalogue().ungettext(singular, plural, GroupedInt(num) if type(num) is int else num)
        if context.eval_ctx.autoescape:
            text = Markup(text)  # noqa: S704 - a translation, as Jinja's own ngettext does
        return text % grouped_variables(variables)

    app.jinja_env.globals.update(gettext=gettext, ngettext=ngettext, _=gettext)


def template_globals() -> dict:
    return {
        "setting": localized_setting,
        "current_lang": current_lang,
        "translated": translated,
        "alternate_url": alternate_url,
        "alternate_path": alternate_path,
        "LANGUAGE_NAMES": LANGUAGE_NAMES,
    }
