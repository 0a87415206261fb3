"""gunicorn settings for AlleyWeb: `gunicorn -c gunicorn.conf.py wsgi:app` (docs/DEPLOY.md explains).

Why these values:
- Sync workers. A request here is short and mostly CPU (rendering a page: 1–10 ms); the database is
  near and quick; nothing streams or long-polls. Threads or async workers would add locking and
  memory for no gain under the GIL, and SQLite serialises writes anyway.
- Two workers per core: while one waits on the database or the network the other renders, and a
  slow request (a big import page, an export) does not hold a whole core's queue.
- Workers restart after a couple of thousand requests (with jitter, so not all at once), which
  bounds any slow memory growth; a graceful restart (SIGHUP) lets requests in flight finish.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", str(min(2 * multiprocessing.cpu_count(), 8))))
worker_class = "sync"
timeout = 30  # a request that takes longer is stuck: the worker is replaced
graceful_timeout = 30  # on SIGTERM/SIGHUP, requests in flight get this long to finish
keepalive = 5  # behind a reverse proxy that reuses connections
max_requests = 2000
max_requests_jitter = 200
# The application writes one JSON line per request itself (alleyweb/core/logs.py); gunicorn's own
# messages (start, worker restarts, errors) go to standard error.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
# Requests larger than this never reach the application (it refuses bodies over 512 KiB itself).
limit_request_line = 8190
limit_request_fields = 100


def _without_server_header():
    """gunicorn names itself (and so what to attack) in a Server header on every response, and has no
    setting to stop it: leave the header out. The reverse proxy in front sends its own, without a version."""
    from gunicorn.http import wsgi

    default_headers = wsgi.Response.default_headers
    if getattr(default_headers, "without_server", False):
        return

    def headers(self):
        return [line for line in default_headers(self) if not line.lower().startswith("server:")]

    headers.without_server = True
    wsgi.Response.default_headers = headers


_without_server_header()
