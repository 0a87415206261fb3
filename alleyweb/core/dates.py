"""Dates as residents and officers mean them: days in Korea's time zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

SEOUL = ZoneInfo("Asia/Seoul")


def day_start(day: date) -> datetime:
    """The first moment of a day in Seoul, as an aware datetime (comparable with stored UTC times)."""
    return datetime.combine(day, time.min, tzinfo=SEOUL)


def day_end(day: date) -> datetime:
    """The first moment after a day in Seoul (an exclusive upper bound)."""
    return day_start(day + timedelta(days=1))


def as_utc(moment: datetime | None) -> datetime | None:
    """An aware datetime; SQLite hands back naive ones for timezone-aware columns, and they are UTC."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


def to_local(moment: datetime | None) -> datetime | None:
    moment = as_utc(moment)
    return moment.astimezone(SEOUL) if moment is not None else None


def format_local(moment: datetime | None, with_time: bool = True) -> str:
    """2026-11-21 14:05 in Seoul time: the same in both languages, and unambiguous."""
    local = to_local(moment)
    if local is None:
        return ""
    return local.strftime("%Y-%m-%d %H:%M" if with_time else "%Y-%m-%d")


def seoul_today() -> date:
    """Today, as it is in Seoul (a server's own clock may be in UTC)."""
    return datetime.now(SEOUL).date()


def age_on(birth: date, day: date) -> int:
    """Age in whole years on ``day`` (Korea's legal "만 나이")."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
