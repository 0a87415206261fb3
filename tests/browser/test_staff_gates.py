"""The staff pages, signed in, pass the same gates as public pages: axe at 375 and 1280 px, the Nu
checker, one h1, no sideways scrolling."""

from __future__ import annotations

import pytest

from tests.browser.gates import WIDTHS, axe_page, html_errors, problems, run_axe, save_screenshot, slug
from tests.browser.navigation import click_and_load
from tests.browser.staff_world import build
from tests.conftest import empty_tables


@pytest.fixture(scope="module")
def world(app):
    with app.app_context():
        built = build(app)
    yield built
    empty_tables(app)


def _project_path(world) -> str:
    return "/ko" + next(path for path, _who in world.pages if path.startswith("/projects/"))


# What sticks out furthest to the right, to name in a failure.
WIDEST = """() => {
  let worst = null, right = document.documentElement.clientWidth;
  for (const e of document.querySelectorAll("body *")) {
    const r = e.getBoundingClientRect().right;
    if (r > right && !(e.parentElement && e.parentElement.closest(".table-wrap"))) { right = r; worst = e; }
  }
  return worst ? worst.tagName.toLowerCase() + "." + [...worst.classList].join(".") + " " +
    (worst.textContent || "").trim().slice(0, 40) : "";
}"""


def _staff_pages_pass_axe_and_fit(browser, live_server, world, screenshots_dir, size: str) -> None:
    failures = []
    for visitor in ("anonymous", "admin", "pending", "setup"):
        cookie = world.cookies[visitor] if visitor != "anonymous" else None
        with axe_page(browser, size, live_server, cookie) as page:
            for path, who in world.pages:
                if who != visitor:
                    continue
                for lang in ("ko", "en"):
                    url = f"{live_server}/{lang}{path}"
                    response = page.goto(url, wait_until="load")
                    if response.status != 200:
                        failures.append(f"{url}: status {response.status}")
                        continue
                    found = problems(page, f"{url} at {size}", one_h1=True)
                    if any("scrolls sideways" in problem for problem in found):
                        found.append(f"{url} at {size}: widest: {page.evaluate(WIDEST)}")
                    failures += found
                    save_screenshot(page, screenshots_dir / f"staff-{lang}-{slug(path)}-{size}.png")
    assert failures == []


# One class a width: xdist (`make test`, --dist loadscope) hands classes out apart, so the suite's two processes can
# check the two widths at once (together they were the suite's longest test, 480 page visits).
class TestStaffPagesAt375:
    def test_staff_pages_pass_axe_and_fit(self, browser, live_server, world, screenshots_dir):
        _staff_pages_pass_axe_and_fit(browser, live_server, world, screenshots_dir, "mobile")


class TestStaffPagesAt1280:
    def test_staff_pages_pass_axe_and_fit(self, browser, live_server, world, screenshots_dir):
        _staff_pages_pass_axe_and_fit(browser, live_server, world, screenshots_dir, "desktop")


def test_form_error_states_pass_axe(browser, live_server, world, screenshots_dir):
    """The merchant request form sent empty: the error summary and inline errors pass axe too."""
    for size in WIDTHS:
        with axe_page(browser, size) as page:
            for path in ("/ko/stores/register", "/ko/donate", "/en/volunteer"):
                page.goto(f"{live_server}{path}", wait_until="load")
                click_and_load(page, "main form[method=post] button[type=submit]")
                page.wait_for_selector(".error-summary")
                assert run_axe(page) == [], (path, size)
                save_screenshot(page, screenshots_dir / f"{slug(path)}-errors-{size}.png")


def _signed_in_post(app, world, path: str, data: dict):
    """A staff form sent with errors, as the admin (the page shown again with its error summary)."""
    client = app.test_client()
    client.set_cookie("alleyweb_session", world.cookies["admin"])
    response = client.post(path, data=data)  # the test configuration has no CSRF tokens
    assert response.status_code == 400, path
    return response


def test_staff_pages_are_valid_html(app, world, vnu_jar, tmp_path):
    documents = {}
    for path, visitor in world.pages:
        for lang in ("ko", "en"):
            client = app.test_client()
            if visitor != "anonymous":
                client.set_cookie("alleyweb_session", world.cookies[visitor])
            response = client.get(f"/{lang}{path}")
            assert response.status_code == 200, (path, visitor)
            documents[f"{lang}-{slug(path)}.html"] = response
    documents.update({
        "register-errors.html": app.test_client().post("/ko/stores/register", data={"store_name": "x"}),
        "register-received.html": app.test_client().post("/en/stores/register", data={
            "kind": "new", "store_name": "새 가게", "dong": "2914057500", "address": "경열로 2",
            "business_number": "123-45-67891", "applicant_name": "홍길동", "applicant_phone": "010-1234-5678",
            "consent": "y", "accepts_paper": "y"}),
        "donate-errors.html": app.test_client().post("/ko/donate", data={"amount_choice": "other",
                                                                         "amount_other": "-5", "hall_of_fame": "y"}),
        "donate-honors.html": app.test_client().post("/en/donate", data={
            "donor_type": "individual", "frequency": "once", "amount_choice": "100000000", "area": "any",
            "name": "홍길동", "phone": "010-1234-5678", "dong": "2914057500", "consent": "y"}),
        "volunteer-errors.html": app.test_client().post("/ko/volunteer", data={"birth_date": "2015-01-01"}),
        "volunteer-received.html": app.test_client().post("/en/volunteer", data={
            "name": "Jane", "phone": "010-1234-5678", "birth_date": "1990-01-01", "areas": ["health"],
            "availability": ["weekday_morning"], "consent": "y"}),
        "application-errors.html": app.test_client().post(_project_path(world), data={"kind": "x"}),
        "processing-time-errors.html": _signed_in_post(app, world, "/ko/staff/processing-times/pledge", {
            "days": "９" * 50, "text_ko": "약 2주", "phone": "12"}),
    })
    assert html_errors(vnu_jar, tmp_path, documents, statuses=None) == []
