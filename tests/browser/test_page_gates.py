"""Quality gates for every page, in both languages: axe-core (WCAG 2.1 A/AA) with 0 violations at
375 px and 1280 px, no horizontal scrolling on a small phone, no request to another site, and a
screenshot of each, saved under test-artifacts/screenshots/."""

from __future__ import annotations

import pytest

from tests.browser.gates import (
    WIDTHS,
    check,
    new_page,
    requests_to_other_sites,
    run_axe,
    save_screenshot,
    sideways,
    slug,
    tab,
)
from tests.browser.navigation import click_and_load
from tests.pages import gated_paths


def _paths():
    from alleyweb import create_app
    from alleyweb.config import TestingConfig

    return gated_paths(create_app(TestingConfig, SQLALCHEMY_DATABASE_URI="sqlite://"), records=False)


@pytest.mark.parametrize("path", _paths())
@pytest.mark.parametrize("size", list(WIDTHS))
def test_page_passes_axe_and_fits(contexts, tabs, live_server, screenshots_dir, path, size):
    page = tab(tabs, contexts, size)
    with requests_to_other_sites(page) as foreign:
        page.goto(live_server + path, wait_until="load")
        check(page, f"{path} at {size}", screenshot=screenshots_dir / f"{slug(path) or 'root'}-{size}.png")
        assert foreign == []


def test_small_phone_with_largest_text_and_no_javascript(browser, live_server, screenshots_dir):
    """320 px, largest text, JavaScript off: every page still fits and the text-size control works."""
    with new_page(browser, viewport={"width": 320, "height": 640}, java_script_enabled=False) as page:
        page.goto(live_server + "/ko/", wait_until="load")
        page.click(".menu-button")  # on a phone the text size is in the menu (a <details>: no script needed)
        click_and_load(page, "button[name=size][value=xl]")  # without JavaScript: the form is sent
        assert "ts-xl" in page.get_attribute("html", "class")
        for path in _paths():
            page.goto(live_server + path, wait_until="load")
            assert sideways(page) <= 0, f"{path} scrolls sideways at 320px with the largest text"
        page.goto(live_server + "/ko/", wait_until="load")
        save_screenshot(page, screenshots_dir / "ko-home-320-xl-nojs.png")
        page.goto(live_server + "/ko/stores", wait_until="load")
        assert not page.is_visible("[data-near-me]"), "the near-me button needs JavaScript: hidden without it"
        assert page.is_visible("select[name=dong]") or page.is_visible(".more-filters summary")


def test_keyboard_user_reaches_the_skip_link_first_and_it_moves_focus(browser, live_server):
    with new_page(browser, viewport={"width": 375, "height": 812}) as page:
        page.goto(live_server + "/ko/privacy", wait_until="load")
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.textContent.trim()")
        assert focused == "본문 바로가기"
        assert page.evaluate("getComputedStyle(document.activeElement).top") == "0px"  # visible when focused
        page.keyboard.press("Enter")
        page.wait_for_url("**/ko/privacy#main")  # the link's navigation within the page has happened
        assert page.evaluate("document.activeElement.id") == "main"


def test_text_size_control_with_javascript_needs_no_reload(browser, live_server):
    with new_page(browser, viewport={"width": 375, "height": 812}) as page:
        page.goto(live_server + "/en/", wait_until="load")
        before = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
        page.evaluate("window.__marker = 1")
        page.click(".menu-button")
        page.click("button[name=size][value=lg]")
        assert page.evaluate("window.__marker") == 1, "the page reloaded"
        after = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
        assert after > before
        assert page.get_attribute("button[name=size][value=lg]", "aria-pressed") == "true"
        page.reload(wait_until="load")
        assert "ts-lg" in page.get_attribute("html", "class"), "the choice is remembered"


def test_the_axe_gate_catches_a_real_violation(contexts):
    page = contexts["mobile"].new_page()
    try:
        page.set_content('<!doctype html><html><head><title>x</title></head><body><img src="a.png">'
                         '<p style="color:#aaa;background:#fff">low contrast</p></body></html>')
        found = {v["id"] for v in run_axe(page)}
        assert {"image-alt", "color-contrast", "html-has-lang"} <= found
    finally:
        page.close()


@pytest.fixture(scope="module")
def formkit_server(app):
    """The demo form (every shared form component) served like the real pages."""

    from alleyweb import create_app
    from alleyweb.config import TestingConfig
    from tests import formkit
    from tests.conftest import serving

    kit = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"])
    kit.register_blueprint(formkit.bp)
    with serving(kit) as address:
        yield address


@pytest.mark.parametrize("size", list(WIDTHS))
def test_form_components_pass_axe_with_and_without_errors(contexts, formkit_server, screenshots_dir, size):
    page = contexts[size].new_page()
    try:
        page.goto(formkit_server + "/ko/demo-form", wait_until="load")
        assert run_axe(page) == []
        page.fill("#phone", "010-12")
        page.fill("#note", "😀 " * 50)
        click_and_load(page, "main button[type=submit]")  # the site script has run: focus is where it goes
        page.wait_for_selector(".error-summary")
        assert page.evaluate("document.activeElement.className") == "error-summary", "focus moves to the summary"
        check(page, f"errors at {size}", screenshot=screenshots_dir / f"components-form-errors-{size}.png")
    finally:
        page.close()
