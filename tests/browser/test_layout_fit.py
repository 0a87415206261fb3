"""Every page fits a phone at every text size (issue 18).

For each sitemap page (pages of records sampled: two per kind) in both languages, at 320 and 375 px and
at each of the site's text sizes, one script per page checks that: no word of a button, link, label,
legend, summary or heading is split across two lines; nothing scrolls sideways; and at the normal size the
page's title (h1) comes first in its content and starts within the first 160 px. One tab per width. And
/stats stays a few screens long on a 375 px phone at every text size (under 4,000 px at the largest).

Each page is loaded once per width, with its text size set by the site's own cookie (the sizes taking
turns from page to page, so the server is asked for each); the other sizes are then set in place, the way
the site's script does when a resident presses a size button (the class on <html> and the buttons'
aria-pressed: all that the server renders differently by size), and measured again. A self-test below
proves that this measures exactly what loading the page with that size's cookie does.
"""

from __future__ import annotations

from itertools import groupby
from urllib.parse import urlsplit

import pytest

from alleyweb.core.text_size import TEXT_SIZE_COOKIE, TEXT_SIZES
from tests.conftest import empty_tables

WIDTHS = (320, 375)
TITLE_WITHIN_PX = 160
STATS_MAX_PX = 4_000
RECORDS_PER_KIND = 2

# For each visible text node in a control or heading: each of its words
# as a DOM Range; a word whose boxes lie on more than one line was split. Plus the sideways overflow and
# where the h1 starts. Everything in one evaluate, so a page costs one round trip.
MEASURE = """
(size) => {
  if (size) {  // the size set in place, as alleyweb/static/js/site.js sets it on a size button's click
    const doc = document.documentElement;
    doc.className = doc.className.replace(/\\bts-\\w+\\b/, "") + " ts-" + size;
    for (const b of document.querySelectorAll("button[name=size]")) {
      b.setAttribute("aria-pressed", b.value === size ? "true" : "false");
    }
  }
  const selector = "button, a, label, legend, summary, h1, h2, h3, h4, th, .badge, .tag";
  const split = [];
  for (const element of document.querySelectorAll(selector)) {
    // Not shown (a closed menu, [hidden]) or only for screen readers: no lines to split.
    if (!element.checkVisibility({visibilityProperty: true})) continue;
    if (element.closest(".visually-hidden, .honeypot")) continue;
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.data;
      // A word: letters and digits between spaces and the marks a line may break at (a hyphen, the
      // middle dot of 수집·이용, a slash, a bracket).
      const words = text.matchAll(/[^\\s\\-\u2010\u2011\u00b7\u30fb/()]+/g);
      for (const match of words) {
        if (match[0].length < 2) continue;
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const tops = new Set();
        let wide = 0;
        for (const box of range.getClientRects()) {
          if (box.width > 0 && box.height > 0) { tops.add(Math.round(box.top / 4)); wide += box.width; }
        }
        // A single word wider than the whole line it sits in (a long place name at the largest size on
        // a 320 px phone) cannot fit anywhere: breaking it is the last resort, not a fault.
        let block = element;
        while (block.parentElement && getComputedStyle(block).display.startsWith("inline")) block = block.parentElement;
        if (tops.size > 1 && wide <= block.clientWidth) split.push(element.tagName.toLowerCase() + ": " + match[0]);
      }
    }
  }
  const top = element => element ? element.getBoundingClientRect().top + window.scrollY : null;
  const first = [...document.querySelectorAll("main .inner > *")].find(e => e.checkVisibility());
  return {
    split: split.slice(0, 10),
    overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    h1: top(document.querySelector("h1")),
    start: top(first),
  };
}
"""


@pytest.fixture(scope="module")
def layout_paths(app):
    """The pages, with the demo content each feature seeds (`flask seed demo`): real-length names and
    texts, and records to sample. The tables are emptied again afterwards."""
    from flask import url_for

    from alleyweb.core.features import registry
    from alleyweb.core.sitemap import public_pages
    from alleyweb.extensions import db

    with app.app_context():
        for seed in registry().seeders:
            seed()
            db.session.commit()
    with app.test_request_context():
        pages = public_pages(records=True)
        static = [(endpoint, values) for endpoint, values in pages if not values]
        records = [(endpoint, values) for endpoint, values in pages if values]
        sampled = []
        for _endpoint, group in groupby(sorted(records, key=lambda page: page[0]), key=lambda page: page[0]):
            sampled.extend(list(group)[:RECORDS_PER_KIND])
        paths = [urlsplit(url_for(endpoint, lang=lang, **values)).path
                 for lang in app.config["LANGUAGES"] for endpoint, values in static + sampled]
    yield paths + ["/ko/this-page-does-not-exist", "/en/this-page-does-not-exist"]
    empty_tables(app)


@pytest.fixture(scope="module", params=WIDTHS, ids=lambda width: f"{width}px")
def tab(request, browser):
    context = browser.new_context(viewport={"width": request.param, "height": 700}, device_scale_factor=1)
    page = context.new_page()
    yield request.param, context, page
    context.close()


def load(context, page, address: str, size: str) -> None:
    """The page at ``address`` loaded with the text size ``size`` in the site's cookie."""
    host = urlsplit(address).hostname
    context.add_cookies([{"name": TEXT_SIZE_COOKIE, "value": size, "domain": host, "path": "/"}])
    page.goto(address, wait_until="load")
    assert f"ts-{size}" in page.get_attribute("html", "class"), "the text size is set by the site's cookie"


def problems_at(size: str, path: str, found: dict) -> list[str]:
    problems = []
    if found["split"]:
        problems.append(f"{path}: words split across lines: {found['split']}")
    if found["overflow"] > 0:
        problems.append(f"{path}: scrolls sideways by {found['overflow']}px")
    if size == "md":
        # The header's share: the page's title (its h1) comes first and starts within 160 px; a back
        # link or a section's sub-menu comes after it.
        if found["h1"] is None:
            return [*problems, f"{path}: no h1"]
        if found["h1"] > TITLE_WITHIN_PX or found["h1"] - found["start"] >= 24:
            problems.append(f"{path}: the page starts at {found['start']}px and its title at {found['h1']}px, "
                            f"not first and within {TITLE_WITHIN_PX}px")
    return problems


def test_every_page_fits_at_every_text_size(tab, live_server, layout_paths):
    width, context, page = tab
    sizes = list(TEXT_SIZES)
    problems = {size: [] for size in sizes}
    for number, path in enumerate(layout_paths):
        first = sizes[number % len(sizes)]  # the size the page is loaded with: each in turn
        load(context, page, live_server + path, first)
        for size in [first] + [size for size in sizes if size != first]:
            found = page.evaluate(MEASURE, None if size == first else size)
            problems[size].extend(problems_at(size, path, found))
    assert len(layout_paths) > 20
    assert all(found == [] for found in problems.values()), "\n".join(
        f"at {width}px, text size {size}:\n" + "\n".join(found) for size, found in problems.items() if found)


def test_a_size_set_in_place_measures_what_its_cookie_gives(tab, live_server, layout_paths):
    """On a sample of pages, loaded with each size's cookie in turn: the measures with the size the page was
    loaded with, and those with each other size set in place, are all the same for a size (and the sizes do
    differ): what the test above relies on."""
    width, context, page = tab
    sizes = list(TEXT_SIZES)
    script = ("size => { const found = (" + MEASURE.strip() + ")(size);"
              " return [document.documentElement.scrollHeight, found]; }")
    heights = set()
    for path in layout_paths[:: len(layout_paths) // 4][:4]:
        measured = {size: [] for size in sizes}
        for loaded in sizes:
            load(context, page, live_server + path, loaded)
            for size in [loaded] + [size for size in sizes if size != loaded]:  # as loaded first, then in place
                measured[size].append(page.evaluate(script, None if size == loaded else size))
        for size, found in measured.items():
            assert all(one == found[0] for one in found), (width, path, size, found)
        heights.add(len({found[0][0] for found in measured.values()}))
    assert max(heights) == len(sizes), "the sizes changed nothing on the sampled pages: the check proves nothing"


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_stats_stays_under_4000px_on_a_phone_at_every_text_size(browser, live_server, layout_paths, lang):
    """Headline figures first, as rows; long charts folded; each chart's table folded (issue 18)."""
    host = urlsplit(live_server).hostname
    heights = {}
    for size in TEXT_SIZES:
        context = browser.new_context(viewport={"width": 375, "height": 700}, device_scale_factor=1)
        context.add_cookies([{"name": TEXT_SIZE_COOKIE, "value": size, "domain": host, "path": "/"}])
        page = context.new_page()
        page.goto(f"{live_server}/{lang}/stats", wait_until="load")
        assert f"ts-{size}" in page.get_attribute("html", "class")
        assert page.locator(".stats-section").count() >= 3, "the demo data fills the sections"
        heights[size] = page.evaluate("document.documentElement.scrollHeight")
        context.close()
    assert heights["md"] < heights["lg"] < heights["xl"], heights  # the sizes apply
    assert max(heights.values()) < STATS_MAX_PX, heights


def test_the_check_catches_a_split_word_overflow_and_a_low_title(tab):
    _width, context, _page = tab
    page = context.new_page()
    page.set_content(
        '<!doctype html><html lang="en"><body style="margin:0">'
        '<div style="height:300px"></div><h1>Title</h1>'
        '<button style="width:90px;padding:0;word-break:break-all;font-size:20px">Go Largest</button>'
        '<div style="width:2000px">wide</div></body></html>')
    found = page.evaluate(MEASURE)
    assert found["split"] == ["button: Largest"]
    assert found["overflow"] > 0
    assert found["h1"] >= 300 and found["start"] is None  # (no main here)
    page.close()
