"""Throughput with 4 gunicorn workers on this machine's 2 cores: the home page, store search, a program
page and form pages against the plain layout page, measured by wrk against the same server in one run.

Usage: .venv/bin/python benchmarks/throughput.py [--stores 125600] [--postgres URL | --no-postgres]
                                                 [--seconds 10] [--connections 16]

For each database: the schema built by the migrations, 125,600 stores imported from a generated
national-format file (as benchmarks/stores_search.py builds it), then the demo content (`flask seed demo`:
programs, projects, suggestions). gunicorn starts with gunicorn.conf.py and GUNICORN_WORKERS=4. Each page
gets ``--seconds`` of wrk (2 threads, ``--connections``), one page after the other; the layout page is
measured first and last, and pages are compared with the mean of the two. Requests carry no cookies, so
each form page starts a new session, as a first visit does. Results go between the ``throughput:start``
and ``throughput:end`` markers in docs/PERFORMANCE.md. Needs wrk (``apt-get install wrk``).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.request
from datetime import date
from pathlib import Path
from urllib.parse import quote, unquote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.common import write_section  # noqa: E402
from benchmarks.load import start_server  # noqa: E402
from benchmarks.servers import free_port, stop  # noqa: E402
from benchmarks.stores_search import (  # noqa: E402
    POSTGRES_URL,
    _ensure_database,
    build,
    rotating_paths,
    rotating_script,
)

LAYOUT = "/ko/accessibility"


def seed_demo(url: str) -> str:
    """The demo content on top of the imported stores; the slug of the first program taking applications."""
    from sqlalchemy import select

    from alleyweb import create_app
    from alleyweb.config import DevelopmentConfig
    from alleyweb.extensions import db
    from alleyweb.programs.models import Program

    app = create_app(DevelopmentConfig, SQLALCHEMY_DATABASE_URI=url)
    result = app.test_cli_runner().invoke(args=["seed", "demo"])
    if result.exit_code != 0:
        raise RuntimeError(result.output)
    with app.app_context():
        programs = db.session.scalars(select(Program).order_by(Program.sort_order, Program.id)).all()
        slug = next(p.slug for p in programs if p.accepts_applications)
        db.engine.dispose()
    return slug


def run_wrk(base: str, path: str, seconds: int, connections: int, script: str | None = None) -> dict:
    """req/s and latency percentiles of one wrk run; fails on any error response."""
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s",
               *(["-s", script] if script else []), base + path]
    out = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60).stdout  # noqa: S603
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        raise RuntimeError(f"{path}: error responses during the run\n{out}")
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)

    def millis(label: str) -> float:
        match = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
            "p50": millis("50"), "p99": millis("99"),
            "socket_errors": sum(int(n) for n in sockets.groups()) if sockets else 0}


def measure(url: str, instance: str, slug: str, workers: int, seconds: int, connections: int) -> list:
    pages = [
        ("plain layout page (first)", LAYOUT, None),
        ("home", "/ko/", None),
        ("home, English", "/en/", None),
        ("store search, repeated `카페`", "/ko/stores?q=" + quote("카페"), None),
        ("store search, 1,500 different queries in turn", "/ko/stores",
         rotating_script(instance, rotating_paths(url))),
        ("program page", f"/ko/programs/{slug}", None),
        ("program application form", f"/ko/programs/{slug}/apply", None),
        ("merchant suggestion form", "/ko/suggestions/new", None),
        ("donation pledge form", "/ko/donate", None),
        ("plain layout page (last)", LAYOUT, None),
    ]
    port = free_port()
    server = start_server(url, instance, port, workers)
    base = f"http://127.0.0.1:{port}"
    try:
        for _label, path, _script in pages:  # warm-up: templates compiled and caches filled in every worker
            for _ in range(3 * workers):
                urllib.request.urlopen(base + path, timeout=30).read()  # noqa: S310 - loopback
        return [(label, path if not script else "/ko/stores?q=… (rotating)", run_wrk(base, path, seconds,
                                                                                   connections, script))
                for label, path, script in pages]
    finally:
        stop(server, timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--stores", type=int, default=125_600)
    parser.add_argument("--postgres", default=POSTGRES_URL)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (apt-get install wrk)")

    lines = [f"Measured {date.today()} with `.venv/bin/python benchmarks/throughput.py` on this machine "
             f"({os.cpu_count()} cores; server, database and wrk on the same machine): gunicorn with "
             f"gunicorn.conf.py and {args.workers} workers, {args.stores:,} stores plus the demo content; wrk with "
             f"2 threads and {args.connections} connections, {args.seconds} s per page, one page after the other "
             "against the same server. × layout: req/s against the mean of the two runs of the plain layout page. "
             "gunicorn.conf.py recycles each worker after about 2,000 requests, so every worker restarts about "
             "once per page run: the restarts (about a second each) are what show in the worst p99 figures.",
             ""]
    for backend, url in [("SQLite", None)] + ([] if args.no_postgres else [("PostgreSQL", args.postgres)]):
        instance = tempfile.mkdtemp(prefix="alleyweb-throughput-")
        url = url or f"sqlite:///{instance}/bench.db"
        if url.startswith("postgresql"):
            _ensure_database(url)
        build(url, instance, args.stores)
        slug = seed_demo(url)
        rows = measure(url, instance, slug, args.workers, args.seconds, args.connections)
        layout = (rows[0][2]["rps"] + rows[-1][2]["rps"]) / 2
        lines += [f"### {backend}", "",
                  "| page | path | req/s | × layout | p50 ms | p99 ms | broken or timed out (10 s) |",
                  "|---|---|---:|---:|---:|---:|---:|"]
        lines += [f"| {label} | `{unquote(path)}` | {r['rps']:,.0f} | {r['rps'] / layout:.2f} | {r['p50']:.1f} | "
                  f"{r['p99']:.1f} | {r['socket_errors']} |" for label, path, r in rows]
        lines.append("")
        print("\n".join(lines), flush=True)
        shutil.rmtree(instance, ignore_errors=True)
    if not args.no_write:
        write_section("throughput", "\n".join(lines).rstrip())


if __name__ == "__main__":
    main()
