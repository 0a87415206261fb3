"""The worker that sends what the outbox holds: ``flask notify run`` (long-running) or ``--once``.

Each notice is taken in its own transaction, its row locked (``SELECT … FOR UPDATE SKIP LOCKED`` on
PostgreSQL: another worker, on this host or another, skips it and takes the next), sent, marked and
committed. A failure that may pass is tried again after a pause that doubles each time (NOTIFY_RETRY_SECONDS,
up to NOTIFY_RETRY_MAX_SECONDS), up to NOTIFY_MAX_ATTEMPTS; then, or at once when the provider refuses it,
the notice is marked failed. Sent or failed, its address is cleared. On SQLite, run one worker only.

A worker stopped between the provider's answer and its commit leaves the notice pending: it is sent again
(at least once); the SMS request carries an Idempotency-Key and the e-mail a Message-ID, both from the
notice's id, so a provider can recognise the repeat.
"""

from __future__ import annotations

import logging
import random
import signal
import time
from dataclasses import dataclass, field
from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from alleyweb.core.database import utcnow
from alleyweb.extensions import db
from alleyweb.notify.models import Notice
from alleyweb.notify.providers import PermanentError, TemporaryError, providers
from alleyweb.notify.services import enqueue_digests

log = logging.getLogger("alleyweb.notify")


@dataclass
class Tally:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    digests: int = 0
    errors: list[str] = field(default_factory=list)


def retry_delay(attempts: int, config) -> float:
    """Seconds before attempt ``attempts + 1``: doubling from NOTIFY_RETRY_SECONDS, capped, ±10 %."""
    base = float(config.get("NOTIFY_RETRY_SECONDS", 30))
    cap = float(config.get("NOTIFY_RETRY_MAX_SECONDS", 3600))
    return min(cap, base * 2 ** max(0, attempts - 1)) * random.uniform(0.9, 1.1)  # noqa: S311


def _next_due():
    return (select(Notice).where(Notice.status == "pending", Notice.next_attempt_at <= utcnow())
            .order_by(Notice.next_attempt_at, Notice.id).limit(1).with_for_update(skip_locked=True))


def deliver_one(carriers: dict, tally: Tally) -> bool:
    """Send the next notice that is due, if any (one transaction, committed); False when none is due."""
    config = current_app.config
    notice = db.session.scalars(_next_due()).first()
    if notice is None:
        db.session.rollback()
        return False
    notice.attempts += 1
    try:
        carriers[notice.channel].send(notice)
    except PermanentError as error:
        _finish(notice, "failed", str(error))
        tally.failed += 1
    except Exception as error:  # noqa: BLE001 (a provider's surprise is retried, never lost)
        message = str(error) if isinstance(error, TemporaryError) else f"unexpected {type(error).__name__}"
        if notice.attempts >= int(config.get("NOTIFY_MAX_ATTEMPTS", 8)):
            _finish(notice, "failed", message)
            tally.failed += 1
        else:
            notice.last_error = message[:200]
            notice.next_attempt_at = utcnow() + timedelta(seconds=retry_delay(notice.attempts, config))
            tally.retried += 1
        log.warning("notice %s attempt %s: %s", notice.id, notice.attempts, message)
    else:
        _finish(notice, "sent", "")
        tally.sent += 1
    db.session.commit()
    return True


def _finish(notice: Notice, status: str, error: str) -> None:
    notice.status, notice.last_error, notice.address = status, error[:200], None
    if status == "sent":
        notice.sent_at = utcnow()


def run_once(limit: int = 1000) -> Tally:
    """Write the daily summaries that are due, then send what is due now (at most ``limit``)."""
    tally = Tally()
    carriers = providers(current_app.config)
    tally.digests = enqueue_digests()
    db.session.commit()
    for _ in range(limit):
        if not deliver_one(carriers, tally):
            break
    return tally


def run_forever(poll: float | None = None) -> None:
    """Send as notices come due until SIGTERM or SIGINT (the notice in hand is finished first)."""
    poll = float(current_app.config.get("NOTIFY_POLL_SECONDS", 5) if poll is None else poll)
    stopping = []

    def stop(_signum, _frame):
        stopping.append(True)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    log.info("notify worker started (poll every %ss)", poll)
    while not stopping:
        try:
            tally = run_once(limit=100)
        except Exception:  # noqa: BLE001 (the database away for a moment: wait and go on)
            db.session.rollback()
            log.exception("notify worker: round failed; trying again")
            tally = Tally()
        if tally.sent + tally.retried + tally.failed >= 100:
            continue  # more may be waiting
        for _ in range(int(poll * 10)):
            if stopping:
                break
            time.sleep(0.1)
    log.info("notify worker stopped")
