"""The suggestion form's error state and receipt pass axe and the Nu checker too (its empty form and the
Alley Office page are in the sitemap gates; the console pages and the Alley Office with visits are in
tests/browser/staff_world.py)."""

from __future__ import annotations

from tests.browser.gates import WIDTHS, axe_page, check, html_errors
from tests.browser.navigation import click_and_load
from tests.conftest import empty_tables
from tests.voice_helpers import FORM


def test_the_suggestion_form_with_errors_passes_axe(browser, live_server, screenshots_dir):
    for lang in ("ko", "en"):
        for size in WIDTHS:
            with axe_page(browser, size) as page:
                page.goto(f"{live_server}/{lang}/suggestions/new", wait_until="load")
                page.fill("#message", "가" * 2100)
                click_and_load(page, "main button[type=submit]")
                page.wait_for_selector(".error-summary")
                check(page, (lang, size), screenshot=screenshots_dir / f"voice-suggestion-errors-{lang}-{size}.png")


def test_the_suggestion_pages_are_valid_html(app, vnu_jar, tmp_path):
    try:
        assert html_errors(vnu_jar, tmp_path, {
            "suggestion-errors.html": app.test_client().post("/ko/suggestions/new", data={"message": "x"}),
            "suggestion-received.html": app.test_client().post("/en/suggestions/new", data=FORM,
                                                               environ_base={"REMOTE_ADDR": "203.0.113.9"}),
        }, statuses=None) == []
    finally:
        empty_tables(app)
