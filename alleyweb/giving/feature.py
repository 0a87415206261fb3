"""Giving: donor pledges (Seo-gu Honors), volunteer sign-up, and sharing projects staff connect."""

from dataclasses import replace

from flask_babel import lazy_gettext as _l

from alleyweb.core.features import Feature, MenuItem, StatsSection
from alleyweb.core.i18n import current_lang
from alleyweb.giving import figures, kinds, services, staff
from alleyweb.giving.demo import seed_demo_giving
from alleyweb.giving.labels import PLEDGE_STATE_LABELS
from alleyweb.giving.money import format_money, format_won
from alleyweb.giving.views import bp, project_pages
from alleyweb.home.services import Door
from alleyweb.submissions.demo import invented

feature = Feature(
    name="giving",
    blueprints=(bp,),
    staff_blueprints=(staff.bp,),
    staff_menu=(MenuItem(_l("Projects"), "staff.giving.projects", order=30, current=("staff.giving.project",)),
                MenuItem(_l("Volunteers"), "staff.giving.volunteers", order=31)),
    submission_types=tuple(replace(kind, panel=staff.panel_context)
                           for kind in (kinds.PLEDGE_TYPE, kinds.VOLUNTEER_TYPE, kinds.APPLICATION_TYPE)),
    doors=(Door("giving", _l("Give and share"),
                _l("Pledge a donation, volunteer, or offer and ask for help in a sharing project."),
                "giving.projects", order=30),),
    figures=figures.home_figures,
    home_chart=figures.home_chart,
    stats_sections=(StatsSection("sharing", figures.projects_section, order=30),
                    StatsSection("pledges", figures.pledges_section, order=31)),
    sitemap_pages=(project_pages,),
    action_labels={
        "pledge.confirm": _l("Confirmed a pledge"),
        "pledge.payment": _l("Recorded a pledge payment"),
        "pledge.recognise": _l("Recognised a donor"),
        "pledge.withdraw": _l("Withdrew a pledge"),
        "project.create": _l("Published a sharing project"),
        "project.update": _l("Changed a sharing project"),
        "project.connect": _l("Connected an application"),
        "project.complete": _l("Completed an application"),
        "project.decline": _l("Declined an application"),
    },
    # won: an exact amount (receipts, tables); money: an amount in running text, "1억 원" (docs/STYLE.md)
    template_filters={"won": lambda amount: format_won(amount, current_lang()),
                      "money": lambda amount: format_money(amount, current_lang())},
    template_globals={
        "application_name": staff.application_name,
        "pledge_state_label": lambda state: PLEDGE_STATE_LABELS.get(state, state),
        "honors_tier_label": lambda tier: services.tier_label(tier, current_lang()),
    },
    seed_demo=invented("demo sharing projects, with pledges and volunteers: {} added", seed_demo_giving),
    seed_order=50,
)
