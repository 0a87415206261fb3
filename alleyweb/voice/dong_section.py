"""What merchant voice shows on a dong's page: the Alley Office visits coming up there."""

from __future__ import annotations

from sqlalchemy import select

from alleyweb.core.dates import seoul_today
from alleyweb.core.features import DongSection
from alleyweb.dongs.services import DONGS_VERSION
from alleyweb.extensions import db
from alleyweb.stores.services import STORES_VERSION
from alleyweb.voice.models import AlleyOfficeVisit
from alleyweb.voice.services import VOICE_VERSION

SHOWN = 5


def upcoming_visits(dong, lang: str) -> dict:
    visits = db.session.scalars(
        select(AlleyOfficeVisit).where(AlleyOfficeVisit.dong_id == dong.id,
                                       AlleyOfficeVisit.visit_date >= seoul_today())
        .order_by(AlleyOfficeVisit.visit_date, AlleyOfficeVisit.start_time).limit(SHOWN)).unique().all()
    return {"visits": visits}


DONG_SECTION = DongSection("voice", upcoming_visits, "voice/_dong_section.html", order=30,
                           versions=(VOICE_VERSION, STORES_VERSION, DONGS_VERSION), daily=True)
