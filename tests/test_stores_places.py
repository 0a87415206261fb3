"""Issue 16, a store page with a place: staff edit a store's address, phone, hours and position; listing
requests and the district's file fill them; near me falls back to the shopping district's centre; the
whole result row is the link; /stats shows the coverage. And the membership rate: each district's count
of shops (CSV and staff), its page, the sortable list, /stats, the outreach view and How to join Onnuri."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from alleyweb.dongs.models import Dong
from alleyweb.extensions import db
from alleyweb.stores import importer
from alleyweb.stores.models import ShoppingDistrict, Store
from alleyweb.stores.services import district_rate, district_rates, save_district, save_district_facts, save_store
from alleyweb.submissions.models import Submission
from tests.helpers import audit_count, soup
from tests.staff_helpers import staff_client

YANGDONG, NONGSEONG = "2914057500", "2914065000"


@pytest.fixture()
def world(app, clean_db):
    with app.app_context():
        dongs = {d.code: d for d in db.session.scalars(select(Dong))}
        market = save_district("양동시장", dongs[YANGDONG].id, "market")
        alley = save_district("농성 먹자골목 골목형상점가", dongs[NONGSEONG].id)
        empty = save_district("빈 골목형상점가", dongs[NONGSEONG].id)
        placed = save_store(name="김밥천국 양동점", district_id=market.id, items="김밥", accepts_paper=True,
                            address="천변좌로 238", phone="062-363-0000", lat=35.1545, lng=126.9014, visible=True)
        near = save_store(name="양동 김밥", district_id=market.id, items="김밥", accepts_paper=True,
                          lat=35.1525, lng=126.9030, visible=True)
        unplaced = save_store(name="양동 닭강정", district_id=market.id, items="치킨", accepts_paper=True, visible=True)
        far = save_store(name="농성 김밥", district_id=alley.id, items="김밥", accepts_digital=True, visible=True)
        db.session.commit()
        ids = {"market": market.id, "alley": alley.id, "empty": empty.id, "placed": placed.id, "near": near.id,
               "unplaced": unplaced.id, "far": far.id}
    yield ids


def officer(app, role="moderator", email="places@seogu.go.kr", types=()):
    with app.app_context():
        return staff_client(app, email, role, types=types)[0]


def get(app, model, id):
    with app.app_context():
        row = db.session.get(model, id)
        db.session.expunge(row)
        return row


def audits(app, action):
    with app.app_context():
        return audit_count(action)


# --- staff edit a store's place -------------------------------------------------------------------


def test_staff_edit_a_store_place_normalised_and_audited(app, world):
    client = officer(app)
    form = soup(client.get(f"/ko/staff/stores/{world['unplaced']}"))
    assert form.select_one("#address") is not None and form.select_one("#lat")["value"] == ""
    response = client.post(f"/ko/staff/stores/{world['unplaced']}", data={
        "address": "  광주광역시 서구 천변좌로 240 ", "phone": "０６２ ３６３ １２３４", "hours": "10:00~21:00",
        "lat": "３５.１５３０", "lng": "126.9020"})
    assert response.status_code == 302
    store = get(app, Store, world["unplaced"])
    assert (store.address, store.phone, store.hours) == ("광주광역시 서구 천변좌로 240", "062-363-1234", "10:00~21:00")
    assert (store.lat, store.lng, store.position_approx) == (35.153, 126.902, False)
    assert audits(app, "store.place") == 1
    # The same values again change nothing and audit nothing.
    client.post(f"/ko/staff/stores/{world['unplaced']}", data={
        "address": "광주광역시 서구 천변좌로 240", "phone": "062-363-1234", "hours": "10:00~21:00",
        "lat": "35.153", "lng": "126.902"})
    assert audits(app, "store.place") == 1
    page = soup(app.test_client().get(f"/ko/stores/{world['unplaced']}"))
    assert "광주광역시 서구 천변좌로 240" in page.select_one(".summary-list").get_text()
    assert "10:00~21:00" in page.select_one(".summary-list").get_text()
    assert page.select_one('a[href^="https://map.naver.com/p/search/"]')
    assert page.select_one(".place-missing") is None


@pytest.mark.parametrize(("data", "field"), [
    ({"phone": "12345"}, "phone"),
    ({"lat": "nan", "lng": "nan"}, "lat"),
    ({"lat": "inf", "lng": "126.9"}, "lat"),
    ({"lat": "35.15", "lng": "1e999"}, "lng"),
    ({"lat": "37.5665", "lng": "126.9780"}, "lat"),  # Seoul
    ({"lat": "126.9", "lng": "35.15"}, "lat"),  # swapped
    ({"lat": "35.15", "lng": ""}, "lng"),
    ({"lat": "북위 35", "lng": "126.9"}, "lat"),
    ({"address": "가" * 201}, "address"),
    ({"hours": "가" * 201}, "hours"),
])
def test_staff_store_place_refuses_bad_input_and_keeps_it(app, world, data, field):
    client = officer(app)
    before = get(app, Store, world["placed"])
    sent = {"address": "천변좌로 238", "phone": "062-363-0000", "hours": "", "lat": "35.1545", "lng": "126.9014",
            **data}
    response = client.post(f"/ko/staff/stores/{world['placed']}", data=sent)
    assert response.status_code == 400
    page = soup(response)
    assert f"#{field}" in {a["href"] for a in page.select(".error-summary a")}
    kept = sent[field][:40] if field in ("lat", "lng") else sent[field]  # positions keep what could be one
    assert page.select_one(f"#{field}")["value"] == kept
    after = get(app, Store, world["placed"])
    assert (after.address, after.phone, after.lat, after.lng) == (before.address, before.phone, before.lat, before.lng)
    assert audits(app, "store.place") == 0


def test_only_officers_who_decide_may_edit_a_place(app, world):
    viewer = officer(app, "viewer", "viewer@seogu.go.kr")
    page = soup(viewer.get(f"/ko/staff/stores/{world['placed']}"))
    assert page.select_one("form[method=post] #address") is None
    assert "천변좌로 238" in page.get_text()
    assert viewer.post(f"/ko/staff/stores/{world['placed']}", data={"address": "x"}).status_code == 403
    assert app.test_client().get(f"/ko/staff/stores/{world['placed']}").status_code == 302
    assert officer(app).get("/ko/staff/stores/999999").status_code == 404


def test_staff_directory_shows_place_coverage_and_lists_what_is_missing(app, world):
    client = officer(app)
    page = soup(client.get("/en/staff/stores"))
    coverage = page.select_one(".place-coverage").get_text(" ", strip=True)
    assert "With an address 1 of 4 (25%)" in coverage and "With a position of their own 2 of 4 (50%)" in coverage
    missing = soup(client.get("/en/staff/stores", query_string={"missing": "position"}))
    assert {a.get_text(strip=True) for a in missing.select("tbody td:first-child a")} == {"양동 닭강정", "농성 김밥"}
    assert client.get("/en/staff/stores", query_string={"missing": "x' or 1=1"}).status_code == 200


# --- the request, the district's file ---------------------------------------------------------------


def test_an_approved_listing_request_fills_address_phone_and_hours(app, world):
    public = app.test_client()
    form = soup(public.get("/ko/stores/register"))
    assert form.select_one("#hours") is not None
    response = public.post("/ko/stores/register", data={
        "kind": "new", "store_name": "새벽 반찬가게", "dong": YANGDONG, "market": str(world["market"]),
        "address": "천변좌로 250", "store_phone": "062 360 1234", "hours": "07:00~19:00", "items": "반찬",
        "accepts_paper": "y", "business_number": "123-45-67891", "applicant_name": "홍길동",
        "applicant_phone": "010 1234 5678", "consent": "y"})
    assert response.status_code == 200
    with app.app_context():
        submission_id = db.session.scalar(select(Submission.id))
    officer(app).post(f"/ko/staff/submissions/{submission_id}", data={"decision": "approve", "reason": ""})
    with app.app_context():
        store = db.session.scalar(select(Store).where(Store.name == "새벽 반찬가게"))
        assert (store.address, store.phone, store.hours) == ("천변좌로 250", "062-360-1234", "07:00~19:00")
        # No position of its own: near me puts it at its district's centre, marked approximate.
        assert store.position_approx and store.lat is not None


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def test_the_district_file_takes_optional_place_columns(app, world, tmp_path):
    with app.app_context():
        # Hours and coordinates but no address or phone column: those are left as they are.
        header = ["가맹점명", "상점가", "행정동", "영업시간", "위도", "경도", "취급품목", "지류", "디지털", "등록년도"]
        result = importer.import_stores(write_csv(tmp_path / "d.csv", header, [
            ["김밥천국 양동점", "양동시장", "", "09:00~21:00", "", "", "김밥", "Y", "N", ""],
            ["양동 닭강정", "양동시장", "", "", "35.1530", "126.9000", "치킨", "Y", "N", ""],
            ["농성 김밥", "농성 먹자골목", "", "가" * 201, "", "", "김밥", "N", "Y", ""],
            ["새 가게", "양동시장", "", "", "nan", "nan", "", "Y", "N", ""]]))
        assert [(r.line, r.reason) for r in result.rejected] == [
            (4, "영업시간 longer than 200 characters"), (5, "위도/경도 must both be numbers, not 'nan', 'nan'")]
        placed = db.session.get(Store, world["placed"])
        assert (placed.hours, placed.address, placed.phone) == ("09:00~21:00", "천변좌로 238", "062-363-0000")
        # The file has position columns and gives this store none: it is at its district's centre now.
        assert placed.position_approx
        chicken = db.session.get(Store, world["unplaced"])
        assert (chicken.lat, chicken.lng, chicken.position_approx) == (35.153, 126.9, False)
        # Importing it again changes nothing (approximate positions are not the file's to clear).
        again = importer.import_stores(tmp_path / "d.csv", dry_run=True)
        assert (again.added, again.updated) == (0, 0)
        with pytest.raises(importer.ImportFileError):
            importer.import_stores(write_csv(tmp_path / "half.csv", [*header[:4], "위도", *header[6:]], []))


def test_the_districts_file_takes_shops_with_their_date_and_a_centre(app, world, tmp_path):
    with app.app_context():
        header = ["name", "dong", "kind", "shops", "counted_on", "lat", "lng"]
        result = importer.load_districts(write_csv(tmp_path / "districts.csv", header, [
            ["양동시장", "양동", "market", "1,200", "2026-11-30", "35.1540", "126.9010"],
            ["농성 먹자골목 골목형상점가", NONGSEONG, "alley", "", "", "", ""],
            ["빈 골목형상점가", NONGSEONG, "alley", "abc", "2026-11-30", "", ""],
            ["새 골목형상점가", NONGSEONG, "alley", "40", "", "", ""],
            ["먼 골목형상점가", NONGSEONG, "alley", "", "", "37.5665", "126.9780"],
            ["날짜 골목형상점가", NONGSEONG, "alley", "30", "2026-13-01", "", ""]]))
        assert [line for line, _reason in ((r.line, r.reason) for r in result.rejected)] == [4, 5, 6, 7]
        assert "outside Seo-gu" in result.rejected[2].reason
        market = db.session.get(ShoppingDistrict, world["market"])
        assert (market.shops, market.shops_counted_on, market.lat, market.lng) == (
            1200, date(2026, 11, 30), 35.154, 126.901)
        # An empty cell leaves what staff entered alone.
        alley = db.session.get(ShoppingDistrict, world["alley"])
        alley.shops, alley.shops_counted_on = 10, date(2026, 10, 1)
        db.session.commit()
        importer.load_districts(tmp_path / "districts.csv")
        assert db.session.get(ShoppingDistrict, world["alley"]).shops == 10
        # The market's stores without a position of their own are now at its given centre.
        assert (db.session.get(Store, world["unplaced"]).lat, db.session.get(Store, world["unplaced"]).lng) == (
            35.154, 126.901)


# --- near me ---------------------------------------------------------------------------------------


def test_near_me_uses_the_district_centre_when_a_store_has_no_position(app, world):
    page = soup(app.test_client().get("/en/stores", query_string={
        "q": "", "sort": "distance", "lat": "35.1530", "lng": "126.9020"}))
    rows = {card.select_one(".store-link").get_text(strip=True):
            card.select_one(".store-meta").get_text(" ", strip=True) for card in page.select(".store-card")}
    assert len(rows) == 4
    # The market's stores: two have positions; the third is at the mean of theirs, said to be approximate.
    assert "approximate: district centre" in rows["양동 닭강정"]
    assert " m" in rows["양동 닭강정"]
    assert "approximate" not in rows["김밥천국 양동점"] and "approximate" not in rows["양동 김밥"]
    # The alley has no store with a position and no centre: no distance, listed last.
    assert " m" not in rows["농성 김밥"] and " km" not in rows["농성 김밥"]
    assert list(rows)[-1] == "농성 김밥"
    unplaced = get(app, Store, world["unplaced"])
    assert unplaced.position_approx
    assert (unplaced.lat, unplaced.lng) == pytest.approx(((35.1545 + 35.1525) / 2, (126.9014 + 126.9030) / 2))


def test_a_staff_centre_moves_the_approximate_stores_and_clearing_a_position_gives_it_back(app, world):
    client = officer(app)
    response = client.post(f"/ko/staff/stores/districts/{world['alley']}", data={
        "shops": "", "counted_on": "", "lat": "35.1460", "lng": "126.8880"})
    assert response.status_code == 302
    far = get(app, Store, world["far"])
    assert (far.lat, far.lng, far.position_approx) == (35.146, 126.888, True)
    # The store page does not offer the centre as the store's own place.
    page = soup(app.test_client().get(f"/ko/stores/{world['far']}"))
    assert page.select_one('a[href^="https://map.kakao.com/link/map/"]') is None
    assert "아직 이 가맹점의 주소가 없어" in page.select_one(".place-missing").get_text()
    # Taking a store's own position away puts it back at its district's centre.
    client.post(f"/ko/staff/stores/{world['near']}", data={"address": "", "phone": "", "hours": "", "lat": "",
                                                          "lng": ""})
    near = get(app, Store, world["near"])
    assert near.position_approx and (near.lat, near.lng) == (35.1545, 126.9014)


def test_each_result_row_is_one_link_named_by_the_store(app, world):
    page = soup(app.test_client().get("/ko/stores"))
    for card in page.select(".store-card"):
        links = card.select("a, button, input, select, textarea")
        assert len(links) == 1 and links[0]["class"] == ["store-link"]
        assert links[0].get_text(strip=True) and links[0]["href"].startswith("/ko/stores/")


# --- the membership rate ----------------------------------------------------------------------------


def set_shops(app, district_id, shops, counted_on=date(2026, 11, 30)):
    with app.app_context():
        district = db.session.get(ShoppingDistrict, district_id)
        save_district_facts(district, shops=shops, counted_on=counted_on, lat=district.lat, lng=district.lng)
        db.session.commit()


def test_a_district_page_shows_its_rate_with_the_date_or_to_be_confirmed(app, world):
    set_shops(app, world["market"], 12)
    page = soup(app.test_client().get(f"/ko/stores/districts/{world['market']}"))
    facts = page.select_one(".summary-list").get_text(" ", strip=True)
    assert "3" in facts and "12" in facts and "25%" in facts and "2026-11-30" in facts
    unknown = soup(app.test_client().get(f"/en/stores/districts/{world['alley']}"))
    facts = unknown.select_one(".summary-list").get_text(" ", strip=True)
    assert "To be confirmed" in facts and "%" not in facts
    assert unknown.select_one('a.tel[href="tel:0623607114"]')
    assert app.test_client().get("/ko/stores/districts/999999").status_code == 404
    with app.app_context():
        rate = district_rate(db.session.get(ShoppingDistrict, world["market"]))
        assert (rate.members, rate.shops, rate.rate) == (3, 12, 25.0)


def test_districts_sort_by_rate_with_uncounted_ones_last(app, world):
    set_shops(app, world["market"], 12)  # 3 of 12: 25%
    set_shops(app, world["alley"], 2)  # 1 of 2: 50%
    client = app.test_client()

    def order(sort):
        page = soup(client.get("/en/stores/districts", query_string={"sort": sort}))
        return [int(a["href"].rsplit("/", 1)[1]) for a in page.select("tbody th a")]

    assert order("rate") == [world["market"], world["alley"], world["empty"]]
    assert order("rate_desc") == [world["alley"], world["market"], world["empty"]]  # uncounted last both ways
    rates = [td.get_text(strip=True) for td in soup(client.get("/en/stores/districts", query_string={
        "sort": "rate"})).select("tbody td.num:nth-of-type(1)")]
    assert rates == ["25%", "50%", "To be confirmed"]
    with app.app_context():
        assert [r.district.id for r in district_rates(sort="rate")] == [world["market"], world["alley"], world["empty"]]
        assert [r.district.id for r in district_rates(sort="rate_desc")] == [world["alley"], world["market"],
                                                                              world["empty"]]
        assert [r.district.id for r in district_rates(dong_id=db.session.get(ShoppingDistrict, world["alley"]).dong_id)
                ] == sorted([world["alley"], world["empty"]], key=lambda i: db.session.get(ShoppingDistrict, i).key_ko)
    assert client.get("/en/stores/districts", query_string={"sort": "<script>"}).status_code == 200


def test_the_rates_page_shows_a_new_count_at_once_from_staff_and_from_the_districts_file(app, world, tmp_path):
    """The rates page and a dong page's districts are kept per directory version: a count recorded by staff,
    or loaded from the districts file with nothing else changed, shows on the next request."""
    client = app.test_client()

    def market_row():
        page = soup(client.get("/en/stores/districts"))
        row = next(tr for tr in page.select("tbody tr")
                   if tr.select_one("th a")["href"].endswith(f"/{world['market']}"))
        return [td.get_text(strip=True) for td in row.select("td")]

    def dong_row():  # the dong page's table of its districts, kept the same way
        page = soup(client.get(f"/en/dongs/{YANGDONG}"))
        row = next(tr for tr in page.select(".district-table tbody tr") if tr.select_one("a")["href"].endswith(
            f"/{world['market']}"))
        return [td.get_text(strip=True) for td in row.select("td.num")]

    assert market_row()[0] == "To be confirmed" and dong_row()[1] == "To be confirmed"
    officer(app).post(f"/ko/staff/stores/districts/{world['market']}", data={"shops": "12", "counted_on": "2026-11-30"})
    assert market_row()[:2] == ["25%", "3 / 12"]
    assert dong_row() == ["3", "12", "25%"]
    with app.app_context():
        importer.load_districts(write_csv(tmp_path / "districts.csv", ["name", "dong", "kind", "shops", "counted_on"], [
            ["양동시장", "양동", "market", "6", "2026-12-01"]]))
    assert market_row() == ["50%", "3 / 6", "2026-12-01"] and dong_row() == ["3", "6", "50%"]


def test_staff_record_a_count_of_shops_validated_and_audited(app, world):
    client = officer(app)
    bad = client.post(f"/ko/staff/stores/districts/{world['market']}", data={"shops": "-5", "counted_on": "2026-11-30"})
    assert bad.status_code == 400 and "#shops" in {a["href"] for a in soup(bad).select(".error-summary a")}
    alone = client.post(f"/ko/staff/stores/districts/{world['market']}", data={"shops": "120", "counted_on": ""})
    assert alone.status_code == 400
    assert get(app, ShoppingDistrict, world["market"]).shops is None
    ok = client.post(f"/ko/staff/stores/districts/{world['market']}",
                     data={"shops": "１２０", "counted_on": "2026. 11. 30."})
    assert ok.status_code == 302
    market = get(app, ShoppingDistrict, world["market"])
    assert (market.shops, market.shops_counted_on) == (120, date(2026, 11, 30))
    assert audits(app, "store.district") == 1
    viewer = officer(app, "viewer", "viewer@seogu.go.kr")
    assert viewer.post(f"/ko/staff/stores/districts/{world['market']}", data={"shops": "1"}).status_code == 403
    staff_list = soup(client.get("/en/staff/stores/districts", query_string={"sort": "rate"}))
    assert "2%" in staff_list.select_one("tbody tr").get_text(" ", strip=True)


def test_stats_show_the_membership_rate_only_where_shops_are_counted(app, world):
    page = soup(app.test_client().get("/en/stats"))
    summary = page.select_one("#section-membership").find_parent("section").get_text(" ", strip=True)
    assert "To be confirmed" in summary and "0 / 3" in summary
    set_shops(app, world["market"], 12)
    with app.test_request_context(), force_locale("en"):
        from alleyweb.stores.home import membership_section

        section = membership_section("en")
        assert dict((str(k), v) for k, v in section.summary)["Membership rate where shops are counted"] == "25%"
        assert section.charts[0].rows == [("Yang-dong", 25)]


# --- outreach --------------------------------------------------------------------------------------


def test_outreach_lists_districts_by_lowest_rate_with_waiting_requests_without_who_asked(app, world):
    set_shops(app, world["market"], 12)
    set_shops(app, world["alley"], 2)
    app.test_client().post("/ko/stores/register", data={
        "kind": "new", "store_name": "새 반찬가게", "dong": NONGSEONG, "market": str(world["alley"]),
        "address": "경열로 2", "accepts_paper": "y", "business_number": "123-45-67891",
        "applicant_name": "홍길동", "applicant_phone": "010 1234 5678", "consent": "y"})
    viewer = officer(app, "viewer", "viewer@seogu.go.kr")
    page = soup(viewer.get("/ko/staff/stores/outreach"))
    rows = page.select("tbody tr")
    assert [r.select_one("td a").get_text(strip=True) for r in rows][:1] == ["양동시장"]
    alley_row = next(r for r in rows if "새 반찬가게" in r.get_text())
    assert "농성" in alley_row.get_text()
    assert "홍길동" not in page.get_text() and "5678" not in page.get_text()
    # A moderator limited to other kinds of submission does not learn the requests exist.
    limited = officer(app, "moderator", "voice@seogu.go.kr", types=("suggestion",))
    assert limited.get("/ko/staff/stores/outreach").status_code == 404
    assert app.test_client().get("/ko/staff/stores/outreach").status_code == 302


# --- How to join Onnuri -------------------------------------------------------------------------------


def test_how_to_join_states_only_known_facts_and_ends_with_the_request_form(app, world):
    for lang in ("ko", "en"):
        page = soup(app.test_client().get(f"/{lang}/stores/join"))
        text = page.get_text(" ", strip=True)
        assert "119" in text and "15" in text
        assert page.select('a.tel[href="tel:0623607114"]')
        links = page.select("main a[href]")
        assert links[-1]["href"] == f"/{lang}/stores/register"
    assert "확인 중" in soup(app.test_client().get("/ko/stores/join")).get_text()


def test_the_new_pages_are_in_the_sitemap(app, world):
    sitemap = app.test_client().get("/sitemap.xml").get_data(as_text=True)
    assert "/ko/stores/join" in sitemap and "/en/stores/districts" in sitemap
    assert f"/ko/stores/districts/{world['market']}" in sitemap
