"""From the form, through triage, merging and a visit's agenda, to the answer: on each merchant's status
page in their language, and on the public Alley Office page, anonymised, only where allowed."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from freezegun import freeze_time
from sqlalchemy import func, select

from alleyweb.extensions import db
from alleyweb.submissions.services import purge_expired
from alleyweb.voice.models import AlleyOfficeVisit
from tests.helpers import audit_count, soup
from tests.staff_helpers import staff_client
from tests.voice_helpers import YANGDONG, send, status_page, suggestion


def officer(app, role="moderator", email="voice@seogu.go.kr", types=()):
    return staff_client(app, email, role, types=types)[0]


def reply(staff, suggestion_id, kind, text_ko):
    """An officer's reply ("update" or "answer"), written in Korean only."""
    return staff.post(f"/ko/staff/voice/suggestions/{suggestion_id}/reply",
                      data={"reply-kind": kind, "reply-text_ko": text_ko})


def history(page):
    return [li.get_text(" ", strip=True) for li in page.select(".status-result .history li")]


def test_a_suggestion_goes_from_the_form_to_a_published_answer(ctx):
    """The issue's "done when": form → triage (urgency, tags, department) → merge a duplicate → a visit's
    agenda → the answer, which each merchant sees on the status page in their language, and which the
    Alley Office page publishes, anonymised, because the first merchant allowed it."""
    public = ctx.test_client()
    first = send(public, message="양동상회 앞 골목 입구에 불법 주차가 많아 손님이 못 들어옵니다. 홍길동 010-2222-3333")
    second = send(public, lang="en", message="Cars park at the alley entrance all day.", name="Kim Minsu",
                  store_name="Minsu Bakery", phone="010-4444-5555", may_publish="")
    other = send(public, topic="cleanliness", message="쓰레기 수거 시간을 바꿔 주세요.", phone="010-6666-7777")
    lead_id, second_id = suggestion(first).id, suggestion(second).id
    staff = officer(ctx)

    # Triage: urgency, tags and the department; the merchant is told which department has it.
    response = staff.post(f"/ko/staff/voice/suggestions/{lead_id}/triage", data={
        "triage-urgency": "urgent", "triage-tags": "주차, #입구, 주차", "triage-department": "transport"})
    assert response.status_code == 302
    lead = suggestion(first)
    assert (lead.urgency, lead.tags, lead.department) == ("urgent", ["주차", "입구"], "transport")
    assert "담당 부서 배정 · " in history(status_page(public, first, "3333"))[-1]
    assert "교통행정과" in history(status_page(public, first, "3333"))[-1]

    # The English duplicate joins the thread; its merchant is told, in English.
    response = staff.post(f"/ko/staff/voice/suggestions/{second_id}/merge", data={"merge-into": first.lower()})
    assert response.status_code == 302
    assert suggestion(second).thread_id == lead_id
    en_history = history(status_page(public, second, "5555", lang="en"))
    assert en_history[-1].startswith("Joined with the same suggestion from other merchants")
    assert "you will all receive one answer" in en_history[-1]

    # The triaged list shows one thread of two merchants, the most urgent first.
    listing = soup(staff.get("/ko/staff/voice"))
    rows = listing.select("table.queue tbody tr")
    assert [r.select_one("code").get_text() for r in rows] == [first, other]
    assert rows[0].select_one("td.num").get_text() == "2" and "긴급" in rows[0].get_text()

    # A visit is scheduled; the triaged thread is picked for its agenda (the untriaged one is not offered).
    visit_day = date.today() + timedelta(days=7)
    response = staff.post("/ko/staff/alley-office", data={
        "visit_date": visit_day.strftime("%Y. %m. %d."), "start_time": "14:00", "dong": str(lead.dong_id),
        "place": "양동시장 고객지원센터 앞", "host_shop": "양동 참기름집"})
    assert response.status_code == 302
    visit = db.session.scalar(select(AlleyOfficeVisit))
    page = soup(staff.get(f"/ko/staff/alley-office/{visit.id}"))
    offered = [code.get_text() for code in page.select(".candidates code")]
    assert offered == [first]
    staff.post(f"/ko/staff/alley-office/{visit.id}/agenda", data={"suggestion": str(lead_id), "action": "add"})
    assert suggestion(first).visit_id == visit.id
    on_agenda = history(status_page(public, first, "3333"))[-1]
    assert on_agenda.startswith("구청장 골목집무실 안건 채택") and visit_day.isoformat() in on_agenda
    assert "양동 참기름집" in on_agenda
    assert "On the agenda of the mayor's Alley Office" in history(status_page(public, second, "5555", "en"))[-1]
    upcoming = soup(public.get("/ko/alley-office")).select_one("#upcoming-title").find_parent("section")
    assert visit_day.isoformat() in upcoming.get_text() and "양동시장 고객지원센터 앞" in upcoming.get_text()

    # A merchant of the thread wrote in English: the reply must be written in both languages.
    response = reply(staff, lead_id, "answer", "입구에 주정차 단속 카메라를 설치합니다.")
    assert response.status_code == 400
    assert "#reply-text_en" in {a["href"] for a in soup(response).select(".error-summary a")}
    assert soup(response).select_one("#reply-text_ko").get_text().strip() == "입구에 주정차 단속 카메라를 설치합니다."

    response = staff.post(f"/ko/staff/voice/suggestions/{lead_id}/reply", data={
        "reply-kind": "answer", "reply-text_ko": "입구에 주정차 단속 카메라를 설치합니다. 홍길동 사장님 감사합니다.",
        "reply-text_en": "A parking enforcement camera will be installed at the entrance."})
    assert response.status_code == 302

    # Each merchant reads the answer in their own language; both suggestions are closed.
    ko_page = status_page(public, first, "3333")
    assert ko_page.select_one(".status-result .badge").get_text(strip=True) == "처리 완료"
    assert "답변 완료" in ko_page.select_one(".status-result .badge").parent.get_text()
    assert "주정차 단속 카메라" in history(ko_page)[-1]
    en_page = status_page(public, second, "5555", lang="en")
    assert en_page.select_one(".status-result .badge").get_text(strip=True) == "Completed"
    assert "Answered" in en_page.select_one(".status-result .badge").parent.get_text()
    assert "parking enforcement camera" in history(en_page)[-1] and "카메라" not in history(en_page)[-1]
    assert suggestion(second).submission.status == "done" and suggestion(second).answered_at is not None

    # Nothing is public until an officer has read the text and published it.
    with freeze_time(visit_day + timedelta(days=1)):
        unchecked = soup(public.get("/ko/alley-office")).select_one("#past-title").find_parent("section")
        assert not unchecked.select(".suggestion-text") and not unchecked.select(".answer-text")
    panel = soup(staff.get(f"/ko/staff/submissions/{suggestion(first).submission_id}"))
    proposed = panel.select_one("#publish-text").get_text().strip()
    assert "불법 주차가 많아" in proposed and "홍길동" not in proposed and "010-2222-3333" not in proposed
    assert staff.post(f"/ko/staff/voice/suggestions/{lead_id}/publish", data={"publish-text": ""}).status_code == 400
    response = staff.post(f"/ko/staff/voice/suggestions/{lead_id}/publish", data={
        "publish-text": proposed.replace("손님이", "손님들이") + " 홍길동"})  # checked, and the name is still removed
    assert response.status_code == 302

    # The Alley Office page, after the visit (public pages only: a frozen clock would end the staff session).
    with freeze_time(visit_day + timedelta(days=1)):
        past = soup(public.get("/ko/alley-office")).select_one("#past-title").find_parent("section")
        item = past.select_one(".agenda-item")
        text = item.get_text(" ", strip=True)
        assert "주차" in text and "상인 2명 건의" in text
        assert "불법 주차가 많아 손님들이" in item.select_one(".suggestion-text").get_text()
        assert "주정차 단속 카메라" in item.select_one(".answer-text").get_text()
        for personal in ("홍길동", "양동상회", "010-2222-3333", "2222", "Kim Minsu", "Minsu Bakery", "5555"):
            assert personal not in text, personal
        english = soup(public.get("/en/alley-office")).select_one(".agenda-item")
        assert "parking enforcement camera" in english.select_one(".answer-text").get_text()
        # The Korean suggestion on the English page: the text marked as Korean (not the page's label) and said so.
        korean_text = english.select_one(".suggestion-text")
        assert not korean_text.has_attr("lang")
        assert "불법 주차가 많아" in korean_text.select_one('span[lang="ko"]').get_text()
        assert korean_text.select_one(".lang-note").get_text() == "(written in Korean)"
        assert not english.select_one(".answer-text").select("[lang]")  # the English answer: nothing to mark

    assert {audit_count(a) for a in ("voice.triage", "voice.merge", "voice.visit_create", "voice.agenda_add",
                                 "voice.answer", "voice.publish")} == {1}

    # Years later the retention purge takes the merchants' names away: the published answer stays without them.
    later = datetime.now(UTC) + timedelta(days=4 * 365)
    assert {r.type_key: r.anonymised for r in purge_expired(now=later)}["voice_suggestion"] == 3
    db.session.commit()
    assert suggestion(first).submission.name is None and "홍길동" not in suggestion(first).answer_ko
    with freeze_time(visit_day + timedelta(days=2)):  # another day: the page drawn afresh
        text = soup(public.get("/ko/alley-office")).select_one("#past-title").find_parent("section").get_text()
        assert "주정차 단속 카메라" in text and "홍길동" not in text
    staff = officer(ctx, email="voice-again@seogu.go.kr")  # the frozen clocks ended the session
    staff.post(f"/ko/staff/voice/suggestions/{lead_id}/unpublish")
    with freeze_time(visit_day + timedelta(days=1)):
        assert not soup(public.get("/ko/alley-office")).select(".suggestion-text")


def test_nothing_is_published_without_the_merchants_permission(ctx):
    public = ctx.test_client()
    receipt = send(public, may_publish="", message="가로등이 고장 났습니다.")
    row = suggestion(receipt)
    staff = officer(ctx)
    staff.post(f"/ko/staff/voice/suggestions/{row.id}/triage", data={"triage-urgency": "high"})
    staff.post("/ko/staff/alley-office", data={"visit_date": (date.today() - timedelta(days=3)).isoformat(),
                                               "dong": str(row.dong_id), "place": "시장 입구", "host_shop": "가게"})
    visit = db.session.scalar(select(AlleyOfficeVisit))
    staff.post(f"/ko/staff/alley-office/{visit.id}/agenda", data={"suggestion": str(row.id)})
    reply(staff, row.id, "answer", "가로등을 고쳤습니다.")
    item = soup(public.get("/ko/alley-office")).select_one(".agenda-item")
    assert "시설·안전" not in item.get_text() and "주차" in item.get_text()  # the topic only
    assert "가로등" not in item.get_text() and not item.select(".answer-text")
    assert "공개를 원하지 않아" in item.get_text()
    assert "가로등을 고쳤습니다." in history(status_page(public, receipt, "3333"))[-1]


def test_progress_updates_keep_the_suggestion_open(ctx):
    public = ctx.test_client()
    receipt = send(public)
    staff = officer(ctx)
    reply(staff, suggestion(receipt).id, "update", "현장을 확인하고 있습니다.")
    page = status_page(public, receipt, "3333")
    assert "구청의 중간 답변" in page.select_one(".status-result .badge").parent.get_text()
    assert "현장을 확인하고 있습니다." in history(page)[-1]
    row = suggestion(receipt)
    assert row.answered_at is None and row.submission.status == "received"


def test_an_agenda_takes_at_most_three_and_only_open_triaged_threads(ctx):
    public = ctx.test_client()
    receipts = [send(public, message=f"건의 {i}") for i in range(4)]
    staff = officer(ctx)
    for receipt in receipts:
        staff.post(f"/ko/staff/voice/suggestions/{suggestion(receipt).id}/triage", data={"triage-urgency": "normal"})
    staff.post("/ko/staff/alley-office", data={"visit_date": "2030-05-01", "dong": str(suggestion(receipts[0]).dong_id),
                                               "place": "A", "host_shop": "B"})
    staff.post("/ko/staff/alley-office", data={"visit_date": "2030-06-01", "dong": str(suggestion(receipts[0]).dong_id),
                                               "place": "C", "host_shop": "D"})
    first, second = db.session.scalars(select(AlleyOfficeVisit).order_by(AlleyOfficeVisit.visit_date)).all()
    for receipt in receipts:
        staff.post(f"/ko/staff/alley-office/{first.id}/agenda", data={"suggestion": str(suggestion(receipt).id)})
    assert [suggestion(r).visit_id for r in receipts] == [first.id] * 3 + [None]
    page = soup(staff.get(f"/ko/staff/alley-office/{first.id}"))
    assert "안건이 이미 3건입니다." in page.get_text()
    assert not page.select("button[value=add]")
    # on another agenda already
    staff.post(f"/ko/staff/alley-office/{second.id}/agenda", data={"suggestion": str(suggestion(receipts[0]).id)})
    assert suggestion(receipts[0]).visit_id == first.id
    # taken off, it is offered again
    staff.post(f"/ko/staff/alley-office/{first.id}/agenda", data={"suggestion": str(suggestion(receipts[0]).id),
                                                                  "action": "remove"})
    assert suggestion(receipts[0]).visit_id is None
    assert audit_count("voice.agenda_remove") == 1


def test_viewers_see_but_cannot_act_and_other_types_officers_get_404(ctx):
    public = ctx.test_client()
    row_id = suggestion(send(public)).id
    viewer = officer(ctx, role="viewer", email="viewer@seogu.go.kr")
    assert viewer.get("/ko/staff/voice").status_code == 200
    page = soup(viewer.get(f"/ko/staff/submissions/{suggestion(send(public)).submission_id}"))
    assert page.select_one("#voice") and not page.select("#voice form")
    assert viewer.post(f"/ko/staff/voice/suggestions/{row_id}/triage",
                       data={"triage-urgency": "urgent"}).status_code == 403
    assert viewer.post("/ko/staff/alley-office", data={"visit_date": "2030-01-01"}).status_code == 403
    limited = officer(ctx, email="stores-only@seogu.go.kr", types=["store_request"])
    assert limited.get("/ko/staff/voice").status_code == 404
    assert limited.get("/ko/staff/alley-office").status_code == 404
    assert limited.post(f"/ko/staff/voice/suggestions/{row_id}/triage",
                        data={"triage-urgency": "urgent"}).status_code == 404
    assert suggestion(send(public)).urgency is None


def test_the_console_masks_personal_data_for_viewers_and_warns_about_english(ctx):
    public = ctx.test_client()
    receipt = send(public, lang="en")
    admin = officer(ctx, role="admin", email="admin@seogu.go.kr")
    page = soup(admin.get(f"/ko/staff/submissions/{suggestion(receipt).submission_id}"))
    assert "영어로 건의한 상인이 있습니다" in page.select_one("#voice").get_text()
    assert page.select_one("#reply-text_en") and page.select_one("#reply-text_ko") is None
    viewer = officer(ctx, role="viewer", email="viewer2@seogu.go.kr")
    page = soup(viewer.get(f"/ko/staff/submissions/{suggestion(receipt).submission_id}"))
    text = page.get_text()
    assert "홍길동" not in text and "양동상회" not in text and "홍*동" in text


def test_merging_checks_the_receipt_and_a_split_undoes_it(ctx):
    public = ctx.test_client()
    a, b = send(public), send(public, message="같은 문제")
    staff = officer(ctx)
    bad = staff.post(f"/ko/staff/voice/suggestions/{suggestion(b).id}/merge", data={"merge-into": "ZZZZZ-ZZZZZ"})
    assert bad.status_code == 400
    assert "그 접수번호의 건의가 없습니다" in soup(bad).select_one(".error-summary").get_text()
    same = staff.post(f"/ko/staff/voice/suggestions/{suggestion(a).id}/merge", data={"merge-into": a})
    assert same.status_code == 400
    staff.post(f"/ko/staff/voice/suggestions/{suggestion(b).id}/merge", data={"merge-into": a})
    assert suggestion(b).thread_id == suggestion(a).id
    assert "다른 상인도 같은 문제를 건의했습니다" in history(status_page(public, b, "3333"))[-1]
    staff.post(f"/ko/staff/voice/suggestions/{suggestion(b).id}/split")
    assert suggestion(b).thread_id is None and audit_count("voice.split") == 1


def test_a_merchant_joining_an_answered_thread_gets_the_answer(ctx):
    public = ctx.test_client()
    a = send(public)
    staff = officer(ctx)
    reply(staff, suggestion(a).id, "answer", "단속을 늘립니다.")
    late = send(public, lang="en", phone="010-8888-9999")
    staff.post(f"/ko/staff/voice/suggestions/{suggestion(late).id}/merge", data={"merge-into": a})
    page = status_page(public, late, "9999", lang="en")
    assert page.select_one(".status-result .badge").get_text(strip=True) == "Completed"
    assert "Answered" in page.select_one(".status-result .badge").parent.get_text()
    assert "단속을 늘립니다." in history(page)[-1]


def test_tags_and_visit_forms_explain_mistakes(ctx):
    row_id = suggestion(send(ctx.test_client())).id
    staff = officer(ctx)
    response = staff.post(f"/ko/staff/voice/suggestions/{row_id}/triage", data={
        "triage-urgency": "", "triage-tags": ",".join(f"t{i}" for i in range(9))})
    assert response.status_code == 400
    assert {a["href"] for a in soup(response).select(".error-summary a")} == {"#triage-urgency", "#triage-tags"}
    response = staff.post("/ko/staff/alley-office", data={"visit_date": "2030-02-30", "start_time": "25:00",
                                                          "dong": "", "place": "", "host_shop": ""})
    assert response.status_code == 400
    assert {a["href"] for a in soup(response).select(".error-summary a")} == {
        "#visit_date", "#start_time", "#dong", "#place", "#host_shop"}
    assert db.session.scalar(select(func.count()).select_from(AlleyOfficeVisit)) == 0


def test_a_visit_can_be_changed(ctx):
    staff = officer(ctx)
    staff.post("/ko/staff/alley-office", data={"visit_date": "2030-05-01", "dong": "1", "place": "A",
                                               "host_shop": "B"})
    visit = db.session.scalar(select(AlleyOfficeVisit))
    form = soup(staff.get(f"/ko/staff/alley-office/{visit.id}"))
    assert form.select_one("#place")["value"] == "A"
    staff.post(f"/ko/staff/alley-office/{visit.id}", data={"visit_date": "2030-05-02", "dong": "1", "place": "새 장소",
                                                           "host_shop": "B"})
    db.session.refresh(visit)
    assert (visit.visit_date, visit.place) == (date(2030, 5, 2), "새 장소") and audit_count("voice.visit_update") == 1


def test_the_alley_office_page_without_visits(ctx):
    page = soup(ctx.test_client().get("/en/alley-office"))
    assert page.h1.get_text(strip=True) == "The mayor's Alley Office"
    assert len(page.select(".empty-state")) == 2
    assert page.select_one('a[href="/en/suggestions/new"]')


def test_yangdong_is_the_default_dong_of_the_helpers():
    assert YANGDONG == "2914057500"


def test_the_demo_data_shows_every_stage_and_loads_once(ctx):
    from alleyweb.voice.demo import seed_demo_voice
    from alleyweb.voice.models import Suggestion

    assert seed_demo_voice() == 8 and seed_demo_voice() == 0
    db.session.commit()  # the test is the boundary that commits (as `flask seed demo` is)
    rows = db.session.scalars(select(Suggestion)).all()
    assert len([r for r in rows if r.answered_at]) == 3  # two agenda threads, one of two merchants
    assert len([r for r in rows if r.thread_id]) == 1 and len([r for r in rows if r.urgency is None]) == 3
    page = soup(ctx.test_client().get("/en/alley-office"))
    assert len(page.select("#upcoming-title ~ .visit")) == 1
    answers = [p.get_text(" ", strip=True) for p in page.select(".answer-text")]
    assert len(answers) == 2 and "parking enforcement" in answers[0]


def test_the_alley_office_page_shows_every_change_at_once(ctx):
    """The page's body is kept per language and day for the voice, stores and dongs data versions: a visit
    scheduled, cancelled or moved (by any code path: the version follows every flush of a visit or a
    suggestion) and a dong renamed show on the next request."""
    from alleyweb.core.cache import bump
    from alleyweb.core.dates import seoul_today
    from alleyweb.dongs.models import Dong
    from alleyweb.dongs.services import DONGS_VERSION

    public = ctx.test_client()

    def titles():
        return [h.get_text(" ", strip=True) for h in soup(public.get("/en/alley-office")).select(".visit-title")]

    assert titles() == []
    dong = db.session.scalar(select(Dong).where(Dong.code == YANGDONG))
    visit = AlleyOfficeVisit(visit_date=seoul_today() + timedelta(days=7), dong_id=dong.id, place="시장 앞",
                             host_shop="가게")
    db.session.add(visit)
    db.session.commit()
    when = visit.visit_date.isoformat()
    assert titles() == [f"{when} · {dong.name_en}"]
    visit.state = "cancelled"
    db.session.commit()
    assert titles() == [f"{when} · {dong.name_en} Cancelled"]
    visit.visit_date = seoul_today() - timedelta(days=1)  # now a past visit
    db.session.commit()
    assert titles() == [f"{visit.visit_date.isoformat()} · {dong.name_en} Cancelled"]
    assert len(soup(public.get("/en/alley-office")).select(".empty-state")) == 1  # no upcoming visit
    name_en = dong.name_en
    try:  # the dongs are reference data, kept from test to test: the old name is put back
        dong.name_en = "Yang-dong (renamed)"
        bump(DONGS_VERSION)  # as dongs.services.sync_dongs does
        db.session.commit()
        assert titles() == [f"{visit.visit_date.isoformat()} · Yang-dong (renamed) Cancelled"]
    finally:
        dong.name_en = name_en
        bump(DONGS_VERSION)
        db.session.commit()
