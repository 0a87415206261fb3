"""Invented merchant suggestions and Alley Office visits for `make run` and the page gates."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from alleyweb.core.database import utcnow
from alleyweb.dongs.models import Dong
from alleyweb.extensions import db
from alleyweb.submissions import intake
from alleyweb.voice.models import Suggestion

# (days ago, lang, topic, dong code, name, store, message, may publish)
SUGGESTIONS = [
    (40, "ko", "parking", "2914057500", "김영수", "양동 참기름집",
     "양동시장 입구 골목에 하루 종일 차가 서 있어 손님이 들어오기 어렵습니다. "
     "단속이나 공영주차장 안내가 필요합니다.", True),
    (38, "ko", "parking", "2914057500", "박미숙", "미숙이네 반찬",
     "시장 앞 불법 주차 때문에 배달 차량이 들어오지 못합니다.", False),
    (36, "en", "onnuri", "2914057500", "Lee Jiwoo", "Jiwoo Flowers",
     "Customers ask whether we take digital Onnuri vouchers. A sticker for shop windows would help.", True),
    (35, "ko", "cleanliness", "2914065000", "최정호", "농성 분식",
     "먹자골목 쓰레기 수거가 밤 10시라 영업 중에 냄새가 납니다. 수거 시간을 늦춰 주세요.", True),
    (20, "ko", "safety", "2914065000", "정서연", "서연 카페",
     "골목 가로등 두 개가 한 달째 꺼져 있어 저녁에 어둡습니다.", True),
    (12, "ko", "customers", "2914066000", "한도윤", "화정 떡집",
     "상점가 주말 장터를 구청 소식지에 함께 알려 주시면 좋겠습니다.", True),
    (9, "ko", "rent", "2914066000", "오하준", "하준 수선집",
     "임대료가 올라 버티기 어렵습니다. 소상공인 임대료 지원 사업을 알려 주세요.", False),
    (4, "ko", "other", "2914057500", "윤순자", "순자네 국밥",
     "상점가 안내 표지판 글씨가 작아 어르신들이 읽기 어렵습니다.", True),
]


def seed_demo_voice() -> int:
    """Suggestions at every stage and two visits (one past, answered; one coming); only when there are
    none yet (idempotent). Returns how many suggestions were added."""
    from alleyweb.voice.services import (
        add_to_agenda,
        can_publish,
        lead_of,
        merge,
        move_visit,
        publish,
        reply,
        save_visit,
        suggestion,
        thread_members,
        triage,
    )

    if db.session.scalar(select(func.count()).select_from(Suggestion)):
        return 0
    dongs = {d.code: d for d in db.session.scalars(select(Dong))}
    rows = []
    for number, (days, lang, topic, code, name, store, message, allowed) in enumerate(SUGGESTIONS):
        channel = "phone" if number == len(SUGGESTIONS) - 1 else "web"  # the last came by the 119 Phone
        submission = intake.store(suggestion(topic=topic, dong=dongs[code], district=None, message=message,
                                             name=name, store_name=store, phone=f"010-5{days:03d}-{1000 + days}",
                                             may_publish=allowed, channel=channel), lang)
        when = utcnow() - timedelta(days=days)
        submission.created_at = when
        for event in submission.events:
            event.at = when
        row = db.session.scalar(select(Suggestion).where(Suggestion.submission_id == submission.id))
        row.received_at = when
        db.session.commit()
        rows.append(row)
    system = _SystemOfficer()
    parking, parking_too, onnuri, rubbish, lights, market, rent, _signs = rows
    triage(parking, system, urgency="urgent", tags=["주차", "시장 입구"], department="transport")
    merge(parking_too, parking, system)
    triage(rubbish, system, urgency="high", tags=["쓰레기"], department="sanitation")
    triage(onnuri, system, urgency="normal", tags=["온누리"], department="economy")
    triage(lights, system, urgency="high", tags=["가로등"], department="safety")
    triage(market, system, urgency="normal", tags=["홍보"], department="economy")
    past = save_visit(None, system, visit_date=date.today() - timedelta(days=14), start_time="14:00",
                      dong_id=dongs["2914057500"].id, district_id=None, place="양동시장 고객지원센터 앞",
                      host_shop="양동 참기름집")
    add_to_agenda(past, parking, system)
    add_to_agenda(past, onnuri, system)
    reply(parking, system, final=True,
          text_ko="주말 오후 시장 입구 주정차 단속을 늘리고, 인근 공영주차장 안내판을 세우겠습니다.",
          text_en="We will step up parking enforcement at the market entrance on weekend afternoons and put up "
                  "signs to the nearby public car park.")
    reply(onnuri, system, final=True, text_ko="디지털 온누리상품권 가맹점 스티커를 동 행정복지센터에서 나눠 드립니다.",
          text_en="Window stickers for digital Onnuri members are available at the dong community centre.")
    for answered in (parking, onnuri):  # an officer read them and published them
        lead = lead_of(answered)
        if can_publish(lead, thread_members(lead)):
            publish(answered, system, lead.public_text)
    coming = save_visit(None, system, visit_date=date.today() + timedelta(days=10), start_time="15:00",
                        dong_id=dongs["2914065000"].id, district_id=None, place="농성 먹자골목 쉼터",
                        host_shop="농성 분식")
    add_to_agenda(coming, rubbish, system)
    add_to_agenda(coming, lights, system)
    move_visit(coming, system, visit_date=coming.visit_date + timedelta(days=2), start_time="",
               note="장소 제공 가게의 사정으로 이틀 미룹니다.")
    reply(market, system, final=False, text_ko="다음 달 소식지에 싣도록 홍보 부서와 협의하고 있습니다.", text_en="")
    return len(rows)


class _SystemOfficer:
    """Steps taken by the demo seed, recorded without an officer."""

    id = None
