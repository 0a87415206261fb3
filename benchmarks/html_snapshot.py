"""The HTML of every public and staff page, both languages, stored so that a refactoring can be shown to
change nothing a resident or an officer sees.

Usage:
    .venv/bin/python benchmarks/html_snapshot.py save DIR        # render every page into DIR
    .venv/bin/python benchmarks/html_snapshot.py compare OLD NEW  # differences, exit 1 if any
    .venv/bin/python benchmarks/html_snapshot.py compare --ignore-whitespace OLD NEW
        # the same, white space between two tags dropped and other runs of it made one space first: for a
        # change of templates that may only re-indent (report both counts)

The database is built by the migrations and filled as ``flask seed demo`` fills it, with the clock
frozen, so that two runs of the same code give the same bytes. What differs from run to run by design
is masked: CSRF and one-time form tokens, receipt numbers (random), TOTP secrets. Pages: every sitemap
page (records included), each public form sent empty (its error state), and, signed in as an
administrator, every staff list and every record page the demo data has.
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FROZEN = "2026-11-30 01:00:00"  # 10:00 in Seoul
FORMS = ["/stores/register", "/suggestions/new", "/donate", "/volunteer", "/status", "/programs/check"]
STAFF_LISTS = ["/staff/", "/staff/submissions", "/staff/submissions?status=received", "/staff/submissions?page=2",
               "/staff/audit", "/staff/accounts", "/staff/accounts/new", "/staff/password", "/staff/voice",
               "/staff/voice?state=answered", "/staff/alley-office", "/staff/volunteers", "/staff/projects",
               "/staff/projects/new", "/staff/programs", "/staff/programs/new"]
MASKS = [
    (re.compile(r'(name="(?:csrf_token|idempotency_key)"[^>]*value=")[^"]*'), r"\1TOKEN"),
    (re.compile(r'(value=")[^"]*("[^>]*name="(?:csrf_token|idempotency_key)")'), r"\1TOKEN\2"),
    (re.compile(r"\b[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}\b"), "RECEIPT"),
    (re.compile(r"data:image/svg\+xml[^\"']*"), "QR"),
]


def mask(text: str) -> str:
    for pattern, replacement in MASKS:
        text = pattern.sub(replacement, text)
    return text


def build_app():
    os.environ["ALLEYWEB_INSTANCE_DIR"] = tempfile.mkdtemp()
    from flask_migrate import upgrade

    from alleyweb import create_app
    from alleyweb.config import TestingConfig

    database = Path(tempfile.mkdtemp()) / "snapshot.db"
    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{database}")
    with app.app_context():
        upgrade()
    result = app.test_cli_runner().invoke(args=["seed", "demo"])
    if result.exit_code:
        raise SystemExit(result.output)
    return app


def pages(app, admin) -> list[tuple[str, str, str]]:
    """(name, method, path) of every page to render."""
    from sqlalchemy import select

    from alleyweb.core.sitemap import public_urls
    from alleyweb.extensions import db
    from alleyweb.giving.models import Project
    from alleyweb.programs.models import Program
    from alleyweb.staff.models import StaffUser
    from alleyweb.submissions.models import Submission
    from alleyweb.voice.models import AlleyOfficeVisit

    with app.test_request_context():
        found = [("GET", urlsplit(url).path) for lang in ("ko", "en") for url in public_urls(lang)]
    with app.app_context():
        records = [f"/staff/submissions/{i}" for i in db.session.scalars(select(Submission.id).order_by(Submission.id))]
        records += [f"/staff/alley-office/{i}" for i in db.session.scalars(select(AlleyOfficeVisit.id))]
        records += [f"/staff/projects/{i}" for i in db.session.scalars(select(Project.id))]
        records += [f"/staff/programs/{i}" for i in db.session.scalars(select(Program.id))]
        records += [f"/staff/accounts/{i}" for i in db.session.scalars(select(StaffUser.id))]
        slugs = list(db.session.scalars(select(Program.slug).where(Program.online_application.is_(True))))
    for lang in ("ko", "en"):
        found += [("POST", f"/{lang}{path}") for path in FORMS + [f"/programs/{slug}/apply" for slug in slugs]]
        found += [("GET", f"/{lang}{path}") for path in STAFF_LISTS + records]
    found += [("GET", "/ko/this-page-does-not-exist"), ("GET", "/sitemap.xml"), ("GET", "/robots.txt")]
    return [(f"{method} {path}", method, path) for method, path in found]


def save(directory: Path) -> int:
    from freezegun import freeze_time

    with freeze_time(FROZEN):
        app = build_app()
        from tests.staff_helpers import make_staff, sign_in_as

        client = app.test_client()
        with app.app_context():
            sign_in_as(client, make_staff("snapshot@seogu.go.kr", "admin"))
        directory.mkdir(parents=True, exist_ok=True)
        count = 0
        for name, method, path in pages(app, client):
            response = client.open(path, method=method, data={} if method == "POST" else None,
                                   environ_base={"REMOTE_ADDR": f"192.0.2.{count % 250 + 1}"})
            body = f"{response.status_code}\n{mask(response.get_data(as_text=True))}"
            (directory / (quote(name, safe="") + ".html")).write_text(body, encoding="utf-8")
            count += 1
    return count


def fold_whitespace(text: str) -> str:
    """``text`` with the white space between two tags dropped and every other run of it made one space."""
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", text)).strip()


def compare(old: Path, new: Path, ignore_whitespace: bool = False) -> int:
    names = sorted({p.name for p in old.iterdir()} | {p.name for p in new.iterdir()})
    changed = 0
    for name in names:
        a, b = old / name, new / name
        if not a.exists() or not b.exists():
            print(f"only in {'new' if b.exists() else 'old'}: {name}")
            changed += 1
            continue
        before, after = a.read_text(encoding="utf-8"), b.read_text(encoding="utf-8")
        if ignore_whitespace and fold_whitespace(before) == fold_whitespace(after):
            continue
        if before != after:
            changed += 1
            print("".join(difflib.unified_diff(before.splitlines(True), after.splitlines(True), f"old/{name}",
                                               f"new/{name}", n=1)))
    print(f"{len(names)} pages, {changed} different")
    return 1 if changed else 0


def main() -> None:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("save").add_argument("directory", type=Path)
    both = sub.add_parser("compare")
    both.add_argument("--ignore-whitespace", action="store_true",
                      help="drop white space between tags, fold the rest, before comparing")
    both.add_argument("old", type=Path)
    both.add_argument("new", type=Path)
    args = parser.parse_args()
    if args.command == "save":
        print(f"{save(args.directory)} pages written to {args.directory}")
    else:
        sys.exit(compare(args.old, args.new, args.ignore_whitespace))


if __name__ == "__main__":
    main()
