"""Reading and loading the dong list."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from alleyweb.core.cache import VersionedCache, bump, current_version
from alleyweb.core.forms.fields import blank_first
from alleyweb.core.forms.widgets import Options
from alleyweb.core.i18n import translated
from alleyweb.dongs.models import Dong
from alleyweb.extensions import db

SEED_FILE = Path(__file__).resolve().parent.parent / "data" / "seogu_dongs.csv"
# The name of the dongs' data version (alleyweb.core.cache), raised when :func:`sync_dongs` changes them.
DONGS_VERSION = "dongs"


@dataclass(frozen=True)
class DongRow:
    code: str
    name_ko: str
    name_en: str


def read_seed_file(path: Path = SEED_FILE) -> list[DongRow]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [DongRow(r["code"].strip(), r["name_ko"].strip(), r["name_en"].strip()) for r in csv.DictReader(handle)]


def list_dongs():
    """All dongs in the district's usual order, as a Select for views to execute or paginate."""
    return select(Dong).order_by(Dong.sort_order, Dong.code)


_pairs = VersionedCache(size=4)  # one per language (and a spare while the data changes)


_options = VersionedCache(size=16)  # per language and first choice's words (and a spare while the data changes)


def dong_options(lang: str, empty_label, version: int | None = None) -> Options:
    """A form's dong list: ``empty_label`` ("Choose a dong"), then :func:`dong_choices`, as
    :class:`~alleyweb.core.forms.widgets.Options` kept per worker for the dongs' data version (its
    ``<option>``s are written once per language; each request marks only the one chosen). Never change
    the list in place: it is shared. ``version``: the dongs' data version, when the caller read it already
    (with its own, in one query: ``current_versions``)."""
    if version is None:
        version = current_version(DONGS_VERSION)
    pairs = _pairs.get_or_make(lang, version, lambda: _dong_pairs(lang))
    return _options.get_or_make((lang, translated(empty_label)), version,
                                lambda: Options(blank_first(empty_label, pairs)))


def _dong_pairs(lang: str) -> tuple[tuple[str, str], ...]:
    """(code, name in ``lang``) of every dong in the usual order."""
    return tuple((dong.code, dong.name(lang)) for dong in db.session.scalars(list_dongs()))


def dong_by_code(code: str | None) -> Dong | None:
    return db.session.scalar(select(Dong).where(Dong.code == code)) if code else None


def count_dongs() -> int:
    return db.session.scalar(select(func.count()).select_from(Dong)) or 0


def sync_dongs(rows: list[DongRow]) -> dict[str, int]:
    """Insert or update dongs by code (idempotent). Returns counts; commits once."""
    existing = {d.code: d for d in db.session.scalars(select(Dong))}
    added = updated = 0
    for order, row in enumerate(rows, start=1):
        dong = existing.get(row.code)
        if dong is None:
            db.session.add(Dong(code=row.code, name_ko=row.name_ko, name_en=row.name_en, sort_order=order))
            added += 1
        elif (dong.name_ko, dong.name_en, dong.sort_order) != (row.name_ko, row.name_en, order):
            dong.name_ko, dong.name_en, dong.sort_order = row.name_ko, row.name_en, order
            updated += 1
    if added or updated:
        bump(DONGS_VERSION)
    db.session.commit()
    return {"added": added, "updated": updated, "unchanged": len(rows) - added - updated}
