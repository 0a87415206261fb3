"""The program list, each program's page in both languages, and the screener walked through the forms."""

from __future__ import annotations

import random

from sqlalchemy import func, select

from alleyweb.extensions import db
from alleyweb.programs.content import PROGRAMS
from alleyweb.programs.models import Program
from alleyweb.programs.rules import questions_for
from alleyweb.programs.services import screenable_programs
from alleyweb.submissions.models import Submission
from tests.helpers import soup
from tests.programs_helpers import answer_space, expected
from tests.test_pages import assert_security_headers

SLUGS = [d["slug"] for d in PROGRAMS]


def test_the_list_filters_by_category_and_searches_both_languages(client, programs):
    page = soup(client.get("/ko/programs"))
    names = [a.get_text(strip=True) for a in page.select(".program-name a")]
    assert names[0] == "천원택시" and len(names) == len(PROGRAMS)
    assert page.select_one('.screener-box a[href="/ko/programs/check"]')
    youth = soup(client.get("/en/programs", query_string={"category": "youth"}))
    assert [a.get_text(strip=True) for a in youth.select(".program-name a")] == ["Support for young family caregivers"]
    assert youth.select_one("#category option[selected]")["value"] == "youth"
    for q in ("택시", "TAXI", "taxi 천원"):
        found = soup(client.get("/en/programs", query_string={"q": q}))
        assert [a["href"] for a in found.select(".program-name a")] == ["/en/programs/thousand-won-taxi"], q
    empty = soup(client.get("/ko/programs", query_string={"q": "%_"}))
    assert empty.select_one(".empty-state") and not empty.select(".program-card")
    assert client.get("/ko/programs?category=nope&q=" + "가" * 50).status_code == 200  # ignored, not an error


def test_every_seeded_program_renders_in_both_languages(client, programs):
    for slug in SLUGS:
        for lang in ("ko", "en"):
            response = client.get(f"/{lang}/programs/{slug}")
            assert response.status_code == 200, (slug, lang)
            assert_security_headers(response)
            page = soup(response)
            data = next(d for d in PROGRAMS if d["slug"] == slug)
            assert page.html["lang"] == lang and len(page.find_all("h1")) == 1
            assert page.h1.get_text(strip=True) == data[f"title_{lang}"]
            assert page.select_one("#fact-eligibility") and page.select_one("#fact-apply")
            assert page.select_one(".fact-department a.tel[href='tel:0623607114']")
            assert "2026-11-21" in page.select_one(".fact-confirmed").get_text()
            cta = page.select_one(".program-cta a.btn-primary")
            if slug == "seogu-honors":
                assert cta["href"] == "#fact-apply"
            else:
                assert cta["href"] == f"/{lang}/programs/{slug}/apply"
    english = soup(client.get("/en/programs/thousand-won-taxi")).get_text()
    # Seo-gu's own terms are not published: "to be confirmed", never a nearby district's (₩25,000 a ride).
    assert "₩1,000" in english and "To be confirmed" in english and "₩25,000" not in english
    honors = soup(client.get("/ko/programs/seogu-honors")).get_text()
    assert "103명" in honors and "35억" in honors and "1억 원 이상" in honors
    assert client.get("/ko/programs/no-such-program").status_code == 404


def test_closed_and_coming_programs_say_so_and_take_no_applications(client, programs, app):
    with app.app_context():
        taxi = db.session.scalar(select(Program).where(Program.slug == "thousand-won-taxi"))
        taxi.status = "closed"
        db.session.commit()
    page = soup(client.get("/ko/programs/thousand-won-taxi"))
    assert page.select_one(".program-cta a")["href"] == "#fact-apply"
    assert page.select_one(".tag-status-closed")
    form = client.get("/ko/programs/thousand-won-taxi/apply")
    assert form.status_code == 200 and not soup(form).select("form[method=post] input[name=name]")
    assert "/ko/programs/thousand-won-taxi/apply" not in client.get("/sitemap.xml").get_data(as_text=True)


def test_program_pages_are_in_the_sitemap(client, programs):
    xml = client.get("/sitemap.xml").get_data(as_text=True)
    for slug in SLUGS:
        assert f"/ko/programs/{slug}" in xml and f"/en/programs/{slug}" in xml
    assert "/ko/programs/thousand-won-taxi/apply" in xml and "/ko/programs/seogu-honors/apply" not in xml
    assert "/en/programs/check" in xml


def post_step(client, lang="ko", **data):
    return client.post(f"/{lang}/programs/check", data=data)


def test_the_screener_goes_one_question_at_a_time_and_back_keeps_answers(client, programs):
    intro = soup(client.get("/ko/programs/check"))
    assert "저장하지 않습니다" in intro.get_text() or "저장되지 않습니다" in intro.get_text()
    first = soup(post_step(client, step="0", go="next"))
    assert first.h1.get_text(strip=True) == "나이가 어떻게 되세요?" or first.select_one("legend h1")
    assert len(first.select("input[type=radio]")) == 5
    # Nothing chosen: the same question again, with an error summary, status 400.
    missing = post_step(client, step="1", go="next")
    assert missing.status_code == 400
    page = soup(missing)
    assert page.select_one(".error-summary a")["href"] == "#answer-age-0"
    assert page.title.get_text().startswith("오류:")
    second = soup(post_step(client, step="1", go="next", age="65_plus"))
    assert second.select_one('input[type=hidden][name=age]')["value"] == "65_plus"
    assert second.select("input[type=radio][name=lives_in_district]")
    # Back from question 2, with question 2 answered: question 1 shows the chosen answer, and 2's is kept.
    back = soup(post_step(client, step="2", go="back", age="65_plus", lives_in_district="yes"))
    assert back.select_one("input[name=age][value='65_plus']").has_attr("checked")
    assert back.select_one('input[type=hidden][name=lives_in_district]')["value"] == "yes"
    # Made-up values are dropped, not stored or shown.
    odd = soup(post_step(client, step="2", go="next", age="<b>120</b>", lives_in_district="yes"))
    assert odd.select_one("input[name=age]") is None or not odd.select('input[type=hidden][name=age]')


def test_results_list_likely_and_maybe_with_reasons_and_apply_links(client, programs):
    answers = {"age": "65_plus", "lives_in_district": "yes", "disability": "registered", "multicultural": "no",
               "young_carer": "no", "waste_paper": "yes", "marriage": "no"}
    response = post_step(client, "en", step="7", go="next", **answers)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    page = soup(response)
    likely = page.select_one("#likely-title").find_next("ul")
    assert [a.get_text(strip=True) for a in likely.select(".program-name a")] == [
        "Rest allowance for older waste-paper collectors"]
    assert "because you are 65 or older and collect waste paper in Seo-gu" in likely.get_text()
    assert likely.select_one('a[href="/en/programs/waste-paper-collectors-rest-allowance/apply"]')
    maybe = page.select_one("#maybe-title").find_next("ul")
    assert "Thousand-Won Taxi" in maybe.get_text() and len(maybe.select(".reasons li")) == 2
    # Change an answer from the summary: back on that question, with every answer kept.
    change = soup(post_step(client, "en", step="8", go="q-6", **answers))
    assert change.select_one("input[name=waste_paper][value='yes']").has_attr("checked")
    assert len(change.select("input[type=hidden]")) >= 7
    with client.application.app_context():
        assert db.session.scalar(select(func.count()).select_from(Submission)) == 0


def test_results_through_the_pages_match_the_stated_policy(app, client, programs):
    """A sample of the answer space through the real pages (the whole space is checked in test_programs_rules)."""
    with app.app_context():
        questions = questions_for(screenable_programs())
    space = list(answer_space(questions))
    for answers in random.Random(5).sample(space, 40) + [space[0], space[-1]]:
        page = soup(post_step(client, "ko", step=str(len(questions)), go="next", **answers))
        got = {}
        for outcome in ("likely", "maybe"):
            title = page.select_one(f"#{outcome}-title")
            if title:
                for a in title.find_next("ul").select(".program-name a"):
                    got[a["href"].rsplit("/", 1)[-1]] = outcome
        want = {slug: e[0] for slug in SLUGS if (e := expected(slug, answers))}
        assert got == want, answers
        if not want:
            assert page.select_one(".empty-state a.tel")


def test_the_screener_needs_a_csrf_token_but_keeps_answers_when_it_expired(app, programs):
    from alleyweb import create_app
    from alleyweb.config import TestingConfig

    checked = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
                         WTF_CSRF_ENABLED=True)
    response = checked.test_client().post("/ko/programs/check", data={"step": "2", "go": "next", "age": "65_plus",
                                                                     "lives_in_district": "yes"})
    assert response.status_code == 400
    page = soup(response)
    assert page.select_one("input[name=lives_in_district][value='yes']").has_attr("checked")
    assert page.select_one('input[type=hidden][name=age]')["value"] == "65_plus"
