"""Command groups: ``flask seed``, ``flask translate``. Feature packages add their own groups."""

from __future__ import annotations

import contextlib
import re
import sys
import tempfile
from pathlib import Path

import click
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po
from flask.cli import AppGroup

from alleyweb.config import REPO_ROOT

TRANSLATIONS = REPO_ROOT / "translations"
POT_FILE = TRANSLATIONS / "messages.pot"
CHECKED_LOCALES = ("ko",)

seed_cli = AppGroup("seed", help="Load reference and demo data.")
translate_cli = AppGroup("translate", help="Extract, update, compile and check translations.")


@seed_cli.command("dongs")
def seed_dongs():
    """Insert or update the 18 dongs from the project's seed file."""
    from alleyweb.core.database import write_intent
    from alleyweb.dongs.services import read_seed_file, sync_dongs

    with write_intent():
        result = sync_dongs(read_seed_file())
    click.echo("dongs: {added} added, {updated} updated, {unchanged} unchanged".format(**result))


@seed_cli.command("programs")
def seed_programs():
    """Add the welfare programs the site starts with (idempotent; never overwrites staff edits). Production too."""
    from alleyweb.core.database import write_intent
    from alleyweb.programs.content import seed_programs as seed

    with write_intent():
        result = seed()
    click.echo("programs: {added} added, {unchanged} already there".format(**result))


@seed_cli.command("demo")
@click.pass_context
def seed_demo(ctx):
    """Everything `make run` needs to show the site with realistic content (idempotent): the dongs, then
    each feature's demo data (``Feature.seed_demo``)."""
    from alleyweb.core.database import write_intent
    from alleyweb.core.features import registry
    from alleyweb.extensions import db

    ctx.invoke(seed_dongs)
    for seed in registry().seeders:
        with write_intent():
            said = seed()
            db.session.commit()
        if said:
            click.echo(said)


def _pybabel(*args: str) -> None:
    CommandLineInterface().run(["pybabel", "--quiet", *args])


def _extract(output: Path) -> None:
    with contextlib.chdir(REPO_ROOT):  # relative source locations in the catalogues
        _pybabel(
            "extract", "-F", "babel.cfg", "-k", "_l", "-k", "lazy_gettext", "--sort-by-file", "--no-wrap",
            "--ignore-dirs", ".* ._ node_modules instance tests benchmarks", "--project", "AlleyWeb",
            "-o", str(output), ".",
        )


@translate_cli.command("extract")
def extract():
    """Write translations/messages.pot from the code and templates."""
    _extract(POT_FILE)
    click.echo(f"wrote {POT_FILE.relative_to(REPO_ROOT)}")


@translate_cli.command("update")
def update():
    """Extract, then merge new strings into every catalogue (new ones are empty, for translating)."""
    _extract(POT_FILE)
    _pybabel("update", "-i", str(POT_FILE), "-d", str(TRANSLATIONS), "--no-wrap", "--ignore-obsolete",
             "--no-fuzzy-matching")


@translate_cli.command("init")
@click.argument("lang")
def init(lang):
    """Start a catalogue for a new language."""
    _extract(POT_FILE)
    _pybabel("init", "-i", str(POT_FILE), "-d", str(TRANSLATIONS), "-l", lang, "--no-wrap")


@translate_cli.command("compile")
def compile_():
    """Build the .mo files the app reads (they are not committed)."""
    _pybabel("compile", "-d", str(TRANSLATIONS))


_PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{(\w*)\}")


def _placeholders(text: str) -> set[str]:
    return {a or b for a, b in _PLACEHOLDER.findall(text or "")}


def check_catalogue(lang: str, po_path: Path | None = None, template=None) -> list[str]:
    """Problems in one catalogue compared with a fresh extraction: missing, empty, fuzzy, mismatched."""
    problems = []
    po_path = po_path or TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po"
    if not po_path.exists():
        return [f"{lang}: {po_path} does not exist"]
    if template is None:
        with tempfile.TemporaryDirectory() as tmp:
            pot_path = Path(tmp) / "messages.pot"
            _extract(pot_path)
            with pot_path.open("rb") as handle:
                template = read_po(handle)
    with po_path.open("rb") as handle:
        catalogue = read_po(handle, locale=lang)
    for message in template:
        if not message.id:
            continue
        entry = catalogue.get(message.id, message.context)
        ident = message.id if isinstance(message.id, str) else message.id[0]
        where = ", ".join(f"{f}:{n}" for f, n in message.locations[:2])
        if entry is None:
            problems.append(f"{lang}: missing: {ident!r} ({where})")
            continue
        if entry.fuzzy:
            problems.append(f"{lang}: fuzzy: {ident!r}")
        ids = entry.id if isinstance(entry.id, (list, tuple)) else [entry.id]
        strings = entry.string if isinstance(entry.string, (list, tuple)) else [entry.string]
        if not all(strings):
            problems.append(f"{lang}: untranslated: {ident!r} ({where})")
            continue
        expected = set().union(*(_placeholders(i) for i in ids))
        for string in strings:
            if _placeholders(string) != expected:
                problems.append(f"{lang}: placeholders differ in {ident!r}: {sorted(_placeholders(string))} "
                                f"vs {sorted(expected)}")
    return problems


@translate_cli.command("check")
def check():
    """Exit 1 if any Korean entry is missing, empty, fuzzy or has different placeholders."""
    problems = [p for lang in CHECKED_LOCALES for p in check_catalogue(lang)]
    for problem in problems:
        click.echo(problem, err=True)
    if problems:
        click.echo(f"{len(problems)} translation problem(s)", err=True)
        sys.exit(1)
    click.echo("translations complete: " + ", ".join(CHECKED_LOCALES))
