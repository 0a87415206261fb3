"""Demo giving data for `make run`: sharing projects with offers and requests at every step, pledges
(two at Seo-gu Honors tiers, on the hall of fame) and volunteers. Invented people; only when there
are no projects yet (idempotent)."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from alleyweb.dongs.models import Dong
from alleyweb.extensions import db
from alleyweb.giving import intake as giving_intake
from alleyweb.giving import services
from alleyweb.giving.models import Project
from alleyweb.submissions.intake import store
from alleyweb.submissions.services import decide_submissions

PROJECTS = [
    # (title ko, title en, area, dong code, helpers, recipients, description ko, description en)
    ("어르신 반찬 나눔", "Side dishes for older neighbours", "health", "2914057500", 6, 20,
     "매주 토요일 오전 동 행정복지센터 조리실에서 반찬을 만들어 홀로 사는 어르신 댁에 전해 드립니다.",
     "Every Saturday morning we cook side dishes at the community centre kitchen and bring them to older "
     "neighbours who live alone."),
    ("다문화 가정 아이 공부방", "Study club for children of multicultural families", "education", "2914065000", 4, 12,
     "평일 저녁 초등학생의 숙제와 한국어 공부를 도와 주실 분을 찾습니다.",
     "We are looking for people to help primary school children with homework and Korean on weekday "
     "evenings."),
    ("골목 집수리 봉사", "Home repairs in the alleys", "talent", "2914066000", 5, 8,
     "전기, 도배, 방충망 등 작은 집수리가 필요한 이웃을 찾아 고쳐 드립니다.",
     "We fix small things for neighbours who need them: lights, wallpaper, window screens."),
    ("김장 나눔", "Kimchi making", "network", "2914057500", 0, 0,
     "올해 김장 나눔은 마감되었습니다. 함께해 주신 분들께 감사드립니다.",
     "This year's kimchi making has closed. Thank you to everyone who took part."),
]


class _SystemOfficer:
    """Steps taken by the demo seed, recorded without an officer."""

    id = None


def seed_demo_giving() -> int:
    """Returns how many projects were added."""
    if db.session.scalar(select(func.count()).select_from(Project)):
        return 0
    system = _SystemOfficer()
    dongs = {d.code: d for d in db.session.scalars(select(Dong))}
    today = date.today()
    projects = []
    for title_ko, title_en, area, code, helpers, recipients, text_ko, text_en in PROJECTS:
        closed = helpers == 0
        projects.append(services.save_project(
            None, system, title_ko=title_ko, title_en=title_en, area=area, dong_id=dongs[code].id,
            description_ko=text_ko, description_en=text_en,
            starts_on=today - timedelta(days=60 if closed else 10), ends_on=today - timedelta(days=5) if closed
            else today + timedelta(days=80), helpers_needed=helpers, recipients_needed=recipients,
            status="closed" if closed else "open"))

    def application(project, kind, name, phone, message):
        submission = store(giving_intake.application(project, giving_intake.ApplicationInput(
            kind=kind, for_whom="self", message=message, neighbour_name="", neighbour_phone="",
            neighbour_consent=False, name=name, phone=phone, dong_id=project.dong_id)), "ko")
        return services.application_for(submission)

    dishes, study, repairs = projects[:3]
    cook = application(dishes, "offer", "박나눔", "010-3100-2001", "토요일 오전마다 반찬 만들기를 돕겠습니다.")
    eater = application(dishes, "request", "김순례", "010-3100-2002", "혼자 지내서 반찬을 받고 싶습니다.")
    services.connect_application(cook, system, "토요일 오전 9시 조리실에서 뵙겠습니다.", partner=eater)
    services.complete_application(eater, system, "11월 첫째 주부터 반찬을 전해 드리고 있습니다.")
    application(study, "offer", "Nguyen Thi Lan", "010-3100-2003", "I can help children with Korean and Vietnamese.")
    application(repairs, "request", "이정숙", "010-3100-2004", "방충망이 찢어져 수리가 필요합니다.")

    def pledge(name, amount, *, frequency="once", months=1, area="any", hall_of_fame=False, display=""):
        submission = store(giving_intake.pledge(giving_intake.PledgeInput(
            donor_type="individual", business_name="", business_number="", frequency=frequency, amount=amount,
            months=months, area=area, hall_of_fame=hall_of_fame, display_name=display, receipt=True, message="",
            name=name, phone="010-3200-1000", dong_id=dongs["2914057500"].id)), "ko")
        return services.pledge_for(submission)

    honors = pledge("최나눔", 100_000_000, area="education", hall_of_fame=True, display="최나눔")
    services.confirm_pledge(honors, system, "아너스 가입을 환영합니다.")
    services.record_payment(honors, system, 100_000_000, today - timedelta(days=3))
    tier = pledge("정다운", 30_000_000, area="health", hall_of_fame=True, display="정다운 가족")
    services.confirm_pledge(tier, system)
    monthly = pledge("한마음", 100_000, frequency="monthly", months=12, area="education")
    services.confirm_pledge(monthly, system)
    services.record_payment(monthly, system, 100_000, today - timedelta(days=20))
    pledge("오새싹", 50_000)

    volunteer = store(giving_intake.volunteer(giving_intake.VolunteerInput(
        name="강봉사", phone="010-3300-4001", birth_date=date(1968, 3, 2), under_14=False, guardian_name="",
        guardian_phone="", areas=["health", "talent"], talents=["cooking", "repairs"], skills=["수어"],
        availability=["weekend_morning"], languages=["en"], other_languages=[], dong_id=dongs["2914057500"].id,
        details={"birth_date": "1968-03-02", "areas_label": "건강, 재능 나눔",
                 "talents_label": "요리와 반찬, 청소와 집수리, 수어", "availability_label": "주말 오전",
                 "languages_label": "영어", "dong_label": "양동", "message": "주말에 시간이 납니다."})), "ko")
    decide_submissions([volunteer], system, "approve", "")
    store(giving_intake.volunteer(giving_intake.VolunteerInput(
        name="Tran Van Minh", phone="010-3300-4002", birth_date=date(1990, 8, 15), under_14=False, guardian_name="",
        guardian_phone="", areas=["education"], talents=["interpreting", "tutoring"], skills=[],
        availability=["weekday_evening"], languages=["vi"], other_languages=[], dong_id=None,
        details={"birth_date": "1990-08-15", "areas_label": "교육", "talents_label": "통역과 번역, 가르치기",
                 "availability_label": "평일 저녁", "languages_label": "베트남어", "dong_label": "서구 어디든",
                 "message": "I can interpret Vietnamese."})), "en")
    db.session.commit()
    return len(projects)
