"""The staff editor of screener rules and application questions passes the gates: axe at 375 and 1280 px
in both languages (as shown, after a preview, and with problems), no sideways scrolling, and the Nu
checker. The editor has no script of its own: its buttons post the form back."""

from __future__ import annotations

import pytest

from tests.browser.gates import WIDTHS, axe_page, check, html_errors
from tests.browser.navigation import click_and_load
from tests.browser.staff_world import programs_world
from tests.conftest import empty_tables


@pytest.fixture(scope="module")
def world(app):
    yield programs_world(app, "screening-gate@seogu.go.kr")
    empty_tables(app)


def test_the_screening_editor_passes_axe_and_fits(browser, live_server, world, screenshots_dir):
    for size in WIDTHS:
        with axe_page(browser, size, live_server, world["cookie"]) as page:
            for lang in ("ko", "en"):
                page.goto(f"{live_server}/{lang}/staff/programs/{world['taxi_id']}/screening", wait_until="load")
                check(page, (lang, size, "shown"), one_h1=True,
                      screenshot=screenshots_dir / f"staff-screening-{lang}-{size}.png")
                click_and_load(page, 'button[value="rule-add"]')  # a new empty rule
                page.select_option("#sample-age", "65_plus")
                page.select_option("#sample-lives_in_district", "yes")
                click_and_load(page, '.form-actions button[value="preview"]')
                page.wait_for_selector(".error-summary")  # the new rule has no condition yet
                check(page, (lang, size, "problems"), one_h1=True)
                with page.expect_navigation(wait_until="load"):  # remove the new rule again
                    page.locator('button[value^="rule-"][value$="-remove"]:not([value*="-cond-"])').last.click()
                click_and_load(page, '.form-actions button[value="preview"]')
                page.wait_for_selector("#preview-en")
                check(page, (lang, size, "preview"), one_h1=True,
                      screenshot=screenshots_dir / f"staff-screening-preview-{lang}-{size}.png")


def test_the_screening_editor_is_valid_html(app, world, vnu_jar, tmp_path):
    client = app.test_client()
    client.set_cookie("alleyweb_session", world["cookie"])
    url = f"/ko/staff/programs/{world['taxi_id']}/screening"
    pages = {
        "shown.html": client.get(url),
        "en.html": client.get(url.replace("/ko/", "/en/")),
        "problems.html": client.post(url, data={"rule-0-outcome": "maybe", "op": "save"}),
        "added.html": client.post(url, data={"rule-0-outcome": "maybe", "question-0-type": "choice",
                                             "question-0-choice-0-value": "a", "op": "question-0-choice-add"}),
        "preview.html": client.post(url, data={"rule-0-outcome": "likely", "rule-0-has-age": "1",
                                               "rule-0-cond-age": "65_plus", "rule-0-reason_ko": "이유",
                                               "rule-0-reason_en": "reason", "sample-age": "65_plus",
                                               "op": "preview"}),
    }
    assert "preview-en" in pages["preview.html"].text
    assert html_errors(vnu_jar, tmp_path, pages) == []
