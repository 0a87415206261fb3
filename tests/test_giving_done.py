"""Issue 6, done when: a resident pledges, a volunteer signs up and a person asks for help; an officer
confirms, connects and completes them in the console; the stats page shows the resulting figures. A known
data set is built through the forms and the console, and every figure is checked."""

from __future__ import annotations

import pytest
from freezegun import freeze_time

from alleyweb.extensions import limiter
from tests.giving_helpers import (
    APPLICATION,
    PLEDGE,
    VOLUNTEER,
    application_of,
    make_project,
    pledge_of,
    receipt_of,
    status_page,
    submission,
    volunteer_of,
)
from tests.helpers import soup
from tests.staff_helpers import make_staff, sign_in_as

NOW = "2026-11-20 01:00:00"  # 10:00 in Seoul


@pytest.fixture()
def world(app, clean_db):
    with app.app_context():
        limiter.reset()  # the public forms allow 10 posts an hour from one address
    """Projects: two in health (one closed), one in education. Seven applications, one volunteer, five pledges."""
    with app.app_context(), freeze_time(NOW):
        officer = make_staff("giving-officer@seogu.go.kr", "moderator")
        officer_client = app.test_client()
        sign_in_as(officer_client, officer)
        meals = make_project(officer, "반찬 나눔", "health")
        tutoring = make_project(officer, "방과후 공부방", "education", title_en="After-school study")
        make_project(officer, "무료 건강검진", "health", status="closed", title_en="Free check-ups")
        ids = {"meals": meals.id, "tutoring": tutoring.id}
    public = app.test_client()
    receipts = {}

    def apply(key, project, when=NOW, **changes):
        with freeze_time(when):
            receipts[key] = receipt_of(public.post(f"/ko/projects/{ids[project]}", data={**APPLICATION, **changes}))

    # Health: a request for oneself, an offer, a request for a neighbour.
    apply("ask", "meals")
    apply("offer", "meals", kind="offer", message="토요일마다 반찬을 만들 수 있어요.", name="최나눔",
          phone="010-5555-6666")
    apply("neighbour", "meals", for_whom="neighbour", neighbour_name="김옆집", neighbour_consent="y",
          phone="010-7777-8888")
    # Education: an offer (made on 31 October in UTC, 1 November in Seoul), a request in October, another offer.
    apply("tutor", "tutoring", when="2026-10-31 16:00:00", kind="offer", message="수학을 가르칠 수 있어요.")
    apply("pupil", "tutoring", when="2026-10-15 03:00:00", message="아이 공부를 봐 주세요.")
    apply("late", "tutoring", kind="offer", message="영어 회화", phone="010-9999-0000")
    with freeze_time(NOW):
        receipts["volunteer"] = receipt_of(public.post("/ko/volunteer", data=VOLUNTEER))
        receipts["pending_volunteer"] = receipt_of(public.post("/en/volunteer", data={
            **VOLUNTEER, "name": "Jane Doe", "phone": "010-1212-3434"}))
        for key, data in {
            "small": PLEDGE,
            "business": {**PLEDGE, "donor_type": "business", "business_name": "서구상사", "frequency": "monthly",
                         "months": "12", "amount_choice": "other", "amount_other": "3,000,000원", "area": "education",
                         "hall_of_fame": "y", "display_name": "서구상사", "phone": "010-4444-1111"},
            "honors": {**PLEDGE, "amount_choice": "other", "amount_other": "1억", "area": "any", "hall_of_fame": "y",
                       "display_name": "김나눔", "phone": "010-4444-2222"},
            "unconfirmed": {**PLEDGE, "amount_choice": "50000000", "hall_of_fame": "y", "display_name": "박미확인",
                            "phone": "010-4444-3333"},
            "withdrawn": {**PLEDGE, "amount_choice": "other", "amount_other": "₩5,000,000", "phone": "010-4444-4444"},
        }.items():
            receipts[key] = receipt_of(public.post("/ko/donate", data=data))
    with app.app_context():
        rows = {key: submission(receipt) for key, receipt in receipts.items()}
        pledges = {key: pledge_of(receipts[key]).id for key in ("small", "business", "honors", "withdrawn")}
        applications = {key: application_of(receipts[key]).id
                        for key in ("ask", "offer", "neighbour", "tutor", "pupil", "late")}
        world = {"receipts": receipts, "ids": ids, "client": officer_client, "public": public,
                 "submissions": {key: row.id for key, row in rows.items()}, "pledges": pledges,
                 "applications": applications, "volunteer": volunteer_of(receipts["volunteer"]).id}
    return world


def _officer_works_through_the_console(world):
    """What the officer does, all through the console's forms."""
    client, s, p, a = world["client"], world["submissions"], world["pledges"], world["applications"]

    def post(url, **data):
        response = client.post(f"/ko/staff{url}", data=data, follow_redirects=True)
        assert response.status_code == 200, (url, response.status_code)
        page = soup(response)
        assert not page.select(".notice-error"), (url, [n.get_text() for n in page.select(".notice-error")])
        assert page.select(".notices .notice"), url  # the officer is told what happened
        return response

    with freeze_time(NOW):
        # Pledges: confirm; pay the small one in two instalments, then recognise; pay part of the Honors one.
        for key in ("small", "business", "honors"):
            post(f"/pledges/{p[key]}/confirm", note="통화로 약정을 확인했습니다.")
        post(f"/pledges/{p['small']}/payments", amount="400,000", paid_on="2026-11-19")
        post(f"/pledges/{p['small']}/payments", amount="600000원", paid_on="2026-11-20")
        post(f"/pledges/{p['small']}/recognise", note="감사패를 드렸습니다.")
        post(f"/pledges/{p['honors']}/payments", amount="3천만원", paid_on="2026-11-20")
        post(f"/pledges/{p['withdrawn']}/withdraw", note="기부자가 약정을 취소했습니다.")
        # The volunteer: approved in the console, then connected to the study room, which is completed.
        post(f"/submissions/{s['volunteer']}", decision="approve", reason="")
        post(f"/volunteers/{world['volunteer']}/connect", project=str(world["ids"]["tutoring"]), note="")
        # Health: the request is connected with the offer, then completed; the neighbour's request is declined.
        post(f"/applications/{a['ask']}/connect", partner=str(a["offer"]), note="최나눔 님이 도와드립니다.")
        post(f"/applications/{a['ask']}/complete", note="")
        post(f"/applications/{a['neighbour']}/decline", note="이 사업의 대상 지역이 아닙니다.")
        # Education: the tutor is connected; the October request stays applied.
        post(f"/applications/{a['tutor']}/connect", partner="", note="")
        # The volunteer's own page lists the connection, with the button that completes it.
        page = soup(client.get(f"/ko/staff/submissions/{s['volunteer']}"))
        connection = page.select_one(".connections li")
        assert "방과후 공부방" in connection.get_text() and "연결" in connection.get_text()
        assert client.post(connection.select_one("form")["action"], data={"note": ""}).status_code == 302


def test_pledge_volunteer_and_request_through_the_console_reach_the_figures(app, world):
    _officer_works_through_the_console(world)
    public, r = world["public"], world["receipts"]

    # Every step reached the status pages.
    pledge = status_page(public, r["small"], "5678")
    assert pledge.select_one(".status-result .badge").parent.get_text(" ", strip=True) == "처리 완료 · 감사 인사 완료"
    steps = [li.select_one("strong").get_text(strip=True) for li in pledge.select(".history li")]
    assert steps == ["약정", "약정 확인", "납입 확인", "완납", "감사 인사 완료"]
    assert "400,000원" in pledge.select(".history li")[2].get_text() and "600,000원" in pledge.get_text()
    volunteer = status_page(public, r["volunteer"], "3333")
    steps = [li.select_one("strong").get_text(strip=True) for li in volunteer.select(".history li")]
    assert steps == ["접수", "봉사자 등록", "나눔 사업 연결", "나눔 사업 완료"]
    assert "방과후 공부방" in volunteer.select(".history li")[2].get_text()
    ask = status_page(public, r["ask"], "4444")
    assert [li.select_one("strong").get_text(strip=True) for li in ask.select(".history li")] == [
        "신청", "연결", "처리 완료"]
    assert "최나눔 님이 도와드립니다." in ask.get_text()
    declined = status_page(public, r["neighbour"], "8888")
    assert declined.select_one(".status-result .badge").parent.get_text(" ", strip=True) == "결정 · 연결 불가"
    assert "이 사업의 대상 지역이 아닙니다." in declined.get_text()

    with freeze_time(NOW):
        page = soup(public.get("/en/stats"))
    sharing = page.select_one("#section-sharing").find_parent("section")
    assert [li.get_text(" ", strip=True) for li in sharing.select(".figure")] == [
        "3 Projects registered", "7 Applications", "4 Connected", "57% Connection rate", "4 Participants",
        "1 Registered volunteers"]

    def table(section, key):
        chart = section.select_one(f'figcaption#chart-{key}-title').find_parent("figure")
        return {tr.th.get_text(strip=True): tr.td.get_text(strip=True) for tr in chart.select("tbody tr")}

    zero = {"Donations": "0", "Network building": "0", "Talent sharing": "0"}
    assert table(sharing, "sharing-projects-by-area") == {**zero, "Health": "2", "Education": "1"}
    assert table(sharing, "sharing-applications-by-area") == {**zero, "Health": "3", "Education": "4"}
    assert table(sharing, "sharing-connected-by-area") == {**zero, "Health": "2", "Education": "2"}
    assert table(sharing, "sharing-rate-by-area") == {**{k: "0%" for k in zero}, "Health": "67%", "Education": "50%"}
    by_month = table(sharing, "sharing-applications-by-month")
    assert len(by_month) == 12 and list(by_month)[-1] == "2026-11" and list(by_month)[0] == "2025-12"
    assert (by_month["2026-11"], by_month["2026-10"], by_month["2026-09"]) == ("6", "1", "0")
    connected_by_month = table(sharing, "sharing-connected-by-month")
    assert (connected_by_month["2026-11"], connected_by_month["2026-10"]) == ("4", "0")
    assert sharing.select("svg.bar-chart") and all(s["role"] == "img" for s in sharing.select("svg.bar-chart"))

    pledges = page.select_one("#section-pledges").find_parent("section")
    assert [li.get_text(" ", strip=True) for li in pledges.select(".figure")] == [
        "3 Confirmed pledges", "₩137 million Amount pledged", "₩31 million Amount paid so far",
        "2 Seo-gu Honors members"]
    assert table(pledges, "pledges-won-by-tier") == {
        "₩100 million or more": "100,000,000", "₩50 million": "0", "₩30 million": "36,000,000",
        "Below the Honors tiers": "1,000,000"}
    assert table(pledges, "pledges-count-by-tier") == {
        "₩100 million or more": "1", "₩50 million": "0", "₩30 million": "1", "Below the Honors tiers": "1"}
    assert table(pledges, "pledges-won-by-area") == {
        "Donations": "0", "Network building": "0", "Talent sharing": "0", "Health": "1,000,000",
        "Education": "36,000,000", "Where most needed": "100,000,000"}

    # The hall of fame: confirmed pledges whose donors agreed, by tier; not the unconfirmed one.
    hall = soup(public.get("/ko/donate/honors"))
    tiers = {section.h2.get_text(strip=True): [li.get_text(strip=True) for li in section.select(".hall-names li")]
             for section in hall.select(".hall-tier")}
    assert tiers == {"1억 원 이상": ["김나눔"], "5,000만 원": [], "3,000만 원": ["서구상사"]}
    assert "박미확인" not in hall.get_text()

    # The home page shows the sharing figures and a chart with a table.
    with freeze_time(NOW):
        home = soup(public.get("/ko/"))
    values = [li.get_text(" ", strip=True) for li in home.select(".figure")]
    assert "3 나눔 사업" in values and "57 % 나눔 신청 연결률" in values
    chart = home.select_one("#chart-home-sharing-connected-by-area-title").find_parent("figure")
    assert {tr.th.get_text(strip=True): tr.td.get_text(strip=True) for tr in chart.select("tbody tr")}["교육"] == "2"
    assert home.select_one('a.door-link[href="/ko/projects"]')
