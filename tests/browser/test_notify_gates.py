"""The pages notifications add pass the gates: the opt-out page (asking, then done) in both languages at
375 and 1280 px (axe, no sideways scrolling, screenshots) and the Nu checker; the new "texts about your
request" box with its error; the officers' notification page. The empty forms carrying the box are in
the sitemap gates already."""

from __future__ import annotations

from sqlalchemy import select

from alleyweb.dongs.models import Dong
from alleyweb.extensions import db
from alleyweb.notify.services import stop_token
from alleyweb.submissions.services import create_submission
from tests.browser.gates import WIDTHS, axe_page, check, html_errors
from tests.browser.navigation import click_and_load
from tests.conftest import empty_tables
from tests.voice_helpers import FORM


def _subscribed(app, lang: str) -> str:
    with app.app_context():
        dong = db.session.scalar(select(Dong).where(Dong.code == "2914057500"))
        item = create_submission(type_key="voice_suggestion", lang=lang, name="홍길동", phone="010-2222-3333",
                                 dong_id=dong.id, details={"message": "주차"}, notify=True)
        return f"/{lang}/texts/stop/{stop_token(item.receipt_no)}"


def _check(page, name, screenshots_dir):
    check(page, name, screenshot=screenshots_dir / f"{name}.png")


def test_the_opt_out_page_passes_axe_asking_and_done(app, browser, live_server, screenshots_dir):
    try:
        for lang in ("ko", "en"):
            for size in WIDTHS:
                path = _subscribed(app, lang)
                with axe_page(browser, size) as page:
                    page.goto(live_server + path, wait_until="load")
                    _check(page, f"notify-stop-{lang}-{size}", screenshots_dir)
                    click_and_load(page, "main button[type=submit]")
                    page.wait_for_selector(".confirmation")
                    _check(page, f"notify-stopped-{lang}-{size}", screenshots_dir)
    finally:
        empty_tables(app)


def test_the_texts_box_with_its_error_passes_axe(browser, live_server, screenshots_dir):
    for lang in ("ko", "en"):
        for size in WIDTHS:
            with axe_page(browser, size) as page:
                page.goto(f"{live_server}/{lang}/suggestions/new", wait_until="load")
                page.fill("#phone", "062-360-7114")
                page.check("#notify_me")
                click_and_load(page, "main button[type=submit]")
                page.wait_for_selector("#notify_me-error-1")
                _check(page, f"notify-box-error-{lang}-{size}", screenshots_dir)


def test_the_notify_pages_are_valid_html(app, vnu_jar, tmp_path):
    try:
        documents = {}
        for lang in ("ko", "en"):
            path = _subscribed(app, lang)
            documents[f"stop-{lang}.html"] = app.test_client().get(path)
            documents[f"stopped-{lang}.html"] = app.test_client().post(path, data={})
            documents[f"box-error-{lang}.html"] = app.test_client().post(
                f"/{lang}/suggestions/new", data={**FORM, "phone": "062-360-7114", "notify_me": "y"},
                environ_base={"REMOTE_ADDR": "203.0.113.77"})
        assert html_errors(vnu_jar, tmp_path, documents) == []
    finally:
        empty_tables(app)
