"""The dongs' administrative welfare centres (행정복지센터): reading them for the pages, staff changes (audited),
and loading them from a CSV (``flask dongs centres FILE``).

Nothing is seeded: a centre's address, phone, hours and position come from staff or from the district's
own file. What is not known shows as "to be confirmed" with the district switchboard (``OFFICE_PHONE``).
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass, field
from pathlib import Path

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from alleyweb.core.audit import record
from alleyweb.core.cache import bump_on_change
from alleyweb.core.forms.validators import normalise_phone
from alleyweb.dongs.models import Dong, DongCentre
from alleyweb.extensions import db

# What a dong's page shows of its centre: kept per version, which every change to a centre changes.
CENTRES_VERSION = "centres"
bump_on_change(CENTRES_VERSION, DongCentre)

FIELDS = ("address", "phone", "hours", "lat", "lng")
LABELS = {"address": _l("Address"), "phone": _l("Phone"), "hours": _l("Opening hours"),
          "lat": _l("Latitude"), "lng": _l("Longitude")}
MAX_ADDRESS = 200
MAX_HOURS = 200
# Seo-gu lies well inside this box; a position outside it is a typing mistake (or swapped columns).
LAT_RANGE = (34.9, 35.4)
LNG_RANGE = (126.6, 127.2)
CSV_COLUMNS = ("code", "address", "phone", "hours", "latitude", "longitude")
MAX_FILE_BYTES = 1_000_000


def centre_of(dong: Dong) -> DongCentre | None:
    return db.session.scalar(select(DongCentre).where(DongCentre.dong_id == dong.id))


def centres_by_dong() -> dict[int, DongCentre]:
    return {centre.dong_id: centre for centre in db.session.scalars(select(DongCentre))}


def values_of(centre: DongCentre | None) -> dict:
    """The centre's details as a dict of FIELDS (empty and None when there is no row yet)."""
    return {name: getattr(centre, name) if centre is not None else (None if name in ("lat", "lng") else "")
            for name in FIELDS}


def check_position(lat: float | None, lng: float | None) -> str | None:
    """None when the position is fine (both given and inside Seo-gu's area, or both empty), else why not."""
    if (lat is None) != (lng is None):
        return _("Give both the latitude and the longitude, or neither")
    if lat is not None and not (math.isfinite(lat) and math.isfinite(lng) and LAT_RANGE[0] <= lat <= LAT_RANGE[1]
                                and LNG_RANGE[0] <= lng <= LNG_RANGE[1]):
        return _("The position is not in Gwangju: check the latitude (about 35.1) and the longitude "
                 "(about 126.9)")
    return None


def _shown(name: str, value) -> str:
    return "" if value is None else (f"{value:.6f}" if name in ("lat", "lng") else str(value))


def apply_values(dong: Dong, values: dict) -> tuple[DongCentre, dict[str, tuple[str, str]]]:
    """Set the centre's details (a row is made when the dong has none); returns the centre and the changes
    as field → (before, after) in words. No audit, no commit."""
    centre = centre_of(dong)
    before = values_of(centre)
    changes = {name: (_shown(name, before[name]), _shown(name, values[name]))
               for name in FIELDS if name in values and values[name] != before[name]}
    if changes:
        if centre is None:
            centre = DongCentre(dong_id=dong.id)
            db.session.add(centre)
        for name in changes:
            setattr(centre, name, values[name])
    return centre, changes


def save_centre(dong: Dong, staff, values: dict) -> dict[str, tuple[str, str]]:
    """A staff change to a centre's details, audited with each field's before and after (the details are
    the office's, not personal data). The view commits."""
    centre, changes = apply_values(dong, values)
    if changes:
        db.session.flush()
        record("dongs.centre_update", staff=staff, target=centre, commit=False,
               detail={"dong": dong.code, "changes": {name: list(pair) for name, pair in changes.items()}})
    return changes


# ---------------------------------------------------------------------------------------------------------
# The CSV import

class CentreFileError(ValueError):
    """The file cannot be read at all (not a CSV of the expected columns, too big, not UTF-8 or cp949)."""


@dataclass
class CentreLine:
    line: int
    code: str
    reason: str = ""
    fields: tuple[str, ...] = ()


@dataclass
class CentreImportResult:
    created: list[CentreLine] = field(default_factory=list)
    updated: list[CentreLine] = field(default_factory=list)
    unchanged: list[CentreLine] = field(default_factory=list)
    rejected: list[CentreLine] = field(default_factory=list)


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            return data.decode("cp949")
        except UnicodeDecodeError as error:
            raise CentreFileError(f"the file is neither UTF-8 nor cp949 (byte {error.start})") from None


def _parse_float(raw: str, name: str) -> float | None:
    text = raw.strip()
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{name} {text!r} is not a number") from None
    if not math.isfinite(value):
        raise ValueError(f"{name} {text!r} is not a number")
    return value


def parse_row(cells: dict[str, str]) -> dict:
    """The values a row sets (a blank cell sets nothing), or ValueError with the reason, in English for the
    command's report."""
    values: dict = {}
    address = cells.get("address", "").strip()
    if address:
        if len(address) > MAX_ADDRESS:
            raise ValueError(f"address longer than {MAX_ADDRESS} characters")
        values["address"] = address
    phone = cells.get("phone", "").strip()
    if phone:
        normal = normalise_phone(phone)
        if normal is None:
            raise ValueError(f"phone {phone!r} is not a Korean phone number")
        values["phone"] = normal
    hours = " ".join(cells.get("hours", "").split())
    if hours:
        if len(hours) > MAX_HOURS:
            raise ValueError(f"hours longer than {MAX_HOURS} characters")
        values["hours"] = hours
    lat, lng = _parse_float(cells.get("latitude", ""), "latitude"), _parse_float(cells.get("longitude", ""),
                                                                                  "longitude")
    if (lat is None) != (lng is None):
        raise ValueError("give both latitude and longitude, or neither")
    if lat is not None:
        if not (LAT_RANGE[0] <= lat <= LAT_RANGE[1] and LNG_RANGE[0] <= lng <= LNG_RANGE[1]):
            raise ValueError(f"position {lat}, {lng} is not in Gwangju (latitude about 35.1, longitude about 126.9)")
        values["lat"], values["lng"] = lat, lng
    return values


def import_centres(path: str | Path) -> CentreImportResult:
    """Load centre details from a CSV with the columns code, address, phone, hours, latitude, longitude
    (UTF-8 with or without BOM, or cp949). Idempotent: a row that changes nothing is "unchanged". A blank
    cell leaves what is stored (staff edits are not wiped by a partial file). Bad rows are rejected with
    their line and reason; the good ones are saved. Audited as one import; commits once."""
    path = Path(path)
    if path.stat().st_size > MAX_FILE_BYTES:
        raise CentreFileError(f"the file is larger than {MAX_FILE_BYTES:,} bytes")
    reader = csv.reader(io.StringIO(_decode(path.read_bytes()), newline=""))
    try:
        header = [cell.strip().lower() for cell in next(reader, [])]
    except csv.Error as error:
        raise CentreFileError(f"not a CSV file: {error}") from None
    missing = [name for name in CSV_COLUMNS if name not in header]
    if missing:
        raise CentreFileError(f"the header must have the columns {', '.join(CSV_COLUMNS)}; missing: "
                              f"{', '.join(missing)}")
    dongs = {dong.code: dong for dong in db.session.scalars(select(Dong))}
    result = CentreImportResult()
    seen: dict[str, int] = {}
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            result.rejected.append(CentreLine(reader.line_num, "", f"not readable as CSV: {error}"))
            break
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        cells = {name: row[header.index(name)] if header.index(name) < len(row) else "" for name in CSV_COLUMNS}
        code = cells["code"].strip()
        dong = dongs.get(code)
        if dong is None:
            result.rejected.append(CentreLine(line, code, f"unknown dong code {code!r}" if code else "no dong code"))
            continue
        if code in seen:
            result.rejected.append(CentreLine(line, code, f"dong {code} is already on line {seen[code]}"))
            continue
        try:
            values = parse_row(cells)
        except ValueError as error:
            result.rejected.append(CentreLine(line, code, str(error)))
            continue
        seen[code] = line
        had_row = centre_of(dong) is not None
        _centre, changes = apply_values(dong, values)
        entry = CentreLine(line, code, fields=tuple(changes))
        if not changes:
            result.unchanged.append(entry)
        elif had_row:
            result.updated.append(entry)
        else:
            result.created.append(entry)
    if result.created or result.updated:
        db.session.flush()
        record("dongs.centres_import", commit=False, detail={
            "file": path.name, "created": len(result.created), "updated": len(result.updated),
            "unchanged": len(result.unchanged), "rejected": len(result.rejected)})
    db.session.commit()
    return result
