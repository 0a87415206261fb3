"""The 18 administrative dongs: a page per dong with its administrative welfare centre (staff-edited or
loaded from a CSV) and what the other features show there (shopping districts, Alley Office visits,
programs); the centres' staff pages and ``flask dongs``."""

import re

from alleyweb.core.features import Feature, MenuItem
from alleyweb.dongs import staff
from alleyweb.dongs.cli import dongs_cli
from alleyweb.dongs.views import bp, dong_centre_url, dong_pages

_HANGUL = re.compile("[\uac00-\ud7a3]")

feature = Feature(
    name="dongs",
    blueprints=(bp,),
    staff_blueprints=(staff.bp,),
    staff_menu=(MenuItem(staff.MENU_LABEL, "staff.dongs.index", order=45, permission="edit_programs",
                         current=("staff.dongs.",)),),
    sitemap_pages=(dong_pages,),
    action_labels=staff.ACTION_LABELS,
    cli=(dongs_cli,),
    template_globals={"dong_centre_url": dong_centre_url},
    template_filters={"has_hangul": lambda text: bool(_HANGUL.search(text or ""))},
)
