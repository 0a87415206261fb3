"""Welfare programs through a resident's eyes: at 375 px with JavaScript off, from the list through the
screener to an application, its receipt and the status page, with axe on every page; the Nu checker on every
page of the feature (screener steps, results, form errors, receipt, staff editor and preview)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from alleyweb.extensions import db
from alleyweb.programs.models import Program
from tests.browser.gates import run_axe, save_screenshot, sideways, with_axe
from tests.browser.navigation import click_and_load
from tests.browser.staff_world import programs_world
from tests.browser.test_html_validity import nu_errors
from tests.conftest import empty_tables

ANSWERS = {"age": "65_plus", "lives_in_district": "yes", "disability": "mobility", "multicultural": "no",
           "young_carer": "no", "waste_paper": "no", "marriage": "no"}


def _apply_for_the_taxi(page) -> str:
    """Fill the 1,000-won taxi's application (the page is open), send it, and return the receipt number."""
    page.fill("#name", "김순자")
    page.fill("#birth_date", "1948-05-02")
    page.fill("#phone", "010-9876-5432")
    page.select_option("#dong", "2914057500")
    page.fill("#address", "경열로 33")
    page.fill("#q_destinations", "전남대병원")
    page.check("#q_trips-1")
    page.check("#consent")
    click_and_load(page, "main button[type=submit]")
    return page.text_content(".receipt-number").strip()


@pytest.fixture(scope="module")
def world(app):
    yield programs_world(app, "programs-gate@seogu.go.kr")
    empty_tables(app)


def test_a_resident_checks_applies_and_follows_up_at_375px_without_javascript(browser, live_server, world,
                                                                            screenshots_dir):
    context = browser.new_context(viewport={"width": 375, "height": 812}, java_script_enabled=False, bypass_csp=True)
    problems = []
    page = context.new_page()

    def gate(name):
        page.evaluate("document.documentElement.offsetHeight")
        if len(page.query_selector_all("h1")) != 1:
            problems.append(f"{name}: not one h1")
        if sideways(page) > 0:
            problems.append(f"{name}: scrolls sideways")
        save_screenshot(page, screenshots_dir / f"programs-flow-{name}-375.png")

    def axe(name):
        # axe needs script: the same page, copied into a tab with JavaScript at the site's address (so that its
        # stylesheet and images load as they did: a copy in a blank tab was checked unstyled), is checked too.
        checker.set_content(page.content(), wait_until="load")
        assert checker.evaluate("[...document.styleSheets].reduce((n, s) => n + s.cssRules.length, 0)") > 0, name
        violations = run_axe(checker)
        if violations:
            problems.append(f"{name}: {violations}")

    context_js = with_axe(browser.new_context(viewport={"width": 375, "height": 812}, bypass_csp=True))
    checker = context_js.new_page()
    checker.goto(f"{live_server}/ko/accessibility", wait_until="load")
    try:
        for lang in ("ko", "en"):
            page.goto(f"{live_server}/{lang}/programs", wait_until="load")
            gate(f"{lang}-list")
            click_and_load(page, ".screener-box a")
            gate(f"{lang}-check-intro")
            click_and_load(page, "main button[value=next]")
            step = 0
            while page.query_selector("legend h1"):
                step += 1
                key = page.get_attribute("main input[type=radio]", "name")
                if step == 2:  # Next without an answer: the error summary, then Back keeps the first answer
                    click_and_load(page, "main button[value=next]")
                    assert page.query_selector(".error-summary")
                    gate(f"{lang}-check-missing")
                    axe(f"{lang}-check-missing")
                    click_and_load(page, "main button[value=back]")
                    assert page.is_checked(f"input[name=age][value='{ANSWERS['age']}']")
                    click_and_load(page, "main button[value=next]")
                page.check(f"input[name={key}][value='{ANSWERS[key]}']")
                gate(f"{lang}-check-{key}")
                if step == 1:
                    axe(f"{lang}-check-question")
                click_and_load(page, "main button[value=next]")
            assert step == 7
            gate(f"{lang}-check-results")
            axe(f"{lang}-check-results")
            assert page.query_selector("#maybe-title") and "천원택시" in page.content() if lang == "ko" else True
            click_and_load(page, 'a[href$="/programs/thousand-won-taxi/apply"]')
            gate(f"{lang}-apply")
            axe(f"{lang}-apply")
            click_and_load(page, "main button[type=submit]")
            gate(f"{lang}-apply-errors")
            axe(f"{lang}-apply-errors")
            receipt = _apply_for_the_taxi(page)
            assert re.fullmatch(r"[0-9A-Z]{5}-[0-9A-Z]{5}", receipt)
            gate(f"{lang}-applied")
            axe(f"{lang}-applied")
            click_and_load(page, 'main a[href$="/status"]')
            page.fill("#receipt_no", receipt)
            page.fill("#phone_last4", "5432")
            click_and_load(page, "main button[type=submit]")
            assert page.query_selector(".progress-steps [aria-current=step]")
            gate(f"{lang}-status")
            axe(f"{lang}-status")
            for slug in ("thousand-won-taxi", "seogu-honors", "young-family-caregivers"):
                page.goto(f"{live_server}/{lang}/programs/{slug}", wait_until="load")
                gate(f"{lang}-{slug}")
                axe(f"{lang}-{slug}")
    finally:
        context.close()
        context_js.close()
    assert problems == []


@pytest.mark.parametrize("width", [375, 1280])
def test_staff_program_pages_pass_axe(browser, live_server, world, screenshots_dir, width):
    context = with_axe(browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True))
    context.add_cookies([{"name": "alleyweb_session", "value": world["cookie"], "url": live_server}])
    page = context.new_page()
    failures = []
    try:
        for lang in ("ko", "en"):
            for path in ("/staff/programs", f"/staff/programs/{world['taxi_id']}", "/staff/programs/new"):
                page.goto(f"{live_server}/{lang}{path}", wait_until="load")
                if run_axe(page) or sideways(page) > 0 or len(page.query_selector_all("h1")) != 1:
                    failures.append((path, lang, run_axe(page), sideways(page)))
                save_screenshot(page, screenshots_dir / f"staff-{lang}-programs-{path.count('/')}-{width}.png")
            page.goto(f"{live_server}/{lang}/staff/programs/{world['taxi_id']}", wait_until="load")
            click_and_load(page, "main button[value=preview]")
            page.wait_for_selector(".preview")
            if run_axe(page) or sideways(page) > 0:
                failures.append(("preview", lang, run_axe(page), sideways(page)))
            save_screenshot(page, screenshots_dir / f"staff-{lang}-program-preview-{width}.png")
    finally:
        context.close()
    assert failures == []


def test_every_programs_page_is_valid_html(app, world, vnu_jar, tmp_path):
    client = app.test_client()
    staff = app.test_client()
    staff.set_cookie("alleyweb_session", world["cookie"])
    documents = {}
    for lang in ("ko", "en"):
        for path in ["/programs", "/programs?q=없는말", "/programs/check", "/programs/seogu-honors/apply"] + [
                f"/programs/{slug}" for slug in ("thousand-won-taxi", "multicultural-family-visits",
                                                 "waste-paper-collectors-rest-allowance", "joint-weddings",
                                                 "young-family-caregivers", "seogu-honors")] + [
                f"/programs/{slug}/apply" for slug in ("thousand-won-taxi", "joint-weddings",
                                                       "young-family-caregivers")]:
            documents[f"{lang}{path}"] = client.get(f"/{lang}{path}")
        check = f"/{lang}/programs/check"
        documents[f"{lang}-step1"] = client.post(check, data={"step": "0", "go": "next"})
        documents[f"{lang}-missing"] = client.post(check, data={"step": "1", "go": "next"})
        documents[f"{lang}-results"] = client.post(check, data={"step": "7", "go": "next", **ANSWERS})
        documents[f"{lang}-no-results"] = client.post(check, data={"step": "7", "go": "next", **ANSWERS,
                                                                   "age": "35_to_64", "disability": "no"})
        apply = f"/{lang}/programs/young-family-caregivers/apply"
        child = date.today().replace(year=date.today().year - 10).isoformat()
        documents[f"{lang}-apply-errors"] = client.post(apply, data={"birth_date": child, "q_family_condition": "x"})
        documents[f"{lang}-applied"] = client.post(apply, data={
            "name": "김하늘", "birth_date": child, "phone": "010-1111-2222", "dong": "2914057500",
            "address": "경열로 3",
            "q_cared_for": "parent", "q_care_hours": "over_20", "consent": "y", "guardian_name": "김영희",
            "guardian_relation": "parent", "guardian_phone": "010-3333-4444", "guardian_consent": "y"})
        documents[f"{lang}-staff-list"] = staff.get(f"/{lang}/staff/programs")
        documents[f"{lang}-staff-edit"] = staff.get(f"/{lang}/staff/programs/{world['taxi_id']}")
        documents[f"{lang}-staff-new"] = staff.get(f"/{lang}/staff/programs/new")
    with app.app_context():
        taxi = db.session.get(Program, world["taxi_id"])
        from tests.test_programs_staff import form_data

        data = form_data(taxi, action="preview")
    documents["staff-preview"] = staff.post(f"/ko/staff/programs/{world['taxi_id']}", data=data)
    documents["staff-errors"] = staff.post(f"/en/staff/programs/{world['taxi_id']}", data={**data, "rules": "[{"})
    names = {}
    for n, (name, response) in enumerate(documents.items()):
        assert response.status_code in (200, 400), name
        file = f"doc{n}.html"
        (tmp_path / file).write_bytes(response.data)
        names[file] = name
    assert nu_errors(vnu_jar, tmp_path, names) == []


@pytest.mark.parametrize("width", [375, 1280])
def test_program_pages_receipt_and_status_pass_axe_in_both_languages(browser, live_server, world, screenshots_dir,
                                                                     width):
    """Every program's facts page, then an application's receipt and its status page (with JavaScript, so the
    receipt's copy and print buttons show), at a phone's and a desktop's width."""
    from alleyweb.extensions import limiter

    limiter.reset()  # the other gates of this module sent forms too
    context = with_axe(browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True))
    page = context.new_page()
    failures = []

    def check(name):
        violations, overflow = run_axe(page), sideways(page)
        if violations or overflow > 0 or len(page.query_selector_all("h1")) != 1:
            failures.append((name, violations, overflow))
        save_screenshot(page, screenshots_dir / f"programs-facts-{name}-{width}.png")

    try:
        for lang in ("ko", "en"):
            for slug in ("thousand-won-taxi", "multicultural-family-visits", "waste-paper-collectors-rest-allowance",
                         "joint-weddings", "young-family-caregivers", "seogu-honors"):
                page.goto(f"{live_server}/{lang}/programs/{slug}", wait_until="load")
                check(f"{lang}-{slug}")
            page.goto(f"{live_server}/{lang}/programs/thousand-won-taxi/apply", wait_until="load")
            receipt = _apply_for_the_taxi(page)
            assert page.is_visible("button[data-print]")
            check(f"{lang}-receipt")
            page.goto(f"{live_server}/{lang}/status", wait_until="load")
            page.fill("#receipt_no", receipt)
            page.fill("#phone_last4", "5432")
            click_and_load(page, "main button[type=submit]")
            page.wait_for_selector(".status-result")
            check(f"{lang}-status")
    finally:
        context.close()
    assert failures == []
