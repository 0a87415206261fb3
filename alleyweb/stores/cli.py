"""``flask stores``: load shopping districts, import member-store files, write demo files."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import click
from flask.cli import AppGroup

from alleyweb.stores import demo, importer

stores_cli = AppGroup("stores", help="Shopping districts and Onnuri member stores.")

SHOWN_CHANGES = 20  # per kind, in a dry run


@stores_cli.command("districts")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def districts(file: Path):
    """Add or update shopping districts from a CSV with the columns name, dong, kind."""
    try:
        result = importer.load_districts(file)
    except importer.ImportFileError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"districts: {result.added} added, {result.updated} updated, {result.unchanged} unchanged, "
               f"{len(result.rejected)} rejected")
    _echo_rejected(result.rejected)


@stores_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--region", default=importer.DEFAULT_REGION, show_default=True,
              help="소재지 of the rows to keep (national file).")
@click.option("--dry-run", is_flag=True, help="Show what would change; change nothing.")
@click.option("--report", type=click.Path(dir_okay=False, writable=True, path_type=Path),
              help="Where to write the unknown shopping districts (CSV). Default: next to FILE, if there are any.")
def import_(file: Path, region: str, dry_run: bool, report: Path | None):
    """Import the national member-store file or the district's own store file (detected from the header)."""
    try:
        if sys.stdout.isatty():
            with click.progressbar(length=_data_lines(file), label="Reading", file=sys.stdout) as bar:
                result = importer.import_stores(file, region=region, dry_run=dry_run, progress=bar.update)
        else:
            result = importer.import_stores(file, region=region, dry_run=dry_run)
    except importer.ImportFileError as error:
        raise click.ClickException(str(error)) from None
    if report is None and result.unknown_districts:
        report = file.with_name(f"{file.stem}-unknown-districts.csv")
    if report is not None:
        try:
            write_unknown_districts(report, result.unknown_districts)
        except OSError as error:
            raise click.ClickException(f"cannot write the report {report}: {error.strerror}") from None
    echo_result(result, report)


def _data_lines(file: Path) -> int:
    with file.open("rb") as handle:
        return max(sum(1 for _ in handle) - 1, 1)


def write_unknown_districts(path: Path, unknown: dict[str, int]) -> None:
    """A CSV staff can act on: each unknown shopping-district name and its rows, most rows first.

    It has the columns of a district file, dong and kind left empty: filled in, it can be loaded
    with ``flask stores districts`` (which ignores the rows column). UTF-8 with BOM, so that
    spreadsheet programs show the Korean names.
    """
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["name", "dong", "kind", "rows"])
        writer.writerows([name, "", "", rows] for name, rows in sorted(unknown.items(), key=lambda i: (-i[1], i[0])))


def echo_result(result: importer.ImportResult, report: Path | None = None) -> None:
    click.echo(f"{result.file_format} file {result.file_name} ({result.encoding}), region {result.region}")
    click.echo(f"read {result.read:,} rows")
    if result.dry_run:
        click.echo(f"dry run, nothing changed: the import would add {result.added:,}, update {result.updated:,}, "
                   f"leave {result.unchanged:,} unchanged and hide {result.hidden:,} (not in this file)")
    else:
        click.echo(f"added {result.added:,}, updated {result.updated:,}, unchanged {result.unchanged:,}, "
                   f"hidden {result.hidden:,} (not in this file)")
    click.echo(f"skipped: {result.other_region:,} of other regions, {result.unknown_district:,} "
               f"in {len(result.unknown_districts):,} unknown shopping districts")
    if report is not None:
        click.echo(f"unknown shopping districts listed in {report}")
    click.echo(f"rejected: {len(result.rejected):,}")
    _echo_rejected(result.rejected)
    if result.dry_run:
        _echo_changes("would add", result.added_stores)
        _echo_changes("would update", result.updated_stores)
        _echo_changes("would hide", result.hidden_stores)
    else:
        click.echo(f"recorded as import #{result.import_id}")


def _echo_rejected(rejected: list[importer.Rejected]) -> None:
    for row in rejected:
        click.echo(f"  line {row.line}: {row.reason}")


def _echo_changes(label: str, changes: list[importer.Change]) -> None:
    for change in changes[:SHOWN_CHANGES]:
        where = f"line {change.line}: " if change.line else ""
        fields = f" ({', '.join(change.fields)})" if change.fields else ""
        click.echo(f"  {label} {where}{change.name} — {change.district}{fields}")
    if len(changes) > SHOWN_CHANGES:
        click.echo(f"  … and {len(changes) - SHOWN_CHANGES:,} more to {label.split()[-1]}")


@stores_cli.command("demo-file")
@click.argument("out", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@click.option("--rows", type=click.IntRange(min=1), default=demo.DEMO_ROWS, show_default=True)
@click.option("--region-share", type=click.FloatRange(0, 1), default=0.75, show_default=True,
              help="Share of rows in Gwangju's known shopping districts; 1.0 makes every row importable.")
@click.option("--unknown-share", type=click.FloatRange(0, 1), default=0.0, show_default=True,
              help="Share of Gwangju rows in shopping districts the site does not know.")
@click.option("--format", "file_format", type=click.Choice([importer.NATIONAL, importer.DISTRICT]),
              default=importer.NATIONAL, show_default=True)
@click.option("--encoding", type=click.Choice(["utf-8-sig", "cp949"]), default="utf-8-sig", show_default=True)
@click.option("--newer-header", is_flag=True, help="Say 가맹 등록년도 rather than 등록년도.")
@click.option("--broken", is_flag=True, help="Add rows an import must reject.")
@click.option("--seed", type=int, default=2025, show_default=True)
def demo_file(out: Path, rows: int, region_share: float, unknown_share: float, file_format: str, encoding: str,
              newer_header: bool, broken: bool, seed: int):
    """Write an invented store file (for trying imports, tests and benchmarks)."""
    stores = list(demo.generate_stores(rows, seed=seed, region_share=region_share, unknown_share=unknown_share))
    if file_format == importer.NATIONAL:
        written = demo.write_national_file(out, stores, seed=seed, encoding=encoding, newer_header=newer_header,
                                           broken=broken)
    else:
        written = demo.write_district_file(out, stores, seed=seed, share=1.0, encoding=encoding)
    click.echo(f"wrote {written:,} rows to {out}")
