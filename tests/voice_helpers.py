"""Sending suggestions and acting on them as an officer, for the merchant-voice tests."""

from __future__ import annotations

import itertools

from sqlalchemy import select

from alleyweb.extensions import db
from alleyweb.submissions.models import Submission
from alleyweb.voice.models import Suggestion
from tests.helpers import soup

YANGDONG = "2914057500"
FORM = {"topic": "parking", "dong": YANGDONG, "message": "골목 입구 불법 주차 때문에 손님이 못 들어옵니다.",
        "name": "홍길동", "store_name": "양동상회", "phone": "010 2222 3333", "consent": "y", "may_publish": "y"}


_addresses = (f"198.51.{n // 250}.{n % 250 + 1}" for n in itertools.count())


def send(client, lang="ko", **changes) -> str:
    """Post the suggestion form (each time from another address, below the rate limit); returns the
    receipt number."""
    response = client.post(f"/{lang}/suggestions/new", data={**FORM, **changes},
                           environ_base={"REMOTE_ADDR": next(_addresses)})
    assert response.status_code == 200, soup(response).select(".error-summary li")
    return soup(response).select_one(".receipt-number").get_text(strip=True)


def suggestion(receipt: str) -> Suggestion:
    return db.session.scalar(select(Suggestion).join(Submission).where(Submission.receipt_no == receipt))


def status_page(client, receipt: str, last4: str, lang="ko"):
    return soup(client.post(f"/{lang}/status", data={"receipt_no": receipt, "phone_last4": last4},
                            environ_base={"REMOTE_ADDR": next(_addresses)}))
