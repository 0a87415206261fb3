"""The staff area: sign-in with a second factor, the moderation console, the audit log and accounts.

It is also the frame every feature's staff pages sit in: :func:`nest_console` builds, for each app, the
``staff`` blueprint (/<lang>/staff) with the sign-in check, and nests in it the staff blueprints every
enabled feature declares, so that those pages need a full sign-in and are never stored by browsers.
"""

from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l

from alleyweb.core.audit import CONSOLE_ACTIONS
from alleyweb.core.features import Feature, MenuItem, Registry
from alleyweb.staff import accounts, console, signin
from alleyweb.staff.access import load_staff
from alleyweb.staff.cli import staff_cli


def nest_console(app: Flask, registry: Registry) -> None:
    """A new ``staff`` blueprint for this app, holding every feature's staff blueprint (a blueprint that
    has been registered cannot take more children, and each app gets its own set)."""
    frame = Blueprint("staff", __name__, url_prefix="/<lang:lang>/staff")
    frame.before_request(load_staff)
    for child in registry.staff_blueprints:
        frame.register_blueprint(child)
    app.register_blueprint(frame)


feature = Feature(
    name="staff",
    staff_blueprints=(signin.bp, console.bp, accounts.bp),
    staff_menu=(
        MenuItem(_l("Overview"), "staff.console.index", order=10),
        MenuItem(_l("Submissions"), "staff.console.queue", order=20,
                 current=("staff.console.queue", "staff.console.submission")),
        MenuItem(_l("Audit log"), "staff.console.audit", order=80, permission="view_audit"),
        MenuItem(_l("Accounts"), "staff.accounts.index", order=90, permission="manage_accounts",
                 current=("staff.accounts.",)),
        MenuItem(_l("Change password"), "staff.auth.password", order=95),
    ),
    action_labels={**CONSOLE_ACTIONS,
                   "submission.assign": _l("Assigned a submission to an officer"),
                   "submission.note": _l("Wrote an internal note on a submission")},
    cli=(staff_cli,),
    install=nest_console,
)
