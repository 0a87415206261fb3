"""The suggestion form's error state and receipt pass axe and the Nu checker too (its empty form and the
Alley Office page are in the sitemap gates; the console pages and the Alley Office with visits are in
tests/browser/staff_world.py)."""

from __future__ import annotations

from tests.browser.navigation import click_and_load
from tests.browser.test_html_validity import nu_errors
from tests.browser.test_page_gates import WIDTHS, run_axe, with_axe
from tests.conftest import empty_tables
from tests.voice_helpers import FORM


def test_the_suggestion_form_with_errors_passes_axe(browser, live_server, screenshots_dir):
    for lang in ("ko", "en"):
        for size, (width, height) in WIDTHS.items():
            context = with_axe(browser.new_context(viewport={"width": width, "height": height}, bypass_csp=True))
            page = context.new_page()
            page.goto(f"{live_server}/{lang}/suggestions/new", wait_until="load")
            page.fill("#message", "가" * 2100)
            click_and_load(page, "main button[type=submit]")
            page.wait_for_selector(".error-summary")
            assert run_axe(page) == [], (lang, size)
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, (lang, size)
            page.screenshot(path=str(screenshots_dir / f"voice-suggestion-errors-{lang}-{size}.png"), full_page=True)
            context.close()


def test_the_suggestion_pages_are_valid_html(app, vnu_jar, tmp_path):
    names = {}
    try:
        for name, response in {
            "suggestion-errors.html": app.test_client().post("/ko/suggestions/new", data={"message": "x"}),
            "suggestion-received.html": app.test_client().post("/en/suggestions/new", data=FORM,
                                                               environ_base={"REMOTE_ADDR": "203.0.113.9"}),
        }.items():
            (tmp_path / name).write_bytes(response.data)
            names[name] = name
        assert nu_errors(vnu_jar, tmp_path, names) == []
    finally:
        empty_tables(app)
