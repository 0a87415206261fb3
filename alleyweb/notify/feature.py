"""Notifications: texts to submitters who asked for them, e-mails to officers, sent by a worker from an
outbox written in the transaction of each step (docs/ARCHITECTURE.md, docs/DEPLOY.md)."""

from flask_babel import lazy_gettext as _l

from alleyweb.core.features import Feature, MenuItem
from alleyweb.core.retention import RetentionRule
from alleyweb.notify import services, staff
from alleyweb.notify.cli import notify_cli
from alleyweb.notify.views import bp

# The copy of a mobile number (or an officer's e-mail address) made for one notice: cleared as soon as the
# notice is sent or has finally failed (within a day: the last retry comes before), by the worker.
OUTBOX_RETENTION = RetentionRule(
    key="notify_outbox",
    service=_l("Texts about your request"),
    purpose=_l("To text you the receipt number and each new step of your request, when you ask for it"),
    items_required=_l("Mobile number (the one you gave with your request)"),
    retention_days=1,
    extra={"note": _l("Deleted from each text's record as soon as the text is sent")},
)

feature = Feature(
    name="notify",
    blueprints=(bp,),
    staff_blueprints=(staff.bp,),
    staff_menu=(MenuItem(_l("My notifications"), "staff.notify.preferences", order=92,
                         current=("staff.notify.",)),),
    retention_rules=(OUTBOX_RETENTION,),
    listeners={"submission.received": services.on_received, "submission.step": services.on_step},
    action_labels={
        "notify.template": _l("Changed the wording of a text to residents"),
        "notify.preference": _l("Chose how to be told of new submissions"),
    },
    cli=(notify_cli,),
)
