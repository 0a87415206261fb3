"""The page gates, shared by the browser tests: axe-core (WCAG 2.1 A/AA) added to a browser context, the
widths every page is checked at, no sideways scrolling, one h1, no request to another site, and the Nu
HTML checker over a set of responses."""

from __future__ import annotations

import os
import re
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import axe_playwright_python

from tests.browser.test_html_validity import nu_errors

AXE_SOURCE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WIDTHS = {"mobile": (375, 812), "desktop": (1280, 900)}
# Full-page screenshots of the gated pages, for a person to look at (`make screenshots`, which sets this): not a
# check, and a fifth of a page visit's CPU in Chromium, so `make test` takes none.
SCREENSHOTS = os.environ.get("ALLEYWEB_SCREENSHOTS") == "1"
SIDEWAYS = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


def slug(path: str) -> str:
    """A page's address as a file name."""
    return re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-")


def with_axe(context):
    """``context`` with axe-core in every document it opens (added before the page's own scripts run), so
    that a check costs one axe run and not also sending and compiling the 500 kB script each time."""
    context.add_init_script(AXE_SOURCE)
    return context


def run_axe(page) -> list[dict]:
    """The WCAG 2.1 A/AA violations axe-core finds in the page as it is now (axe is added first if the
    page's context did not already bring it)."""
    if page.evaluate("typeof window.axe === 'undefined'"):
        page.evaluate(AXE_SOURCE)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", AXE_TAGS)
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"],
         "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


def sideways(page) -> int:
    """How many pixels the page scrolls sideways (0 or less: it fits)."""
    return page.evaluate(SIDEWAYS)


def problems(page, where, one_h1: bool = False) -> list[str]:
    """What fails the gates on the page as it is now: not one h1 (when asked), axe violations, sideways
    scrolling; each named with ``where``."""
    found = []
    if one_h1 and len(page.query_selector_all("h1")) != 1:
        found.append(f"{where}: not one h1")
    violations = run_axe(page)
    if violations:
        found.append(f"{where}: {violations}")
    overflow = sideways(page)
    if overflow > 0:
        found.append(f"{where}: scrolls sideways by {overflow}px")
    return found


def save_screenshot(page, path: Path) -> None:
    """The page as it is now, full length, saved at ``path`` when screenshots are asked for (SCREENSHOTS)."""
    if SCREENSHOTS:
        page.screenshot(path=str(path), full_page=True)


def check(page, where, one_h1: bool = False, screenshot: Path | None = None) -> None:
    """Assert the page passes the gates, then save its screenshot (full page) if one is named (save_screenshot)."""
    assert problems(page, where, one_h1) == []
    if screenshot is not None:
        save_screenshot(page, screenshot)


@contextmanager
def new_page(browser, axe: bool = False, **options):
    """A tab in a new browser context made with ``options`` (with axe in every document if asked); the
    context is closed afterwards."""
    context = browser.new_context(**options)
    try:
        yield (with_axe(context) if axe else context).new_page()
    finally:
        context.close()


# axe_page's tabs: one a browser and width, for the whole session (see axe_page).
_axe_tabs: dict[tuple[int, str], object] = {}


@contextmanager
def axe_page(browser, size: str, live_server: str | None = None, cookie: str | None = None):
    """A tab at one of the gates' widths, with axe in every document, signed in with the staff session ``cookie``
    if one is given. The same tab each time for a width, on a blank page with no cookies and its width's viewport:
    all the site keeps in a browser is cookies (no storage, no service worker), so it meets each test as a new
    tab would, without a new context's second of CPU (a renderer started, axe compiled again). A crashed or
    closed tab is replaced."""
    width, height = WIDTHS[size]
    key = (id(browser), size)
    page = _axe_tabs.get(key)
    if page is None or page.is_closed() or not page.context.browser.is_connected():
        context = with_axe(browser.new_context(viewport={"width": width, "height": height}, bypass_csp=True))
        page = _axe_tabs[key] = context.new_page()
    page.goto("about:blank")
    page.context.clear_cookies()
    page.set_viewport_size({"width": width, "height": height})
    if cookie is not None:
        page.context.add_cookies([{"name": "alleyweb_session", "value": cookie, "url": live_server}])
    yield page


def tab(tabs, contexts, size: str):
    """The tab of that width, a new one if a test before crashed it."""
    if tabs[size].is_closed():
        tabs[size] = contexts[size].new_page()
    return tabs[size]


@contextmanager
def requests_to_other_sites(page):
    """The addresses on other sites the page asks for while the block runs (none is the gate)."""
    foreign = []

    def note_foreign(request):
        if urlsplit(request.url).hostname not in ("127.0.0.1", None) and not request.url.startswith("data:"):
            foreign.append(request.url)

    page.on("request", note_foreign)
    try:
        yield foreign
    finally:
        page.remove_listener("request", note_foreign)


def html_errors(vnu_jar, folder: Path, documents: dict, statuses=(200, 400)) -> list[str]:
    """The Nu checker's errors in ``documents`` (file name → test-client response; each response's status
    must be one of ``statuses`` unless that is None), written into ``folder`` first."""
    for name, response in documents.items():
        assert statuses is None or response.status_code in statuses, (name, response.status_code)
        (folder / name).write_bytes(response.data)
    return nu_errors(vnu_jar, folder, {name: name for name in documents})
