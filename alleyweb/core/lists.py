"""Lists that are paged and filtered through the query string: the page number read through the one
bounded parser, and links to other pages of the same list that keep its filters, and nothing else."""

from __future__ import annotations

from flask import request, url_for
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape

from alleyweb.core.i18n import translated
from alleyweb.core.numbers import MAX_PAGE, GroupedInt, query_int


def paginate(stmt, *, per_page: int):
    """``db.paginate`` with the page number read through :func:`query_int` (1 – MAX_PAGE, else 404)."""
    from alleyweb.extensions import db

    page = query_int("page", default=1, minimum=1, maximum=MAX_PAGE)
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


def query_args(*, drop=()) -> dict[str, str]:
    """This request's query parameters, to carry over into a link to the same list. ``lang`` and names
    starting with ``_`` (which ``url_for`` reads as its own options: ``_external``, ``_scheme``,
    ``_anchor``) are never carried, nor the ``drop``ped ones the link sets itself."""
    return {key: value for key, value in request.args.items()
            if key != "lang" and not key.startswith("_") and key not in drop}


def page_url(endpoint: str, page: int) -> str:
    """The address of another page of the list being shown, with its filters."""
    return url_for(endpoint, **query_args(drop=("page",)), page=page)


def page_link(endpoint: str):
    """``page_url`` for one list, as a function of the page number: one address is built and each link is
    that address with its number, the same bytes as ``url_for`` writes (``page`` is the last parameter of
    the query string). Falls back to ``page_url`` per link if the address does not end that way."""
    args = query_args(drop=("page",))
    sample = url_for(endpoint, **args, page=0)
    if not sample.endswith("page=0"):
        return lambda number: url_for(endpoint, **args, page=number)
    prefix = sample[:-1]
    return lambda number: f"{prefix}{int(number)}"


_PREVIOUS, _NEXT = _l("Previous"), _l("Next")
_PAGE_NUMBER = _l('<span class="visually-hidden">Page </span>%(number)s')


def pagination(page, endpoint: str, label) -> Markup:
    """The links to the other pages of a paged list (a Flask-SQLAlchemy page, or anything with its
    ``pages``, ``page``, ``has_prev``/``has_next``, ``prev_num``/``next_num`` and ``iter_pages``), keeping
    its filters (:func:`page_link`); nothing for a list of one page. Drawn in Python, the same bytes as a
    Jinja macro wrote (templates/components/pagination.html calls it)."""
    if page.pages <= 1:
        return Markup("")
    href = page_link(endpoint)
    # The translation as a plain string: a number written with separators has nothing to escape.
    number_text = str(translated(_PAGE_NUMBER))
    items = []
    if page.has_prev:
        items.append(f'    <li><a href="{escape(href(page.prev_num))}" rel="prev">{translated(_PREVIOUS)}</a></li>\n')
    for number in page.iter_pages(left_edge=1, left_current=2, right_current=2, right_edge=1):
        if number is None:
            items.append('    <li><span class="ellipsis">…</span></li>\n')
        elif number == page.page:
            items.append(f'    <li><a href="{escape(href(number))}" aria-current="page">{escape(number)}</a></li>\n')
        else:
            items.append(f'    <li><a href="{escape(href(number))}">{number_text % {"number": str(GroupedInt(number))}}'
                         "</a></li>\n")
    if page.has_next:
        items.append(f'    <li><a href="{escape(href(page.next_num))}" rel="next">{translated(_NEXT)}</a></li>\n')
    return Markup(  # noqa: S704 - every value escaped
        f'<nav class="pagination" aria-label="{escape(label)}">\n  <ul>\n{"".join(items)}  </ul>\n</nav>\n')
