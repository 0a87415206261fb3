"""Time of the store import at the national file's size, on SQLite and on PostgreSQL.

Usage: .venv/bin/python benchmarks/stores_import.py [--postgres URL | --no-postgres]

Generates a national-format file in which every row is a Gwangju store in a known demo shopping
district (so that all of them are imported), then on a fresh database of each kind (schema built by
the migrations) times: loading the demo districts, the first import, a re-import of the same file
(which must change nothing), and a newer file (some stores new, some changed, some gone). The
PostgreSQL database's public schema is dropped and recreated first. Writes the table between the
``stores-import:start``/``stores-import:end`` markers in docs/PERFORMANCE.md.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import platform
import random
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.common import write_section  # noqa: E402

POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
SECTION = "stores-import"
LIMIT_S = 30.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--postgres", default=POSTGRES_URL)
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp_name:  # the SQLite database grows to hundreds of MB
        tmp = Path(tmp_name)
        os.environ["ALLEYWEB_INSTANCE_DIR"] = str(tmp)
        from alleyweb.stores.demo import NATIONAL_ROWS as rows
        first, newer, names = make_files(tmp, rows)
        databases = [("SQLite", f"sqlite:///{tmp}/bench.db")]
        if not args.no_postgres:
            databases.append(("PostgreSQL", args.postgres))
        results, postings = [], 0
        for name, url in databases:
            steps, postings = run(url, first, newer, rows)
            results += [(name, *step) for step in steps]
    body = table(results, rows, names, postings)
    print(body)
    write_section(SECTION, body, heading="Store import")
    slow = [r for r in results if r[2] > LIMIT_S]
    if slow:
        sys.exit(f"slower than {LIMIT_S:.0f} s: {slow}")


def make_files(tmp: Path, rows: int) -> tuple[Path, Path, int]:
    """The national-format file, a newer one (2% of its stores gone, 2% new, 2% with other items),
    and how many distinct store names the first has (each is romanised once)."""
    from alleyweb.stores import demo
    from alleyweb.stores.text import normalise

    first, newer = tmp / "onnuri_all_gwangju.csv", tmp / "onnuri_newer.csv"
    stores = demo.write_national_sized_file(first, region_share=1.0)
    rng = random.Random(3)  # noqa: S311 - picking benchmark rows, not security
    kept = [s for s in stores if rng.random() >= 0.02]
    changed = [dataclasses.replace(s, items=f"{s.items}, 선물세트") if rng.random() < 0.02 else s for s in kept]
    taken = {(s.district, normalise(s.name)) for s in stores}
    added = [s for s in demo.generate_stores(rows // 50, seed=99, region_share=1.0)
             if (s.district, normalise(s.name)) not in taken]
    demo.write_national_file(newer, changed + added, seed=2, newer_header=True)
    return first, newer, len({s.name for s in stores})


def run(url: str, first: Path, newer: Path, rows: int) -> tuple[list[tuple[str, float, str]], int]:
    """The timed steps on one database, and how many search postings the first import made."""
    from sqlalchemy import func, select

    from alleyweb import create_app
    from alleyweb.config import DevelopmentConfig
    from alleyweb.extensions import db
    from alleyweb.stores import importer, text
    from alleyweb.stores.demo import DEMO_DISTRICTS
    from alleyweb.stores.models import StoreGram

    app = create_app(DevelopmentConfig, SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        fresh_schema()
        text.romanize.cache_clear()  # each database starts as a new process would
        steps = []
        seconds, districts = timed(importer.load_districts, DEMO_DISTRICTS)
        steps.append(("load 125 demo districts", seconds, f"{districts.added} added"))
        seconds, result = timed(importer.import_stores, first)
        assert result.added == rows, result.counts()
        steps.append(("first import", seconds, summary(result)))
        postings = db.session.scalar(select(func.count()).select_from(StoreGram))
        seconds, result = timed(importer.import_stores, first)
        assert result.unchanged == rows, result.counts()
        steps.append(("re-import of the same file", seconds, summary(result)))
        seconds, result = timed(importer.import_stores, newer)
        steps.append(("newer file (2% gone, 2% new, 2% changed)", seconds, summary(result)))
    return steps, postings


def fresh_schema() -> None:
    """In an app context: an empty database (PostgreSQL's schema dropped), then every migration, as the test
    suite builds it."""
    from flask_migrate import upgrade
    from sqlalchemy import text

    from alleyweb.extensions import db

    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    upgrade()


def timed(function, *args):
    start = time.perf_counter()
    value = function(*args)
    return time.perf_counter() - start, value


def summary(result) -> str:
    return (f"{result.added:,} added, {result.updated:,} updated, {result.unchanged:,} unchanged, "
            f"{result.hidden:,} hidden")


def table(results: list[tuple[str, str, float, str]], rows: int, names: int, postings: int) -> str:
    lines = [
        f"Measured {date.today()} with `.venv/bin/python benchmarks/stores_import.py` on this machine "
        f"({os.cpu_count()} CPUs, Python {platform.python_version()}, PostgreSQL on the same machine): a generated "
        f"national-format file of {rows:,} rows, every one a Gwangju store in a known demo shopping district "
        f"({names:,} distinct names; {postings:,} search postings), imported into a fresh database built by the "
        "migrations. Each time is one call of `import_stores()` in process, as `flask stores import` makes it: "
        "reading and checking the file, comparing with the database, writing stores, postings and bigram counts "
        f"in one transaction. Target: under {LIMIT_S:.0f} s each.",
        "",
        "| database | step | seconds | result |",
        "|---|---|---:|---|",
    ]
    lines += [f"| {database} | {step} | {seconds:.1f} | {outcome} |" for database, step, seconds, outcome in results]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
