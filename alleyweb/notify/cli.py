"""``flask notify run [--once]``: the worker (docs/DEPLOY.md); ``flask notify status``: the outbox in figures."""

import click
from flask.cli import AppGroup
from sqlalchemy import func, select

from alleyweb.extensions import db
from alleyweb.notify.models import Notice

notify_cli = AppGroup("notify", help="Send notifications (texts and e-mails) from the outbox.")


@notify_cli.command("run")
@click.option("--once", is_flag=True, help="Send what is due now, then stop (for cron or a systemd timer).")
@click.option("--poll", type=float, default=None, help="Seconds between looks at the outbox (long-running).")
def run(once: bool, poll: float | None) -> None:
    from alleyweb.notify.worker import run_forever, run_once

    if once:
        tally = run_once()
        click.echo(f"sent {tally.sent}, to retry {tally.retried}, failed {tally.failed}, "
                   f"daily summaries {tally.digests}")
    else:
        run_forever(poll)


@notify_cli.command("status")
def status() -> None:
    rows = db.session.execute(select(Notice.channel, Notice.status, func.count())
                              .group_by(Notice.channel, Notice.status).order_by(Notice.channel, Notice.status))
    for channel, state, count in rows:
        click.echo(f"{channel}\t{state}\t{count}")
