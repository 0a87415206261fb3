"""Applying in person at the dong's administrative welfare centre is a program fact staff confirm: the dong
page lists a program as one to apply for there only when the fact says yes, lists it as "to be confirmed"
with the phone while unknown, and never when it says no; seeding claims it for no program."""

from __future__ import annotations

from sqlalchemy import select

from alleyweb.core.audit import AuditEvent
from alleyweb.extensions import db
from alleyweb.programs.facts import gaps, in_person
from alleyweb.programs.models import Program
from tests.helpers import soup
from tests.staff_helpers import signed_in
from tests.test_programs_staff import form_data, taxi

YANG = "2914057500"
GAP = "동 행정복지센터 방문 신청 여부"  # the staff list's words for the missing fact


def _sections(page):
    section = page.select_one("#dong-programs").parent
    here = [a.get_text(strip=True) for a in section.select("ul.dong-in-person a")]
    unknown = [li.get_text(" ", strip=True) for li in section.select("ul.dong-in-person-tbc li")]
    return here, unknown


def test_seeding_claims_in_person_for_no_program_and_the_pages_say_to_be_confirmed(app, client, programs):
    with app.app_context():
        seeded = db.session.scalars(select(Program)).all()
        assert seeded and all(in_person(program) is None for program in seeded)
        assert all("apply_in_person" not in (program.facts or {}) for program in seeded)
        assert GAP in [str(g) for g in gaps(next(p for p in seeded if p.slug == "thousand-won-taxi"))]
    here, unknown = _sections(soup(client.get(f"/en/dongs/{YANG}")))
    assert here == []
    assert any(line.startswith("Thousand-Won Taxi : To be confirmed") and "062-360-7114" in line for line in unknown)
    assert not any("Seo-gu Honors" in line for line in unknown)  # a way to give is not applied for
    page = soup(client.get("/ko/programs/thousand-won-taxi"))
    apply = page.select_one("#fact-apply").parent.get_text(" ", strip=True)
    assert "방문 신청 사는 동의 행정복지센터: 확인 중 · 문의 062-360-7114" in apply


def test_staff_confirm_yes_or_no_audited_and_the_dong_page_follows(app, client, programs):
    staff, _ = signed_in(app, "moderator", "in-person@seogu.go.kr")
    program = taxi(app)
    url = f"/ko/staff/programs/{program.id}"
    edit = soup(staff.get(url))
    radios = edit.select('input[name="in_person_centre"]')
    assert [r["value"] for r in radios] == ["", "yes", "no"] and radios[0].has_attr("checked")
    legend = radios[0].find_parent("fieldset").select_one("legend").get_text(strip=True)
    assert "행정복지센터" in legend

    assert staff.post(url, data=form_data(program, in_person_centre="yes", action="save")).status_code == 302
    assert in_person(taxi(app)) == "yes"
    with app.app_context():
        assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "program.update"))
    here, unknown = _sections(soup(client.get(f"/en/dongs/{YANG}")))
    assert here == ["Thousand-Won Taxi"] and not any("Thousand-Won Taxi" in line for line in unknown)
    detail = soup(client.get("/en/programs/thousand-won-taxi")).select_one("#fact-apply").parent.get_text()
    assert "You can apply there in person." in detail
    with app.app_context():
        assert GAP not in [str(g) for g in gaps(taxi(app))]

    assert staff.post(url, data=form_data(program, in_person_centre="no", action="save")).status_code == 302
    here, unknown = _sections(soup(client.get(f"/en/dongs/{YANG}")))
    assert here == [] and not any("Thousand-Won Taxi" in line for line in unknown)
    # Back to "to be confirmed": the fact is gone, not kept as "no".
    assert staff.post(url, data=form_data(program, in_person_centre="", action="save")).status_code == 302
    assert in_person(taxi(app)) is None


def test_bad_values_are_refused_and_change_nothing(app, programs):
    staff, _ = signed_in(app, "moderator", "in-person-bad@seogu.go.kr")
    program = taxi(app)
    for value in ("maybe", "YES", "\x00", "예", "🏢", "1" * 5000, "ｙｅｓ"):
        response = staff.post(f"/ko/staff/programs/{program.id}", data=form_data(
            program, in_person_centre=value, action="save"))
        assert response.status_code == 400, value
        assert soup(response).select_one('.error-summary a[href^="#in_person_centre"]'), value
        assert in_person(taxi(app)) is None
