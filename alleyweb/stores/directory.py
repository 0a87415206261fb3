"""The directory's content (the search form, the count, the result rows and the pages' links), drawn in
Python: as a template with the form components' macros it took as long as the layout page itself, on the
site's busiest page. Byte for byte what templates/stores/_directory.html wrote (benchmarks/html_snapshot.py
compares every page; its line breaks are the ones Jinja's trim_blocks and lstrip_blocks left). A pure
function of the form, the page of results and the language, like the template was (views.py keeps its
output in a versioned cache)."""

from __future__ import annotations

from types import SimpleNamespace

from flask import url_for
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from markupsafe import Markup, escape

from alleyweb.core.cache import VersionedCache
from alleyweb.core.forms.components import choice, text_input
from alleyweb.core.i18n import locale_name, translated
from alleyweb.core.lists import pagination
from alleyweb.core.numbers import GroupedInt
from alleyweb.stores.services import directory_version

_TITLE = _l("Onnuri member stores")
_LEAD = _l("Find the shops and markets in Seo-gu where you can pay with Onnuri gift certificates.")
_SEARCH_STORES = _l("Search stores")
_HINT_EN = _l("A name or part of it, or what the store sells, in English or Korean: chicken, kimbap, bakery.")
_HINT_KO = _l("A name, part of a name, or its initial consonants (ㄱㅂㅊㄱ finds 김밥천국). "
              "English spelling works too.")
_MORE_FILTERS = _l("More filters")
_SORT_HINT = _l("To sort by distance, use “Stores near me”.")
_SEARCH = _l("Search")
_LOCATING = _l("Finding your location…")
_DENIED = _l("We could not get your location. Choose your dong under “More filters” instead.")
_NEAR_ME = _l("Stores near me")
_CLEAR = _l("Clear")
_PAGES = _l("Pages of results")
_NO_MATCH = _l("No store matches your search.")
_EMPTY_EN = (_l("Type part of the name, or what the store sells in one word: chicken, coffee, pharmacy."),
             _l("Korean words can be spelt in several ways: kimbap, gimbap and gim-bap all find the same stores."))
_EMPTY_KO = (_l("Check the spelling, or type part of the name (카페, 치킨)."),
             _l("Try the initial consonants only, like ㄱㅂ for 김밥."))
_REMOVE_FILTERS = _l("Remove the filters")
# Messages with a link: translated once, the address put in (escaped) as the template's trans block did.
_MISSING = _l('Is your store missing? <a href="%(url)s">Ask us to list it</a>.')
_OPEN_DATA = _l('Download the whole list as open data (<a href="%(url)s">CSV</a>).')


# Each filter's select as drawn for one chosen value (with no error), per language and directory data version:
# the dongs', categories' and shopping districts' lists are written once for each value chosen in them, and a
# request only picks one (a value that is not a choice has an error and is drawn afresh).
_selects = VersionedCache(size=512)


# The page's own texts, translated once per language (directory_content).
_TEXTS = ("_TITLE", "_LEAD", "_SEARCH_STORES", "_MORE_FILTERS", "_SORT_HINT", "_SEARCH", "_LOCATING", "_DENIED",
          "_NEAR_ME", "_CLEAR", "_PAGES", "_NO_MATCH", "_REMOVE_FILTERS", "_MISSING", "_OPEN_DATA", "_HINT_EN",
          "_HINT_KO")
_texts: dict[str, SimpleNamespace] = {}


def _choice(field, locale: str, hint=None) -> Markup:
    if field.errors:
        return choice(field, hint=hint)
    return _selects.get_or_make((locale, field.name, field.data), directory_version(),
                                lambda: choice(field, hint=hint))


def directory_content(form, page, query, filtered: bool, rows: Markup, lang: str) -> Markup:
    """The directory below the layout: ``form`` (a validated StoreSearchForm), ``page`` (search.SearchPage),
    ``query`` (the StoreQuery searched), ``filtered`` (whether any filter or text was given) and ``rows``
    (cards.store_rows of the page)."""
    locale = locale_name()
    t = _texts.get(locale)
    if t is None:  # the catalogues do not change while the app runs (see i18n.translated)
        t = _texts[locale] = SimpleNamespace(
            **{name: translated(globals()[name], locale) for name in _TEXTS},
            _EMPTY_EN=[translated(tip, locale) for tip in _EMPTY_EN],
            _EMPTY_KO=[translated(tip, locale) for tip in _EMPTY_KO])
    index = url_for("stores.index")
    hint = t._HINT_EN if lang == "en" else t._HINT_KO
    more = form.dong.data or form.category.data or form.market.data or form.accepts.data
    lat = form.lat.data if form.lat.data is not None and not form.lat.errors else ""
    lng = form.lng.data if form.lng.data is not None and not form.lng.errors else ""
    clear = f'<a class="btn btn-secondary" href="{escape(index)}">{t._CLEAR}</a>' if filtered else ""
    total = GroupedInt(page.total)
    count = Markup(ngettext("%(count)s store", "%(count)s stores", total, count=total))  # noqa: S704 - a number
    html = [
        '<div class="page-header">\n'
        f"  <h1>{t._TITLE}</h1>\n"
        f'  <p class="lead">{t._LEAD}</p>\n'
        "</div>\n\n"
        f'<form method="get" action="{escape(index)}" class="filters store-search" role="search" '
        f'aria-label="{t._SEARCH_STORES}">\n'
        f"  {text_input(form.q, hint=hint, autocomplete='off', type='search')}\n"
        f'  <details class="more-filters"{" open" if more else ""}>\n'
        f"    <summary>{t._MORE_FILTERS}</summary>\n"
        '    <div class="filter-grid">\n'
        f"      {_choice(form.dong, locale)}\n"
        f"      {_choice(form.category, locale)}\n"
        f"      {_choice(form.market, locale)}\n"
        f"      {_choice(form.accepts, locale)}\n"
        f"      {_choice(form.sort, locale, hint=t._SORT_HINT)}\n"
        "    </div>\n"
        "  </details>\n"
        f'  <input type="hidden" name="lat" value="{escape(lat)}" data-near-lat>\n'
        f'  <input type="hidden" name="lng" value="{escape(lng)}" data-near-lng>\n'
        '  <div class="search-actions">\n'
        f'    <button type="submit" class="btn btn-primary">{t._SEARCH}</button>\n'
        f'    <button type="button" class="btn btn-secondary" data-near-me hidden '
        f'data-locating="{t._LOCATING}" data-denied="{t._DENIED}">'
        f"{t._NEAR_ME}</button>\n"
        f"{clear}  </div>\n"
        '  <p class="hint near-status" data-near-status role="status"></p>\n'
        "</form>\n\n"
        f'<h2 class="result-count" id="results-title">{count}</h2>\n\n']
    if page.items:
        html.append(f'<ul class="store-list" aria-labelledby="results-title">\n{rows}</ul>\n'
                    f"{pagination(page, 'stores.index', t._PAGES)}\n")
    else:
        tips = "".join(f"    <li>{tip}</li>\n" for tip in (t._EMPTY_EN if lang == "en" else t._EMPTY_KO))
        remove = ""
        if filtered:
            remove = (f'<li><a href="{escape(url_for("stores.index", q=query.q) if query.q else index)}">'
                      f"{t._REMOVE_FILTERS}</a></li>")
        html.append(
            '<div class="empty-state">\n'
            f"  <p><strong>{t._NO_MATCH}</strong></p>\n"
            f"  <ul>\n{tips}{remove}"
            f"    <li>{t._MISSING % {'url': url_for('stores.register')}}</li>\n"
            "  </ul>\n</div>\n")
    open_data = t._OPEN_DATA % {"url": url_for("open_data.stores_csv")}
    html.append(f'\n<p class="open-data">{open_data}</p>')
    return Markup("".join(html))  # noqa: S704 - every value escaped
