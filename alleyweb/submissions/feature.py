"""Submissions: the public status page and the retention purge (`flask retention purge`)."""

from alleyweb.core.features import Feature, MenuItem
from alleyweb.submissions import staff
from alleyweb.submissions.cli import retention_cli
from alleyweb.submissions.services import about
from alleyweb.submissions.views import bp

# submission_about: what the receipt pages say about a submission (templates/submissions/_receipt.html).
feature = Feature(name="submissions", blueprints=(bp,), cli=(retention_cli,),
                  staff_blueprints=(staff.bp,),
                  staff_menu=(MenuItem(staff.MENU_LABEL, "staff.processing_times.index", order=48,
                                       permission=staff.PERMISSION, current=("staff.processing_times.",)),),
                  action_labels=staff.ACTION_LABELS,
                  template_globals={"submission_about": about})
