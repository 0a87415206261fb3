"""Figures for /<lang>/stats: suggestions received and answered, and the average days to an answer,
in all, by topic and by dong. Counted per merchant's suggestion (a merged thread counts each one)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from alleyweb.dongs.models import Dong
from alleyweb.extensions import db
from alleyweb.stats.registry import Chart, Section
from alleyweb.voice.catalogue import CHANNELS, TOPICS
from alleyweb.voice.models import Suggestion


def _days_to_answer():
    """answered_at − received_at in days, in SQL for either database."""
    if db.engine.dialect.name == "postgresql":
        return func.extract("epoch", Suggestion.answered_at - Suggestion.received_at) / 86400.0
    return func.julianday(Suggestion.answered_at) - func.julianday(Suggestion.received_at)


@dataclass
class Row:
    received: int = 0
    answered: int = 0
    average_days: float | None = None


def _aggregate(*group_by):
    answered = Suggestion.answered_at.is_not(None)
    return select(*group_by, func.count(Suggestion.id), func.count(Suggestion.answered_at),
                  func.avg(_days_to_answer()).filter(answered))


def _one_decimal(value) -> float:
    """Half up, as people round (5.25 → 5.3), after dropping the floating-point dust of date arithmetic."""
    return float(Decimal(str(round(float(value), 6))).quantize(Decimal("0.1"), ROUND_HALF_UP))


def _row(received, answered, average) -> Row:
    return Row(int(received or 0), int(answered or 0), _one_decimal(average) if average is not None else None)


def voice_figures() -> dict:
    """{"total": Row, "by_topic": {topic: Row} for every topic, "by_channel": {channel: Row} for every way in
    (web form, Alley Economy 119 Phone, text message, visit), "by_dong": [(Dong, Row)] for every dong}."""
    total = _row(*db.session.execute(_aggregate()).one())
    by_topic = {topic: Row() for topic in TOPICS}
    for topic, *values in db.session.execute(_aggregate(Suggestion.topic).group_by(Suggestion.topic)):
        by_topic[topic] = _row(*values)
    by_channel = {channel: Row() for channel in CHANNELS}
    for channel, *values in db.session.execute(_aggregate(Suggestion.channel).group_by(Suggestion.channel)):
        by_channel[channel] = _row(*values)
    per_dong = {dong_id: _row(*values) for dong_id, *values in
                db.session.execute(_aggregate(Suggestion.dong_id).group_by(Suggestion.dong_id))}
    dongs = db.session.scalars(select(Dong).order_by(Dong.sort_order, Dong.code)).all()
    return {"total": total, "by_topic": by_topic, "by_channel": by_channel,
            "by_dong": [(dong, per_dong.get(dong.id, Row())) for dong in dongs]}


def stats_section(lang: str) -> Section:
    figures = voice_figures()
    total = figures["total"]
    # The unit goes with the number ("4.4일"), so the label reads as a whole phrase on its own.
    days = (_("%(days)s days", days=format_decimal(total.average_days, "#,##0.0"))
            if total.average_days is not None else "–")
    return Section(
        key="voice",
        title=_l("Merchant suggestions (Alley Economy 119)"),
        summary=[(_l("Suggestions received"), f"{total.received:,}"),
                 (_l("Suggestions answered"), f"{total.answered:,}"),
                 (_l("Average time to answer"), days)],
        charts=[
            Chart(key="voice-received-by-topic", title=_l("Suggestions received, by topic"),
                  rows=[(str(TOPICS[t]), row.received) for t, row in figures["by_topic"].items()],
                  label_header=_l("Topic"), value_header=_l("Received")),
            Chart(key="voice-answered-by-topic", title=_l("Suggestions answered, by topic"),
                  rows=[(str(TOPICS[t]), row.answered) for t, row in figures["by_topic"].items()],
                  label_header=_l("Topic"), value_header=_l("Answered")),
            Chart(key="voice-days-by-topic", title=_l("Average days to answer, by topic"),
                  rows=[(str(TOPICS[t]), row.average_days or 0) for t, row in figures["by_topic"].items()],
                  label_header=_l("Topic"), value_header=_l("Days")),
            Chart(key="voice-received-by-channel", title=_l("Suggestions received, by how they came in"),
                  rows=[(str(CHANNELS[c]), row.received) for c, row in figures["by_channel"].items()],
                  label_header=_l("Received by"), value_header=_l("Received")),
            Chart(key="voice-received-by-dong", title=_l("Suggestions received, by dong"),
                  rows=[(dong.name(lang), row.received) for dong, row in figures["by_dong"]],
                  label_header=_l("Dong"), value_header=_l("Received")),
            Chart(key="voice-answered-by-dong", title=_l("Suggestions answered, by dong"),
                  rows=[(dong.name(lang), row.answered) for dong, row in figures["by_dong"]],
                  label_header=_l("Dong"), value_header=_l("Answered")),
        ],
    )
