"""A demo kind of submission, so that the console, exports, status page and purge work and are tested
before the first real feature plugs in. Enabled by ``DEMO_SUBMISSIONS`` (development and tests)."""

from __future__ import annotations

import random
from collections.abc import Callable

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from alleyweb.core import retention
from alleyweb.core.features import Feature
from alleyweb.dongs.models import Dong
from alleyweb.extensions import db
from alleyweb.submissions.models import Submission
from alleyweb.submissions.registry import DetailField, SubmissionType

DEMO_TYPE = SubmissionType(
    key="demo",
    label=_l("Demo request"),
    retention=retention.RetentionRule(
        key="demo",
        service=_l("Demo requests (test data on development sites only)"),
        purpose=_l("Showing how requests are handled, with invented data"),
        items_required=_l("Name, mobile number, dong, request"),
        retention_days=365,
        public=False,
    ),
    fields=(DetailField("topic", _l("Topic")), DetailField("message", _l("Request"), personal=True)),
)


SURNAMES = "김이박최정강조윤장임한오서신권황안송류홍"
GIVEN = ["민준", "서연", "도윤", "지우", "하준", "서윤", "영희", "철수", "순자", "영수", "미숙", "정호"]
TOPICS = ["주차", "청소", "상점가 행사", "온누리상품권", "시설 안전"]
MESSAGES = ["골목 입구에 불법 주차가 많아 손님이 불편해합니다.", "상점가 쓰레기 수거 시간을 조정해 주세요.",
            "온누리상품권 가맹 신청 방법을 알고 싶습니다.", "가로등이 고장 나서 저녁에 어둡습니다.",
            "주말 장터 행사를 함께 하고 싶습니다."]


def seed_demo_submissions(count: int = 40) -> int:
    """Invented requests for `make run`; only when there are none yet (idempotent)."""
    from alleyweb.submissions.services import create_submission, decide_submissions

    if db.session.scalar(select(func.count()).select_from(Submission).where(Submission.type == "demo")):
        return 0
    rng = random.Random(2026)  # noqa: S311 - invented demo data, not security
    dong_ids = list(db.session.scalars(select(Dong.id)))
    created = []
    for _ in range(count):
        name = rng.choice(SURNAMES) + rng.choice(GIVEN)
        phone = f"010-{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}"
        created.append(create_submission(
            type_key="demo", lang=rng.choice(["ko", "ko", "ko", "en"]), name=name, phone=phone,
            dong_id=rng.choice(dong_ids), details={"topic": rng.choice(TOPICS), "message": rng.choice(MESSAGES)}))
    system = _SystemOfficer()
    for item in created[:10]:
        decide_submissions([item], system, rng.choice(["approve", "needs_info", "reject", "done"]),
                           "데모 처리 결과입니다.")
    return len(created)


class _SystemOfficer:
    """Decisions made by the demo seed, recorded without an officer."""

    id = None


def invented(describe: str, seed: Callable[[], int]) -> Callable[[], str]:
    """A feature's demo seeder of invented submissions (``Feature.seed_demo``): it runs only on sites with
    demo submissions (development, tests), and says ``describe`` with how many it added."""

    def seeder() -> str:
        return describe.format(seed()) if current_app.config["DEMO_SUBMISSIONS"] else ""

    return seeder


feature = Feature(
    name="demo",
    submission_types=(DEMO_TYPE,),
    enabled=lambda app: app.config["DEMO_SUBMISSIONS"],
    seed_demo=invented("demo submissions: {} added", seed_demo_submissions),
    seed_order=30,
)
