"""The directory, store pages, merchants' requests through moderation, open data and figures."""

from __future__ import annotations

import csv
import io
import re

import pytest
from sqlalchemy import func, select

from alleyweb.dongs.models import Dong
from alleyweb.extensions import db
from alleyweb.stores.models import ShoppingDistrict, Store
from alleyweb.stores.search import StoreQuery, search
from alleyweb.stores.services import save_district, save_store
from alleyweb.submissions.models import Submission
from tests.helpers import audit_count, soup
from tests.staff_helpers import make_staff, sign_in_as

REQUEST = {"kind": "new", "store_name": "새벽 반찬가게", "dong": "2914057500", "address": "경열로 2",
           "store_phone": "062 360 1234", "items": "반찬, 김치", "accepts_paper": "y", "accepts_digital": "y",
           "business_number": "123-45-67891", "applicant_name": "홍길동", "applicant_phone": "010 1234 5678",
           "consent": "y"}


@pytest.fixture()
def world(app, clean_db):
    with app.app_context():
        dongs = {d.code: d for d in db.session.scalars(select(Dong))}
        market = save_district("양동시장", dongs["2914057500"].id, "market")
        alley = save_district("농성 먹자골목 골목형상점가", dongs["2914065000"].id)
        stores = [
            save_store(name="김밥천국 양동점", district_id=market.id, items="김밥, 분식", accepts_paper=True,
                       accepts_digital=True, address="천변좌로 238", phone="062-363-0000", lat=35.1545,
                       lng=126.9014, visible=True),
            save_store(name="양동 닭강정", district_id=market.id, items="치킨", accepts_paper=True,
                       accepts_digital=False, visible=True),
            save_store(name="농성 카페", district_id=alley.id, items="커피", accepts_paper=False,
                       accepts_digital=True, visible=True),
            save_store(name="문 닫은 가게", district_id=alley.id, items="", accepts_paper=True, visible=False),
        ]
        db.session.commit()
        yield {"market": market, "alley": alley, "stores": stores, "dongs": dongs}


def test_directory_lists_and_filters_in_the_url(app, world):
    client = app.test_client()
    page = soup(client.get("/ko/stores"))
    assert "3" in page.select_one(".result-count").get_text()
    names = [a.get_text(strip=True) for a in page.select(".store-name a")]
    assert names == sorted(names) and "문 닫은 가게" not in names
    filtered = soup(client.get("/ko/stores", query_string={"q": "양동", "accepts": "digital"}))
    assert [a.get_text(strip=True) for a in filtered.select(".store-name a")] == ["김밥천국 양동점"]
    assert filtered.select_one("#q")["value"] == "양동"
    assert filtered.select_one("#accepts option[selected]")["value"] == "digital"
    by_dong = soup(client.get("/ko/stores", query_string={"dong": "2914065000"}))
    assert [a.get_text(strip=True) for a in by_dong.select(".store-name a")] == ["농성 카페"]
    # A broken filter in a shared link is ignored, not an error; a page that cannot exist is a 404.
    assert client.get("/ko/stores?dong=x&category=nope&market=abc&lat=north&sort=up").status_code == 200
    assert client.get("/ko/stores?q=양동&page=-3").status_code == 404


def test_filter_selects_mark_each_request_s_choice_and_follow_changes(app, world):
    """The filters' selects are kept drawn per chosen value, language and data version
    (stores/directory.py): each request still shows its own choice, a value that is no choice its error,
    and a renamed shopping district its new name."""
    client = app.test_client()
    for code in ["2914065000", "2914057500", "", "2914065000"]:
        page = soup(client.get("/ko/stores", query_string={"dong": code}))
        assert [o["value"] for o in page.select("#dong option[selected]")] == [code]
        assert page.select_one(".more-filters").has_attr("open") == bool(code)
    for value in ["abc", "999999"]:
        page = soup(client.get("/ko/stores", query_string={"market": value}))
        assert page.select_one("#market-error-1") and not page.select("#market option[selected]")
    market = str(world["market"].id)
    page = soup(client.get("/en/stores", query_string={"market": market}))
    assert not page.select_one("#market-error-1")
    assert page.select_one("#market option[selected]")["value"] == market
    with app.app_context():
        district = db.session.get(ShoppingDistrict, world["market"].id)
        save_district("새이름시장", district.dong_id, district.kind, district)
        db.session.commit()
    page = soup(client.get("/ko/stores", query_string={"market": market}))
    assert page.select_one("#market option[selected]").get_text() == "새이름시장"


def test_a_cached_directory_page_follows_every_change(app, world):
    """Pages are kept per worker for the data version they were made from: no edit is ever hidden."""
    client = app.test_client()

    def names(lang="ko", **args):
        page = soup(client.get(f"/{lang}/stores", query_string=args))
        return [a.get_text(strip=True) for a in page.select(".store-name a")], page.title.get_text()

    assert names(q="김밥") == names(q="김밥")  # the second one from the cache
    assert names(q="김밥")[0] == ["김밥천국 양동점"] and "김밥" in names(q="김밥")[1]
    store = world["stores"][0]
    with app.app_context():
        save_store(db.session.get(Store, store.id), name="김밥나라 양동점")
        db.session.commit()
    assert names(q="김밥")[0] == ["김밥나라 양동점"]
    assert names("en", q="김밥")[0] == ["김밥나라 양동점"]
    with app.app_context():
        save_store(db.session.get(Store, store.id), visible=False)
        db.session.commit()
    assert names(q="김밥")[0] == [] and "김밥나라 양동점" not in names()[0]
    with app.app_context():
        from alleyweb.stores.models import ShoppingDistrict

        market = db.session.get(ShoppingDistrict, world["market"].id)
        save_district("양동 전통시장", market.dong_id, "market", district=market)
        db.session.commit()
    market = soup(client.get("/ko/stores", query_string={"q": "닭강정"})).select_one(".store-meta").get_text()
    assert "양동 전통시장" in market


def test_english_pages_show_romanized_names_and_translated_categories(app, world):
    page = soup(app.test_client().get("/en/stores", query_string={"q": "gimbap"}))
    card = page.select_one(".store-card")
    assert "김밥천국 양동점" in card.get_text() and "Gimbap" in card.select_one(".store-roman").get_text()
    assert "Restaurants" in card.get_text() and "Yangdong Market" in card.get_text()


def test_empty_state_helps(app, world):
    page = soup(app.test_client().get("/ko/stores", query_string={"q": "없는가게이름", "accepts": "paper"}))
    empty = page.select_one(".empty-state")
    assert empty and empty.select_one('a[href="/ko/stores?q=%EC%97%86%EB%8A%94%EA%B0%80%EA%B2%8C%EC%9D%B4%EB%A6%84"]')
    assert empty.select_one('a[href="/ko/stores/register"]')


def test_distance_sort_shows_distances(app, world):
    page = soup(app.test_client().get("/ko/stores", query_string={"sort": "distance", "lat": "35.1546",
                                                                   "lng": "126.9015"}))
    first = page.select_one(".store-card")
    assert "김밥천국" in first.get_text() and re.search(r"\d+m", first.select_one(".store-meta").get_text())


def test_store_page(app, world):
    store = world["stores"][0]
    page = soup(app.test_client().get(f"/ko/stores/{store.id}"))
    assert page.h1.get_text(strip=True).startswith("김밥천국 양동점")
    assert page.select_one('a.tel[href="tel:0623630000"]')
    kakao = page.select_one('a[href^="https://map.kakao.com/link/map/"]')
    assert kakao and "35.1545,126.9014" in kakao["href"] and kakao["rel"] == ["noopener"]
    assert page.select_one('a[href^="https://map.naver.com/p/search/"]')
    assert page.select_one(f'.report-mistake a[href="/ko/stores/register?store_id={store.id}"]')
    hidden = world["stores"][3]
    assert app.test_client().get(f"/ko/stores/{hidden.id}").status_code == 404
    assert app.test_client().get("/ko/stores/999999").status_code == 404


def test_a_request_is_checked_and_kept_when_wrong(app, world):
    client = app.test_client()
    bad = {**REQUEST, "business_number": "123-45-67890", "applicant_phone": "02-123", "consent": "",
           "accepts_paper": "", "accepts_digital": "", "store_name": "가" * 101}
    response = client.post("/ko/stores/register", data=bad)
    assert response.status_code == 400
    page = soup(response)
    links = {a["href"] for a in page.select(".error-summary a")}
    assert {"#business_number", "#applicant_phone", "#consent", "#accepts_paper", "#store_name"} <= links
    assert page.select_one("#address")["value"] == "경열로 2"
    assert db_count(app, Submission) == 0


def test_robots_filling_the_honeypot_store_nothing(app, world):
    response = app.test_client().post("/ko/stores/register", data={**REQUEST, "website": "http://spam.example"})
    assert response.status_code == 302
    assert db_count(app, Submission) == 0


def test_a_double_click_sends_one_request(app, world):
    client = app.test_client()
    data = {**REQUEST, "idempotency_key": "abc123"}
    first, second = client.post("/ko/stores/register", data=data), client.post("/ko/stores/register", data=data)
    receipt = soup(first).select_one(".receipt-number").get_text(strip=True)
    assert soup(second).select_one(".receipt-number").get_text(strip=True) == receipt
    assert db_count(app, Submission) == 1
    assert first.headers["Cache-Control"] == "no-store"


def test_an_approved_request_lists_the_store_and_the_merchant_sees_it(app, world):
    client = app.test_client()
    receipt = soup(client.post("/en/stores/register", data=REQUEST)).select_one(".receipt-number").get_text(strip=True)
    with app.app_context():
        submission = db.session.scalar(select(Submission).where(Submission.receipt_no == receipt))
        assert submission.type == "store_request" and submission.lang == "en"
        assert submission.phone == "010-1234-5678" and submission.details["store_phone"] == "062-360-1234"
        assert submission.details["business_number"] == "123-45-67891"
        officer = make_staff("stores@seogu.go.kr", "moderator")
        staff_client = app.test_client()
        sign_in_as(staff_client, officer)
        submission_id = submission.id
    assert search_names(app, "새벽") == []
    staff_client.post(f"/ko/staff/submissions/{submission_id}", data={"decision": "approve", "reason": ""})
    assert search_names(app, "새벽") == ["새벽 반찬가게"]
    assert search_names(app, "ㅅㅂㅂㅊ") == ["새벽 반찬가게"]
    with app.app_context():
        store = db.session.scalar(select(Store).where(Store.name == "새벽 반찬가게"))
        assert (store.address, store.phone, store.category, store.source) == ("경열로 2", "062-360-1234", "grocery",
                                                                             "request")
        assert audit_count("store.create") == 1
    status = soup(app.test_client().post("/en/status", data={"receipt_no": receipt, "phone_last4": "5678"}))
    assert "Approved" in status.select_one(".status-result").get_text()


def test_an_approved_correction_updates_the_store_and_its_search_keys(app, world):
    store = world["stores"][1]
    client = app.test_client()
    form = soup(client.get(f"/ko/stores/register?store_id={store.id}"))
    assert form.select_one("#store_name")["value"] == "양동 닭강정"
    assert form.select_one('input[name="kind"][value="correction"]').has_attr("checked")
    data = {**REQUEST, "kind": "correction", "store_id": str(store.id), "store_name": "양동 옛날통닭",
            "market": str(world["market"].id)}
    client.post("/ko/stores/register", data=data)
    with app.app_context():
        submission_id = db.session.scalar(select(Submission.id))
        officer = make_staff("fix@seogu.go.kr", "admin")
        staff_client = app.test_client()
        sign_in_as(staff_client, officer)
    staff_client.post(f"/ko/staff/submissions/{submission_id}", data={"decision": "approve", "reason": ""})
    assert search_names(app, "통닭") == ["양동 옛날통닭"]
    assert search_names(app, "닭강정") == []
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Store)) == 4


def test_open_data_csv(app, world):
    response = app.test_client().get("/stores.csv")
    assert response.data.startswith(b"\xef\xbb\xbf") and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0] == ["가맹점명", "로마자 표기", "상점가", "행정동", "업종", "지류", "디지털", "도로명주소",
                       "전화번호"]
    assert len(rows) == 4 and "문 닫은 가게" not in {r[0] for r in rows}
    kimbap = next(r for r in rows if r[0] == "김밥천국 양동점")
    assert kimbap[2:7] == ["양동시장", "양동", "음식점", "Y", "Y"]


def test_figures_on_the_stats_and_home_pages(app, world):
    page = soup(app.test_client().get("/en/stats"))
    section = page.select_one("#section-stores").find_parent("section")
    summary = [li.get_text(" ", strip=True) for li in section.select(".figure")]
    assert summary == ["3 Member stores", "67% Share taking digital certificates",
                       "67% Share taking paper certificates", "33% Share with an address",
                       "33% Share with a position on a map"]
    table = section.select_one("figure .chart-data table")
    rows = {tr.th.get_text(strip=True): tr.td.get_text(strip=True) for tr in table.select("tbody tr")}
    assert rows["Yang-dong"] == "2" and rows["Nongseong 1-dong"] == "1" and rows["Dongcheon-dong"] == "0"
    assert len(rows) == 18
    svg = section.select_one("svg.bar-chart")
    assert svg["role"] == "img" and len(svg.select("rect.bar")) == 2  # the dongs with stores drawn,
    zeros = svg.find_parent("figure").select_one(".chart-zeros")
    assert zeros.get_text(strip=True) == "16 others: 0"  # the rest counted in one line
    home = soup(app.test_client().get("/ko/"))
    assert home.select_one('a.door-link[href="/ko/stores"]')
    values = [li.get_text(" ", strip=True) for li in home.select(".figure")]
    assert "3 온누리 가맹점" in values


def search_names(app, q):
    with app.app_context():
        return [s.name for s in search(StoreQuery(q=q)).items]


def db_count(app, model):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))
