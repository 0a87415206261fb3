"""The site's words where they are shown (issue 18, docs/STYLE.md): numbers with thousands separators on
every page, money as "1억 원" in running text, each form's consent saying what refusing means there,
the donation form asking only what a gift needs, project counts and titles that read naturally, staff
date examples that are ordinary dates, and each page's title first."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from flask import render_template_string
from sqlalchemy import select

from alleyweb.core.numbers import GroupedInt, format_number
from alleyweb.extensions import db, limiter
from alleyweb.giving.models import Pledge, Project
from alleyweb.giving.money import format_money, format_won
from tests.conftest import empty_tables
from tests.giving_helpers import PLEDGE, VOLUNTEER, make_project
from tests.helpers import soup
from tests.staff_helpers import make_staff, sign_in_as

# A run of 4 or more digits with no separator: not part of a longer number written with commas, a
# decimal, a date (2026-12-02, 2026. 12. 2.), a time or a phone number (dashes).
RAW_NUMBER = re.compile(r"(?<![\d,.\-:/])\d{4,}(?![\d,.\-:/])")


def raw_numbers(page) -> list[str]:
    """The 4+ digit numbers written without separators in a page's visible text. Years (1900–2099) are
    written without them; the office's postal address (its postcode) and names people chose ("1004
    김밥", a store's name) are left out."""
    for hidden in page.select("script, style, address, [hidden], .visually-hidden, svg desc, .store-name"):
        hidden.decompose()
    text = page.get_text(" ")
    found = [m.group(0) for m in RAW_NUMBER.finditer(text)]
    return [number for number in found if not (len(number) == 4 and 1900 <= int(number) <= 2099)]


@pytest.fixture(autouse=True)
def fresh_limits(app):
    with app.app_context():
        limiter.reset()


@pytest.fixture(scope="module")
def demo(app):
    """Every feature's demo data (`flask seed demo`): 2,984 stores and counts above a thousand."""
    from alleyweb.core.features import registry

    with app.app_context():
        for seed in registry().seeders:
            seed()
            db.session.commit()
    yield
    empty_tables(app)


# -- numbers --------------------------------------------------------------------------------------

def test_the_number_filter_and_template_messages_write_thousands_separators(app):
    assert format_number(2984, "ko") == "2,984" and format_number(2984, "en") == "2,984"
    assert format_number(1_200_000) == "1,200,000" and format_number(38.5) == "38.5"
    assert format_number(38.0, digits=1) == "38.0" and format_number(None) == "" and format_number(999) == "999"
    assert str(GroupedInt(2984)) == "2,984" and "%d" % GroupedInt(2984) == "2984"  # noqa: UP031 - what %d makes of it and GroupedInt(3) + 1 == 4
    with app.test_request_context("/ko/"):
        html = render_template_string(
            "{% trans count=n %}{{ count }} store{% pluralize %}{{ count }} stores{% endtrans %}|{{ n|number }}|"
            "{% trans year=2026 %}{{ year }}{% endtrans %}|{{ _('Rule %(num)d', num=2) }}", n=2984)
    assert html.split("|") == ["가맹점 2,984곳", "2,984", "2026", "규칙 2"]


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_whole_numbers_are_written_as_babel_writes_them_in_each_language(lang):
    from babel.numbers import format_decimal

    locale = "ko_KR" if lang == "ko" else "en_GB"
    for value in (0, 7, -7, 999, 1000, -1000, 12_345, 1_200_000, -98_765_432, 10**15, GroupedInt(2984)):
        assert format_number(value, lang) == format_decimal(int(value), format="#,##0", locale=locale)
        assert format_number(value, lang, digits=0) == format_decimal(int(value), format="#,##0", locale=locale)
    assert format_number(38, lang, digits=1) == "38.0" and format_number(38.0, lang) == "38"


def test_the_raw_number_check_catches_a_count_without_separators():
    page = BeautifulSoup("<main><p>가맹점 2984곳</p><p>2,984곳 · 2026년 · 2026-12-02 · 062-360-7114 · 38.5일</p>"
                "<address>광주 61928</address><h3 class=\"store-name\">1004 김밥</h3></main>", "html.parser")
    assert raw_numbers(page) == ["2984"]


def test_counts_above_a_thousand_have_separators_on_every_page_that_shows_them(app, demo):
    client = app.test_client()
    pages = ["/{}/", "/{}/stores", "/{}/stores?page=2", "/{}/stats", "/{}/stores/districts", "/{}/dongs/2914057500",
             "/{}/projects", "/{}/donate", "/{}/donate/honors", "/{}/alley-office"]
    thousands = 0
    for lang in ("ko", "en"):
        for path in pages:
            response = client.get(path.format(lang))
            assert response.status_code == 200, path
            page = soup(response)
            thousands += len(re.findall(r"\d{1,3}(?:,\d{3})+", page.get_text(" ")))
            assert raw_numbers(page) == [], path.format(lang)
    assert thousands >= 10  # the pages do show numbers above a thousand (2,984 stores)
    directory = soup(client.get("/ko/stores")).select_one("#results-title").get_text(strip=True)
    assert directory == "가맹점 2,984곳"


# -- money ----------------------------------------------------------------------------------------

def test_money_in_running_text_is_written_in_man_and_eok():
    assert [format_money(n, "ko") for n in (100_000_000, 30_000_000, 50_000_000, 150_000_000, 10_000, 10_000_000_000)] \
        == ["1억 원", "3,000만 원", "5,000만 원", "1억 5,000만 원", "1만 원", "100억 원"]
    assert format_money(1_234_567, "ko") == "1,234,567원" == format_won(1_234_567, "ko")
    assert [format_money(n, "en") for n in (100_000_000, 30_000_000, 3_500_000_000, 1_234_000)] \
        == ["₩100 million", "₩30 million", "₩3.5 billion", "₩1,234,000"]
    assert format_money(None) == ""


def test_the_hall_of_fame_writes_the_tiers_as_the_program_page_does(app, programs):
    client = app.test_client()
    program = client.get("/ko/programs/seogu-honors").get_data(as_text=True)
    honors = soup(client.get("/ko/donate/honors"))
    tiers = [h2.get_text(strip=True) for h2 in honors.select(".hall-tier h2")]
    assert tiers == ["1억 원 이상", "5,000만 원", "3,000만 원"]
    assert all(tier.removesuffix(" 이상") in program for tier in tiers)
    assert "100,000,000원" not in honors.get_text()
    donate = soup(client.get("/ko/donate"))
    assert [li.get_text(strip=True) for li in donate.select(".tier-list li")] == [
        "3,000만 원", "5,000만 원", "1억 원 이상"]
    english = [h2.get_text(strip=True) for h2 in soup(client.get("/en/donate/honors")).select(".hall-tier h2")]
    assert english == ["₩100 million or more", "₩50 million", "₩30 million"]


# -- consent --------------------------------------------------------------------------------------

def refusal(client, path: str):
    """The "right to refuse" of each consent block of a form, in order: personal data, then sensitive data."""
    page = soup(client.get(path))
    found = []
    for name in ("consent", "sensitive_consent"):
        box = page.select_one(f'.consent input[name="{name}"]')
        if box is not None:
            block = box.find_parent(class_="consent")
            found.append(block.select(".consent-terms dd")[-1])  # the last term: the right to refuse
    return found


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_each_form_says_what_refusing_its_consent_means(app, programs, clean_db, lang):
    with app.app_context():
        project_id = make_project(make_staff("consent-officer@seogu.go.kr", "moderator")).id
    client = app.test_client()
    forms = {"suggestion": f"/{lang}/suggestions/new", "store": f"/{lang}/stores/register",
             "pledge": f"/{lang}/donate", "volunteer": f"/{lang}/volunteer",
             "project": f"/{lang}/projects/{project_id}", "program": f"/{lang}/programs/thousand-won-taxi/apply"}
    texts = {}
    for name, path in forms.items():
        found = refusal(client, path)
        assert found, f"{path}: no consent block with a refusal"
        texts[name] = found
    words = {name: found[0].get_text(" ", strip=True) for name, found in texts.items()}
    assert len(set(words.values())) == len(words), words  # each form in its own words
    if lang == "ko":
        assert "건의" in words["suggestion"] and "신청" not in words["suggestion"]
        assert "행정복지센터" not in words["suggestion"] and "행정복지센터" not in words["store"]
        assert "약정" in words["pledge"] and "자원봉사" in words["volunteer"] and "가맹점" not in words["suggestion"]
        assert "행정복지센터" in words["program"]
    else:
        assert "suggestion" in words["suggestion"] and "apply" not in words["suggestion"]
        assert "pledge" in words["pledge"] and "sign-up" in words["volunteer"]
    for name in ("suggestion", "store", "pledge", "volunteer", "project"):
        assert texts[name][0].select_one('a.tel[href="tel:0623607114"]') is not None, name
        assert texts[name][0].select_one('a[href*="dongs"]') is None, name
    assert texts["program"][0].select_one('a[href*="dongs"]') is not None  # apply at the centre: where it is
    assert len(texts["program"]) == 2  # the taxi asks why: a separate consent for health or disability answers
    assert ("비워" if lang == "ko" else "unanswered") in texts["program"][1].get_text()


# -- the donation form ----------------------------------------------------------------------------

def test_the_pledge_form_asks_for_an_amount_and_a_duration_only_for_monthly_gifts(app, clean_db):
    page = soup(app.test_client().get("/ko/donate"))
    amount = page.select_one('input[name="amount_choice"]').find_parent("fieldset")
    assert amount.select_one("legend .required") is not None and amount.select_one("legend .optional") is None
    months = page.select_one("#months").find_parent(class_="monthly-only")
    assert months is not None  # hidden by site.css while "One-time gift" is ticked
    css = (app.static_folder + "/css/site.css")
    with open(css, encoding="utf-8") as handle:
        assert 'form:has(input[name="frequency"][value="once"]:checked) .monthly-only { display: none; }' \
            in handle.read()
    once = soup(app.test_client().post("/ko/donate", data={**PLEDGE, "amount_choice": ""}))
    assert once.select_one('.error-summary a[href="#amount_choice"]') is not None


def test_donations_are_not_an_area_to_give_to_nor_a_volunteer_field(app, clean_db):
    client = app.test_client()
    donate, volunteer = soup(client.get("/ko/donate")), soup(client.get("/ko/volunteer"))
    areas = {i["value"] for i in donate.select('input[name="area"]')}
    assert "donations" not in areas and {"any", "health", "education"} <= areas
    assert "기부" not in [label.get_text(strip=True) for label in donate.select('label[for^="area-"]')]
    fields = {i["value"] for i in volunteer.select('input[name="areas"]')} | {
        o["value"] for o in volunteer.select('select[name="areas"] option')}
    assert "donations" not in fields and {"health", "education"} <= fields
    refused = client.post("/ko/donate", data={**PLEDGE, "area": "donations"})
    assert refused.status_code == 400
    refused = client.post("/ko/volunteer", data={**VOLUNTEER, "areas": ["donations"]})
    assert refused.status_code == 400
    with app.app_context():
        assert db.session.scalar(select(Pledge)) is None


# -- projects -------------------------------------------------------------------------------------

def test_project_counts_read_as_connected_and_wanted(app, clean_db):
    with app.app_context():
        project_id = make_project(make_staff("counts-officer@seogu.go.kr", "moderator")).id
    client = app.test_client()
    listing = soup(client.get("/ko/projects")).select_one(".project-meta").get_text(" ", strip=True)
    assert "봉사자 0명 / 모집 5명" in listing and "도움받는 분 0명 / 정원 10명" in listing and "명 중" not in listing
    detail = soup(client.get(f"/ko/projects/{project_id}")).select_one(".summary-list").get_text(" ", strip=True)
    assert "연결 0명 / 모집 5명" in detail and "연결 0명 / 정원 10명" in detail
    english = soup(client.get("/en/projects")).select_one(".project-meta").get_text(" ", strip=True)
    assert "Helpers: 0 connected, 5 wanted" in english and "People helped: 0 connected, 10 places" in english


@pytest.mark.parametrize("field, title", [
    ("title_ko", "김장 나눔 (마감)"), ("title_ko", "김장 나눔 [마감]"), ("title_en", "Kimchi making (closed)"),
    ("title_en", "Kimchi making (Closed)")])
def test_a_project_title_may_not_say_it_is_closed(app, clean_db, field, title):
    with app.app_context():
        user = make_staff("title-officer@seogu.go.kr", "moderator")
        client = app.test_client()
        sign_in_as(client, user)
    good = {"title_ko": "김장 나눔", "title_en": "Kimchi making", "description_ko": "함께 김장해요.",
            "description_en": "Making kimchi together.", "area": "network", "dong": "", "starts_on": "2026-12-05",
            "ends_on": "", "helpers_needed": "20", "recipients_needed": "50", "project_status": "closed"}
    response = client.post("/ko/staff/projects/new", data={**good, field: title})
    assert response.status_code == 400
    link = soup(response).select_one(f'.error-summary a[href="#{field}"]')
    assert link is not None and "“(마감)”" in link.get_text() and "상태" in link.get_text()
    assert client.post("/ko/staff/projects/new", data=good).status_code == 302  # the status says it instead
    with app.app_context():
        assert db.session.scalar(select(Project.title_ko)) == "김장 나눔"


def test_the_demo_projects_do_not_say_closed_in_their_titles(app, clean_db):
    from alleyweb.giving.demo import PROJECTS

    assert not any("마감" in ko or "closed" in en.lower() for ko, en, *_rest in PROJECTS)


# -- dates ----------------------------------------------------------------------------------------

def test_staff_date_filters_show_an_ordinary_date_and_birth_dates_a_birth_date(app, clean_db, programs):
    with app.app_context():
        user = make_staff("dates-officer@seogu.go.kr", "admin")
        client = app.test_client()
        sign_in_as(client, user)
    for path in ("/ko/staff/submissions", "/ko/staff/audit"):
        page = soup(client.get(path))
        hints = [page.select_one(f"#{name}-hint").get_text(strip=True) for name in ("date_from", "date_to")]
        assert all("2026-12-01" in hint and "1950" not in hint for hint in hints), (path, hints)
    typo = soup(client.get("/ko/staff/submissions?date_from=2026-13-45"))
    error = typo.select_one("#date_from-error-1").get_text(" ", strip=True)
    assert error.endswith("2026-12-01처럼 실제 날짜를 입력해 주세요")
    assert "1950" not in typo.get_text(" ")
    for path in ("/ko/staff/submissions", "/ko/staff/audit"):  # a real calendar date, but no one's: not a 500
        for far in ("9999-12-31", "0001-01-01", "3000-01-01"):
            page = client.get(path, query_string={"date_from": far, "date_to": far})
            assert page.status_code == 200, (path, far)
            errors = [soup(page).select_one(f"#{name}-error-1") for name in ("date_from", "date_to")]
            assert all(e and "2026-12-01" in e.get_text() for e in errors), (path, far)
    birth = soup(app.test_client().get("/ko/programs/thousand-won-taxi/apply")).select_one("#birth_date-hint")
    assert "1950-03-27" in birth.get_text()


# -- titles first ---------------------------------------------------------------------------------

def test_the_title_comes_first_on_giving_program_and_store_pages(app, demo):
    client = app.test_client()
    with app.app_context():
        project_id = db.session.scalar(select(Project.id))
        from alleyweb.stores.models import Store

        store_id = db.session.scalar(select(Store.id).where(Store.visible.is_(True)).limit(1))
    paths = ["/ko/donate", "/ko/volunteer", "/ko/projects", f"/ko/projects/{project_id}", "/ko/donate/honors",
             "/ko/programs", "/ko/programs/seogu-honors", "/ko/stores", f"/ko/stores/{store_id}",
             "/ko/stores/districts", "/ko/stores/register", "/en/donate", "/en/programs/seogu-honors"]
    for path in paths:
        page = soup(client.get(path))
        main = page.select_one("main .inner")
        first = next(tag for tag in main.find_all(True) if tag.get_text(strip=True))
        while first.name != "h1" and first.find(True) is not None and first.find(True).name in ("div", "h1"):
            first = first.find(True)
        assert first.name == "h1", (path, str(first)[:120])


def test_a_retention_period_in_days_has_separators(app):
    from alleyweb.core.retention import RetentionRule

    rule = RetentionRule(key="t", service="s", purpose="p", items_required="i", retention_days=1_826)
    with app.test_request_context("/en/"):
        from flask_babel import force_locale

        with force_locale("en"):
            assert rule.retention_label() == "1,826 days after the request is closed"
        with force_locale("ko"):
            assert rule.retention_label() == "신청 처리가 끝난 후 1,826일"
            assert RetentionRule(key="t", service="s", purpose="p", items_required="i",
                                 retention_days=30).retention_label() == "신청 처리가 끝난 후 30일"
