"""Server time of every public page, in process, against an SQLite database built by the migrations.

Usage: .venv/bin/python benchmarks/pages.py [--repeat N]
Writes the table between the ``pages:start``/``pages:end`` markers in docs/PERFORMANCE.md.
The plain layout page (the accessibility statement: layout plus static text) is the yardstick.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BASELINE = "/ko/accessibility"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=300)
    args = parser.parse_args()

    tmp = tempfile.mkdtemp()
    os.environ["ALLEYWEB_INSTANCE_DIR"] = tmp
    from flask_migrate import upgrade

    from alleyweb import create_app
    from alleyweb.config import DevelopmentConfig
    from alleyweb.core.sitemap import public_urls

    app = create_app(DevelopmentConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp}/bench.db")
    with app.app_context():
        upgrade()
    with app.test_request_context():
        paths = [re.sub(r"^https?://[^/]+", "", u) for lang in ("ko", "en") for u in public_urls(lang, external=True)]
    client = app.test_client()
    rows = []
    for path in paths:
        for _ in range(20):  # warm up: templates compiled, connections open
            client.get(path)
        samples = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            response = client.get(path)
            samples.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, path
        samples.sort()
        rows.append((path, statistics.median(samples), samples[int(len(samples) * 0.95) - 1], len(response.data)))
    baseline = next(r[1] for r in rows if r[0] == BASELINE)
    lines = [
        f"Measured {date.today()} with `make bench` ({args.repeat} requests per page after 20 warm-up requests, "
        "Flask test client in one process, SQLite; server time only, no network).",
        "",
        "| page | median ms | p95 ms | × layout page | HTML bytes (uncompressed) |",
        "|---|---:|---:|---:|---:|",
    ]
    for path, median, p95, size in rows:
        lines.append(f"| `{path}` | {median:.2f} | {p95:.2f} | {median / baseline:.2f} | {size:,} |")
    table = "\n".join(lines)
    print(table)
    write_section("pages", table)


def write_section(name: str, body: str) -> None:
    path = ROOT / "docs" / "PERFORMANCE.md"
    text = path.read_text() if path.exists() else "# Performance\n"
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    block = f"{start}\n{body}\n{end}"
    if start in text:
        text = re.sub(re.escape(start) + ".*?" + re.escape(end), lambda _: block, text, flags=re.S)
    else:
        text = text.rstrip() + f"\n\n## Server time per page\n\n{block}\n"
    path.write_text(text)


if __name__ == "__main__":
    main()
