"""``flask dongs``: load the dongs' administrative welfare centres from a CSV."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from alleyweb.dongs import centres

dongs_cli = AppGroup("dongs", help="The 18 administrative dongs and their welfare centres.")


@dongs_cli.command("centres")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def centres_(file: Path):
    """Add or update welfare centres from a CSV with the columns code, address, phone, hours, latitude,
    longitude (a blank cell changes nothing). Bad rows are listed with their reason; the others are saved."""
    try:
        result = centres.import_centres(file)
    except centres.CentreFileError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"centres: {len(result.created)} created, {len(result.updated)} updated, "
               f"{len(result.unchanged)} unchanged, {len(result.rejected)} rejected")
    for entry in result.created + result.updated:
        click.echo(f"  line {entry.line}: {entry.code} {'created' if entry in result.created else 'updated'} "
                   f"({', '.join(entry.fields)})")
    for entry in result.rejected:
        click.echo(f"  line {entry.line}: rejected: {entry.reason}")
