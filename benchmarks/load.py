"""Load test: real gunicorn workers, many concurrent residents sending forms, and a comparison of what
each client was told with what the database holds.

Usage: .venv/bin/python benchmarks/load.py [--database sqlite|postgres|both] [--clients 64]
                                           [--submissions 5000] [--workers 4] [--no-write]

For each database: a fresh schema built by the migrations, gunicorn (gunicorn.conf.py, ``--workers``)
behind a pretend proxy (PROXY_FIX_HOPS=1, every resident with an address of their own, as on the
day a program opens), and a load generator in a second process on 127.0.0.1 with ``--clients``
threads. Each resident opens the merchant-suggestion or store-listing form, sends it, and one in ten
double-clicks (sends the same form twice). Afterwards: every acknowledged submission (a receipt
number shown) must be stored, exactly once, with the receipt shown; a double click must have shown
the same receipt twice; nothing may be stored that no client was told about. Latency percentiles,
throughput and the workers' memory (RSS) are reported; results go to docs/RELIABILITY.md.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import errno
import http.client
import http.cookiejar
import json
import multiprocessing
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.common import write_section  # noqa: E402
from benchmarks.servers import (  # noqa: E402
    READY_SECONDS,
    Deadline,
    DeadlineExceeded,
    free_port,
    start_gunicorn,
    start_redis,
    stop,
)
from benchmarks.stores_search import _ensure_database, fresh_schema  # noqa: E402

POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/alleyweb_load"
_TOKEN = re.compile(r'name="(csrf_token|idempotency_key)"[^>]*value="([^"]+)"')
_RECEIPT = re.compile(r'class="receipt-number"[^>]*>\s*([0-9A-Z]{5}-[0-9A-Z]{5})')
FORMS = {
    "suggestion": ("/ko/suggestions/new", {
        "topic": "parking", "dong": "2914057500", "message": "골목 입구 불법 주차 때문에 손님이 못 들어옵니다.",
        "name": "홍길동", "store_name": "양동상회", "phone": "010 2222 3333", "consent": "y"}),
    "store_request": ("/ko/stores/register", {
        "kind": "new", "store_name": "새벽 반찬가게", "dong": "2914057500", "address": "경열로 2",
        "store_phone": "062 360 1234", "items": "반찬, 김치", "accepts_paper": "y", "accepts_digital": "y",
        "business_number": "123-45-67891", "applicant_name": "홍길동", "applicant_phone": "010 1234 5678",
        "consent": "y"}),
}


@dataclass
class Outcome:
    form: str
    key: str
    receipts: list  # the receipt shown for each post (None: an error page, or nothing)
    statuses: list
    seconds: list
    started: list = None  # when each post was sent (epoch seconds)
    kept: list = None  # for each post: an error page that still held what the resident typed


def prepare(url: str, instance: str) -> None:
    """A fresh schema, as production builds it."""
    os.environ["ALLEYWEB_INSTANCE_DIR"] = instance
    from alleyweb import create_app
    from alleyweb.config import DevelopmentConfig
    from alleyweb.extensions import db

    if url.startswith("postgresql"):
        _ensure_database(url)
    app = create_app(DevelopmentConfig, SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        fresh_schema()
        db.engine.dispose()


def start_server(url: str, instance: str, port: int, workers: int, limits: str = "memory://",
                 ready_seconds: float = READY_SECONDS) -> subprocess.Popen:
    """gunicorn (gunicorn.conf.py) with ``workers`` workers on ``port``, once it answers /healthz; stop it with
    ``benchmarks.servers.stop`` (in a ``finally``)."""
    return start_gunicorn({"DATABASE_URL": url, "ALLEYWEB_INSTANCE_DIR": instance, "GUNICORN_WORKERS": str(workers),
                           "PROXY_FIX_HOPS": "1", "RATELIMIT_STORAGE_URI": limits, "GUNICORN_LOGLEVEL": "warning"},
                          port, Path(instance) / "gunicorn.log", ready_seconds)


def _resident(base: str, number: int, form: str, double: bool, acknowledged=None) -> Outcome:
    """One resident: open the form, send it (twice when double-clicking), read the receipt shown."""
    path, values = FORMS[form]
    address = f"10.{number // 62500 % 256}.{number // 250 % 250}.{number % 250 + 1}"
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    headers = {"X-Forwarded-For": address}
    page = ""
    for _attempt in range(5):  # a page that fails to load is loaded again, as a person would
        try:
            page = opener.open(urllib.request.Request(base + path, headers=headers),  # noqa: S310 - loopback
                               timeout=30).read().decode()
            break
        except (OSError, http.client.HTTPException):
            time.sleep(0.2)
    tokens = dict(_TOKEN.findall(page))
    if not tokens:
        return Outcome(form, "", [None], [0], [0.0], [time.time()], [False])
    body = urllib.parse.urlencode({**values, **tokens}).encode()
    typed = values.get("message") or values.get("store_name")
    outcome = Outcome(form, tokens.get("idempotency_key", ""), [], [], [], [], [])
    for _ in range(2 if double else 1):
        outcome.started.append(time.time())
        started = time.perf_counter()
        try:
            request = urllib.request.Request(base + path, data=body, headers=headers)  # noqa: S310 - loopback
            response = opener.open(request, timeout=30)  # noqa: S310 - loopback
            status, text = response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            try:
                status, text = error.code, error.read().decode(errors="replace")
            except (OSError, http.client.HTTPException):
                status, text = error.code, ""
        except (OSError, http.client.HTTPException):  # the connection broke: no answer at all
            status, text = 0, ""
        outcome.seconds.append(time.perf_counter() - started)
        outcome.statuses.append(status)
        outcome.kept.append(status != 200 and bool(typed) and typed in text)
        match = _RECEIPT.search(text) if status == 200 else None
        outcome.receipts.append(match.group(1) if match else None)
        if match and acknowledged is not None:
            with acknowledged.get_lock():
                acknowledged.value += 1
    return outcome


def drive(base: str, clients: int, submissions: int, out: str, load_started=None, acknowledged=None) -> None:
    """The load generator (run in its own process): ``submissions`` residents, ``clients`` at a time. Sets the
    ``load_started`` event (if given) as the first residents set off, and counts the receipts shown in the
    shared ``acknowledged`` value (if given)."""
    started = time.perf_counter()
    if load_started is not None:
        load_started.set()
    with concurrent.futures.ThreadPoolExecutor(max_workers=clients) as pool:
        futures = [pool.submit(_resident, base, n, "suggestion" if n % 2 else "store_request", n % 10 == 0,
                               acknowledged)
                   for n in range(submissions)]
        outcomes = [f.result() for f in futures]
    Path(out).write_text(json.dumps({"elapsed": time.perf_counter() - started,
                                     "outcomes": [asdict(o) for o in outcomes]}))


def worker_rss_mb(server: subprocess.Popen) -> list[float]:
    """Resident memory of each gunicorn worker (the master's children)."""
    sizes = []
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children")
    for pid in children.read_text().split() if children.exists() else []:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                sizes.append(int(line.split()[1]) / 1024)
    return sizes


def stored(url: str) -> dict[str, list[str]]:
    """idempotency key → receipt numbers stored under it."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT idempotency_key, receipt_no FROM submissions")).all()
    engine.dispose()
    found: dict[str, list[str]] = {}
    for key, receipt in rows:
        found.setdefault((key or "").split(":")[0], []).append(receipt)  # the page's token, without its session binding
    return found


@dataclass
class Result:
    fault: str
    errors_by_status: str
    error_pages_keeping_the_form: str
    recovery_s: float | None
    database: str
    clients: int
    workers: int
    residents: int
    posts: int
    acknowledged: int
    errors: int
    stored: int
    lost: int
    duplicates: int
    double_clicks_same_receipt: str
    unacknowledged_stored: int
    seconds: float
    per_second: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    rss_mb: list
    kind: str = "none"  # the --fault given
    checks: str = ""  # SQLite: integrity and foreign-key checks after the run
    sign_in: dict | None = None  # with Redis stopped: sign-in answers before, while down and after

    @property
    def ok(self) -> bool:
        """Nothing acknowledged is lost or stored twice. Without faults (and with Redis stopped, which residents
        must not notice) also: no errors, nothing stored that no client heard of (with killed workers a form may
        be stored after its answer was lost). With Redis stopped, sign-in answered 503 and only 503 while it was
        down, and never 503 before or after."""
        same, doubles = self.double_clicks_same_receipt.split("/")
        clean = self.unacknowledged_stored == 0 and self.errors == 0 and same == doubles
        if self.sign_in is not None:
            down, others = self.sign_in["down"], {**self.sign_in["before"], **self.sign_in["after"]}
            clean = clean and set(down) == {503} and 503 not in others and bool(others)
        intact = not self.checks or self.checks.startswith("integrity_check: ok; foreign_key_check: 0 ")
        return self.lost == 0 and self.duplicates == 0 and intact and (
            clean or self.kind in ("kill", "restart-postgres", "disk-full"))


def _kill_workers(server: subprocess.Popen, generator, every: float, acknowledged, deadline: Deadline,
                  most: int | None = None) -> int:
    """SIGKILL one worker after another while the load runs (the master starts a new one each time): every
    ``every`` seconds, once a form has been acknowledged since the last kill. Without that condition a busy
    machine, where a new worker takes longer than ``every`` to import the app, would see every worker killed
    before it answered anything, and the load would never end. Stops at the run's ``deadline``, and after
    ``most`` kills if given (each new worker imports the app again: seconds of CPU on a busy machine)."""
    killed, seen = 0, acknowledged.value
    while generator.is_alive() and not deadline.expired and (most is None or killed < most):
        time.sleep(every)  # the fault's schedule
        while generator.is_alive() and acknowledged.value == seen and not deadline.expired:
            time.sleep(0.05)  # how often to look: the wait is for the next acknowledged form
        seen = acknowledged.value
        children = Path(f"/proc/{server.pid}/task/{server.pid}/children")
        pids = children.read_text().split() if children.exists() else []
        if pids and generator.is_alive():
            try:
                os.kill(int(pids[killed % len(pids)]), signal.SIGKILL)
                killed += 1
            except ProcessLookupError:
                pass
    return killed


def _outage(take_down, bring_back, times: dict, load_started, after: float = 4.0, down: float = 3.0,
            seen_down=None, deadline: Deadline | None = None) -> None:
    """``take_down()`` a part ``after`` seconds into the load (counted from when the load generator's residents
    set off, not from when its process was started: that alone can take seconds on a busy machine) and
    ``bring_back()`` it ``down`` seconds later, or once ``seen_down()`` says that what should be observed
    while it is down has been (on a busy machine, 2 s may pass without one answer). ``times``: when the stop
    began ("stopped") and had ended ("gone"), when the start began ("back") and had ended ("started")."""
    if not load_started.wait(deadline.remaining() if deadline else 120) or times.get("cancelled"):
        return  # the load never started, or the run failed before it did
    time.sleep(after)  # the fault's schedule
    times["stopped"] = time.time()
    take_down()
    times["gone"] = time.time()
    time.sleep(down)
    while seen_down is not None and not seen_down() and not (deadline and deadline.expired):
        time.sleep(0.05)  # how often to look
    times["back"] = time.time()
    bring_back()
    times["started"] = time.time()


PG_CTL = ["pg_ctlcluster", "15", "main"]


def _fill_disk(folder: str) -> None:
    """Write a filler file until the file system (the database's tmpfs) has no space left. Unbuffered: a
    buffered file would still hold the block that did not fit, and closing it would raise ENOSPC again."""
    with open(Path(folder) / "filler", "wb", buffering=0) as handle:
        try:
            while True:
                handle.write(b"\0" * 65536)
        except OSError as error:
            if error.errno != errno.ENOSPC:
                raise


def _sqlite_checks(url: str) -> str:
    """PRAGMA integrity_check and foreign_key_check of an SQLite database, as one line for the report."""
    import sqlite3

    with sqlite3.connect(url.removeprefix("sqlite:///")) as connection:
        integrity = ", ".join(row[0] for row in connection.execute("PRAGMA integrity_check"))
        foreign = len(connection.execute("PRAGMA foreign_key_check").fetchall())
    return f"integrity_check: {integrity}; foreign_key_check: {foreign} problems"


def _probe_sign_in(base: str, generator, probes: list) -> None:
    """While the load runs: open the staff sign-in page and send a wrong password, every 0.2 s, each time
    from another address (so that the failure limit itself never answers); (sent, answered, status) of each."""
    number = 0
    while generator.is_alive():
        number += 1
        headers = {"X-Forwarded-For": f"192.168.{number // 250 % 250}.{number % 250 + 1}"}
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        sent = time.time()
        try:
            page = opener.open(urllib.request.Request(base + "/ko/staff/sign-in", headers=headers),  # noqa: S310
                               timeout=30).read().decode()
            body = urllib.parse.urlencode({"email": "nobody@seogu.go.kr", "password": "not the password",
                                           **dict(_TOKEN.findall(page))}).encode()
            sent = time.time()
            status = opener.open(urllib.request.Request(base + "/ko/staff/sign-in", data=body,  # noqa: S310
                                                        headers=headers), timeout=30).status
        except urllib.error.HTTPError as error:
            status = error.code
        except (OSError, http.client.HTTPException):
            status = 0
        probes.append((sent, time.time(), status))
        time.sleep(0.2)


def _sign_in_phases(probes: list, times: dict) -> dict:
    """Sign-in answers (status → count): sent and answered before Redis was told to stop, while it was down
    (sent after it had ended, answered before it was started again), after it answered again; and those
    sent or answered while it was stopping or starting (either answer is right for those)."""
    phases: dict = {"before": {}, "down": {}, "after": {}, "in flight at a change": {}}
    stopped, gone, back, started = times["stopped"], times["gone"], times["back"], times["started"]
    for sent, answered, status in probes:
        phase = ("before" if answered < stopped else "down" if gone <= sent and answered < back
                 else "after" if sent >= started else "in flight at a change")
        phases[phase][status] = phases[phase].get(status, 0) + 1
    return phases


def run(database: str, url: str, clients: int, submissions: int, workers: int, fault: str | None = None,
        outage: tuple[float, float] = (4.0, 3.0), seconds: float = 3600, kills: int | None = None) -> Result:
    """One load run; with a fault that stops a part, ``outage`` is (seconds into the load, seconds down).
    For ``disk-full`` the SQLite database's folder becomes a 256 MB tmpfs of its own for the run (root).
    The run is bounded by ``seconds`` (benchmarks.servers.Deadline): past it, everything it started is
    stopped and DeadlineExceeded is raised, saying what was still running. ``kills``: at most that many
    workers killed (fault ``kill``)."""
    deadline = Deadline(seconds)
    folder = Path(url.removeprefix("sqlite:///")).parent
    if fault == "disk-full":
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256m", "tmpfs", str(folder)], check=True)  # noqa: S607
    try:
        return _run(database, url, clients, submissions, workers, fault, outage, deadline, kills)
    finally:
        if fault == "disk-full":
            subprocess.run(["umount", "-l", str(folder)], check=False)  # noqa: S607


def _run(database: str, url: str, clients: int, submissions: int, workers: int, fault: str | None,
         outage: tuple[float, float], deadline: Deadline, kills: int | None = None) -> Result:
    import threading

    instance = tempfile.mkdtemp(prefix="alleyweb-load-")
    prepare(url, instance)
    port = free_port()
    redis: dict = {}
    limits = "memory://"
    out = str(Path(instance) / "outcomes.json")
    base = f"http://127.0.0.1:{port}"
    probes: list = []
    server = generator = None
    helpers: list = []
    spawn = multiprocessing.get_context("spawn")
    load_started, acknowledged = spawn.Event(), spawn.Value("i", 0)
    times: dict = {}
    try:
        if fault == "stop-redis":
            redis_port = free_port()
            redis["server"] = start_redis(redis_port, min(READY_SECONDS, deadline.remaining(1)))
            limits = f"redis://127.0.0.1:{redis_port}/0"
        server = start_server(url, instance, port, workers, limits, min(READY_SECONDS, deadline.remaining(1)))
        generator = spawn.Process(target=drive, args=(base, clients, submissions, out, load_started, acknowledged))
        generator.start()
        if fault == "restart-postgres":
            helpers.append(threading.Thread(target=_outage, args=(
                lambda: subprocess.run([*PG_CTL, "stop"], check=True, capture_output=True),  # noqa: S603
                lambda: subprocess.run([*PG_CTL, "start"], check=True, capture_output=True),  # noqa: S603
                times, load_started, *outage, None, deadline)))
        if fault == "stop-redis":
            def a_sign_in_was_answered_while_down():
                return not generator.is_alive() or any(sent >= times["gone"] for sent, _answered, _s in probes)

            helpers.append(threading.Thread(target=_outage, args=(
                lambda: stop(redis["server"], timeout=10), lambda: redis.update(server=start_redis(redis_port)),
                times, load_started, *outage, a_sign_in_was_answered_while_down, deadline)))
            helpers.append(threading.Thread(target=_probe_sign_in, args=(base, generator, probes)))
        if fault == "disk-full":
            folder = Path(url.removeprefix("sqlite:///")).parent
            helpers.append(threading.Thread(target=_outage, args=(
                lambda: _fill_disk(folder), lambda: os.remove(folder / "filler"), times, load_started, *outage, None,
                deadline)))
        for helper in helpers:
            helper.start()
        killed = _kill_workers(server, generator, 1.0, acknowledged, deadline, kills) if fault == "kill" else 0
        generator.join(deadline.remaining())
        if generator.is_alive():
            raise DeadlineExceeded(f"load run ({database}, fault {fault or 'none'}, {submissions} residents): "
                                   f"not finished within its bound of {deadline.seconds:.0f} s")
        for helper in helpers:
            helper.join(deadline.remaining(10))
            if helper.is_alive():
                raise DeadlineExceeded(f"load run ({database}, fault {fault}): its fault helper was still "
                                       f"running after the bound of {deadline.seconds:.0f} s")
        rss = worker_rss_mb(server)
    finally:  # also when something above failed: nothing this run started is left running
        if generator is not None and generator.is_alive():
            generator.terminate()
            generator.join()
        if not load_started.is_set():  # an outage still waiting for the load ends without one
            times["cancelled"] = True
            load_started.set()
        for helper in helpers:
            if helper.ident is not None:
                helper.join(30)  # each ends once the load generator has
        if server is not None:
            stop(server)
        if redis:
            stop(redis["server"], timeout=10)
    data = json.loads(Path(out).read_text())
    outcomes = [Outcome(**o) for o in data["outcomes"]]
    in_db = stored(url)
    told = {o.key: {r for r in o.receipts if r} for o in outcomes}
    acknowledged = {key: receipts for key, receipts in told.items() if receipts}
    lost = sum(1 for key, receipts in acknowledged.items() if not receipts <= set(in_db.get(key, [])))
    duplicates = sum(len(receipts) - 1 for receipts in in_db.values() if len(receipts) > 1)
    doubles = [o for o in outcomes if len(o.receipts) == 2]
    # A double click shows one receipt; when a killed worker lost one of the two answers, the other
    # must still be that same submission.
    same = sum(1 for o in doubles if len({r for r in o.receipts if r}) == 1 and (fault or all(o.receipts)))
    seconds = sorted(s for o in outcomes for s in o.seconds)
    failed = [(st, ok) for o in outcomes for st, ok in zip(o.statuses, o.kept or [], strict=False) if st != 200]
    by_status: dict = {}
    for status, _kept in failed:
        by_status[status] = by_status.get(status, 0) + 1
    recovery = None
    if fault in ("restart-postgres", "disk-full") and "started" in times:
        back = [s + d for o in outcomes for s, d, st in zip(o.started, o.seconds, o.statuses, strict=False)
                if st == 200 and s >= times["started"]]
        recovery = round(min(back) - times["started"], 2) if back else None
    posts = len(seconds)
    sign_in = _sign_in_phases(probes, times) if fault == "stop-redis" else None
    return Result(
        fault=(f"{killed} workers killed" if fault == "kill" else
               f"PostgreSQL down {times['started'] - times['stopped']:.1f} s" if fault == "restart-postgres"
               else f"Redis down {times['started'] - times['stopped']:.1f} s" if fault == "stop-redis"
               else f"disk full {times['started'] - times['stopped']:.1f} s" if fault == "disk-full"
               else "none"),
        kind=fault or "none", sign_in=sign_in, checks=_sqlite_checks(url) if url.startswith("sqlite") else "",
        errors_by_status=", ".join(f"{k}: {v}" for k, v in sorted(by_status.items())) or "–",
        error_pages_keeping_the_form=f"{sum(1 for _s, kept in failed if kept)}/{len(failed)}",
        recovery_s=recovery,
        database=database, clients=clients, workers=workers, residents=len(outcomes), posts=posts,
        acknowledged=len(acknowledged), errors=sum(1 for o in outcomes for s in o.statuses if s != 200),
        stored=sum(len(r) for r in in_db.values()), lost=lost, duplicates=duplicates,
        double_clicks_same_receipt=f"{same}/{len(doubles)}",
        unacknowledged_stored=sum(1 for key in in_db if key not in acknowledged),
        seconds=round(data["elapsed"], 1), per_second=round(posts / data["elapsed"], 1),
        p50_ms=round(statistics.median(seconds) * 1000, 1), p95_ms=round(seconds[int(posts * 0.95) - 1] * 1000, 1),
        p99_ms=round(seconds[int(posts * 0.99) - 1] * 1000, 1), rss_mb=[round(r) for r in rss])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--postgres", default=POSTGRES_URL)
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--submissions", type=int, default=5000)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--fault", choices=["none", "kill", "restart-postgres", "stop-redis", "disk-full"],
                        default="none",
                        help="kill: SIGKILL a worker every second while the load runs (once a form was "
                             "acknowledged since the last kill); restart-postgres: stop "
                             "PostgreSQL 4 s into the load and start it 3 s later (pg_ctlcluster 15 main); "
                             "stop-redis: rate limits in a redis-server of the script's own, stopped 4 s into the "
                             "load and started 3 s later, while staff sign-in is tried every 0.2 s; disk-full "
                             "(SQLite only, needs root): the database on a 256 MB tmpfs, filled 4 s into the load "
                             "and freed 3 s later")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    targets = []
    if args.database in ("sqlite", "both") and args.fault != "restart-postgres":
        targets.append(("SQLite (WAL)", None))
    if args.database in ("postgres", "both") and args.fault != "disk-full":
        targets.append(("PostgreSQL", args.postgres))
    fault = None if args.fault == "none" else args.fault
    lines = [f"Measured {date.today()} with `.venv/bin/python benchmarks/load.py --clients {args.clients} "
             f"--submissions {args.submissions} --workers {args.workers} --fault {args.fault}` on this machine "
             "(2 cores; server, database and load generator on the same machine). Each resident opens a form "
             "(merchant suggestion or store listing, alternately) and sends it; every tenth double-clicks. "
             "posts/s: sends per second over the whole run (each resident also opens the form page first).", "",
             "| database | fault | residents | posts | acknowledged | errors | stored | lost | duplicates | "
             "double clicks, same receipt | stored, never acknowledged | posts/s | p50 ms | p95 ms | p99 ms | "
             "worker RSS MB |", "|---|---|" + "---:|" * 14]
    failed = False
    notes: list[str] = []
    for name, url in targets:
        url = url or f"sqlite:///{tempfile.mkdtemp(prefix='alleyweb-load-db-')}/load.db"
        result = run(name, url, args.clients, args.submissions, args.workers, fault)
        failed |= not result.ok
        cells = [name, result.fault, f"{result.residents:,}", f"{result.posts:,}", f"{result.acknowledged:,}",
                 result.errors,
                 f"{result.stored:,}", result.lost, result.duplicates, result.double_clicks_same_receipt,
                 result.unacknowledged_stored, result.per_second, result.p50_ms, result.p95_ms, result.p99_ms,
                 ", ".join(str(r) for r in result.rss_mb)]
        lines.append("| " + " | ".join(str(c) for c in cells) + " |")
        if result.errors:
            back = "there was space again" if fault == "disk-full" else "PostgreSQL was back"
            notes.append(f"{name}: errors by status {result.errors_by_status} (0: the connection broke); error pages "
                         f"that kept what the resident typed: {result.error_pages_keeping_the_form}"
                         + (f"; the first acknowledged post after {back} came {result.recovery_s} s "
                            "later, without restarting the app" if result.recovery_s is not None else "") + ".")
        if result.checks:
            notes.append(f"{name}: after the run, {result.checks}.")
        if result.sign_in is not None:
            def answers(phase, phases=result.sign_in):
                counts = phases[phase]
                return ", ".join(f"{count} × {status}" for status, count in sorted(counts.items())) or "none"
            notes.append(f"{name}: staff sign-in with a wrong password (one try every 0.2 s, each from a new "
                         f"address): before Redis stopped {answers('before')}; while it was down "
                         f"{answers('down')}; after it was back {answers('after')}; in flight when Redis stopped "
                         f"or started {answers('in flight at a change')} (400: the form says the "
                         "password is wrong; 503: sign-in paused, failing closed).")
        print(lines[-1], flush=True)
    body = "\n".join(lines + ([""] + notes if notes else []))
    print(body)
    if not args.no_write:
        write_section("load" if fault is None else f"load-{fault}", body, doc="RELIABILITY.md")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
