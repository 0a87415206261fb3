"""Merchant voice: Alley Economy 119 suggestions and the mayor's Alley Office visits."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l


def register(app: Flask) -> None:
    """Plug merchant voice into the app: its pages, its submission type, audit words, home door, figures."""
    from alleyweb.home.services import Door, register_door
    from alleyweb.staff.audit import ACTION_LABELS
    from alleyweb.stats.registry import register_section
    from alleyweb.submissions.registry import register_type
    from alleyweb.voice import console
    from alleyweb.voice.catalogue import SUGGESTION_TYPE
    from alleyweb.voice.stats import stats_section
    from alleyweb.voice.views import bp

    app.register_blueprint(bp)
    register_type(SUGGESTION_TYPE)
    ACTION_LABELS.update({
        "voice.triage": _l("Triaged a merchant suggestion"),
        "voice.merge": _l("Merged merchant suggestions"),
        "voice.split": _l("Took a suggestion out of a thread"),
        "voice.reply": _l("Replied to merchants"),
        "voice.answer": _l("Answered merchants"),
        "voice.publish": _l("Published a suggestion on the Alley Office page"),
        "voice.unpublish": _l("Took a suggestion off the Alley Office page"),
        "voice.visit_create": _l("Scheduled an Alley Office visit"),
        "voice.visit_update": _l("Changed an Alley Office visit"),
        "voice.agenda_add": _l("Put a suggestion on an Alley Office agenda"),
        "voice.agenda_remove": _l("Took a suggestion off an Alley Office agenda"),
    })
    register_door(Door("merchants", _l("Merchants: send a suggestion"),
                       _l("Alley Economy 119: tell the district what your alley needs, and follow the answer."),
                       "voice.new_suggestion", order=40))
    register_section("voice", stats_section, order=40)
    app.add_template_global(console.panel, "voice_panel")
