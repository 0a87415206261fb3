"""Building giving data through the public forms and the console, as residents and officers do."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from alleyweb.extensions import db
from alleyweb.giving import services
from alleyweb.giving.models import Application, Pledge, Project, Volunteer
from alleyweb.submissions.models import Submission
from tests.helpers import soup

YANGDONG = "2914057500"
NONGSEONG1 = "2914065000"

PLEDGE = {"donor_type": "individual", "frequency": "once", "amount_choice": "1000000", "area": "health",
          "name": "홍길동", "phone": "010 1234 5678", "dong": YANGDONG, "consent": "y"}
VOLUNTEER = {"name": "이봉사", "phone": "010-2222-3333", "birth_date": "1980-05-05", "areas": ["education", "health"],
             "talents": ["cooking", "interpreting"], "skills": "수어, 바리스타", "availability": ["weekend_morning"],
             "dong": NONGSEONG1, "languages": ["vi", "ko"], "other_languages": "Tetum", "consent": "y"}
APPLICATION = {"kind": "request", "for_whom": "self", "message": "장보기를 도와주세요.", "name": "박이웃",
               "phone": "010-3333-4444", "dong": YANGDONG, "consent": "y"}


def receipt_of(response) -> str:
    node = soup(response).select_one(".receipt-number")
    assert node is not None, soup(response).select(".error-summary li")
    return node.get_text(strip=True)


def submission(receipt: str) -> Submission:
    return db.session.scalar(select(Submission).where(Submission.receipt_no == receipt))


def pledge_of(receipt: str) -> Pledge:
    return services.pledge_for(submission(receipt))


def volunteer_of(receipt: str) -> Volunteer:
    return services.volunteer_for(submission(receipt))


def application_of(receipt: str) -> Application:
    return services.application_for(submission(receipt))


def make_project(staff, title="반찬 나눔", area="health", status="open", **values) -> Project:
    project = services.save_project(None, staff, title_ko=title, title_en=values.pop("title_en", "Side dishes"),
                                 description_ko="매주 반찬을 만들어 나눕니다.",
                                 description_en="We cook side dishes every week and share them.", area=area,
                                 dong_id=None, starts_on=date(2026, 11, 1), ends_on=None, helpers_needed=5,
                                 recipients_needed=10, status=status, **values)
    db.session.commit()
    return project


def status_page(client, receipt: str, last4: str, lang="ko"):
    return soup(client.post(f"/{lang}/status", data={"receipt_no": receipt, "phone_last4": last4}))
