"""The giving forms (pledge, volunteer, project application) and the officers' pages around them."""

from __future__ import annotations

import pytest
from freezegun import freeze_time
from sqlalchemy import select

from alleyweb.core.audit import AuditEvent
from alleyweb.extensions import db, limiter
from alleyweb.giving.models import Application, Pledge, Project
from alleyweb.submissions.models import Submission
from tests.giving_helpers import (
    APPLICATION,
    PLEDGE,
    VOLUNTEER,
    make_project,
    pledge_of,
    receipt_of,
    status_page,
    submission,
    volunteer_of,
)
from tests.helpers import count, soup
from tests.staff_helpers import make_staff, sign_in_as


@pytest.fixture(autouse=True)
def fresh_limits(app):
    """The public forms allow 10 posts an hour per address; each test starts with a clean count."""
    with app.app_context():
        limiter.reset()


def officer_client(app, role="moderator", types=(), email=None):
    user = make_staff(email or f"{role}-giving-{len(types)}@seogu.go.kr", role, types=types)
    client = app.test_client()
    sign_in_as(client, user)
    return client, user


# -- pledges ------------------------------------------------------------------------------------

@pytest.mark.parametrize("amount, message", [
    ("-50,000", "0원보다 큰 금액을 입력해 주세요"),
    ("0원", "0원보다 큰 금액을 입력해 주세요"),
    ("오만 원", "금액을 숫자로 입력해 주세요"),
    ("12.5", "금액을 숫자로 입력해 주세요"),
    ("500", "1,000원 이상 입력해 주세요"),
    ("99999999999999", "온라인 약정은 총 100억 원까지"),
])
def test_a_wrong_amount_is_refused_with_a_clear_message_and_the_answers_kept(ctx, amount, message):
    response = ctx.test_client().post("/ko/donate", data={**PLEDGE, "amount_choice": "other", "amount_other": amount})
    assert response.status_code == 400
    page = soup(response)
    assert page.title.get_text().startswith("오류:")
    summary = page.select_one(".error-summary a")
    assert summary["href"] == "#amount_other" and message in summary.get_text()
    assert page.select_one("#amount_other")["value"] == amount and page.select_one("#name")["value"] == "홍길동"
    assert count(Submission) == 0 and count(Pledge) == 0


def test_the_monthly_total_counts_against_the_limit_and_for_the_tier(ctx):
    client = ctx.test_client()
    too_much = {**PLEDGE, "frequency": "monthly", "months": "60", "amount_choice": "other",
                "amount_other": "200,000,000"}
    assert client.post("/en/donate", data=too_much).status_code == 400
    receipt = receipt_of(client.post("/en/donate", data={**too_much, "amount_other": "１，０００，０００원"}))
    pledge = pledge_of(receipt)
    assert (pledge.amount, pledge.months, pledge.total, pledge.frequency) == (1_000_000, 60, 60_000_000, "monthly")
    assert submission(receipt).details["tier_label"] == "5,000만 원"
    assert submission(receipt).lang == "en" and submission(receipt).phone == "010-1234-5678"


def test_an_honors_pledge_follows_the_honors_path(ctx):
    page = soup(ctx.test_client().post("/ko/donate", data={**PLEDGE, "amount_choice": "100000000",
                                                            "hall_of_fame": "y", "display_name": "홍길동 가족"}))
    honors = page.select_one(".honors-box")
    assert "서구 아너스" in honors.h2.get_text() and "1억 원 등급" in honors.get_text()
    assert "명예의 전당" in honors.get_text()
    small = soup(ctx.test_client().post("/ko/donate", data=PLEDGE))
    assert small.select_one(".honors-box") is None and "담당자가 전화로 약정을 확인" in small.get_text()


def test_the_tiers_come_from_the_configuration(app, clean_db):
    tiers = app.config["HONORS_TIERS"]
    app.config["HONORS_TIERS"] = (10_000_000, 20_000_000)
    try:
        page = soup(app.test_client().get("/en/donate"))
        assert [li.get_text(strip=True) for li in page.select(".tier-list li")] == [
            "₩10 million", "₩20 million or more"]
        presets = [label.get_text(strip=True) for label in page.select('label[for^="amount_choice-"]')]
        assert "₩20 million (Seo-gu Honors)" in presets and presets[-1] == "Another amount"
    finally:
        app.config["HONORS_TIERS"] = tiers


def test_business_and_hall_of_fame_answers_are_checked(ctx):
    response = ctx.test_client().post("/ko/donate", data={**PLEDGE, "donor_type": "business", "hall_of_fame": "y",
                                                           "business_number": "123-45-67890"})
    links = {a["href"] for a in soup(response).select(".error-summary a")}
    assert response.status_code == 400 and {"#business_name", "#display_name", "#business_number"} <= links


def test_hostile_input_never_breaks_the_form(ctx):
    client = ctx.test_client()
    for data in [{**PLEDGE, "message": "가" * 10_000}, {**PLEDGE, "name": "홍\x00길동"},
                 {**PLEDGE, "amount_choice": "9999"}, {**PLEDGE, "area": "nowhere"},
                 {**PLEDGE, "amount_choice": "other", "amount_other": "😀" * 20}]:
        assert client.post("/ko/donate", data=data).status_code == 400
    assert count(Submission) == 0
    receipt = receipt_of(client.post("/ko/donate", data={**PLEDGE, "name": "ᄒᆞᆫ길동", "message": "😀 고맙습니다"}))
    assert submission(receipt).details["message"] == "😀 고맙습니다"


def test_robots_and_double_clicks(ctx):
    client = ctx.test_client()
    assert client.post("/ko/donate", data={**PLEDGE, "website": "http://spam"}).status_code == 302
    data = {**PLEDGE, "idempotency_key": "pledge-twice"}
    first, second = receipt_of(client.post("/ko/donate", data=data)), receipt_of(client.post("/ko/donate", data=data))
    assert first == second and count(Submission) == 1 and count(Pledge) == 1


# -- volunteers ---------------------------------------------------------------------------------

def test_a_volunteer_signs_up_with_searchable_tags(ctx):
    response = ctx.test_client().post("/ko/volunteer", data=VOLUNTEER)
    assert response.headers["Cache-Control"] == "no-store"
    volunteer = volunteer_of(receipt_of(response))
    tags = {(t.kind, t.value) for t in volunteer.tags}
    assert {("area", "education"), ("area", "health"), ("talent", "cooking"), ("skill", "수어"),
            ("skill", "바리스타"), ("availability", "weekend_morning"), ("language", "vi"),
            ("language", "tetum")} <= tags
    details = volunteer.submission.details
    assert details["talents_label"] == "요리·반찬, 통역·번역, 수어, 바리스타"
    assert details["languages_label"] == "한국어, 베트남어, tetum" or details["languages_label"].startswith("베트남어")
    assert volunteer.dong.code == VOLUNTEER["dong"] and not volunteer.under_14


@freeze_time("2026-11-20 03:00:00")
def test_under_14_needs_a_guardian_before_anything_is_stored(ctx):
    client = ctx.test_client()
    child = {**VOLUNTEER, "birth_date": "2013-05-05"}
    response = client.post("/ko/volunteer", data=child)
    assert response.status_code == 400 and count(Submission) == 0
    links = {a["href"] for a in soup(response).select(".error-summary a")}
    assert {"#guardian_name", "#guardian_phone", "#guardian_consent"} <= links
    # Fourteen today: no guardian needed.
    assert client.post("/ko/volunteer", data={**VOLUNTEER, "birth_date": "2012-11-20"}).status_code == 200
    assert client.post("/ko/volunteer", data={**VOLUNTEER, "birth_date": "2030-01-01"}).status_code == 400
    receipt = receipt_of(client.post("/ko/volunteer", data={
        **child, "guardian_name": "김보호", "guardian_phone": "010-8888-9999", "guardian_consent": "y"}))
    volunteer = volunteer_of(receipt)
    assert volunteer.under_14 and "김보호" in volunteer.submission.details["guardian_label"]
    staff, _user = officer_client(ctx)
    page = soup(staff.get(f"/ko/staff/submissions/{volunteer.submission_id}"))
    assert "보호자에게 전화해 동의를 확인" in page.select_one(".giving-panel").get_text()


def test_volunteer_search_by_area_talent_dong_availability_and_language(ctx):
    client = ctx.test_client()
    receipts = [receipt_of(client.post("/ko/volunteer", data=VOLUNTEER)),
                receipt_of(client.post("/ko/volunteer", data={**VOLUNTEER, "name": "정통역", "phone": "010-1111-2222",
                                                                "areas": ["network"], "talents": ["interpreting"],
                                                                "skills": "", "dong": "", "languages": ["zh"],
                                                                "other_languages": "",
                                                                "availability": ["weekday_evening"]})),
                receipt_of(client.post("/ko/volunteer", data={**VOLUNTEER, "name": "대기중",
                                                                "phone": "010-1111-3333"}))]
    staff, _user = officer_client(ctx)
    for receipt in receipts[:2]:
        staff.post(f"/ko/staff/submissions/{submission(receipt).id}", data={"decision": "approve", "reason": ""})

    def names(**query):
        page = soup(staff.get("/ko/staff/volunteers", query_string=query))
        return sorted(a.get_text(strip=True) for a in page.select("tbody td:first-child a"))

    assert names() == ["이*사", "정*역"]  # the one awaiting approval is not listed; names masked
    assert names(area="health") == ["이*사"] and names(area="network") == ["정*역"]
    assert names(talent="interpreting") == ["이*사", "정*역"] and names(talent="cooking") == ["이*사"]
    assert names(skill="수어") == ["이*사"] and names(skill="없는기술") == []
    empty = soup(staff.get("/ko/staff/volunteers", query_string={"skill": "없는기술"}))
    assert empty.select_one("tbody td")["colspan"] == str(len(empty.select("thead th")))  # the row spans the table
    assert names(availability="weekday_evening") == ["정*역"]
    assert names(language="zh") == ["정*역"] and names(language="vi") == ["이*사"]
    nongseong = str(volunteer_of(receipts[0]).dong_id)
    assert names(dong=nongseong) == ["이*사", "정*역"]  # the second goes anywhere
    page = soup(staff.get("/ko/staff/volunteers")).get_text()
    assert "010-2222-3333" not in page and "010-****-3333" in page


# -- projects -----------------------------------------------------------------------------------

def test_projects_list_and_page_in_both_languages(ctx):
    officer = make_staff("projects@seogu.go.kr", "moderator")
    open_project = make_project(officer, "반찬 나눔", "health", title_en="Side dishes")
    make_project(officer, "공부방", "education", status="closed", title_en="Study room")
    client = ctx.test_client()
    page = soup(client.get("/en/projects"))
    titles = [a.get_text(strip=True) for a in page.select(".project-title a")]
    assert titles == ["Side dishes", "Study room"]
    assert [a.get_text(strip=True) for a in soup(client.get("/ko/projects?area=education")).select(
        ".project-title a")] == ["공부방"]
    assert client.get("/ko/projects?area=<script>").status_code == 200
    detail = soup(client.get(f"/ko/projects/{open_project.id}"))
    assert detail.h1.get_text(strip=True) == "반찬 나눔" and detail.select_one('form input[name="kind"][value="offer"]')
    assert client.get("/ko/projects/99999").status_code == 404


def test_asking_for_a_neighbour_needs_their_consent_which_is_recorded(ctx):
    project = make_project(make_staff("n@seogu.go.kr", "moderator"))
    client = ctx.test_client()
    data = {**APPLICATION, "for_whom": "neighbour", "neighbour_name": "김옆집", "neighbour_phone": "062 360 7114"}
    response = client.post(f"/ko/projects/{project.id}", data=data)
    assert response.status_code == 400 and count(Application) == 0
    assert soup(response).select_one('.error-summary a[href="#neighbour_consent"]')
    receipt = receipt_of(client.post(f"/ko/projects/{project.id}", data={**data, "neighbour_consent": "y"}))
    item = submission(receipt)
    assert item.details["neighbour_name"] == "김옆집" and item.details["neighbour_phone"] == "062-360-7114"
    assert "이웃의 동의를 받았다고 확인함" in item.details["neighbour_consent_label"]
    application = db.session.scalar(select(Application))
    assert (application.kind, application.for_whom, application.state) == ("request", "neighbour", "applied")


def test_a_closed_project_takes_nothing(ctx):
    project = make_project(make_staff("c@seogu.go.kr", "moderator"), status="closed")
    response = ctx.test_client().post(f"/ko/projects/{project.id}", data=APPLICATION)
    assert response.status_code == 400 and count(Submission) == 0
    assert "마감된 사업" in soup(response).select_one(".error-summary").get_text()


def test_officers_publish_and_change_projects_with_checks_and_audit(ctx):
    staff, _user = officer_client(ctx)
    bad = staff.post("/ko/staff/projects/new", data={"title_ko": "", "area": "health", "starts_on": "2026-12-01",
                                                     "ends_on": "2026-11-01", "helpers_needed": "-1"})
    links = {a["href"] for a in soup(bad).select(".error-summary a")}
    assert bad.status_code == 400 and {"#title_ko", "#title_en", "#ends_on", "#helpers_needed"} <= links
    good = {"title_ko": "김장 나눔", "title_en": "Kimchi making", "description_ko": "함께 김장해요.",
            "description_en": "Making kimchi together.", "area": "network", "dong": "", "starts_on": "2026.12.5",
            "ends_on": "", "helpers_needed": "20", "recipients_needed": "50", "project_status": "open"}
    response = staff.post("/ko/staff/projects/new", data=good)
    project = db.session.scalar(select(Project))
    assert response.status_code == 302 and project.starts_on.isoformat() == "2026-12-05" and project.dong_id is None
    form = soup(staff.get(f"/ko/staff/projects/{project.id}"))
    assert form.select_one("#title_en")["value"] == "Kimchi making"
    assert form.select_one('input[name="project_status"][value="open"]').has_attr("checked")
    staff.post(f"/ko/staff/projects/{project.id}", data={**good, "project_status": "closed"})
    db.session.refresh(project)
    assert project.status == "closed"
    actions = list(db.session.scalars(select(AuditEvent.action).where(AuditEvent.action.like("project.%"))))
    assert actions == ["project.create", "project.update"]
    viewer, _ = officer_client(ctx, "viewer", email="viewer-giving@seogu.go.kr")
    assert viewer.get(f"/ko/staff/projects/{project.id}").status_code == 200
    assert viewer.post(f"/ko/staff/projects/{project.id}", data=good).status_code == 403
    assert viewer.post("/ko/staff/projects/new", data=good).status_code == 403
    limited, _ = officer_client(ctx, "moderator", types=["store_request"], email="stores-only@seogu.go.kr")
    # A kind of submission the officer may not see: the same 404 on every staff page (staff.access.require_type).
    assert limited.get("/ko/staff/projects").status_code == 404
    assert limited.get("/ko/staff/volunteers").status_code == 404


# -- the lifecycle's guards ---------------------------------------------------------------------

def test_pledge_steps_are_guarded(ctx):
    receipt = receipt_of(ctx.test_client().post("/ko/donate", data=PLEDGE))
    pledge = pledge_of(receipt)
    staff, _ = officer_client(ctx)

    def notice(url, **data):
        return soup(staff.post(f"/ko/staff/pledges/{pledge.id}/{url}", data=data, follow_redirects=True)).select_one(
            ".notices").get_text(" ", strip=True)

    assert "완납되지 않은 약정" not in notice("recognise") and pledge.state == "pledged"
    assert "확인된 약정" in notice("payments", amount="1,000", paid_on="2026-11-20")
    notice("confirm")
    assert "남은 금액(1,000,000원)보다 많습니다" in notice("payments", amount="2,000,000", paid_on="2026-11-20")
    assert "미래의 날짜" in notice("payments", amount="1,000", paid_on="2099-01-01")
    assert "사유를 입력해 주세요" in notice("withdraw", note="")
    db.session.refresh(pledge)
    assert pledge.state == "confirmed" and pledge.paid_total == 0
    # The console offers only "ask for more information" on a pledge, and bulk decisions skip it.
    page = soup(staff.get(f"/ko/staff/submissions/{pledge.submission_id}"))
    assert [i["value"] for i in page.select('input[name="decision"]')] == ["needs_info"]
    assert staff.post(f"/ko/staff/submissions/{pledge.submission_id}",
                      data={"decision": "approve", "reason": ""}).status_code == 400
    staff.post("/ko/staff/submissions/bulk-decide", data={"ids": [str(pledge.submission_id)],
                                                          "bulk-decision": "reject", "bulk-reason": "x"})
    assert submission(receipt).status == "approved"
    viewer, _ = officer_client(ctx, "viewer", email="v2@seogu.go.kr")
    assert viewer.post(f"/ko/staff/pledges/{pledge.id}/withdraw", data={"note": "x"}).status_code == 403


def test_exports_mask_giving_details(ctx):
    receipt = receipt_of(ctx.test_client().post("/ko/donate", data={**PLEDGE, "message": "익명으로 해 주세요"}))
    viewer, _ = officer_client(ctx, "viewer", email="export-viewer@seogu.go.kr")
    body = viewer.get("/ko/staff/submissions/export?format=csv&type=pledge").data.decode("utf-8-sig")
    assert receipt in body and "1,000,000원" in body and "익명으로" not in body and "010-****-5678" in body


def test_status_page_in_english_names_the_steps(ctx):
    receipt = receipt_of(ctx.test_client().post("/en/donate", data=PLEDGE))
    pledge = pledge_of(receipt)
    staff, _ = officer_client(ctx)
    staff.post(f"/ko/staff/pledges/{pledge.id}/confirm", data={"note": "Thank you, we spoke on the phone."})
    page = status_page(ctx.test_client(), receipt, "5678", lang="en")
    # The badge names the stage the step list highlights; the pledge's own step follows it.
    assert page.select_one(".status-result .badge").get_text(strip=True) == "Being checked"
    assert page.select_one(".status-result .badge").parent.get_text(" ", strip=True) == "Being checked · Confirmed"
    assert [li.strong.get_text() for li in page.select(".history li")] == ["Pledged", "Confirmed"]




@pytest.mark.parametrize(("lang", "mark"), [("ko", "(14세 미만이면 필수)"), ("en", "(required if under 14)")])
def test_guardian_fields_say_when_they_are_required(ctx, lang, mark):
    # The server requires them under 14 (the test above): the labels must not call them optional.
    page = soup(ctx.test_client().get(f"/{lang}/volunteer"))
    for name in ("guardian_name", "guardian_phone"):
        label = page.select_one(f'label[for="{name}"]')
        assert label.select_one(".optional") is None
        assert label.select_one(".required").get_text() == mark
    # Other optional fields keep their own mark.
    assert page.select_one('label[for="skills"] .optional') is not None
