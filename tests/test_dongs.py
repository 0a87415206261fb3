"""The 18 dong pages and their administrative welfare centres: pages in both languages, "to be confirmed"
until staff enter details, the staff editor (audited, before → after), the CSV import (idempotent, bad rows
rejected with a reason) and the links to the centres from the rest of the site."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from alleyweb.core.audit import AuditEvent
from alleyweb.core.cache import bump
from alleyweb.core.dates import seoul_today
from alleyweb.dongs.models import Dong, DongCentre
from alleyweb.dongs.services import read_seed_file
from alleyweb.extensions import db
from alleyweb.programs.rules import questions_for
from alleyweb.programs.services import screenable_programs
from alleyweb.stores.indexing import refresh_counts
from alleyweb.stores.models import ShoppingDistrict, Store
from alleyweb.stores.services import STORES_VERSION, save_district_facts
from alleyweb.voice.models import AlleyOfficeVisit
from tests.helpers import soup
from tests.staff_helpers import signed_in

YANG = "2914057500"
CODES = [row.code for row in read_seed_file()]
SWITCHBOARD = "062-360-7114"


def centre(app, code=YANG) -> DongCentre | None:
    with app.app_context():
        found = db.session.scalar(select(DongCentre).join(Dong).where(Dong.code == code))
        if found is not None:
            db.session.expunge(found)
        return found


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_every_dong_has_a_page_listed_in_the_index_and_the_sitemap(client, lang):
    index = soup(client.get(f"/{lang}/dongs"))
    links = [a["href"] for a in index.select(".centre-list a[href]") if "/dongs/" in a["href"]]
    assert links == [f"/{lang}/dongs/{code}" for code in CODES]
    sitemap = client.get("/sitemap.xml").text
    for code in CODES:
        response = client.get(f"/{lang}/dongs/{code}")
        assert response.status_code == 200
        assert f"/{lang}/dongs/{code}</loc>" in sitemap
    page = soup(client.get(f"/{lang}/dongs/{YANG}"))
    assert page.select_one("h1").get_text(strip=True) == ("양동 행정복지센터" if lang == "ko" else
                                                          "Yang-dong community centre")


def test_unknown_or_malformed_codes_are_404_not_500(client):
    for code in ("123", "2914057501", "２９１４０５７５００", "29140575000", "abc", "%00"):
        assert client.get(f"/ko/dongs/{code}").status_code == 404


def test_unknown_details_say_to_be_confirmed_with_the_switchboard(client, clean_db):
    page = soup(client.get(f"/ko/dongs/{YANG}"))
    values = page.select(".summary-list dd")
    assert len(values) == 3
    for value in values:
        assert "확인 중" in value.get_text() and value.select_one(f'a[href="tel:{SWITCHBOARD.replace("-", "")}"]')
    assert not page.select(".map-links")  # no address: no map to show


def test_the_page_shows_districts_visits_and_programs_of_the_dong(app, client, clean_db, programs):
    with app.app_context():
        yang = db.session.scalar(select(Dong).where(Dong.code == YANG))
        other = db.session.scalar(select(Dong).where(Dong.code == CODES[5]))
        market = ShoppingDistrict(name="양동시장", name_en="Yangdong Market", match_key="양동", kind="market",
                                  dong_id=yang.id)
        elsewhere = ShoppingDistrict(name="다른상점가", match_key="다른", dong_id=other.id)
        db.session.add_all([market, elsewhere])
        db.session.flush()
        for n in range(3):
            db.session.add(Store(name=f"가게{n}", import_key=f"k{n}", district_id=market.id, dong_id=yang.id,
                                 visible=n < 2))
        db.session.flush()
        refresh_counts()  # as every change to stores does (stores.services.save_store, the importer),
        bump(STORES_VERSION)  # with a new version for what is kept per version
        today = seoul_today()
        db.session.add_all([
            AlleyOfficeVisit(visit_date=today + timedelta(days=7), start_time="14:00", dong_id=yang.id,
                             place="양동시장 고객지원센터 앞", host_shop="가게0"),
            AlleyOfficeVisit(visit_date=today - timedelta(days=7), dong_id=yang.id, place="지난 방문 장소",
                             host_shop="가게1"),
            AlleyOfficeVisit(visit_date=today + timedelta(days=3), dong_id=other.id, place="다른 동 장소",
                             host_shop="가게2")])
        db.session.commit()
    page = soup(client.get(f"/en/dongs/{YANG}"))
    stores = page.select_one("#dong-stores").parent
    # The first cell: the name, then the date of the count that a phone shows under it (its column hidden).
    rows = [[cell.select_one("a").get_text(strip=True) if cell.select_one("a") else cell.get_text(strip=True)
             for cell in row.select("td")] for row in stores.select("tbody tr")]
    # The hidden store is not counted; the other dong's district is not shown; no rate without a count of shops.
    assert rows == [["Yangdong Market", "2", "To be confirmed", "To be confirmed", "To be confirmed"]]
    with app.app_context():
        counted = db.session.scalar(select(ShoppingDistrict).where(ShoppingDistrict.name == "양동시장"))
        save_district_facts(counted, shops=8, counted_on=date(2026, 11, 30), lat=None, lng=None)  # as staff do
        db.session.commit()
    page = soup(client.get(f"/en/dongs/{YANG}"))
    cells = page.select_one("#dong-stores").parent.select("tbody td")
    assert [cell.get_text(strip=True) for cell in cells[1:]] == ["2", "8", "25%", "2026-11-30"]
    assert cells[0].select_one("a").get_text() == "Yangdong Market"
    assert cells[0].select_one(".counted-under").get_text() == "Counted on 2026-11-30"
    assert "col-counted" in cells[-1]["class"]
    visits = page.select_one("#dong-visits").parent.get_text()
    assert "양동시장 고객지원센터 앞" in visits and "지난 방문 장소" not in visits and "다른 동 장소" not in visits
    listed = page.select_one("#dong-programs").parent.get_text()
    assert "Thousand-Won Taxi" in listed and "Seo-gu Honors" not in listed  # a way to give is not applied for


def test_staff_edit_a_centre_audited_and_residents_see_it(app, clean_db):
    viewer, _ = signed_in(app, "viewer", "viewer@seogu.go.kr")
    assert viewer.get(f"/ko/staff/dongs/{YANG}").status_code == 403
    assert viewer.post(f"/ko/staff/dongs/{YANG}", data={"address": "x"}).status_code == 403
    client, staff_id = signed_in(app, "moderator", "moderator@seogu.go.kr")
    listing = soup(client.get("/ko/staff/dongs"))
    assert listing.select_one(f'a[href="/ko/staff/dongs/{YANG}"]')
    assert listing.select_one('.staff-nav a[href="/ko/staff/dongs"]')
    # Bad input: each field says what is wrong, nothing is stored.
    bad = client.post(f"/ko/staff/dongs/{YANG}", data={"address": "주소", "phone": "12345", "hours": "",
                                                        "lat": "35.15", "lng": ""})
    assert bad.status_code == 400
    errors = soup(bad).select(".error-summary li a")
    assert {a["href"] for a in errors} == {"#phone", "#lat"}
    assert centre(app) is None
    far = client.post(f"/ko/staff/dongs/{YANG}", data={"lat": "37.56", "lng": "126.97"})
    assert far.status_code == 400 and centre(app) is None
    words = client.post(f"/ko/staff/dongs/{YANG}", data={"lat": "north", "lng": "126.97"})
    assert words.status_code == 400
    # A good change.
    saved = client.post(f"/ko/staff/dongs/{YANG}", data={
        "address": "광주광역시 서구 시험로 1", "phone": "062 000 0000", "hours": "평일 09:00–18:00",
        "lat": "35,1500", "lng": "126.8900"}, follow_redirects=True)
    assert saved.status_code == 200 and "감사 기록" in soup(saved).get_text()
    stored = centre(app)
    assert (stored.address, stored.phone, stored.hours, stored.lat, stored.lng) == (
        "광주광역시 서구 시험로 1", "062-000-0000", "평일 09:00–18:00", 35.15, 126.89)
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "dongs.centre_update"))
        assert event.staff_id == staff_id and event.detail["dong"] == YANG
        assert event.detail["changes"]["phone"] == ["", "062-000-0000"]
        assert event.detail["changes"]["lat"] == ["", "35.150000"]
    # The audit log shows it in words.
    admin, _ = signed_in(app, "admin", "admin@seogu.go.kr")
    assert "Changed a dong community centre's details" in soup(admin.get("/en/staff/audit")).get_text()
    # Residents see it, with maps by position.
    page = soup(app.test_client().get(f"/en/dongs/{YANG}"))
    details = page.select_one(".summary-list").get_text()
    assert "광주광역시 서구 시험로 1" in details and "062-000-0000" in details and "To be confirmed" not in details
    assert page.select_one('.summary-list span[lang="ko"]')  # Korean address marked on the English page
    kakao = page.select_one('.map-links a[href^="https://map.kakao.com/link/map/"]')
    assert kakao and kakao["href"].endswith(",35.15,126.89")
    assert page.select_one('.map-links a[href^="https://map.naver.com/p/search/"]')
    # Saving again without change changes nothing and records nothing.
    client.post(f"/ko/staff/dongs/{YANG}", data={
        "address": "광주광역시 서구 시험로 1", "phone": "062-000-0000", "hours": "평일 09:00–18:00",
        "lat": "35.15", "lng": "126.89"})
    with app.app_context():
        assert len(db.session.scalars(select(AuditEvent).where(AuditEvent.action == "dongs.centre_update")).all()) == 1
    # Emptying a field makes it "to be confirmed" again.
    client.post(f"/ko/staff/dongs/{YANG}", data={"address": "광주광역시 서구 시험로 1", "phone": "",
                                                   "hours": "평일 09:00–18:00", "lat": "", "lng": ""})
    assert centre(app).phone == "" and centre(app).lat is None
    assert "확인 중" in soup(app.test_client().get(f"/ko/dongs/{YANG}")).select(".summary-list dd")[1].get_text()


def _write(tmp_path, text: str, encoding: str = "utf-8-sig"):
    path = tmp_path / "centres.csv"
    path.write_bytes(text.encode(encoding))
    return path


def test_the_csv_import_is_idempotent_and_rejects_bad_rows(app, clean_db, tmp_path):
    rows = ("code,address,phone,hours,latitude,longitude\n"
            f"{CODES[0]},광주광역시 서구 시험로 1,062-000-0001,평일 09:00–18:00,35.15,126.89\n"
            f"{CODES[1]},광주광역시 서구 시험로 2,0620000002,,,\n"
            f"9999999999,광주광역시 서구 시험로 3,062-000-0003,,,\n"
            f"{CODES[2]},,not a phone,,,\n"
            f"{CODES[3]},,,,35.1,\n"
            f"{CODES[4]},,,,37.5,127.0\n"
            f"{CODES[5]},,,,north,126.9\n"
            f"{CODES[0]},광주광역시 서구 두번째 줄,,,,\n"
            ",,,,,\n"
            f",광주광역시 서구 코드없음,,,,\n")
    path = _write(tmp_path, rows)
    runner = app.test_cli_runner()
    first = runner.invoke(args=["dongs", "centres", str(path)])
    assert first.exit_code == 0, first.output
    assert "centres: 2 created, 0 updated, 0 unchanged, 7 rejected" in first.output
    for line, reason in [(4, "unknown dong code '9999999999'"), (5, "phone 'not a phone' is not a Korean phone"),
                         (6, "give both latitude and longitude"), (7, "position 37.5, 127.0 is not in Gwangju"),
                         (8, "latitude 'north' is not a number"), (9, f"dong {CODES[0]} is already on line 2"),
                         (11, "no dong code")]:
        assert f"line {line}: rejected: {reason}" in first.output
    assert "Traceback" not in first.output
    assert centre(app, CODES[1]).phone == "062-000-0002" and centre(app, CODES[2]) is None
    second = runner.invoke(args=["dongs", "centres", str(path)])
    assert "centres: 0 created, 0 updated, 2 unchanged, 7 rejected" in second.output
    # A partial file (cp949) updates only what it gives; blank cells keep what staff entered.
    update = _write(tmp_path, "code,address,phone,hours,latitude,longitude\n"
                              f"{CODES[0]},,062-000-0009,,,\n", "cp949")
    third = runner.invoke(args=["dongs", "centres", str(update)])
    assert "centres: 0 created, 1 updated, 0 unchanged, 0 rejected" in third.output
    assert f"line 2: {CODES[0]} updated (phone)" in third.output
    kept = centre(app, CODES[0])
    assert (kept.address, kept.phone, kept.hours, kept.lat) == ("광주광역시 서구 시험로 1", "062-000-0009",
                                                               "평일 09:00–18:00", 35.15)
    with app.app_context():
        imports = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "dongs.centres_import")
                                       .order_by(AuditEvent.id)).all()
        assert [e.detail["created"] for e in imports] == [2, 0] and imports[1].detail["updated"] == 1


def test_a_file_that_is_not_a_centre_file_is_refused_with_a_reason(app, clean_db, tmp_path):
    runner = app.test_cli_runner()
    wrong = runner.invoke(args=["dongs", "centres", str(_write(tmp_path, "name,dong\n양동시장,양동\n"))])
    assert wrong.exit_code != 0 and "missing: code, address, phone, hours, latitude, longitude" in wrong.output
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"\xff\xfe\x00\x81\xff" * 10)
    refused = runner.invoke(args=["dongs", "centres", str(binary)])
    assert refused.exit_code != 0 and "neither UTF-8 nor cp949" in refused.output
    with app.app_context():
        assert not db.session.scalars(select(DongCentre)).all()


@pytest.mark.parametrize("path", ["/ko/", "/en/", "/ko/programs", "/en/programs/thousand-won-taxi",
                                  "/ko/privacy"])
def test_visit_your_dong_centre_sentences_link_to_the_centres(client, programs, path):
    page = soup(client.get(path))
    assert page.select_one('main a[href$="/dongs"]'), path
    assert page.select_one('footer a[href$="/dongs"]')


def test_the_home_page_links_each_dong_to_its_page(client):
    links = [a["href"] for a in soup(client.get("/ko/")).select(".dong-list a")]
    assert links == [f"/ko/dongs/{code}" for code in CODES]


def test_the_screener_and_consent_blocks_link_to_the_centres(app, client, programs):
    with app.app_context():
        asked = len(questions_for(screenable_programs()))
    answers = {"age": "65_plus", "lives_in_district": "not_sure", "disability": "no", "multicultural": "no",
               "income": "not_sure", "young_carer": "no", "waste_paper": "no", "marriage": "no", "step": str(asked)}
    results = soup(client.post("/ko/programs/check", data=answers))
    assert results.select_one('main p a[href="/ko/dongs"]')
    apply = soup(client.get("/ko/programs/thousand-won-taxi/apply"))
    assert apply.select_one('.consent-terms a[href="/ko/dongs"]')


def test_every_forms_dong_list_follows_a_change_to_the_dongs_at_once(app, client, clean_db, programs):
    """The forms' dong lists (and the store forms' shopping districts) are kept per worker with their
    ``<option>``s written once (dongs.services.dong_options, stores.services.place_choices), for the data
    version: a change to the dongs or the districts shows on the next page, in both languages."""
    from alleyweb.dongs.services import DongRow, sync_dongs
    from alleyweb.programs.models import Program
    from alleyweb.stores.services import save_district

    with app.app_context():
        slug = next(program.slug for program in db.session.scalars(select(Program)) if program.accepts_applications)
    forms = ["/donate", "/volunteer", f"/programs/{slug}/apply", "/stores/register", "/suggestions/new"]

    def dong_names(lang, path):
        return [option.get_text() for option in soup(client.get(f"/{lang}{path}")).select("select#dong option")]

    def district_names(lang, path):
        page = soup(client.get(f"/{lang}{path}"))
        return [option.get_text() for option in page.select("select#market option, select#district option")]

    for lang, yang in (("ko", "양동"), ("en", "Yang-dong")):
        for path in forms:
            assert yang in dong_names(lang, path) and dong_names(lang, path) == dong_names(lang, path), path
    rows = read_seed_file()
    with app.app_context():
        sync_dongs([DongRow(row.code, "새양동", "New Yang-dong") if row.code == YANG else row for row in rows])
        market_id = save_district("양동시장", db.session.scalar(select(Dong.id).where(Dong.code == YANG)), "market").id
        db.session.commit()
    for lang, yang, new in (("ko", "양동", "새양동"), ("en", "Yang-dong", "New Yang-dong")):
        for path in forms:
            names = dong_names(lang, path)
            assert new in names and yang not in names, (lang, path)
        for path in ("/stores/register", "/suggestions/new"):
            assert any("양동시장" in name or "Yangdong" in name for name in district_names(lang, path)), path
    with app.app_context():
        market = db.session.get(ShoppingDistrict, market_id)
        save_district("양동 전통시장", market.dong_id, "market", district=market)
        sync_dongs(rows)
        db.session.commit()
    for path in ("/stores/register", "/suggestions/new"):
        assert "양동 전통시장" in district_names("ko", path)
    for path in forms:
        assert "양동" in dong_names("ko", path) and "새양동" not in dong_names("ko", path)


def test_a_dong_page_kept_per_version_shows_every_change_at_once(app, client, clean_db, programs):
    """The page below its heading is kept per language and day for the versions of the dongs, their centres
    and each section's data: a centre, a program, a visit and a count of shops changed by any code path
    (no service called here) show on the next request."""
    from alleyweb.programs.models import Program

    def page():
        return soup(client.get(f"/en/dongs/{YANG}"))

    assert "To be confirmed" in page().select_one(".summary-list").get_text()
    with app.app_context():
        yang = db.session.scalar(select(Dong).where(Dong.code == YANG))
        yang_id = yang.id
        db.session.add(DongCentre(dong_id=yang_id, address="광주광역시 서구 시험로 2"))
        db.session.commit()
    assert "시험로 2" in page().select_one(".summary-list").get_text()
    assert "Thousand-Won Taxi" in page().select_one("#dong-programs").parent.get_text()
    with app.app_context():
        db.session.scalar(select(Program).where(Program.slug == "thousand-won-taxi")).status = "closed"
        db.session.commit()
    assert "Thousand-Won Taxi" not in page().select_one("#dong-programs").parent.get_text()
    with app.app_context():
        db.session.add(AlleyOfficeVisit(visit_date=seoul_today() + timedelta(days=2), dong_id=yang_id,
                                        place="새 방문 장소", host_shop="가게"))
        db.session.commit()
    assert "새 방문 장소" in page().select_one("#dong-visits").parent.get_text()


def test_the_dong_list_kept_per_version_shows_a_centre_and_a_renamed_dong_at_once(app, client, clean_db):
    """/dongs below its header is kept per language for the dongs' and centres' versions: a centre's phone and
    address (added by any code path) and a renamed dong show on the next request, in both languages."""
    from alleyweb.dongs.services import DongRow, sync_dongs

    def item(lang):
        link = soup(client.get(f"/{lang}/dongs")).select_one(f'.centre-list a[href="/{lang}/dongs/{YANG}"]')
        return link.find_parent("li").get_text(" ", strip=True)

    assert "to be confirmed" in item("en") and "확인 중" in item("ko")
    with app.app_context():
        yang_id = db.session.scalar(select(Dong.id).where(Dong.code == YANG))
        db.session.add(DongCentre(dong_id=yang_id, address="광주광역시 서구 시험로 9", phone="062-360-9999"))
        db.session.commit()
    for lang in ("ko", "en"):
        assert "062-360-9999" in item(lang) and "시험로 9" in item(lang), lang
    rows = read_seed_file()
    with app.app_context():
        sync_dongs([DongRow(row.code, "새양동", "New Yang-dong") if row.code == YANG else row for row in rows])
        db.session.commit()
    try:
        assert "새양동" in item("ko") and "New Yang-dong" in item("en")
    finally:
        with app.app_context():
            sync_dongs(rows)  # the dongs are reference data, kept from test to test
            db.session.commit()
    assert "새양동" not in item("ko") and "양동" in item("ko")
