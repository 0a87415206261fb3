"""Submissions: the public status page and the retention purge (`flask retention purge`)."""

from alleyweb.core.features import Feature
from alleyweb.submissions.cli import retention_cli
from alleyweb.submissions.views import bp

feature = Feature(name="submissions", blueprints=(bp,), cli=(retention_cli,))
