"""The list of pages every quality gate checks: each sitemap page in both languages, plus an error page."""

from urllib.parse import urlsplit

from alleyweb.core.sitemap import public_urls


def gated_paths(app, records: bool = True) -> list[str]:
    """Every public page (from the sitemap registry) in both languages, and the 404 page.
    ``records=False``: without per-record pages (for test collection, before any database exists)."""
    with app.test_request_context():
        paths = [urlsplit(url).path for lang in app.config["LANGUAGES"] for url in public_urls(lang, records=records)]
    return paths + ["/ko/this-page-does-not-exist", "/en/this-page-does-not-exist"]
