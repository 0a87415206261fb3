"""Submissions: the public status page and the retention purge (`flask retention purge`)."""

from alleyweb.core.features import Feature
from alleyweb.submissions.cli import retention_cli
from alleyweb.submissions.services import about
from alleyweb.submissions.views import bp

# submission_about: what the receipt pages say about a submission (templates/submissions/_receipt.html).
feature = Feature(name="submissions", blueprints=(bp,), cli=(retention_cli,),
                  template_globals={"submission_about": about})
