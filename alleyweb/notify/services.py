"""Notices written to the outbox, in the transaction of the step that causes them; opting out; officers'
choices and daily summaries. Nothing here sends (worker.py does) and nothing commits (the caller does)."""

from __future__ import annotations

import hashlib
import hmac
from datetime import timedelta
from urllib.parse import urlsplit

from flask import current_app, has_request_context, url_for
from flask_babel import force_locale
from sqlalchemy import func, select

from alleyweb.core.database import utcnow
from alleyweb.core.dates import as_utc
from alleyweb.extensions import db
from alleyweb.notify.messages import render
from alleyweb.notify.models import Notice, OfficerPreference, Subscription
from alleyweb.staff.models import StaffUser
from alleyweb.submissions.models import Submission
from alleyweb.submissions.registry import get_type
from alleyweb.submissions.services import normalise_receipt_no, step_label

# Officers told of new submissions: those who may decide on them.
OFFICER_PERMISSION = "decide"
DIGEST_EVERY = timedelta(days=1)


def mobile_digits(phone: str | None) -> str | None:
    """The number to text, as digits (01012345678), or None when ``phone`` is not a Korean mobile number."""
    digits = "".join(ch for ch in phone or "" if ch.isascii() and ch.isdigit())
    return digits if digits.startswith("01") and len(digits) in (10, 11) else None


def masked_phone(digits: str) -> str:
    """A number as the logs may show it: 010-****-5678."""
    return f"{digits[:3]}-****-{digits[-4:]}" if len(digits) >= 7 else "***"


def external_url(endpoint: str, **values) -> str:
    """An absolute address for a text or an e-mail: under SITE_URL when set (the worker has no request),
    else under the address the current request came to."""
    base = current_app.config.get("SITE_URL") or ""
    if not base and has_request_context():
        return url_for(endpoint, _external=True, **values)
    parts = urlsplit(base or "http://localhost")
    adapter = current_app.url_map.bind(parts.netloc, script_name=parts.path or "/", url_scheme=parts.scheme)
    return adapter.build(endpoint, values, force_external=True)


# --- opting out ---------------------------------------------------------------------------------------

def _mac(receipt_no: str) -> str:
    digest = hmac.new(current_app.secret_key.encode(), f"notify-stop:{receipt_no}".encode(), hashlib.sha256)
    return digest.hexdigest()[:12]


def stop_token(receipt_no: str) -> str:
    """The short signed part of the opt-out link of one submission's texts."""
    return f"{receipt_no.replace('-', '')}{_mac(receipt_no)}"


def subscription_for_token(token: str) -> Subscription | None:
    """The subscription the opt-out link ``token`` belongs to; None for a forged or unknown one."""
    token = (token or "")[:40]
    receipt_no = normalise_receipt_no(token[:10])
    if len(token) != 22 or not hmac.compare_digest(_mac(receipt_no), token[10:]):
        return None
    return db.session.scalar(select(Subscription).join(Submission, Submission.id == Subscription.submission_id)
                             .where(Submission.receipt_no == receipt_no))


def opt_out(subscription: Subscription) -> bool:
    """Stop the texts (and drop any not yet sent); False when they were already stopped."""
    if subscription.opted_out_at is not None:
        return False
    subscription.opted_out_at = utcnow()
    for notice in db.session.scalars(select(Notice).where(Notice.submission_id == subscription.submission_id,
                                                          Notice.channel == "sms", Notice.status == "pending")):
        notice.status, notice.address, notice.last_error = "failed", None, "opted out"
    return True


# --- texts to the submitter ------------------------------------------------------------------------------

def _text(submission: Submission, key: str, kind: str, **values) -> Notice | None:
    digits = mobile_digits(submission.phone)
    if digits is None or submission.anonymised_at is not None:
        return None
    lang = submission.lang or "ko"
    body = render(key, lang, receipt=submission.receipt_no, status_url=external_url("submissions.status", lang=lang),
                  stop_url=external_url("notify.stop", lang=lang, token=stop_token(submission.receipt_no)), **values)
    notice = Notice(channel="sms", kind=kind, address=digits, lang=lang, body=body, submission=submission)
    db.session.add(notice)
    return notice


def on_received(submission: Submission, notify: bool = False) -> None:
    """Listener of "submission.received": the submitter's first text (when asked for) and the officers'
    e-mails, in the transaction that stores the submission."""
    if notify and mobile_digits(submission.phone):
        db.session.add(Subscription(submission=submission))
        _text(submission, "received", "received")
    _tell_officers(submission)


def on_step(submission: Submission, event) -> None:
    """Listener of "submission.step": a text for each new public step, to a submitter who asked."""
    if not event.public or submission.id is None:
        return
    subscription = db.session.scalar(select(Subscription).where(Subscription.submission_id == submission.id))
    if subscription is None or subscription.opted_out_at is not None:
        return
    with force_locale(submission.lang or "ko"):
        step = str(step_label(submission, event.status))
    _text(submission, "step", "step", step=step)


# --- e-mails to officers ---------------------------------------------------------------------------------

def officers_for(type_key: str) -> list[StaffUser]:
    """Active officers who handle submissions of ``type_key``."""
    staff = db.session.scalars(select(StaffUser).where(StaffUser.disabled_at.is_(None)).order_by(StaffUser.id))
    return [user for user in staff if user.can(OFFICER_PERMISSION)
            and (user.visible_types() is None or type_key in user.visible_types())]


def officer_mode(staff_id: int) -> str:
    preference = db.session.get(OfficerPreference, staff_id)
    return preference.mode if preference is not None else "immediate"


def set_officer_mode(staff: StaffUser, mode: str) -> None:
    preference = db.session.get(OfficerPreference, staff.id)
    if preference is None:
        preference = OfficerPreference(staff_id=staff.id, last_digest_at=utcnow())
        db.session.add(preference)
    if mode == "daily" and preference.mode != "daily":
        preference.last_digest_at = utcnow()  # the first summary covers what comes from now on
    preference.mode = mode


def _tell_officers(submission: Submission) -> None:
    officers = officers_for(submission.type)
    if not officers:
        return
    modes = dict(db.session.execute(select(OfficerPreference.staff_id, OfficerPreference.mode)
                                    .where(OfficerPreference.staff_id.in_([o.id for o in officers]))).all())
    kind = get_type(submission.type)
    with force_locale("ko"):
        label = str(kind.label) if kind is not None else submission.type
        settings_url = external_url("staff.notify.preferences", lang="ko")
        subject = render("officer_new_subject", "ko", kind=label)
        for officer in officers:
            if modes.get(officer.id, "immediate") != "immediate":
                continue
            body = render("officer_new", "ko", kind=label, receipt=submission.receipt_no,
                          console_url=external_url("staff.console.queue", lang="ko", q=submission.receipt_no),
                          settings_url=settings_url)
            db.session.add(Notice(channel="email", kind="officer_new", address=officer.email, lang="ko",
                                  subject=subject, body=body, staff_id=officer.id, submission=submission))


def enqueue_digests(now=None) -> int:
    """Daily summaries due to officers who chose them (each at most once a day, counted from their last
    one); several workers at once take each officer once (rows locked, others skipped). The caller commits."""
    now = now or utcnow()
    due = db.session.scalars(select(OfficerPreference).where(
        OfficerPreference.mode == "daily", OfficerPreference.last_digest_at <= now - DIGEST_EVERY)
        .with_for_update(skip_locked=True)).all()
    written = 0
    for preference in due:
        officer = db.session.get(StaffUser, preference.staff_id)
        since = as_utc(preference.last_digest_at)
        preference.last_digest_at = now
        if officer is None or not officer.is_active or not officer.can(OFFICER_PERMISSION):
            continue
        query = (select(Submission.type, func.count()).where(Submission.created_at > since,
                                                              Submission.created_at <= now)
                 .group_by(Submission.type).order_by(Submission.type))
        if officer.visible_types() is not None:
            query = query.where(Submission.type.in_(officer.visible_types()))
        counts = db.session.execute(query).all()
        total = sum(count for _type, count in counts)
        if not total:
            continue
        with force_locale("ko"):
            lines = "\n".join(f"- {get_type(key).label if get_type(key) else key}: {count}" for key, count in counts)
            notice = Notice(channel="email", kind="digest", address=officer.email, lang="ko",
                            subject=render("digest_subject", "ko", count=total),
                            body=render("digest", "ko", lines=lines,
                                        console_url=external_url("staff.console.queue", lang="ko"),
                                        settings_url=external_url("staff.notify.preferences", lang="ko")),
                            staff_id=officer.id)
        db.session.add(notice)
        written += 1
    return written
