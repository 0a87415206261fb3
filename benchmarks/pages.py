"""Server time of every public page, in process, against an SQLite database with realistic content.

Usage: .venv/bin/python benchmarks/pages.py [--repeat N] [--reuse] [--postgres URL]

The database is built by the migrations, then filled as ``flask seed demo`` fills it (dongs, welfare
programs, demo shopping districts, demo submissions, merchant suggestions, sharing projects with
pledges and volunteers), except that its stores are the national file's size: a generated
national-format file of 125,600 Gwangju stores (the generator and import of
benchmarks/stores_import.py) and the district's own file for a tenth of them (addresses, phones,
coordinates). Building it takes about a minute; ``--reuse`` takes the one an earlier run left under
/tmp for the same migration head and demo data code, and the table then says so. ``--postgres URL``
builds it in that PostgreSQL database instead (its public schema is dropped first; ``--reuse`` keeps
one built for the same key, written in a table ``bench_key``), and writes the ``pages-postgres``
section.

Measured: every page of the sitemap without records, in both languages; a sample of record pages (a
program, each program's application form, a store, a sharing project); and store searches at
125,600 stores. Writes the table between the ``pages:start``/``pages:end`` markers in
docs/PERFORMANCE.md. The plain layout page (the accessibility statement: layout plus static text)
is the yardstick, measured in the same run.
"""

from __future__ import annotations

import argparse
import hashlib
import inspect
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.common import ROOT, write_section  # noqa: E402

BASELINE = "/ko/accessibility"
BUDGET = 2.0  # × the layout page, the Production issue's speed budget
WARM_UP = 20
# Store searches at 125,600 stores: a common word, initial consonants, a romanised name, filters, a deep page.
SEARCHES = ["q=김밥", "q=ㄱㅂ", "q=gimbap", "dong=2914065000&category=food&accepts=digital", "q=김&page=50",
            "q=치킨&category=food", "q=chicken"]
# The modules whose code decides what the database holds (with the migration head and build_database's
# own code: the reuse key).
SEED_MODULES = ["alleyweb/dongs/services.py", "alleyweb/programs/content.py", "alleyweb/stores/demo.py",
                "alleyweb/stores/importer.py", "alleyweb/submissions/demo.py", "alleyweb/voice/demo.py",
                "alleyweb/giving/demo.py"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=300)
    parser.add_argument("--reuse", action="store_true",
                        help="use the database an earlier run built for the same migrations and demo data")
    parser.add_argument("--postgres", help="a PostgreSQL URL to build and measure in, instead of SQLite")
    args = parser.parse_args()

    os.environ["ALLEYWEB_INSTANCE_DIR"] = tempfile.mkdtemp()
    app, reused = benchmark_app(reuse=args.reuse, postgres=args.postgres)
    engine = "PostgreSQL" if args.postgres else "SQLite"
    load_before = os.getloadavg()
    with app.app_context():
        paths = benchmark_paths(app)
    client = app.test_client()
    rows = measure(client, paths, args.repeat)
    baseline = next(r[1] for r in rows if r[0] == BASELINE)

    from alleyweb.stores.views import _directory_pages

    # The same searches, each request the first for its address; with the yardstick again, in the same rounds.
    uncached = measure(client, [BASELINE] + [path for path in paths if "/stores?" in path], args.repeat,
                       before=_directory_pages.clear)
    uncached_baseline = uncached.pop(0)[1]
    stores = store_count(app)
    lines = [
        f"Measured {date.today()} with `make bench` ({args.repeat} requests per page after {WARM_UP} warm-up "
        f"requests, the pages in turn round after round, Flask test client in one process, {engine}; server time "
        f"only, no network; load average {load_before[0]:.1f} at the start and {os.getloadavg()[0]:.1f} at the end "
        f"on {os.cpu_count()} cores, shared with other work). The database, "
        f"{'reused from an earlier run' if reused else 'built afresh for this run'} by the migrations, holds the "
        f"demo content of `flask seed demo` (dongs, welfare programs, demo submissions, merchant suggestions, "
        f"sharing projects with pledges and volunteers) and {stores:,} visible stores: a generated national-format "
        "file of 125,600 Gwangju stores in the demo shopping districts, and the district's own file (address, "
        "phone, coordinates) for a tenth of them. Pages: the sitemap's pages without records, a program, each "
        "program's application form, a store, a sharing project, and store searches; both languages. "
        f"The yardstick is the plain layout page `{BASELINE}` in the same run.",
        "",
    ]
    table, over = ratio_rows("page", rows, baseline, sizes=True)
    lines += table + ["", f"Budget: every page ≤ {BUDGET:g}× the layout page. Over it in this run: "
                      + (", ".join(f"`{path}` ({ratio:.2f})" for path, ratio in over) or "none") + "."]
    lines += [
        "",
        "A repeated search is served from the worker's versioned cache of directory pages (alleyweb/core/cache.py), "
        "as above. The first request for an address runs the search: the same searches with that cache emptied "
        f"before every request, measured in other rounds with `{BASELINE}` again as the yardstick "
        f"({uncached_baseline:.2f} ms in those rounds):",
        "",
    ]
    table, over = ratio_rows("search, first request for its address", uncached, uncached_baseline, sizes=False)
    lines += table + ["", f"Over {BUDGET:g}× the layout page in this run: "
                      + (", ".join(f"`{path}`" for path, _ratio in over) or "none") + "."]
    table = "\n".join(lines)
    print(table)
    write_section("pages-postgres" if args.postgres else "pages", table)


def ratio_rows(what: str, rows, baseline: float, sizes: bool) -> tuple[list[str], list[tuple[str, float]]]:
    """The table of ``measure``'s results, ``what`` heading the first column (path, median, p95, × ``baseline``,
    and the page size if ``sizes``), and the (path, ratio) of the rows over the budget."""
    table = [f"| {what} | median ms | p95 ms | × layout page |" + (" HTML bytes (uncompressed) |" if sizes else ""),
             "|---|---:|---:|---:|" + ("---:|" if sizes else "")]
    table += [f"| `{path}` | {median:.2f} | {p95:.2f} | {median / baseline:.2f} |" + (f" {size:,} |" if sizes else "")
              for path, median, p95, size in rows]
    return table, [(path, median / baseline) for path, median, _p95, _size in rows if median / baseline > BUDGET]


def measure(client, paths: list[str], repeat: int, before=None) -> list[tuple[str, float, float, int]]:
    """(path, median ms, p95 ms, page size) of ``repeat`` GETs of each path after the warm-up. The pages are
    asked for in turn, round after round, so that a slower moment of a shared machine falls on all of them
    alike, not on a few: the ratios of one run stay comparable."""
    for path in paths:
        for _ in range(WARM_UP):  # templates compiled, connections open, caches filled
            client.get(path)
    samples: dict[str, list[float]] = {path: [] for path in paths}
    sizes = {}
    for _ in range(repeat):
        for path in paths:
            if before is not None:
                before()
            start = time.perf_counter()
            response = client.get(path)
            samples[path].append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (path, response.status_code)
            sizes[path] = len(response.data)
    rows = []
    for path in paths:
        times = sorted(samples[path])
        rows.append((path, statistics.median(times), times[max(int(len(times) * 0.95) - 1, 0)], sizes[path]))
    return rows


# --- the database ---------------------------------------------------------------------------------


def benchmark_app(reuse: bool = False, postgres: str | None = None, **overrides):
    """The app on the benchmark database, and whether an earlier run's database was reused.
    Call with ALLEYWEB_INSTANCE_DIR set."""
    from alleyweb import create_app
    from alleyweb.config import DevelopmentConfig

    if postgres:
        return _postgres_app(postgres, reuse, **overrides)

    path = Path(tempfile.gettempdir()) / f"alleyweb-bench-{database_key()}.db"
    reused = reuse and path.exists()
    if not reused:
        building = path.with_suffix(".building")
        for stale in path.parent.glob(f"{path.stem}.*"):  # an earlier build, its -wal/-shm files, a failed build
            stale.unlink()
        builder = create_app(DevelopmentConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{building}")
        with builder.app_context():
            build_database()
        building.rename(path)  # only a finished database can be reused
    app = create_app(DevelopmentConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}", **overrides)
    return app, reused


def _postgres_app(url: str, reuse: bool, **overrides):
    from sqlalchemy import text

    from alleyweb import create_app
    from alleyweb.config import DevelopmentConfig

    app = create_app(DevelopmentConfig, SQLALCHEMY_DATABASE_URI=url, **overrides)
    key = database_key()
    with app.app_context():
        from alleyweb.extensions import db

        with db.engine.begin() as conn:
            built = conn.scalar(text("SELECT to_regclass('public.bench_key') IS NOT NULL")) and \
                conn.scalar(text("SELECT key FROM bench_key"))
        reused = reuse and built == key
        if not reused:
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
            db.session.remove()
            build_database()
            with db.engine.begin() as conn:
                conn.execute(text("CREATE TABLE bench_key (key text)"))
                conn.execute(text("INSERT INTO bench_key VALUES (:key)"), {"key": key})
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.exec_driver_sql("VACUUM ANALYZE")
    return app, reused


def database_key() -> str:
    """The migration head and a digest of the code that fills the database."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(ROOT / "migrations"))
    head = ScriptDirectory.from_config(config).get_current_head()
    code = b"".join((ROOT / name).read_bytes() for name in SEED_MODULES) + inspect.getsource(build_database).encode()
    digest = hashlib.sha256(code).hexdigest()[:12]
    return f"{head}-{digest}"


def build_database() -> None:
    """Migrations, then what ``flask seed demo`` adds, with 125,600 stores instead of the demo's few thousand."""
    from flask_migrate import upgrade

    from alleyweb.core.database import write_intent
    from alleyweb.dongs.services import read_seed_file, sync_dongs
    from alleyweb.extensions import db
    from alleyweb.giving.demo import seed_demo_giving
    from alleyweb.programs.content import seed_programs
    from alleyweb.stores import demo, importer
    from alleyweb.submissions.demo import seed_demo_submissions
    from alleyweb.voice.demo import seed_demo_voice

    upgrade()
    with write_intent():
        sync_dongs(read_seed_file())
        seed_programs()
    importer.load_districts(demo.DEMO_DISTRICTS)
    with tempfile.TemporaryDirectory() as tmp:
        national, district = Path(tmp) / "national.csv", Path(tmp) / "district.csv"
        stores = demo.write_national_sized_file(national, region_share=1.0)
        result = importer.import_stores(national)
        assert result.added == demo.NATIONAL_ROWS, result.counts()
        demo.write_district_file(district, stores)
        importer.import_stores(district)
    with write_intent():
        seed_demo_submissions()
        seed_demo_voice()
        seed_demo_giving()
        db.session.commit()
    db.engine.dispose()  # checkpoints SQLite's write-ahead log into the file


def store_count(app) -> int:
    from sqlalchemy import func, select

    from alleyweb.extensions import db
    from alleyweb.stores.models import Store

    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Store).where(Store.visible.is_(True)))


# --- the pages ------------------------------------------------------------------------------------


def benchmark_paths(app) -> list[str]:
    """Every page of the sitemap without records; of the record pages, the first of each kind, every
    application form (each program's has its own questions) and, for a store, one with an address;
    then the store searches. Korean pages first, then English. Call in an app context."""
    from sqlalchemy import select

    from alleyweb.core.sitemap import public_pages
    from alleyweb.extensions import db
    from alleyweb.stores.models import Store

    static = public_pages(records=False)
    records, seen = [], set()
    for endpoint, values in public_pages(records=True)[len(static):]:
        if endpoint == "stores.detail":
            continue
        if endpoint not in seen or endpoint == "programs.apply":
            records.append((endpoint, values))
            seen.add(endpoint)
    store_id = db.session.scalar(select(Store.id).where(Store.visible.is_(True), Store.address != "",
                                                        Store.phone != "").order_by(Store.id).limit(1))
    records.append(("stores.detail", {"id": store_id}))
    paths = []
    with app.test_request_context():
        from flask import url_for

        for lang in app.config["LANGUAGES"]:
            paths += [url_for(endpoint, lang=lang, **values) for endpoint, values in static + records]
            paths += [f"{url_for('stores.index', lang=lang)}?{query}" for query in SEARCHES]
    return paths


if __name__ == "__main__":
    main()
