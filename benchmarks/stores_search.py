"""Store search speed at the national file's size (125,600 stores), on SQLite and on PostgreSQL.

Usage: .venv/bin/python benchmarks/stores_search.py [--stores 125600] [--postgres URL | --no-postgres]
                                                    [--no-wrk] [--repeat N] [--reuse --sqlite PATH]

``--reuse`` times the databases as an earlier run (or benchmarks' own build) left them, without
building them again: the SQLite file given by ``--sqlite`` and the PostgreSQL database of ``--postgres``
(an import of 125,600 stores takes minutes on a busy machine).

For each database: build the schema with the migrations, load the demo shopping districts, import a
generated national-format file in which every row is a Gwangju store (so all are kept), then
1. time every query class in the database layer (``alleyweb.stores.search.search``: the exact count
   and one page of 20), 200 times each after a warm-up, p50/p95/max; and, interleaved with it in the
   same run, the obvious alternative ("peer"): ``LIKE '%q%'`` on the same keys (key_ko, key_cho,
   key_en) with a trigram index — pg_trgm GIN on PostgreSQL, an FTS5 trigram table on SQLite —
   giving the same exact count and page of 20 in name order;
2. with wrk (if installed), compare the search page's throughput with the plain layout page served
   by the same gunicorn (2 workers) in the same run.
Results go between the ``stores-search:start``/``stores-search:end`` markers in docs/PERFORMANCE.md.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.pages import write_section  # noqa: E402
from benchmarks.servers import free_port, http_ok, stop, wait_until_ready  # noqa: E402
from benchmarks.stores_import import fresh_schema  # noqa: E402

POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/alleyweb_bench"
BUDGET_MS = 15.0

# (class, query parameters); the terms occur in the generated names at very different frequencies.
QUERY_CLASSES = [
    ("1 syllable", {"q": "김"}),
    ("1 syllable", {"q": "떡"}),
    ("2 syllables", {"q": "카페"}),
    ("2 syllables", {"q": "치킨"}),
    ("2 syllables", {"q": "양동"}),
    ("3+ syllables", {"q": "김밥천국"}),
    ("3+ syllables", {"q": "반찬가게"}),
    ("initial consonants", {"q": "ㄱㅂㅊㄱ"}),
    ("initial consonants", {"q": "ㅊㅋ"}),
    ("mixed consonants", {"q": "ㄱ밥"}),
    ("romanized", {"q": "gimbap"}),
    ("romanized", {"q": "yangdong market"}),
    ("English word", {"q": "kimbap"}),
    ("English word", {"q": "chicken"}),
    ("English word", {"q": "rice cake"}),
    ("romanized variant", {"q": "gim-bap"}),
    ("romanized variant", {"q": "ddeok"}),
    ("filters only", {"dong": "2914065000", "accepts": "digital"}),
    ("filters only", {"category": "food"}),
    ("no match", {"q": "없는가게이름"}),
    ("deep page", {"q": "", "page": 500}),
    ("deep page", {"q": "김", "page": 50}),
]


def build(url: str, instance: str, stores: int) -> tuple[float, int]:
    """Fresh schema, demo districts, and an import of ``stores`` Gwangju stores; (seconds, stored)."""
    os.environ["ALLEYWEB_INSTANCE_DIR"] = instance
    from sqlalchemy import text

    from alleyweb import create_app
    from alleyweb.config import DevelopmentConfig
    from alleyweb.extensions import db
    from alleyweb.stores import demo, importer

    app = create_app(DevelopmentConfig, SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        fresh_schema()
        importer.load_districts(demo.DEMO_DISTRICTS)
        path = Path(instance) / "national.csv"
        demo.write_national_file(path, list(demo.generate_stores(stores, region_share=1.0)))
        started = time.perf_counter()
        result = importer.import_stores(path)
        elapsed = time.perf_counter() - started
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as conn:
                conn.execute(text("ANALYZE"))
        return elapsed, result.added


SEPARATOR = "\x03"  # between the keys in the peer's one indexed text, so no trigram spans two keys


def build_peer() -> None:
    """In an app context: the trigram index the peer query uses, over the same keys as ours."""
    from sqlalchemy import text

    from alleyweb.extensions import db

    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as conn:
            conn.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
            conn.execute(text("CREATE INDEX IF NOT EXISTS peer_trgm ON stores USING gin "
                              "((key_ko || chr(3) || key_cho || chr(3) || key_en) gin_trgm_ops)"))
            conn.execute(text("ANALYZE stores"))
    else:
        with db.engine.begin() as conn:
            conn.execute(text("CREATE VIRTUAL TABLE IF NOT EXISTS peer_fts USING fts5(keys, tokenize='trigram')"))
            conn.execute(text("DELETE FROM peer_fts"))
            conn.execute(text("INSERT INTO peer_fts (rowid, keys) SELECT id, key_ko || char(3) || key_cho || "
                              "char(3) || key_en FROM stores WHERE visible"))


_PEER_PAGE = "SELECT id, count(*) OVER () AS total FROM ({}) AS m ORDER BY name_sort, id LIMIT :limit OFFSET :offset"
PEER_SQL_POSTGRES = _PEER_PAGE.format(
    "SELECT id, name_sort FROM stores WHERE visible AND ((key_ko || chr(3) || key_cho || chr(3) || key_en) LIKE :p0 "
    "OR (key_ko || chr(3) || key_cho || chr(3) || key_en) LIKE :p1)")
# FTS5 answers LIKE from its trigram index for 3 characters or more; this SQLite (3.40) finds nothing
# for shorter patterns, so those are a scan of the stores, which is what the alternative would do.
# One LIKE per indexed lookup (an OR of two keeps FTS5 from its index); two patterns are a UNION.
PEER_SQL_SQLITE = _PEER_PAGE.format(
    "SELECT s.id, s.name_sort FROM stores s WHERE s.id IN (SELECT rowid FROM peer_fts WHERE keys LIKE :p0 "
    "UNION SELECT rowid FROM peer_fts WHERE keys LIKE :p1)")
PEER_SQL_SQLITE_SHORT = _PEER_PAGE.format(
    "SELECT id, name_sort FROM stores WHERE visible AND ((key_ko || char(3) || key_cho || char(3) || key_en) LIKE :p0 "
    "OR (key_ko || char(3) || key_cho || char(3) || key_en) LIKE :p1)")


def peer_search(q: str, page: int, per_page: int = 20):
    """The alternative: stores whose keys contain the query (as typed, and romanised) by a trigram
    index, the exact count and one page in name order, then the page's stores. None when there is no
    text, or for a mixed query (ㄱ밥) that LIKE cannot express."""
    from sqlalchemy import select, text

    from alleyweb.extensions import db
    from alleyweb.stores.models import Store
    from alleyweb.stores.text import has_choseong, is_syllable, normalise, roman_key

    key = normalise(q)
    if not key or (has_choseong(key) and any(is_syllable(ch) for ch in key)):
        return None
    roman = roman_key(key) if not has_choseong(key) and not any(is_syllable(ch) for ch in key) else ""
    params = {"p0": f"%{key}%", "p1": f"%{roman or key}%", "limit": per_page, "offset": (page - 1) * per_page}
    if db.engine.dialect.name == "postgresql":
        sql = PEER_SQL_POSTGRES
    else:
        sql = PEER_SQL_SQLITE if min(len(key), len(roman or key)) >= 3 else PEER_SQL_SQLITE_SHORT
    rows = db.session.execute(text(sql), params).all()
    ids = [row.id for row in rows]
    stores = db.session.scalars(select(Store).where(Store.id.in_(ids))).all() if ids else []
    return (rows[0].total if rows else 0), stores


def time_queries(url: str, repeat: int) -> list[tuple]:
    from alleyweb import create_app
    from alleyweb.config import DevelopmentConfig
    from alleyweb.dongs.models import Dong
    from alleyweb.extensions import db
    from alleyweb.stores.search import StoreQuery, search

    app = create_app(DevelopmentConfig, SQLALCHEMY_DATABASE_URI=url)
    rows = []
    with app.app_context():
        build_peer()
        dongs = {d.code: d.id for d in db.session.query(Dong)}
        for name, params in QUERY_CLASSES:
            query = StoreQuery(q=params.get("q", ""), dong_id=dongs.get(params.get("dong")),
                               category=params.get("category"), accepts=params.get("accepts"))
            page = params.get("page", 1)
            with_peer = not (query.dong_id or query.category or query.accepts) and \
                peer_search(query.q, page) is not None
            for _ in range(10):
                result = search(query, page=page)
                if with_peer:
                    peer_search(query.q, page)
                db.session.rollback()
            samples, peer = [], []
            for _ in range(repeat):  # ours and the peer in turn, so both see the same load
                start = time.perf_counter()
                result = search(query, page=page)
                samples.append((time.perf_counter() - start) * 1000)
                db.session.rollback()  # as a request ends its transaction
                if with_peer:
                    start = time.perf_counter()
                    peer_total = peer_search(query.q, page)[0]
                    peer.append((time.perf_counter() - start) * 1000)
                    db.session.rollback()
            samples.sort()
            peer.sort()
            label = ", ".join(f"{k}={v}" for k, v in params.items())
            rows.append((name, label, result.total, statistics.median(samples),
                         samples[int(len(samples) * 0.95) - 1], samples[-1],
                         statistics.median(peer) if peer else None, peer[int(len(peer) * 0.95) - 1] if peer else None,
                         peer_total if peer else None))
    return rows


def rotating_script(instance: str, paths: list[str]) -> str:
    """A wrk script that asks for ``paths`` in turn: more distinct addresses than a worker keeps
    (256), so every request is rendered afresh — the uncached directory."""
    script = Path(instance) / "rotate.lua"
    listed = ",\n".join(f'  "{path}"' for path in paths)
    script.write_text(f"""local paths = {{
{listed}
}}
local i = math.random(#paths)
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
""", encoding="utf-8")
    return str(script)


def rotating_paths(url: str, count: int = 1500) -> list[str]:
    """Searches for pieces of real store names (1–4 characters, some romanised), first pages and later ones."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as connection:
        names = [row[0] for row in connection.execute(text("SELECT key_ko FROM stores ORDER BY id LIMIT 3000"))]
        romans = [row[0] for row in connection.execute(text("SELECT key_en FROM stores ORDER BY id LIMIT 300"))]
    engine.dispose()
    pieces = []
    for i, name in enumerate(names):
        length = 1 + i % 4
        start = (i * 7) % max(1, len(name) - length + 1)
        pieces.append(name[start:start + length])
    pieces += [roman[:5 + i % 4] for i, roman in enumerate(romans)]
    seen, paths = set(), []
    for i, piece in enumerate(pieces):
        path = f"/ko/stores?q={quote(piece)}" + (f"&page={1 + i % 3}" if i % 5 == 0 else "")
        if piece and path not in seen:
            seen.add(path)
            paths.append(path)
    return paths[:count]


def wrk(url_base: str, instance: str, runs: list[tuple[str, str | None]]) -> dict[str, float]:
    """Requests per second of each (path, wrk script) run, served by gunicorn (2 workers), one after the other."""
    port = free_port()
    env = {**os.environ, "DATABASE_URL": url_base, "ALLEYWEB_INSTANCE_DIR": instance}
    log = Path(instance) / "gunicorn.log"
    with open(log, "ab") as errors:
        server = subprocess.Popen([str(ROOT / ".venv/bin/gunicorn"), "--workers", "2", "--bind",
                                   f"127.0.0.1:{port}", "wsgi:app"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                                  stderr=errors, start_new_session=True)
    try:
        wait_until_ready(server, http_ok(f"http://127.0.0.1:{port}/healthz"), "gunicorn", log=log)
        results = {}
        for path, script in runs:
            command = ["wrk", "-t2", "-c8", "-d10s", *(["-s", script] if script else []), f"http://127.0.0.1:{port}{path}"]
            out = subprocess.run(command, capture_output=True, text=True, timeout=60).stdout
            match = re.search(r"Requests/sec:\s+([\d.]+)", out)
            errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
            if errors:
                raise RuntimeError(f"{path}: {errors.group(1)} error responses")
            results[path if not script else "rotating"] = float(match.group(1)) if match else 0.0
        return results
    finally:
        stop(server, timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--stores", type=int, default=125_600)
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--postgres", default=POSTGRES_URL)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--no-wrk", action="store_true")
    parser.add_argument("--reuse", action="store_true", help="time the databases as they are, without a build")
    parser.add_argument("--sqlite", help="the SQLite file to build in (or, with --reuse, to time)")
    args = parser.parse_args()

    backends = [("SQLite", None)] + ([] if args.no_postgres else [("PostgreSQL", args.postgres)])
    lines = [f"Measured {date.today()} with `.venv/bin/python benchmarks/stores_search.py` on this machine "
             f"(2 cores): {args.stores:,} stores imported from a generated national-format file; each query "
             f"{args.repeat} times after 10 warm-up runs, timing `search()` (exact count + one page of 20). "
             f"Budget: p95 ≤ {BUDGET_MS:.0f} ms.", ""]
    for backend, url in backends:
        instance = tempfile.mkdtemp(prefix="alleyweb-search-")
        url = url or f"sqlite:///{args.sqlite or instance + '/bench.db'}"
        if url.startswith("postgresql"):
            _ensure_database(url)
        if args.reuse:
            os.environ["ALLEYWEB_INSTANCE_DIR"] = instance
            seconds, stored = None, _visible_stores(url)
        else:
            seconds, stored = build(url, instance, args.stores)
        load_before = os.getloadavg()[0]
        rows = time_queries(url, args.repeat)
        load_after = os.getloadavg()[0]
        worst = max(r[4] for r in rows)
        lines += [f"### {backend}", "",
                  (f"{stored:,} stores imported in {seconds:.1f} s. " if seconds is not None else
                   f"{stored:,} visible stores, in a database an earlier build left (not imported again). ")
                  + f"Slowest p95: {worst:.2f} ms "
                  f"({'within' if worst <= BUDGET_MS else 'OVER'} budget).", "",
                  "| class | query | results | p50 ms | p95 ms | max ms | peer results | peer p50 ms | peer p95 ms "
                  "| peer p95 ÷ ours |", "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
        lines += [f"| {c} | `{q}` | {n:,} | {p50:.2f} | {p95:.2f} | {mx:.2f} | "
                  + (f"{pn:,} | {pp50:.2f} | {pp95:.2f} | {pp95 / p95:.1f} |" if pp95 is not None
                     else "– | – | – | – |")
                  for c, q, n, p50, p95, mx, pp50, pp95, pn in rows]
        lines += ["", "Peer: `LIKE '%q%'` (and the romanised query) over key_ko, key_cho and key_en, with "
                      + ("a pg_trgm GIN index" if url.startswith("postgresql") else "an FTS5 trigram table")
                      + "; the same exact count and page of 20 in name order. Its results differ from ours "
                      "where ours are wider by design (English words, variant spellings, shopping districts). "
                      "The peer finds no store for English words and variant spellings (it matches the keys "
                      "as typed or romanised, and has no vocabulary and no folded key): in those classes it "
                      "does less work than ours, which finds the Korean stores. "
                      f"Load average {load_before:.1f} when the timing began and {load_after:.1f} when it ended, "
                      f"on {os.cpu_count()} cores (other engineers share the CPU; ours and the peer alternate "
                      "query by query, so they see the same load)."]
        if not args.no_wrk and shutil.which("wrk"):
            search_path = "/ko/stores?q=" + quote("카페")
            layout_path = "/ko/accessibility"
            paths = rotating_paths(url)
            rps = wrk(url, instance, [(layout_path, None), (search_path, None), ("/ko/stores", None),
                                      ("/ko/stores", rotating_script(instance, paths))])
            ratio = rps[search_path] / rps[layout_path] if rps[layout_path] else 0
            cold = rps["rotating"] / rps[layout_path] if rps[layout_path] else 0
            lines += ["", f"wrk, 2 threads, 8 connections, 10 s each, gunicorn 2 workers, one after the other "
                          f"against the same server: plain layout page `{layout_path}` {rps[layout_path]:.0f} req/s; "
                          f"search `/ko/stores?q=카페` {rps[search_path]:.0f} req/s; directory without a query "
                          f"`/ko/stores` {rps['/ko/stores']:.0f} req/s. Search ÷ layout = {ratio:.2f} "
                          f"(target ≥ 0.5: {'met' if ratio >= 0.5 else 'NOT met'}).",
                      "",
                      "A repeated search is served from the worker's versioned cache (alleyweb/core/cache.py). "
                      f"Uncached: "
                      f"{len(paths):,} different searches in turn (pieces of 1–4 characters of real names, "
                      f"romanised prefixes, pages 1–3; more than the 256 pages a worker keeps) "
                      f"{rps['rotating']:.0f} req/s, {cold:.2f} × the layout page."]
        lines.append("")
        shutil.rmtree(instance, ignore_errors=True)
        print("\n".join(lines), flush=True)
    write_section("stores-search", "\n".join(lines).rstrip())


def _visible_stores(url: str) -> int:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as connection:
        count = connection.scalar(text("SELECT count(*) FROM stores WHERE visible"))
    engine.dispose()
    return count


def _ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.replace("postgresql+psycopg://", "postgresql://").rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


if __name__ == "__main__":
    main()
