"""The public status page: any submission, by receipt number and the last 4 digits of the phone."""

from flask import Blueprint, make_response, render_template

from alleyweb.core.errors import rerender_on_csrf_error
from alleyweb.core.security import client_address, no_store
from alleyweb.extensions import limiter
from alleyweb.submissions.forms import StatusLookupForm
from alleyweb.submissions.registry import get_type
from alleyweb.submissions.services import STAGES, STATUS_LABELS, about, current_stage, lookup_status

bp = Blueprint("submissions", __name__, url_prefix="/<lang:lang>")


@bp.route("/status", methods=["GET", "POST"])
@rerender_on_csrf_error
@limiter.limit("20 per minute", key_func=client_address, methods=["POST"], scope="status-lookup")
def status():
    """A POST, so the phone digits never appear in addresses, histories or logs."""
    form = StatusLookupForm()
    item, searched, locked = None, False, False
    if form.validate_on_submit():
        searched = True
        found = lookup_status(form.receipt_no.data, form.phone_last4.data)
        item, locked = found.submission, found.locked
    body = render_template("submissions/status.html", form=form, item=item, searched=searched, locked=locked,
                           kind=get_type(item.type) if item else None, status_labels=STATUS_LABELS,
                           about=about(item) if item else None, stage=current_stage(item) if item else None,
                           stages=STAGES)
    return no_store(make_response(body, 429 if locked else form.status))
