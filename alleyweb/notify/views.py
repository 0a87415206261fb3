"""The opt-out link of the texts: a page that asks to confirm (link previews must not stop anything), and
stops them on the button; no sign-in, the link's signature is the proof."""

from flask import Blueprint, abort, make_response, render_template

from alleyweb.core.forms.base import BaseForm
from alleyweb.core.security import no_store
from alleyweb.extensions import db
from alleyweb.notify.services import opt_out, subscription_for_token

bp = Blueprint("notify", __name__, url_prefix="/<lang:lang>")


@bp.route("/texts/stop/<string(maxlength=40):token>", methods=["GET", "POST"])
def stop(token: str):
    subscription = subscription_for_token(token)
    if subscription is None or subscription.submission.anonymised_at is not None:
        abort(404)
    form = BaseForm()
    stopped = False
    if form.validate_on_submit():
        opt_out(subscription)
        db.session.commit()
        stopped = True
    body = render_template("notify/stop.html", form=form, token=token, stopped=stopped,
                           already=not stopped and subscription.opted_out_at is not None,
                           receipt_no=subscription.submission.receipt_no)
    return no_store(make_response(body))
