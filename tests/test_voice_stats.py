"""Figures for /stats on a known data set: received, answered, average days to answer, by topic and dong."""

from __future__ import annotations

from datetime import datetime

import pytest
from freezegun import freeze_time
from sqlalchemy import select

from alleyweb.core.dates import SEOUL
from alleyweb.dongs.models import Dong
from alleyweb.extensions import db
from alleyweb.stores.services import save_district
from alleyweb.submissions import intake
from alleyweb.voice.services import merge, reply, suggestion, suggestion_for
from alleyweb.voice.stats import Row, voice_figures
from tests.helpers import soup
from tests.staff_helpers import make_staff


def at(day: int, hour: int = 9):
    return datetime(2026, 3, day, hour, tzinfo=SEOUL)


@pytest.fixture()
def known(app, clean_db):
    """Five suggestions in March 2026 (Seoul time):
    A parking, Yang-dong, 2 Mar 09:00 — answered 5 Mar 09:00 (3 days)
    B parking, Yang-dong, 2 Mar 21:00 — merged into A on 6 Mar 21:00, answered then (4 days)
    C cleanliness, Nongseong 1-dong (through its shopping district), 2 Mar 09:00 — answered 12 Mar 09:00 (10 days)
    D cleanliness, Nongseong 1-dong, 3 Mar 09:00 — answered 3 Mar 21:00 (0.5 days)
    E other, Yang-dong, 4 Mar 09:00 — not answered
    Received 5, answered 4, average (3 + 4 + 10 + 0.5) / 4 = 4.375 → 4.4 days."""
    with app.app_context():
        dongs = {d.code: d for d in db.session.scalars(select(Dong))}
        yangdong, nongseong = dongs["2914057500"], dongs["2914065000"]
        district = save_district("농성 먹자골목 골목형상점가", nongseong.id)
        db.session.commit()
        officer = make_staff("figures@seogu.go.kr", "moderator")

        def send(when, topic, dong, district=None):
            with freeze_time(when):
                submission = intake.store(suggestion(topic=topic, dong=dong, district=district, message="건의",
                                                     name="김상인", store_name="가게", phone="010-1111-2222",
                                                     may_publish=False), "ko")
            return suggestion_for(submission)

        a = send(at(2), "parking", yangdong)
        b = send(at(2, 21), "parking", yangdong)
        c = send(at(2), "cleanliness", nongseong, district)
        d = send(at(3), "cleanliness", nongseong)
        send(at(4), "other", yangdong)
        with freeze_time(at(3, 21)):
            reply(d, officer, text_ko="처리했습니다.", text_en="", final=True)
        with freeze_time(at(5)):
            reply(a, officer, text_ko="단속합니다.", text_en="", final=True)
        with freeze_time(at(6, 21)):
            merge(b, a, officer)
        with freeze_time(at(12)):
            reply(c, officer, text_ko="수거 시간을 바꿨습니다.", text_en="", final=True)
        db.session.commit()
        yield {"yangdong": yangdong.id, "nongseong": nongseong.id}


def test_the_figures_are_counted_from_the_data(app, known):
    with app.app_context():
        figures = voice_figures()
        assert figures["total"] == Row(5, 4, 4.4)
        topics = figures["by_topic"]
        assert topics["parking"] == Row(2, 2, 3.5)
        assert topics["cleanliness"] == Row(2, 2, 5.3)  # (10 + 0.5) / 2 = 5.25
        assert topics["other"] == Row(1, 0, None)
        assert topics["rent"] == Row(0, 0, None) and len(topics) == 7
        by_dong = {dong.id: row for dong, row in figures["by_dong"]}
        assert len(by_dong) == 18
        assert by_dong[known["yangdong"]] == Row(3, 2, 3.5)
        assert by_dong[known["nongseong"]] == Row(2, 2, 5.3)
        assert sum(row.received for row in by_dong.values()) == 5


def test_the_stats_page_shows_them_with_tables(app, known):
    page = soup(app.test_client().get("/en/stats"))
    section = page.select_one("#section-voice").find_parent("section")
    assert [li.get_text(" ", strip=True) for li in section.select(".figure")] == [
        "5 Suggestions received", "4 Suggestions answered", "4.4 days Average time to answer"]

    def table(key):
        figure = section.select_one(f"#chart-{key}-title").find_parent("figure")
        return {tr.th.get_text(strip=True): tr.td.get_text(strip=True) for tr in figure.select("tbody tr")}

    assert table("voice-received-by-topic") == {
        "Parking": "2", "Customers and promotion": "0", "Onnuri membership and payment": "0",
        "Facilities and safety": "0", "Cleanliness": "2", "Rent and support programs": "0", "Other": "1"}
    assert table("voice-answered-by-topic")["Other"] == "0"
    assert table("voice-days-by-topic")["Parking"] == "3.5"
    by_dong = table("voice-received-by-dong")
    assert by_dong["Yang-dong"] == "3" and by_dong["Nongseong 1-dong"] == "2" and len(by_dong) == 18
    assert table("voice-answered-by-dong")["Yang-dong"] == "2"
    korean = soup(app.test_client().get("/ko/stats")).select_one("#section-voice").find_parent("section")
    assert "4.4일 평균 답변 기간" in [li.get_text(" ", strip=True) for li in korean.select(".figure")]


def test_figures_outlive_the_retention_purge(app, known):
    from datetime import timedelta

    from alleyweb.submissions.services import purge_expired

    with app.app_context():
        purge_expired(now=at(12) + timedelta(days=3 * 365 + 1))
        assert voice_figures()["total"] == Row(5, 4, 4.4)


def test_no_suggestions_yet(app, clean_db):
    with app.app_context():
        assert voice_figures()["total"] == Row(0, 0, None)
    section = soup(app.test_client().get("/en/stats")).select_one("#section-voice").find_parent("section")
    assert "– Average time to answer" in [li.get_text(" ", strip=True) for li in section.select(".figure")]
