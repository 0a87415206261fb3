"""`flask retention purge`: enforce the retention periods the privacy policy states."""

import click
from flask.cli import AppGroup

from alleyweb.core.audit import record
from alleyweb.core.database import write_intent
from alleyweb.extensions import db
from alleyweb.submissions.services import purge_expired

retention_cli = AppGroup("retention", help="Personal-data retention.")


@retention_cli.command("purge")
def purge():
    """Anonymise every submission past its type's retention period and print what was done."""
    with write_intent():
        results = purge_expired()
        total = sum(r.anonymised for r in results)
        record("retention.purge", detail={r.type_key: r.anonymised for r in results}, commit=False)
        db.session.commit()
    for result in results:
        click.echo(f"{result.type_key}: {result.anonymised} anonymised, {result.events_cleared} notes cleared")
    click.echo(f"total: {total} anonymised")
