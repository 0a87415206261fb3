"""The container's health check: GET /healthz on this container's gunicorn. Exit 0 if it answers 200.

Production answers 400 to a Host header outside ALLOWED_HOSTS, so the check sends the first name listed
(without a leading dot, which means "and its subdomains"). Standard library only: no curl in the image.
"""

from __future__ import annotations

import os
import sys
import urllib.request


def main() -> int:
    port = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000").rsplit(":", 1)[-1]
    hosts = [name.strip() for name in os.environ.get("ALLOWED_HOSTS", "").split(",") if name.strip()]
    host = hosts[0].lstrip(".") if hosts else "localhost"
    request = urllib.request.Request(f"http://127.0.0.1:{port}/healthz", headers={"Host": host})
    try:
        with urllib.request.urlopen(request, timeout=3) as response:  # noqa: S310 (a fixed http URL)
            return 0 if response.status == 200 else 1
    except OSError as error:  # refused, timed out, or an HTTP error status
        print(f"/healthz: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
