"""The notification worker under faults: workers (real ``flask notify run`` processes) send a batch of texts
to a local HTTP SMS gateway; one worker is killed (SIGKILL) mid-batch and the gateway is stopped for a while;
then a worker comes back, the gateway comes back, and every notice must be delivered exactly once.

The gateway honours the Idempotency-Key the worker sends (as a real one would): a notice sent again, because
its worker died after the gateway's answer but before its own commit, is counted as a repeat and not
delivered twice. Bounded: every wait has a deadline, and the processes are always stopped.

Usage: .venv/bin/python benchmarks/notify_fault.py [--database sqlite|postgres] [--workers 2] [--notices 200]
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.load import prepare  # noqa: E402
from benchmarks.servers import free_port, stop  # noqa: E402

DEADLINE_SECONDS = 120.0


@dataclass
class Gateway:
    """An SMS gateway that delivers each Idempotency-Key once; ``delay`` seconds per request."""

    port: int
    delay: float = 0.01
    delivered: Counter = field(default_factory=Counter)
    repeats: int = 0
    requests: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    server: ThreadingHTTPServer | None = None

    def start(self) -> None:
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                time.sleep(gateway.delay)
                key = self.headers.get("Idempotency-Key", "")
                with gateway.lock:
                    gateway.requests += 1
                    if key in gateway.delivered:
                        gateway.repeats += 1
                    else:
                        gateway.delivered[key] += 1
                self.send_response(200)
                self.end_headers()
                self.wfile.write(b"{}")

            def log_message(self, *args):
                pass

        ThreadingHTTPServer.allow_reuse_address = True
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    def count(self) -> int:
        with self.lock:
            return len(self.delivered)


@dataclass
class Result:
    database: str
    workers: int
    notices: int
    delivered: int = 0
    delivered_twice: int = 0
    repeats_refused_by_key: int = 0
    requests: int = 0
    killed_at: int = 0
    outage_seconds: float = 0.0  # after the first retry was seen
    retries: int = 0
    seconds: float = 0.0  # from the workers' start to every notice sent
    first_fifth_seconds: float = 0.0  # to the kill (workers starting, then sending)
    back_seconds: float = 0.0  # to the gateway's return
    all_marked_sent: bool = False
    addresses_left: int = -1

    @property
    def ok(self) -> bool:
        return (self.delivered == self.notices and self.delivered_twice == 0 and self.all_marked_sent
                and self.addresses_left == 0)


def _seed(url: str, instance: str, notices: int) -> None:
    os.environ["ALLEYWEB_INSTANCE_DIR"] = instance
    from alleyweb import create_app
    from alleyweb.config import DevelopmentConfig
    from alleyweb.extensions import db
    from alleyweb.notify.models import Notice

    app = create_app(DevelopmentConfig, SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        db.session.add_all(Notice(channel="sms", kind="step", address=f"010{n:08d}", lang="ko",
                                  body=f"[서구청] 시험 문자 {n}") for n in range(notices))
        db.session.commit()
        db.engine.dispose()


def _outbox(url: str, instance: str) -> tuple[Counter, int, int]:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as conn:
        states = Counter(dict(conn.execute(text("SELECT status, count(*) FROM notify_outbox GROUP BY status")).all()))
        addresses = conn.execute(text("SELECT count(*) FROM notify_outbox WHERE address IS NOT NULL")).scalar()
        retries = conn.execute(text("SELECT coalesce(sum(attempts - 1), 0) FROM notify_outbox")).scalar()
    engine.dispose()
    return states, int(addresses), int(retries)


def _worker(url: str, instance: str, gateway_url: str, log: Path) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": url, "ALLEYWEB_INSTANCE_DIR": instance, "FLASK_APP": "wsgi",
           "SMS_API_URL": gateway_url, "SMS_API_KEY": "fault-test", "NOTIFY_RETRY_SECONDS": "0.2",
           "NOTIFY_RETRY_MAX_SECONDS": "1", "NOTIFY_MAX_ATTEMPTS": "100", "NOTIFY_POLL_SECONDS": "0.2"}
    with log.open("ab") as errors:
        return subprocess.Popen([sys.executable, "-m", "flask", "notify", "run"], cwd=ROOT, env=env,
                                stdout=subprocess.DEVNULL, stderr=errors, start_new_session=True)


def _wait(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what}: not within {seconds:.0f} s")
        time.sleep(0.05)


def run(database: str, url: str, workers: int = 2, notices: int = 200, outage: float = 2.0) -> Result:
    result = Result(database, workers, notices, outage_seconds=outage)
    instance = tempfile.mkdtemp(prefix="notify-fault-")
    log = Path(instance) / "workers.log"
    prepare(url, instance)
    _seed(url, instance, notices)
    gateway = Gateway(free_port())
    gateway.start()
    gateway_url = f"http://127.0.0.1:{gateway.port}/send"
    running: list[subprocess.Popen] = []
    started = time.monotonic()
    try:
        running = [_worker(url, instance, gateway_url, log) for _ in range(workers)]
        _wait(lambda: gateway.count() >= notices // 5, DEADLINE_SECONDS / 2, "first fifth delivered")
        result.first_fifth_seconds = round(time.monotonic() - started, 1)
        victim = running.pop(0)
        os.killpg(victim.pid, signal.SIGKILL)  # mid-batch, whatever it holds
        victim.wait(timeout=10)
        result.killed_at = gateway.count()
        gateway.stop()  # the gateway away: the workers retry with backoff
        running.append(_worker(url, instance, gateway_url, log))  # the killed worker comes back, during it
        _wait(lambda: _outbox(url, instance)[2] > 0, DEADLINE_SECONDS / 2, "a retry during the outage")
        time.sleep(outage)
        gateway.start()
        result.back_seconds = round(time.monotonic() - started, 1)
        _wait(lambda: _outbox(url, instance)[0].get("sent", 0) == notices, DEADLINE_SECONDS, "every notice sent")
        result.seconds = round(time.monotonic() - started, 1)
    finally:
        for process in running:
            stop(process, timeout=10)
        gateway.stop()
    states, result.addresses_left, result.retries = _outbox(url, instance)
    result.all_marked_sent = states.get("sent", 0) == notices and sum(states.values()) == notices
    result.delivered = len(gateway.delivered)
    result.delivered_twice = sum(1 for count in gateway.delivered.values() if count > 1)
    result.repeats_refused_by_key = gateway.repeats
    result.requests = gateway.requests
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--url", default="")
    parser.add_argument("--workers", type=int, default=0)
    parser.add_argument("--notices", type=int, default=200)
    args = parser.parse_args()
    if args.database == "postgres":
        url = args.url or "postgresql+psycopg://postgres@127.0.0.1:5432/alleyweb_notify_fault"
    else:
        url = args.url or f"sqlite:///{tempfile.mkdtemp(prefix='notify-fault-db-')}/fault.db"
    workers = args.workers or (2 if args.database == "postgres" else 1)
    print(run(args.database, url, workers=workers, notices=args.notices))


if __name__ == "__main__":
    main()
