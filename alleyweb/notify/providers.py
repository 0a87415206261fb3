"""Who carries a notice: e-mail by SMTP, texts by an HTTP SMS gateway, or the log.

Chosen by the environment (docs/DEPLOY.md): ``SMTP_URL`` (``smtp://user:pass@host:587``; STARTTLS when
the server offers it; ``smtps://`` for TLS from the start) and ``MAIL_FROM``; ``SMS_API_URL``,
``SMS_API_KEY``, ``SMS_PROVIDER`` (``generic``, the default when SMS_API_URL is set, or ``solapi``) with
``SMS_API_SECRET`` and ``SMS_FROM`` for SOLAPI. Without them, the ``console`` provider writes each notice
to the log, the phone number masked and e-mail addresses cut to their domain.

A provider raises :class:`PermanentError` when the notice can never go (a refused number: no retry) and
:class:`TemporaryError` for anything that may pass later (no answer, 5xx, 429: retried with backoff).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import secrets
import smtplib
import ssl
import urllib.error
import urllib.request
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import make_msgid
from urllib.parse import unquote, urlsplit

from alleyweb.notify.services import masked_phone

log = logging.getLogger("alleyweb.notify")
TIMEOUT = 10  # seconds for one request to a provider


class TemporaryError(Exception):
    """The notice may go later: try again after a pause."""


class PermanentError(Exception):
    """The notice cannot go (the provider refused it): do not try again."""


class ConsoleProvider:
    """Writes notices to the log instead of sending them (development, or no provider configured)."""

    name = "console"

    def send(self, notice) -> None:
        if notice.channel == "sms":
            to = masked_phone(notice.address or "")
        else:
            to = "***@" + (notice.address or "").rpartition("@")[2]
        log.info("notice %s (%s) to %s: %s", notice.id, notice.channel, to, notice.subject or notice.body)


def _post_json(url: str, payload: dict, headers: dict) -> None:
    if not url.startswith(("https://", "http://")):
        raise PermanentError("SMS_API_URL must be an http(s) address")
    data = json.dumps(payload, ensure_ascii=False).encode()
    request = urllib.request.Request(url, data=data, method="POST",  # noqa: S310 (checked above)
                                     headers={"Content-Type": "application/json; charset=utf-8", **headers})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310 (configured URL)
            response.read(4096)
    except urllib.error.HTTPError as error:
        if error.code == 429 or error.code >= 500:
            raise TemporaryError(f"gateway answered {error.code}") from None
        raise PermanentError(f"gateway refused the text ({error.code})") from None
    except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
        raise TemporaryError(f"gateway not reached ({type(error).__name__})") from None


class GenericSMS:
    """``POST SMS_API_URL`` with JSON ``{"to": "01012345678", "text": "…"}`` and ``Authorization: Bearer
    SMS_API_KEY``; ``Idempotency-Key: alleyweb-notice-<id>`` lets a gateway drop a repeat of the same
    notice (sent again when a worker stopped between the gateway's answer and its own commit)."""

    name = "generic"

    def __init__(self, url: str, key: str):
        self.url, self.key = url, key

    def send(self, notice) -> None:
        headers = {"Idempotency-Key": f"alleyweb-notice-{notice.id}"}
        if self.key:
            headers["Authorization"] = f"Bearer {self.key}"
        _post_json(self.url, {"to": notice.address, "text": notice.body}, headers)


class SolapiSMS:
    """SOLAPI (solapi.com), one message: ``POST {SMS_API_URL or https://api.solapi.com}/messages/v4/send``
    with ``{"message": {"to", "from", "text"}}`` and ``Authorization: HMAC-SHA256 apiKey=<key>,
    date=<ISO 8601>, salt=<random>, signature=<hex HMAC-SHA256 of date + salt, keyed with the API secret>``.
    ``from`` (SMS_FROM) must be a sender number registered with SOLAPI."""

    name = "solapi"
    DEFAULT_URL = "https://api.solapi.com"

    def __init__(self, url: str, key: str, secret: str, sender: str):
        self.url = (url or self.DEFAULT_URL).rstrip("/")
        if not self.url.endswith("/messages/v4/send"):
            self.url += "/messages/v4/send"
        self.key, self.secret, self.sender = key, secret, sender

    def authorization(self, date: str | None = None, salt: str | None = None) -> str:
        date = date or datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
        salt = salt or secrets.token_hex(16)
        signature = hmac.new(self.secret.encode(), (date + salt).encode(), hashlib.sha256).hexdigest()
        return f"HMAC-SHA256 apiKey={self.key}, date={date}, salt={salt}, signature={signature}"

    def send(self, notice) -> None:
        _post_json(self.url, {"message": {"to": notice.address, "from": self.sender, "text": notice.body}},
                   {"Authorization": self.authorization()})


class SMTPMail:
    """E-mail through ``SMTP_URL``: STARTTLS whenever the server offers it, then a login if the URL has a
    user. The Message-ID is the notice's own, so a repeat can be recognised."""

    name = "smtp"

    def __init__(self, url: str, sender: str):
        parts = urlsplit(url)
        self.tls = parts.scheme == "smtps"
        self.host = parts.hostname or "localhost"
        self.port = parts.port or (465 if self.tls else 587)
        self.user = unquote(parts.username or "")
        self.password = unquote(parts.password or "")
        self.sender = sender

    def send(self, notice) -> None:
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = self.sender, notice.address, notice.subject
        message["Message-ID"] = make_msgid(f"notice-{notice.id}", domain=self.sender.rpartition("@")[2] or None)
        message.set_content(notice.body)
        try:
            if self.tls:
                client = smtplib.SMTP_SSL(self.host, self.port, timeout=TIMEOUT,
                                          context=ssl.create_default_context())
            else:
                client = smtplib.SMTP(self.host, self.port, timeout=TIMEOUT)
            with client:
                client.ehlo()
                if not self.tls and client.has_extn("starttls"):
                    client.starttls(context=ssl.create_default_context())
                    client.ehlo()
                if self.user:
                    client.login(self.user, self.password)
                client.send_message(message)
        except smtplib.SMTPRecipientsRefused:
            raise PermanentError("mail server refused the address") from None
        except smtplib.SMTPResponseException as error:
            if 500 <= error.smtp_code < 600:
                raise PermanentError(f"mail server refused the message ({error.smtp_code})") from None
            raise TemporaryError(f"mail server answered {error.smtp_code}") from None
        except (smtplib.SMTPException, OSError) as error:
            raise TemporaryError(f"mail server not reached ({type(error).__name__})") from None


def providers(config) -> dict[str, object]:
    """The provider for each channel under ``config`` (an app's config)."""
    console = ConsoleProvider()
    found: dict[str, object] = {"sms": console, "email": console}
    if config.get("SMTP_URL"):
        found["email"] = SMTPMail(config["SMTP_URL"], config.get("MAIL_FROM") or "no-reply@localhost")
    kind = (config.get("SMS_PROVIDER") or "").lower()
    if kind == "solapi":
        found["sms"] = SolapiSMS(config.get("SMS_API_URL") or "", config.get("SMS_API_KEY") or "",
                                 config.get("SMS_API_SECRET") or "", config.get("SMS_FROM") or "")
    elif config.get("SMS_API_URL") and kind in ("", "generic"):
        found["sms"] = GenericSMS(config["SMS_API_URL"], config.get("SMS_API_KEY") or "")
    elif kind not in ("", "console", "generic"):
        raise ValueError(f"unknown SMS_PROVIDER {kind!r} (generic, solapi or console)")
    return found
