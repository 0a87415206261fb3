"""The dong community centre pages pass the page gates: every one of the 18 dong pages (and the index) in
both languages passes axe at 375 and 1280 px, fits without sideways scrolling and asks no other site;
the Nu checker finds no error in them nor in the staff list and editor (with its errors). The sitemap gates
only know pages that need no database at collection; the dongs are reference data, so they are listed here
from alleyweb/data/seogu_dongs.csv, and one of them has every section filled in."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from alleyweb.core.dates import seoul_today
from alleyweb.dongs.centres import apply_values
from alleyweb.dongs.models import Dong
from alleyweb.dongs.services import read_seed_file
from alleyweb.extensions import db
from alleyweb.programs.content import seed_programs
from alleyweb.stores.models import ShoppingDistrict, Store
from alleyweb.voice.models import AlleyOfficeVisit
from tests.browser.gates import WIDTHS, axe_page, check, html_errors, requests_to_other_sites, slug, tab
from tests.browser.staff_world import _session
from tests.conftest import empty_tables
from tests.staff_helpers import make_staff

CODES = [row.code for row in read_seed_file()]
FULL = CODES[0]
PATHS = [f"/{lang}/dongs" for lang in ("ko", "en")] + [f"/{lang}/dongs/{code}" for code in CODES
                                                       for lang in ("ko", "en")]


@pytest.fixture(scope="module")
def world(app):
    with app.app_context():
        seed_programs()
        dong = db.session.scalar(select(Dong).where(Dong.code == FULL))
        apply_values(dong, {"address": "광주광역시 서구 시험로 1", "phone": "062-000-0000",
                            "hours": "평일 09:00–18:00", "lat": 35.15, "lng": 126.89})
        market = ShoppingDistrict(name="양동시장", name_en="Yangdong Market", match_key="양동", kind="market",
                                  dong_id=dong.id)
        alley = ShoppingDistrict(name="양동 아주 긴 이름의 골목형상점가 먹자골목", match_key="양동먹자",
                                 dong_id=dong.id)
        db.session.add_all([market, alley])
        db.session.flush()
        db.session.add_all(Store(name=f"가게 {n}", import_key=f"gate-{n}", district_id=market.id, dong_id=dong.id)
                           for n in range(3))
        db.session.add(AlleyOfficeVisit(visit_date=seoul_today() + timedelta(days=5), start_time="14:00",
                                        dong_id=dong.id, district_id=market.id, place="양동시장 고객지원센터 앞",
                                        host_shop="가게 0"))
        db.session.commit()
        admin = make_staff("dongs-gate@seogu.go.kr", "admin")
        cookie = _session(app, admin, True)
    yield {"cookie": cookie}
    empty_tables(app)


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("size", list(WIDTHS))
def test_dong_page_passes_axe_and_fits(contexts, tabs, live_server, world, screenshots_dir, path, size):
    page = tab(tabs, contexts, size)
    with requests_to_other_sites(page) as foreign:
        response = page.goto(live_server + path, wait_until="load")
        assert response.status == 200
        check(page, f"{path} at {size}", one_h1=True,
              screenshot=screenshots_dir / f"{slug(path)}-{size}.png" if path.endswith(("/dongs", FULL)) else None)
        assert foreign == []


def test_the_full_dong_page_shows_every_section(app, world):
    text = app.test_client().get(f"/ko/dongs/{FULL}").text
    for expected in ("광주광역시 서구 시험로 1", "062-000-0000", "양동시장", "양동시장 고객지원센터 앞", "천원택시",
                     "https://map.kakao.com/link/map/"):
        assert expected in text


def test_staff_centre_pages_pass_axe(browser, live_server, world, screenshots_dir):
    for size in WIDTHS:
        with axe_page(browser, size, live_server, world["cookie"]) as page:
            for lang in ("ko", "en"):
                for path in (f"/{lang}/staff/dongs", f"/{lang}/staff/dongs/{FULL}"):
                    page.goto(live_server + path, wait_until="load")
                    check(page, (path, size))
                page.fill("#phone", "12345")
                page.fill("#lat", "north")
                with page.expect_navigation():
                    page.click("main button[type=submit]")
                page.wait_for_selector(".error-summary")
                check(page, ("errors", lang, size),
                      screenshot=screenshots_dir / f"staff-dong-centre-errors-{lang}-{size}.png")


def test_dong_pages_and_staff_pages_are_valid_html(app, world, vnu_jar, tmp_path):
    client = app.test_client()
    staff = app.test_client()
    staff.set_cookie("alleyweb_session", world["cookie"])
    pages = {slug(path) + ".html": client.get(path) for path in PATHS}
    for lang in ("ko", "en"):
        pages[f"staff-list-{lang}.html"] = staff.get(f"/{lang}/staff/dongs")
        pages[f"staff-edit-{lang}.html"] = staff.get(f"/{lang}/staff/dongs/{FULL}")
        pages[f"staff-errors-{lang}.html"] = staff.post(f"/{lang}/staff/dongs/{FULL}",
                                                        data={"phone": "1", "lat": "x", "lng": "126.9"})
    assert html_errors(vnu_jar, tmp_path, pages) == []
