"""What the programs add to the home page."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from alleyweb.extensions import db
from alleyweb.home.services import Door, Figure
from alleyweb.programs.models import Program


def home_figures() -> list[Figure]:
    open_now = db.session.scalar(select(func.count()).select_from(Program).where(
        Program.status == "open", Program.online_application.is_(True))) or 0
    return [Figure(_l("welfare programs you can apply for online"), open_now)]


DOOR = Door("programs", _l("Welfare programs"),
            _l("Help you can get from the district: see who it is for, check what fits you, and apply online."),
            "programs.index", order=20)
