"""Welfare programs: their pages, the eligibility screener, online applications, and the staff editor."""

from alleyweb.core.features import Feature, MenuItem
from alleyweb.programs import dong_section, facts, home, staff, staff_rules
from alleyweb.programs.applications import APPLICATION_TYPE
from alleyweb.programs.views import bp, program_pages


def _seed_demo() -> str:
    from alleyweb.programs.content import seed_programs

    return "programs: {added} added, {unchanged} already there".format(**seed_programs())


feature = Feature(
    name="programs",
    dong_sections=(dong_section.DONG_SECTION,),
    blueprints=(bp,),
    staff_blueprints=(staff.bp, staff_rules.bp),
    staff_menu=(MenuItem(staff.MENU_LABEL, "staff.programs.index", order=40, permission="edit_programs",
                         current=("staff.programs.",)),),
    submission_types=(APPLICATION_TYPE,),
    doors=(home.DOOR,),
    figures=home.home_figures,
    sitemap_pages=(program_pages,),
    action_labels={**staff.ACTION_LABELS, **staff_rules.ACTION_LABELS},
    template_globals={"program_facts": facts},
    seed_demo=_seed_demo,
    seed_order=10,
)
