"""One JSON line per request, and the application's own log lines as JSON too.

A request's line carries its id (the proxy's ``X-Request-ID`` when it is a plain token, otherwise a
new one, echoed in the response), method, route *pattern* (``/<lang>/stores/<int:id>``, never the
address actually asked for, whose query string may hold what someone typed), endpoint, status and
duration. Nothing personal: no address, no query string, no form data, no user agent. Every value
goes through ``json.dumps``, so a CR or LF in anything can never start a forged line.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid

from flask import Flask, g, request

REQUEST_LOGGER = "alleyweb.request"
_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
_OTHER_LINE_BREAKS = {0x85: "\\u0085", 0x2028: "\\u2028", 0x2029: "\\u2029"}


class JsonFormatter(logging.Formatter):
    """A log record as one JSON object on one line."""

    def format(self, record: logging.LogRecord) -> str:
        line = {"ts": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"), "level": record.levelname,
                "logger": record.name}
        fields = getattr(record, "fields", None)
        if fields:
            line.update(fields)
        else:
            line["message"] = record.getMessage()
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        text = json.dumps(line, ensure_ascii=False, separators=(",", ":"))
        # JSON escapes CR and LF; these three would still break a line in some log readers.
        return text.translate(_OTHER_LINE_BREAKS)


def configure_logging(app: Flask) -> None:
    """JSON lines on standard error for the ``alleyweb`` loggers (gunicorn collects them), once per
    process; and the request line after every request."""
    root = logging.getLogger("alleyweb")
    if not any(getattr(handler, "alleyweb_json", False) for handler in root.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(JsonFormatter())
        handler.alleyweb_json = True
        root.addHandler(handler)
        root.setLevel(logging.INFO)
        root.propagate = False
    app.before_request(_start)
    app.after_request(_finish)


def _start() -> None:
    g.request_started = time.perf_counter()
    given = request.headers.get("X-Request-ID", "")
    g.request_id = given if _REQUEST_ID.fullmatch(given) else uuid.uuid4().hex


def _finish(response):
    started = g.get("request_started")
    if started is None:  # a request that failed before our first hook ran
        return response
    response.headers["X-Request-ID"] = g.request_id
    rule = request.url_rule
    logging.getLogger(REQUEST_LOGGER).info("request", extra={"fields": {
        "request_id": g.request_id,
        "method": request.method,
        "route": rule.rule if rule is not None else None,
        "endpoint": request.endpoint,
        "status": response.status_code,
        "duration_ms": round((time.perf_counter() - started) * 1000, 2),
    }})
    return response
