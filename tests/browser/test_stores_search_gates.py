"""The directory's English searches (an English word, a romanisation, nothing found) and a store page
with its items in English pass the page gates: axe at 375 and 1280 px, no sideways scrolling, the Nu
checker, in both languages."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from alleyweb.extensions import db
from tests.browser.gates import WIDTHS, axe_page, html_errors, problems, save_screenshot, slug
from tests.conftest import empty_tables

QUERIES = ("kimbap", "chicken", "gim-bap", "zzzz")


@pytest.fixture(scope="module")
def paths(app):
    from alleyweb.dongs.models import Dong
    from alleyweb.stores.services import save_district, save_store

    with app.app_context():
        dongs = db.session.scalars(select(Dong).order_by(Dong.id)).all()
        street = save_district("화정1동중앙상점가", dongs[9].id)
        market = save_district("양동시장", dongs[0].id, "market")
        store = None
        for i, (name, items) in enumerate([("김밥천국 화정점", "김밥, 분식"), ("BBQ치킨 양동점", "치킨, 호프"),
                                           ("꼬마김밥", "김밥"), ("양동 옛날통닭 치킨", "치킨, 통닭")]):
            store = save_store(name=name, district_id=(street if i % 2 else market).id, items=items,
                               accepts_paper=True, accepts_digital=i % 2 == 0, address="천변좌로 238")
        db.session.commit()
        yield [f"/{lang}/stores?q={q}" for lang in ("ko", "en") for q in QUERIES] + \
            [f"/{lang}/stores/{store.id}" for lang in ("ko", "en")]
    empty_tables(app)


def test_english_search_pages_pass_axe_and_fit(browser, live_server, paths, screenshots_dir):
    failures = []
    for size in WIDTHS:
        with axe_page(browser, size) as page:
            for path in paths:
                response = page.goto(live_server + path, wait_until="load")
                if response.status != 200:
                    failures.append(f"{path}: status {response.status}")
                    continue
                failures += problems(page, f"{path} at {size}")
                save_screenshot(page, screenshots_dir / f"search-{slug(path)}-{size}.png")
    assert failures == []


def test_english_search_pages_are_valid_html(app, paths, vnu_jar, tmp_path):
    documents = {f"{slug(path)}.html": app.test_client().get(path) for path in paths}
    assert html_errors(vnu_jar, tmp_path, documents, statuses=(200,)) == []
