"""The directory's result rows, drawn in Python: twenty rows a page, each once a Jinja include with a
``url_for`` call, were a large part of a search page's time. Byte for byte what templates/stores/_card.html
wrote (benchmarks/html_snapshot.py compares every page). The store's name is the row's one link; it
covers the whole row (.store-link::after), so the row is one large tap target with a short accessible
name. Every value from the database is escaped as Jinja's autoescape escapes it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import NamedTuple

from flask import url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape

from alleyweb.core.i18n import locale_name, translated
from alleyweb.core.numbers import format_number, grouped_variables
from alleyweb.stores.categories import CATEGORIES

_PAPER = _l("Paper")
_DIGITAL = _l("Digital")
_APPROX = _l("approximate: district centre")
_labels: dict[str, dict[str, Markup]] = {}  # the categories' names, escaped, per language


def store_rows(stores: Iterable, lang: str, distance: Callable) -> Markup:
    """The ``<li>`` of each store of a page of results (rows of search._ROWS, with the district's and dong's
    names: its columns first, in its order; others may follow); ``distance(store)``: its km from the reader, or
    None. The rows are read by position: a row's attributes by name cost more than the rest of its card."""
    prefix = url_for("stores.detail", id=0)[:-1]  # one address built, not one a row
    locale = locale_name()
    labels = _labels.get(locale)
    if labels is None:  # the catalogues do not change while the app runs (see i18n.translated)
        labels = _labels[locale] = {key: escape(str(label)) for key, (label, _words) in CATEGORIES.items()}
    paper = f'<span class="tag tag-paper">{escape(translated(_PAPER))}</span>'
    digital = f'<span class="tag tag-digital">{escape(translated(_DIGITAL))}</span>'
    english = lang == "en"
    rows = []
    for store in stores:
        (id, name, name_en, _name_sort, category, accepts_paper, accepts_digital, position_approx, _lat, _lng,
         district_ko, district_en, dong_ko, dong_en) = tuple(store)[:14]
        roman = f' <span class="store-roman" lang="en">{escape(name_en)}</span>' if english and name_en else ""
        meta = f"{labels[category]}\n"
        if district_ko is not None:
            meta += f" · {escape(district_ko if not english else (district_en or district_ko))}"
        if dong_ko is not None:
            meta += f" · {escape(dong_en if english else dong_ko)}"
        km = distance(store)
        if km is not None:
            meta += f" · <strong>{_distance(km)}</strong>"
            if position_approx:
                meta += f' <span class="approx">({escape(translated(_APPROX))})</span>'
        # The template's line breaks, as Jinja's trim_blocks and lstrip_blocks left them.
        rows.append(
            '<li class="store-card">\n'
            f'  <h3 class="store-name"><a class="store-link" href="{prefix}{id}">{escape(name)}</a>'
            f"{roman}</h3>\n"
            f'  <p class="store-meta">\n    {meta}  </p>\n'
            f'  <p class="badges">\n{paper if accepts_paper else ""}{digital if accepts_digital else ""}'
            "  </p>\n</li>")
    return Markup("".join(rows))  # noqa: S704 - every value escaped


def _distance(km: float) -> str:
    if km < 1:
        return escape(gettext("%(metres)s m", **grouped_variables({"metres": int(round(km * 1000, -1))})))
    return escape(gettext("%(km)s km", km=round(km, 1)))


class RateRow(NamedTuple):
    """A shopping district's membership rate as a page shows it (services.DistrictRate, written once in
    Python: a table of 125 districts called three macros, ``url_for`` and two names a row). Never a rate
    without a count of shops: what is not counted reads "To be confirmed"."""

    id: int
    url: str
    name: str
    name_lang: str  # "ko" where an English page shows a district's Korean name, else ""
    dong: str
    members: str
    shops: str
    rate: str
    counted: str
    rate_known: bool


def rate_rows(rates: Iterable, lang: str, endpoint: str = "stores.district") -> list[RateRow]:
    """The rows of ``rates`` (DistrictRate) in ``lang``, each linking to ``endpoint`` (a district's page)."""
    prefix = url_for(endpoint, id=0)[:-1]  # one address built, not one a row
    to_confirm = gettext("To be confirmed")
    english = lang == "en"
    rows = []
    for r in rates:
        district = r.district
        rows.append(RateRow(
            id=district.id, url=f"{prefix}{district.id}", name=district.display_name(lang),
            name_lang="ko" if english and not district.name_en else "", dong=district.dong.name(lang),
            members=format_number(r.members), shops=format_number(r.shops) if r.shops else to_confirm,
            rate=f"{r.rate:.0f}%" if r.rate is not None else to_confirm,
            counted=r.counted_on.isoformat() if r.counted_on else to_confirm, rate_known=r.rate is not None))
    return rows
