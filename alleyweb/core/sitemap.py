"""Which public pages exist, for /sitemap.xml and the quality-gate tests that open every one.

Every GET route under ``/<lang>/`` that takes no other argument is a public page unless its view is
marked :func:`not_in_sitemap` or it belongs to a blueprint listed in ``PRIVATE_BLUEPRINTS``. Features
with pages per record (a store, a program) declare them (``Feature.sitemap_pages``).
"""

from __future__ import annotations

from flask import current_app, url_for

from alleyweb.core.features import registry

PRIVATE_BLUEPRINTS = {"staff"}


def not_in_sitemap(view):
    view.not_in_sitemap = True
    return view


def _static_pages() -> list[str]:
    endpoints = []
    for rule in current_app.url_map.iter_rules():
        if "GET" not in (rule.methods or ()) or set(rule.arguments) != {"lang"}:
            continue
        if rule.endpoint.split(".", 1)[0] in PRIVATE_BLUEPRINTS:
            continue
        view = current_app.view_functions[rule.endpoint]
        if getattr(view, "not_in_sitemap", False):
            continue
        endpoints.append(rule.endpoint)
    return sorted(set(endpoints), key=lambda e: (e != "home.index", e))


def public_pages(records: bool = True) -> list[tuple[str, dict]]:
    """(endpoint, values without lang) of every public page; ``records=False`` leaves out the pages
    of individual records (a store, a program), which need the database."""
    pages = [(endpoint, {}) for endpoint in _static_pages()]
    if records:
        for source in registry().page_sources:
            pages.extend(source())
    return pages


def public_urls(lang: str, external: bool = False, records: bool = True) -> list[str]:
    return [url_for(endpoint, lang=lang, _external=external, **values)
            for endpoint, values in public_pages(records)]
