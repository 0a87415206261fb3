"""Merchant voice: Alley Economy 119 suggestions and the mayor's Alley Office visits."""

from dataclasses import replace

from flask_babel import lazy_gettext as _l

from alleyweb.core.features import Feature, MenuItem, StatsSection
from alleyweb.home.services import Door
from alleyweb.submissions.demo import invented
from alleyweb.voice import console, dong_section
from alleyweb.voice.catalogue import SUGGESTION_TYPE
from alleyweb.voice.demo import seed_demo_voice
from alleyweb.voice.services import forget_merchants
from alleyweb.voice.stats import stats_section
from alleyweb.voice.views import bp

feature = Feature(
    name="voice",
    dong_sections=(dong_section.DONG_SECTION,),
    blueprints=(bp,),
    staff_blueprints=(console.bp,),
    staff_menu=(MenuItem(_l("Merchant voice"), "staff.voice.suggestions", order=50, current=("staff.voice.",)),),
    submission_types=(replace(SUGGESTION_TYPE, panel=console.panel, on_purge=forget_merchants),),
    doors=(Door("merchants", _l("Merchants: send a suggestion"),
                _l("Alley Economy 119: tell the district what your alley needs, and follow the answer."),
                "voice.new_suggestion", order=40),),
    stats_sections=(StatsSection("voice", stats_section, order=40),),
    action_labels={
        "voice.triage": _l("Triaged a merchant suggestion"),
        "voice.record": _l("Recorded a merchant suggestion taken by phone, text or on a visit"),
        "voice.assign": _l("Passed a merchant suggestion to a department"),
        "voice.visit_move": _l("Moved an Alley Office visit"),
        "voice.visit_cancel": _l("Cancelled an Alley Office visit"),
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
    },
    seed_demo=invented("demo merchant suggestions: {} added", seed_demo_voice),
    seed_order=40,
)
