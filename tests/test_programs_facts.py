"""Program facts as structure: every seeded program's page shows each fact, or "to be confirmed" with the
number to call, under its own heading; nothing is borrowed from a neighbouring district; staff fill the facts
in, and the staff list shows what is still missing and how old the confirmation is."""

from __future__ import annotations

from datetime import timedelta

from flask_babel import force_locale
from sqlalchemy import select

from alleyweb.core.dates import seoul_today
from alleyweb.extensions import db
from alleyweb.programs import facts
from alleyweb.programs.content import PROGRAMS
from alleyweb.programs.models import Program
from tests.helpers import soup
from tests.test_programs_staff import signed_in

SLUGS = [d["slug"] for d in PROGRAMS]
HEADINGS = {"ko": ["누가 받을 수 있나요", "지원 내용", "신청 방법", "구비 서류", "처리 기간", "담당 부서",
                   "마지막 확인"],
            "en": ["Who can get it", "What you get", "How to apply", "Documents needed", "How long a decision takes",
                   "Responsible department", "Last confirmed"]}
TBC = {"ko": "확인 중", "en": "To be confirmed"}


def _program(slug: str) -> Program:
    return db.session.scalar(select(Program).where(Program.slug == slug))


def test_every_fact_heading_shows_the_fact_or_to_be_confirmed_with_the_phone(app, client, programs):
    for slug in SLUGS:
        for lang in ("ko", "en"):
            page = soup(client.get(f"/{lang}/programs/{slug}"))
            headings = [h.get_text(strip=True) for h in page.select("main h2")]
            wanted = HEADINGS[lang][:2] + (["이용 방법" if lang == "ko" else "How to use it"]
                                          if slug == "thousand-won-taxi" else []) + HEADINGS[lang][2:]
            assert headings[:len(wanted)] == wanted, (slug, lang, headings)
            for section in page.select("main section.program-section"):
                heading = section.find(["h2"]).get_text(strip=True)
                values = section.select(".fact-value") or [section.find("p")]
                assert values, (slug, heading)
                for value in values:
                    text = value.get_text(" ", strip=True)
                    assert text, (slug, lang, heading)
                    if TBC[lang] in text:
                        assert value.select_one('a[href^="tel:"]')["href"] == "tel:0623607114", (slug, heading)
            body = page.select_one("main").get_text(" ")
            assert "인근 자치구" not in body and "nearby district" not in body  # not Seo-gu's rules


def test_the_taxi_page_says_how_to_use_it_and_what_the_rider_pays(app, client, programs):
    page = soup(client.get("/en/programs/thousand-won-taxi"))
    use = page.select_one("section.fact-use")
    labels = [h.get_text(strip=True) for h in use.select("h3")]
    assert labels == ["Steps", "How to call a taxi", "Hours", "Where you can ride", "Rides per month",
                      "What the rider pays"]
    values = [v.get_text(" ", strip=True) for v in use.select(".fact-value")]
    assert values[-1] == "₩1,000 a ride (the district pays the rest of the fare)"
    assert all(v.startswith("To be confirmed") for v in values[:-1])
    assert "25,000" not in page.get_text() and "65" not in page.select_one("section.fact-eligibility").get_text()


def test_staff_entered_facts_show_and_a_department_phone_replaces_the_switchboard(app, client, programs):
    with app.app_context():
        taxi = _program("thousand-won-taxi")
        taxi.facts = {**taxi.facts, "hours": {"ko": "평일 9시~18시", "en": "Weekdays 9:00 to 18:00"},
                      "nearby": {"ko": "65세 이상", "en": "Residents aged 65 or over"}, "source_kind": "notice",
                      "source": {"ko": "2026년 공고", "en": "Notice of 2026"}}
        taxi.audience_ko, taxi.audience_en = "서구 주민\n65세 이상", "Seo-gu residents\nAged 65 or over"
        taxi.contact_office_ko, taxi.contact_office_en, taxi.contact_phone = "교통과", "Transport team", "062-360-0000"
        db.session.commit()
    page = soup(client.get("/en/programs/thousand-won-taxi"))
    assert [li.get_text() for li in page.select("section.fact-eligibility .fact-list li")] == [
        "Seo-gu residents", "Aged 65 or over"]
    assert "Not Seo-gu's rules" in page.select_one(".fact-nearby").get_text()
    use = page.select_one("section.fact-use").get_text(" ", strip=True)
    assert "Weekdays 9:00 to 18:00" in use and "tel:0623600000" in str(page.select_one("section.fact-use"))
    assert "Transport team" in page.select_one("section.fact-department").get_text()
    assert "Public notice, Notice of 2026" in page.select_one("section.fact-confirmed").get_text()
    with app.app_context():
        assert facts.gaps(_program("thousand-won-taxi"))[:1] == [facts.BY_KEY["amount"].label]


def test_the_staff_list_shows_missing_facts_and_flags_old_confirmations(app, client, programs):
    with app.app_context():
        honors = _program("seogu-honors")
        honors.last_checked = seoul_today() - timedelta(days=400)
        db.session.commit()
    client, _id = signed_in(app, "admin", "facts-admin@example.org")
    page = soup(client.get("/en/staff/programs"))
    rows = {row.th.get_text(strip=True): row for row in page.select("tbody tr")}
    taxi = rows["Thousand-Won Taxi"].get_text(" ", strip=True)
    assert "Who can get it" in taxi and "Hours" in taxi and "What the rider pays" not in taxi
    assert "Department's direct phone" in taxi
    honors_row = rows["Seo-gu Honors (major giving)"]
    assert honors_row.select_one(".tag-stale") and "400" in honors_row.get_text()
    assert not rows["Thousand-Won Taxi"].select_one(".tag-stale")
    assert "Amount" not in honors_row.get_text()  # a donor's circle pays nothing out


def test_staff_fill_in_a_fact_and_it_leaves_the_gaps(app, client, programs):
    with app.app_context():
        taxi_id = _program("thousand-won-taxi").id
    client, _id = signed_in(app, "admin", "facts-editor@example.org")
    form = soup(client.get(f"/ko/staff/programs/{taxi_id}")).select_one("main form")
    data = {}
    for field in form.select("input, textarea, select"):
        name = field.get("name")
        if not name or field.get("type") in ("submit",):
            continue
        if field.name == "textarea":
            data[name] = field.get_text().removeprefix("\r\n").removeprefix("\n")  # as browsers read it
        elif field.name == "select":
            chosen = field.select_one("option[selected]")
            data[name] = chosen["value"] if chosen else ""
        elif field.get("type") in ("radio", "checkbox"):
            if field.has_attr("checked"):
                data[name] = field.get("value", "y")
        else:
            data[name] = field.get("value", "")
    assert data["fact_rider_pays_ko"] == "1회 1,000원 (나머지 요금은 구청이 냅니다)"
    data.update(fact_hours_ko="평일 9시~18시", fact_hours_en="Weekdays 9:00 to 18:00", source_kind="department",
                action="save")
    assert client.post(f"/ko/staff/programs/{taxi_id}", data=data).status_code == 302
    with app.app_context(), force_locale("en"):
        taxi = _program("thousand-won-taxi")
        assert taxi.facts["hours"] == {"ko": "평일 9시~18시", "en": "Weekdays 9:00 to 18:00"}
        assert taxi.facts["source_kind"] == "department" and taxi.facts["rider_pays"]["en"].startswith("₩1,000")
        missing = [str(label) for label in facts.gaps(taxi)]
        assert "Hours" not in missing and "Kind of source" not in missing and "Rides per month" in missing
