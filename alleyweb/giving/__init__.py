"""Giving: donor pledges (Seo-gu Honors), volunteer sign-up, and sharing projects staff connect."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l


def init_app(app: Flask) -> None:
    """Plug the feature in: its kinds of submission, pages, staff routes, home door and figures."""
    from alleyweb.giving import figures, kinds, services, staff  # staff adds its routes to the staff blueprint
    from alleyweb.giving.labels import PLEDGE_STATE_LABELS
    from alleyweb.giving.money import format_won
    from alleyweb.giving.views import bp
    from alleyweb.home.services import Door, register_chart, register_door, register_figures
    from alleyweb.i18n import current_lang
    from alleyweb.staff.audit import ACTION_LABELS
    from alleyweb.stats.registry import register_section

    kinds.register()
    app.register_blueprint(bp)
    register_door(Door("giving", _l("Give and share"),
                       _l("Pledge a donation, volunteer, or offer and ask for help in a sharing project."),
                       "giving.projects", order=30))
    register_figures("giving", figures.home_figures)
    register_chart("giving", figures.home_chart)
    register_section("sharing", figures.projects_section, order=30)
    register_section("pledges", figures.pledges_section, order=31)
    ACTION_LABELS.update({
        "pledge.confirm": _l("Confirmed a pledge"),
        "pledge.payment": _l("Recorded a pledge payment"),
        "pledge.recognise": _l("Recognised a donor"),
        "pledge.withdraw": _l("Withdrew a pledge"),
        "project.create": _l("Published a sharing project"),
        "project.update": _l("Changed a sharing project"),
        "project.connect": _l("Connected an application"),
        "project.complete": _l("Completed an application"),
        "project.decline": _l("Declined an application"),
    })
    app.jinja_env.filters["won"] = lambda amount: format_won(amount, current_lang())
    app.jinja_env.globals.update(
        giving_panel=staff.panel_context, application_name=staff.application_name,
        pledge_state_label=lambda state: PLEDGE_STATE_LABELS.get(state, state),
        honors_tier_label=lambda tier: services.tier_label(tier, current_lang()))
