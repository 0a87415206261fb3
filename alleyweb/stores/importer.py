"""Loading shopping districts and importing Onnuri member stores from CSV files.

Three CSV formats, each UTF-8 (with or without BOM) or cp949, detected from the bytes; the store
formats are told apart by their header. Header cells are matched ignoring spaces, so
``지류형 가맹 여부`` and ``지류형가맹여부`` are the same column; column order does not matter.

Shopping districts (``flask stores districts``)::

    name,dong,kind
    양동시장,양동,market
    양동 통닭골목 골목형상점가,2914057500,alley

``dong`` is a dong's 10-digit administrative code or its Korean name; ``kind`` is ``alley`` or
``market``. Optional columns: ``shops`` (the district's shops, Onnuri members and not: the membership
rate's denominator) with ``counted_on`` (the date of that count, YYYY-MM-DD), and ``lat``/``lng`` (its
centre, inside Seo-gu; both or neither). An empty optional cell, or a missing column, leaves the
district's value as it is. Districts are matched by their match key (the name without spaces and common endings,
see :func:`alleyweb.stores.text.district_match_key`), so a respelt name updates the district.

The national member-store file (public data portal, data set 3060079; docs/ARCHITECTURE.md, "Domain facts")::

    가맹점명,소속 시장명(또는 상점가),소재지,취급품목,지류형 가맹 여부,디지털형 가맹 여부,등록년도

Newer files say ``가맹 등록년도``. ``소재지`` is only a region label (광주, 서울…): rows of other
regions are skipped. Flags are Y or N in any case (empty means N); the year may be empty.

The district's own, richer store file — what the district office keeps about the stores of its
shopping districts (values may be empty; ``도로명주소``, ``전화번호``, ``영업시간`` and ``위도``/``경도``
are optional columns, and a file without one leaves that field of its stores as it is)::

    가맹점명,상점가,행정동,도로명주소,전화번호,영업시간,위도,경도,취급품목,지류,디지털,등록년도
    양동통닭,양동시장,양동,서구 천변좌로 238,062-361-1234,10:00~22:00,35.1525,126.9010,"통닭, 치킨",Y,y,2019

``행정동`` is a code or a Korean name (empty: the shopping district's dong); ``전화번호`` any way
people write a phone number (stored as 062-361-1234); ``위도``/``경도`` both or neither, inside
Gwangju. It has no region column: every row is the district's own.

A store is the same store in every file when it has the same name (ignoring spaces and case) in
the same shopping district. An import sets the fields its file carries and nothing else: the
national file never clears an address or phone the district's file gave, nor overrides the dong
it gave. Stores from the national file that a newer national file no longer lists are hidden,
never deleted, and shown again if they come back. Each import is one transaction.
"""

from __future__ import annotations

import csv
import io
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import bindparam, insert, select, text, update

from alleyweb.core.cache import bump
from alleyweb.core.database import utcnow, write_intent
from alleyweb.core.forms.validators import normalise_phone
from alleyweb.core.numbers import ascii_digits, parse_int
from alleyweb.dongs.models import Dong
from alleyweb.extensions import db
from alleyweb.stores import indexing
from alleyweb.stores.categories import classify
from alleyweb.stores.models import DISTRICT_KINDS, POSTING_FILTERS, ShoppingDistrict, Store, StoreImport
from alleyweb.stores.search import refresh_planner_statistics
from alleyweb.stores.services import STORES_VERSION, import_key, in_seogu, place_stores_at_centres, save_district
from alleyweb.stores.text import district_match_key, normalise, romanize_district

NATIONAL = "national"
DISTRICT = "district"
DEFAULT_REGION = "광주"

# Rough bounding box of Gwangju Metropolitan City: a coordinate outside it is a typo or a swap.
LAT_RANGE = (35.0, 35.3)
LNG_RANGE = (126.6, 127.1)
YEAR_RANGE = (2000, 2100)
MAX_NAME = Store.name.type.length
MAX_ITEMS = Store.items.type.length
MAX_ADDRESS = Store.address.type.length
MAX_DISTRICT_NAME = ShoppingDistrict.name.type.length
MAX_DISTRICT_NAME_EN = ShoppingDistrict.name_en.type.length

# Canonical field → accepted header spellings (spaces removed, NFKC).
DISTRICT_LIST_COLUMNS = {"name": ("name",), "dong": ("dong",), "kind": ("kind",)}
DISTRICT_LIST_OPTIONAL = {"shops": ("shops",), "counted_on": ("counted_on",), "lat": ("lat",), "lng": ("lng",)}
NATIONAL_COLUMNS = {
    "name": ("가맹점명",),
    "district": ("소속시장명(또는상점가)",),
    "region": ("소재지",),
    "items": ("취급품목",),
    "paper": ("지류형가맹여부",),
    "digital": ("디지털형가맹여부",),
    "year": ("등록년도", "가맹등록년도"),
}
DISTRICT_COLUMNS = {
    "name": ("가맹점명",),
    "district": ("상점가",),
    "dong": ("행정동",),
    "items": ("취급품목",),
    "paper": ("지류",),
    "digital": ("디지털",),
    "year": ("등록년도", "가맹등록년도"),
}
DISTRICT_OPTIONAL = {
    "address": ("도로명주소",),
    "phone": ("전화번호",),
    "hours": ("영업시간",),
    "lat": ("위도",),
    "lng": ("경도",),
}
MAX_HOURS = Store.hours.type.length
MAX_SHOPS = 100_000

# Endings of region labels, so that 광주광역시 (and 광주 서구) is 광주, but 경기도 광주시 is not.
_REGION_ENDINGS = re.compile(r"(특별자치시|특별자치도|광역시|특별시)$")
_SPACES = re.compile(r"\s+")
_YEAR = re.compile(r"^(\d{4})(?:\.0+)?년?$")
PROGRESS_EVERY = 1000
SQLITE_IMPORT_CACHE_KIB = 256 * 1024


class ImportFileError(ValueError):
    """The file as a whole cannot be imported (unreadable, or not one of the formats)."""


class RowError(ValueError):
    """One row is rejected; the message is the reason shown to staff."""


class _OtherRegion(Exception):
    pass


class _UnknownDistrict(Exception):
    def __init__(self, name: str, key: str):
        super().__init__(name)
        self.name, self.key = name, key


@dataclass(frozen=True)
class Rejected:
    line: int
    reason: str


@dataclass
class DistrictLoadResult:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[Rejected] = field(default_factory=list)


@dataclass
class Change:
    """One store an import adds, changes or hides (what ``--dry-run`` shows)."""

    line: int | None
    name: str
    district: str
    fields: tuple[str, ...] = ()


@dataclass
class ImportResult:
    file_name: str
    file_format: str
    encoding: str
    region: str
    dry_run: bool = False
    read: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    hidden: int = 0
    other_region: int = 0
    unknown_district: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    # Unknown shopping district (its most common spelling in the file) → number of rows.
    unknown_districts: dict[str, int] = field(default_factory=dict)
    added_stores: list[Change] = field(default_factory=list)
    updated_stores: list[Change] = field(default_factory=list)
    hidden_stores: list[Change] = field(default_factory=list)
    import_id: int | None = None

    def counts(self) -> dict[str, int]:
        return {"read": self.read, "added": self.added, "updated": self.updated, "unchanged": self.unchanged,
                "hidden": self.hidden, "other_region": self.other_region,
                "unknown_district": self.unknown_district, "rejected": len(self.rejected)}


# --- reading files ---------------------------------------------------------------------------


def decode(data: bytes) -> tuple[str, str]:
    """The text of a file and the encoding it was in: UTF-8 with BOM, UTF-8, or else cp949."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp949"), "cp949"
    except UnicodeDecodeError as error:
        raise ImportFileError(f"the file is neither UTF-8 nor cp949 (byte {error.start})") from None


def header_key(cell: str) -> str:
    return _SPACES.sub("", unicodedata.normalize("NFKC", cell)).lower()


@dataclass
class Table:
    """A decoded CSV file: its header and its rows with their line numbers."""

    name: str
    encoding: str
    text: str
    header: list[str]

    @classmethod
    def read(cls, path: str | Path) -> Table:
        path = Path(path)
        try:
            data = path.read_bytes()
        except OSError as error:
            raise ImportFileError(f"cannot read {path}: {error.strerror}") from None
        content, encoding = decode(data)
        content = content.replace("\x00", "")  # NUL is never data, and PostgreSQL refuses it in text
        first = next(csv.reader(io.StringIO(content)), None)
        if not first:
            raise ImportFileError("the file is empty")
        return cls(path.name, encoding, content, [header_key(c) for c in first])

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """Data rows with the line each ends on; blank lines (and rows of empty cells) are left out."""
        reader = csv.reader(io.StringIO(self.text))
        next(reader)
        try:
            for cells in reader:
                if any(c.strip() for c in cells):
                    yield reader.line_num, cells
        except csv.Error as error:  # e.g. a quote never closed: the rest of the file is one field
            raise ImportFileError(f"line {reader.line_num}: {error}") from None

    def columns(self, spec: dict[str, tuple[str, ...]]) -> dict[str, int] | None:
        """Canonical field → column index, or None if a field of ``spec`` has no column."""
        found = self.optional_columns(spec)
        return found if len(found) == len(spec) else None

    def optional_columns(self, spec: dict[str, tuple[str, ...]]) -> dict[str, int]:
        """Canonical field → column index, for the fields of ``spec`` the file has."""
        found = {}
        for name, spellings in spec.items():
            index = next((i for i, h in enumerate(self.header) if h in spellings), None)
            if index is not None:
                found[name] = index
        return found


def detect_format(table: Table) -> tuple[str, dict[str, int]]:
    """Which store file this is, from its header, and where its columns are."""
    for file_format, spec in ((NATIONAL, NATIONAL_COLUMNS), (DISTRICT, DISTRICT_COLUMNS)):
        columns = table.columns(spec)
        if columns is not None:
            if file_format == DISTRICT:
                columns.update(table.optional_columns(DISTRICT_OPTIONAL))
                if ("lat" in columns) != ("lng" in columns):
                    raise ImportFileError("a district file has both 위도 and 경도 columns, or neither")
            return file_format, columns
    raise ImportFileError(
        "unrecognised header: a national file needs the columns " + ", ".join(s[0] for s in NATIONAL_COLUMNS.values())
        + "; a district file " + ", ".join(s[0] for s in DISTRICT_COLUMNS.values()))


def _cells(cells: list[str], columns: dict[str, int], width: int) -> dict[str, str]:
    if len(cells) > width and not any(c.strip() for c in cells[width:]):
        cells = cells[:width]  # spreadsheets often end rows with empty cells
    if len(cells) != width:
        raise RowError(f"expected {width} columns, found {len(cells)}")
    return {name: cells[index].strip() for name, index in columns.items()}


# --- field parsers: each returns the stored value or raises RowError -----------------------


def clean_name(raw: str) -> str:
    return _SPACES.sub(" ", raw).strip()


def parse_flag(raw: str, column: str) -> bool:
    value = raw.strip().upper()
    if value in ("Y", "N", ""):
        return value == "Y"
    raise RowError(f"{column} must be Y or N, not {raw.strip()!r}")


def parse_year(raw: str) -> int | None:
    if not raw:
        return None
    match = _YEAR.match(raw.replace(" ", ""))
    year = int(match.group(1)) if match else None
    if year is None or not YEAR_RANGE[0] <= year <= YEAR_RANGE[1]:
        raise RowError(f"등록년도 must be a year from {YEAR_RANGE[0]} to {YEAR_RANGE[1]}, not {raw!r}")
    return year


def parse_phone(raw: str) -> str:
    if not raw:
        return ""
    phone = normalise_phone(raw)
    if phone is None:
        raise RowError(f"전화번호 {raw!r} is not a phone number")
    return phone


def parse_coordinates(lat_raw: str, lng_raw: str, names: str = "위도/경도",
                      seogu: bool = False) -> tuple[float | None, float | None]:
    if not lat_raw and not lng_raw:
        return None, None
    try:
        lat, lng = float(lat_raw), float(lng_raw)
    except ValueError:
        raise RowError(f"{names} must both be numbers, not {lat_raw!r}, {lng_raw!r}") from None
    if not (math.isfinite(lat) and math.isfinite(lng)):
        raise RowError(f"{names} must both be numbers, not {lat_raw!r}, {lng_raw!r}")
    if seogu and not in_seogu(lat, lng):
        raise RowError(f"{names} {lat}, {lng} is outside Seo-gu")
    if not (LAT_RANGE[0] <= lat <= LAT_RANGE[1] and LNG_RANGE[0] <= lng <= LNG_RANGE[1]):
        raise RowError(f"{names} {lat}, {lng} is outside Gwangju")
    return lat, lng


def parse_shops(raw: str) -> int | None:
    if not raw:
        return None
    shops = parse_int(raw.replace(",", ""))
    if shops is None or not 1 <= shops <= MAX_SHOPS:
        raise RowError(f"shops must be a whole number from 1 to {MAX_SHOPS:,}, not {raw!r}")
    return shops


def parse_date(raw: str) -> date | None:
    if not raw:
        return None
    try:
        return date.fromisoformat(ascii_digits(raw))
    except ValueError:
        raise RowError(f"counted_on must be a date like 2026-11-30, not {raw!r}") from None


def region_key(label: str) -> str:
    return _REGION_ENDINGS.sub("", normalise(label))


class DongLookup:
    """Dongs by 10-digit code or Korean name (spaces ignored)."""

    def __init__(self):
        self.ids: dict[str, int] = {}
        for dong in db.session.scalars(select(Dong)):
            self.ids[dong.code] = dong.id
            self.ids[normalise(dong.name_ko)] = dong.id

    def get(self, raw: str) -> int:
        dong_id = self.ids.get(raw.strip()) or self.ids.get(normalise(raw))
        if dong_id is None:
            raise RowError(f"unknown dong {raw.strip()!r}" if raw.strip() else "empty dong")
        return dong_id


# --- shopping districts ------------------------------------------------------------------------


def load_districts(path: str | Path) -> DistrictLoadResult:
    """Add or update the shopping districts of a ``name,dong,kind`` CSV (idempotent; one transaction).

    Districts not in the file are left alone: stores refer to them.
    """
    table = Table.read(path)
    columns = table.columns(DISTRICT_LIST_COLUMNS)
    if columns is None:
        raise ImportFileError("a shopping-district file needs the columns name, dong, kind")
    columns.update(table.optional_columns(DISTRICT_LIST_OPTIONAL))
    if ("lat" in columns) != ("lng" in columns):
        raise ImportFileError("a shopping-district file has both lat and lng columns, or neither")
    result = DistrictLoadResult()
    with write_intent():
        try:
            rows = _read_district_rows(table, columns, DongLookup(), result)
            _save_districts(rows, result)
            place_stores_at_centres()
            db.session.commit()
        except BaseException:
            db.session.rollback()
            raise
    result.rejected.sort(key=lambda r: r.line)
    return result


def _read_district_rows(table: Table, columns: dict[str, int], dongs: DongLookup,
                        result: DistrictLoadResult) -> dict[str, tuple[int, str, int, str, dict]]:
    """Valid rows by match key (line, name, dong id, kind, the optional values it gives); a repeated
    district keeps its last line."""
    rows: dict[str, tuple[int, str, int, str, dict]] = {}
    duplicates: dict[str, list[int]] = {}
    for line, cells in table.rows():
        try:
            values = _cells(cells, columns, len(table.header))
            name, kind = clean_name(values["name"]), values["kind"].lower()
            if not name:
                raise RowError("empty name")
            if len(name) > MAX_DISTRICT_NAME or len(romanize_district(name)) > MAX_DISTRICT_NAME_EN:
                raise RowError(f"name longer than {MAX_DISTRICT_NAME} characters (or its romanisation than "
                               f"{MAX_DISTRICT_NAME_EN})")
            if kind not in DISTRICT_KINDS:
                raise RowError(f"kind must be {' or '.join(DISTRICT_KINDS)}, not {values['kind']!r}")
            dong_id = dongs.get(values["dong"])
            facts = _district_facts(values)
        except RowError as error:
            result.rejected.append(Rejected(line, str(error)))
            continue
        key = district_match_key(name)
        if key in rows:
            duplicates.setdefault(key, []).append(rows[key][0])
        rows[key] = (line, name, dong_id, kind, facts)
    for key, lines in duplicates.items():
        result.rejected += [Rejected(line, f"duplicate of line {rows[key][0]}") for line in lines]
    return rows


def _district_facts(values: dict[str, str]) -> dict:
    """The optional values a district row gives (an empty cell gives nothing)."""
    facts = {}
    shops = parse_shops(values.get("shops", ""))
    counted_on = parse_date(values.get("counted_on", ""))
    if (shops is None) != (counted_on is None):
        raise RowError("shops and counted_on go together: give both or neither")
    if shops is not None:
        facts.update(shops=shops, shops_counted_on=counted_on)
    lat, lng = parse_coordinates(values.get("lat", ""), values.get("lng", ""), "lat/lng", seogu=True)
    if lat is not None:
        facts.update(lat=lat, lng=lng)
    return facts


def _save_districts(rows: dict[str, tuple[int, str, int, str, dict]], result: DistrictLoadResult) -> None:
    existing = list(db.session.scalars(select(ShoppingDistrict)))
    by_key = {d.match_key: d for d in existing}
    by_name = {d.name: d for d in existing}
    for key, (_line, name, dong_id, kind, facts) in rows.items():
        # By match key, so that a respelt name updates its district; by name too, in case the
        # way match keys are made has changed since the district was saved.
        district = by_key.get(key) or by_name.get(name)
        if district is None:
            district = save_district(name, dong_id, kind)
            result.added += 1
        elif (district.name, district.dong_id, district.kind, district.match_key) == (name, dong_id, kind, key) \
                and all(getattr(district, k) == v for k, v in facts.items()):
            result.unchanged += 1
            continue
        else:
            save_district(name, dong_id, kind, district=district)
            result.updated += 1
        for name_, value in facts.items():
            setattr(district, name_, value)


# --- stores: reading ----------------------------------------------------------------------------


@dataclass
class Incoming:
    """A valid store row: its identity and the values it sets."""

    line: int
    key: str
    district_name: str
    values: dict
    _fields: dict | None = None

    def name_fields(self) -> dict:
        """Romanised name and search keys (romanising is the slow part, so only when needed)."""
        if self._fields is None:
            self._fields = indexing.name_fields(self.values["name"])
        return self._fields


@dataclass
class DistrictRef:
    id: int
    name: str
    dong_id: int


class StoreRowReader:
    """Turns the cells of one row into an :class:`Incoming`, or says why not."""

    def __init__(self, file_format: str, columns: dict[str, int], width: int, region: str):
        self.file_format, self.columns, self.width = file_format, columns, width
        self.region = region_key(region)
        self.districts = {d.match_key: DistrictRef(d.id, d.name, d.dong_id)
                          for d in db.session.scalars(select(ShoppingDistrict))}
        self.dongs = DongLookup() if file_format == DISTRICT else None
        # The same few hundred district spellings recur on every row: match each once.
        self._spellings: dict[str, DistrictRef | tuple[str, str]] = {}

    def parse(self, line: int, cells: list[str]) -> Incoming:
        values = _cells(cells, self.columns, self.width)
        if self.file_format == NATIONAL and not region_key(values["region"]).startswith(self.region):
            raise _OtherRegion
        district = self._district(values["district"])
        name = clean_name(values["name"])
        if not name:
            raise RowError("empty 가맹점명")
        if len(name) > MAX_NAME:
            raise RowError(f"가맹점명 longer than {MAX_NAME} characters")
        items = values["items"][:MAX_ITEMS]
        stored = {
            "name": name,
            "items": items,
            "category": classify(items, name),
            "accepts_paper": parse_flag(values["paper"], "지류"),
            "accepts_digital": parse_flag(values["digital"], "디지털"),
            "registered_year": parse_year(values["year"]),
            "district_id": district.id,
            "dong_id": district.dong_id,
        }
        if self.file_format == DISTRICT:
            stored.update(self._district_fields(values))
        return Incoming(line, import_key(district.id, name), district.name, stored)

    def _district(self, raw: str) -> DistrictRef:
        if not raw:
            raise RowError("empty shopping district")
        found = self._spellings.get(raw)
        if found is None:
            name = clean_name(raw)
            key = district_match_key(name)
            found = self._spellings[raw] = self.districts.get(key) or (name, key)
        if isinstance(found, tuple):
            raise _UnknownDistrict(*found)
        return found

    def _district_fields(self, values: dict[str, str]) -> dict:
        """The place the district's file gives: only the columns it has."""
        fields = {}
        if "address" in values:
            if len(values["address"]) > MAX_ADDRESS:
                raise RowError(f"도로명주소 longer than {MAX_ADDRESS} characters")
            fields["address"] = clean_name(values["address"])
        if "phone" in values:
            fields["phone"] = parse_phone(values["phone"])
        if "hours" in values:
            if len(values["hours"]) > MAX_HOURS:
                raise RowError(f"영업시간 longer than {MAX_HOURS} characters")
            fields["hours"] = clean_name(values["hours"])
        if "lat" in values:
            fields["lat"], fields["lng"] = parse_coordinates(values["lat"], values["lng"])
        if values["dong"]:
            fields["dong_id"] = self.dongs.get(values["dong"])
        return fields


@dataclass
class ParsedFile:
    table: Table
    file_format: str
    region: str
    incoming: dict[str, Incoming] = field(default_factory=dict)
    read: int = 0
    other_region: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    unknown: dict[str, Counter] = field(default_factory=dict)  # match key → rows per spelling
    district_names: dict[int, str] = field(default_factory=dict)


def read_stores(table: Table, region: str = DEFAULT_REGION,
                progress: Callable[[int], None] | None = None) -> ParsedFile:
    """Parse and validate every row (reads the districts and dongs; writes nothing)."""
    file_format, columns = detect_format(table)
    reader = StoreRowReader(file_format, columns, len(table.header), region)
    parsed = ParsedFile(table, file_format, region,
                        district_names={d.id: d.name for d in reader.districts.values()})
    duplicates: dict[str, list[int]] = {}
    for line, cells in table.rows():
        parsed.read += 1
        if progress and parsed.read % PROGRESS_EVERY == 0:
            progress(PROGRESS_EVERY)
        try:
            item = reader.parse(line, cells)
        except _OtherRegion:
            parsed.other_region += 1
            continue
        except _UnknownDistrict as unknown:
            parsed.unknown.setdefault(unknown.key, Counter())[unknown.name] += 1
            continue
        except RowError as error:
            parsed.rejected.append(Rejected(line, str(error)))
            continue
        previous = parsed.incoming.get(item.key)
        if previous is not None:
            duplicates.setdefault(item.key, []).append(previous.line)
        parsed.incoming[item.key] = item
    if progress:
        progress(parsed.read % PROGRESS_EVERY)
    for key, lines in duplicates.items():
        parsed.rejected += [Rejected(line, f"duplicate of line {parsed.incoming[key].line}") for line in lines]
    parsed.rejected.sort(key=lambda r: r.line)
    return parsed


# --- stores: comparing with the database -------------------------------------------------------

# What an import compares; the name-derived columns follow the name.
_COMPARED = ("name", "items", "category", "accepts_paper", "accepts_digital", "registered_year", "district_id",
             "dong_id", "address", "phone", "hours", "lat", "lng", "visible", "source")
_KEYS = ("key_ko", "key_cho", "key_en")


def existing_stores() -> dict[str, object]:
    """Every store's compared columns, by import key."""
    table = Store.__table__
    columns = [table.c.id, table.c.import_key, table.c.position_approx, *(table.c[c] for c in _COMPARED + _KEYS)]
    return {row.import_key: row for row in db.session.execute(select(*columns))}


@dataclass
class Plan:
    inserts: list[Incoming] = field(default_factory=list)
    updates: list[tuple[Incoming, int, dict]] = field(default_factory=list)  # (row, store id, changed values)
    regram: list[tuple[int, str, str, str]] = field(default_factory=list)
    hide: list = field(default_factory=list)  # rows of existing_stores()
    unchanged: int = 0


def wanted_values(item: Incoming, current, file_format: str) -> dict:
    """The values this file sets on an existing store (it keeps a dong the district's file gave)."""
    wanted = dict(item.values, visible=True)
    if file_format == DISTRICT:
        wanted["source"] = DISTRICT
    elif current.source != NATIONAL:
        del wanted["dong_id"]
    if current.position_approx and "lat" in wanted:
        if wanted["lat"] is None:  # still no position of its own: it keeps its district's centre
            del wanted["lat"], wanted["lng"]
        else:
            wanted["position_approx"] = False
    return wanted


def plan_changes(parsed: ParsedFile, existing: dict) -> Plan:
    """What the import would do to the database: pure comparison, no writes."""
    plan = Plan()
    for key, item in parsed.incoming.items():
        current = existing.get(key)
        if current is None:
            plan.inserts.append(item)
            continue
        wanted = wanted_values(item, current, parsed.file_format)
        changed = {name: value for name, value in wanted.items() if getattr(current, name) != value}
        if not changed:
            plan.unchanged += 1
            continue
        if "name" in changed:
            changed.update(item.name_fields())
            keys = tuple(changed[k] for k in _KEYS)
            if keys != tuple(getattr(current, k) for k in _KEYS):
                plan.regram.append((current.id, *keys))
        plan.updates.append((item, current.id, changed))
    if parsed.file_format == NATIONAL:
        plan.hide = [row for key, row in existing.items()
                     if row.visible and row.source == NATIONAL and key not in parsed.incoming]
    return plan


def prepare_names(parsed: ParsedFile) -> None:
    """Romanise, before the write lock is taken, the names the import will most likely need."""
    known = {key: name for key, name in db.session.execute(select(Store.import_key, Store.name))}
    for key, item in parsed.incoming.items():
        if known.get(key) != item.values["name"]:
            item.name_fields()


# --- stores: writing ----------------------------------------------------------------------------


def _insert_stores(items: list[Incoming], file_format: str, run_id: int, now) -> list[tuple[int, str, str, str]]:
    """Insert new stores; returns their (id, key_ko, key_cho, key_en) for the postings."""
    if not items:
        return []
    rows = [{**item.values, **item.name_fields(), "import_key": item.key, "source": file_format, "visible": True,
             "last_import_id": run_id, "created_at": now, "updated_at": now} for item in items]
    # The columns a file does not carry, so that every row has the same keys.
    for row in rows:
        for name, empty in (("address", ""), ("phone", ""), ("hours", ""), ("lat", None), ("lng", None)):
            row.setdefault(name, empty)
        row["position_approx"] = False
    _bulk_insert(Store.__table__, rows)
    # The stores this run inserted are the only ones marked with it so far (updates come next).
    table = Store.__table__
    ids = {key: store_id for key, store_id in db.session.execute(
        select(table.c.import_key, table.c.id).where(table.c.last_import_id == run_id))}
    return [(ids[item.key], *(item.name_fields()[k] for k in _KEYS)) for item in items]


def _bulk_insert(table, rows: list[dict]) -> None:
    """Many rows with the same keys: COPY on PostgreSQL (executemany re-parses each statement
    there), SQLAlchemy's executemany elsewhere."""
    connection = db.session.connection()
    if connection.dialect.name != "postgresql":
        connection.execute(insert(table), rows)
        return
    columns = list(rows[0])
    driver = connection.connection.driver_connection
    with driver.cursor() as cursor, cursor.copy(f"COPY {table.name} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row([row[c] for c in columns])


def _update_stores(updates: list[tuple[Incoming, int, dict]], run_id: int, now) -> None:
    """Executemany UPDATEs, one statement per set of changed columns."""
    table = Store.__table__
    groups: dict[tuple[str, ...], list[dict]] = {}
    for _item, store_id, changed in updates:
        groups.setdefault(tuple(sorted(changed)), []).append(
            {"store_id": store_id, **{f"new_{k}": v for k, v in changed.items()}})
    for names, rows in groups.items():
        statement = (update(table).where(table.c.id == bindparam("store_id"))
                     .values({**{n: bindparam(f"new_{n}") for n in names}, "last_import_id": run_id,
                              "updated_at": now}))
        db.session.execute(statement, rows)


def _hide_stores(store_ids: list[int], run_id: int, now) -> None:
    table = Store.__table__
    for start in range(0, len(store_ids), 5000):
        db.session.execute(update(table).where(table.c.id.in_(store_ids[start:start + 5000]))
                           .values(visible=False, last_import_id=run_id, updated_at=now))


def _lock_imports() -> None:
    """Make concurrent imports on PostgreSQL wait for each other (SQLite's BEGIN IMMEDIATE already does)."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(hashtext('alleyweb.stores.import'))"))


@contextmanager
def _large_sqlite_cache():
    """SQLite's page cache (2 MB by default) raised while an import writes: millions of postings
    go into indexes far bigger than that, and a cache miss there is a disk read."""
    connection = db.session.connection()
    if connection.dialect.name != "sqlite":
        yield
        return
    previous = connection.exec_driver_sql("PRAGMA cache_size").scalar()
    connection.exec_driver_sql(f"PRAGMA cache_size = {-SQLITE_IMPORT_CACHE_KIB}")
    try:
        yield
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size = {int(previous)}")


def apply_plan(plan: Plan, parsed: ParsedFile) -> StoreImport:
    """Write the plan and its StoreImport row (counts to fill in) in the current transaction."""
    now = utcnow()
    run = StoreImport(file_name=parsed.table.name[:255], file_format=parsed.file_format, started_at=now, counts={})
    db.session.add(run)
    db.session.flush()
    fresh = _insert_stores(plan.inserts, parsed.file_format, run.id, now)
    _update_stores(plan.updates, run.id, now)
    _hide_stores([row.id for row in plan.hide], run.id, now)
    indexing.replace_grams(fresh, fresh=True)
    indexing.replace_grams(plan.regram)
    # Stores shown again (same name) get their postings back; hidden ones lose theirs.
    renamed = {store_id for store_id, *_keys in plan.regram}
    shown = [store_id for _item, store_id, changed in plan.updates if "visible" in changed and store_id not in renamed]
    indexing.reindex(shown + [row.id for row in plan.hide])
    # The others whose filters changed keep their postings: the filters' values in them are copied again.
    indexing.refresh_posting_filters([store_id for _item, store_id, changed in plan.updates
                                      if store_id not in renamed and "visible" not in changed
                                      and not changed.keys().isdisjoint(POSTING_FILTERS)])
    if fresh or plan.regram or shown or plan.hide:
        indexing.refresh_gram_counts()
    if plan.inserts or plan.updates or plan.hide:
        place_stores_at_centres()
        indexing.refresh_counts()
        indexing.refresh_district_grams()
        bump(STORES_VERSION)
    return run


def import_stores(path: str | Path, *, region: str = DEFAULT_REGION, dry_run: bool = False,
                  progress: Callable[[int], None] | None = None) -> ImportResult:
    """Import a national or district store file (see the module docstring); one transaction.

    The file is read and validated (and new names romanised) before SQLite's write lock is taken;
    the comparison with the database and every write happen under it, so a failure anywhere
    changes nothing. The session's transaction is ended first: call it with no pending changes.
    ``progress`` is called with the number of rows read since its last call.
    """
    table = Table.read(path)
    try:
        parsed = read_stores(table, region, progress)
        if not dry_run:
            prepare_names(parsed)
    finally:
        db.session.rollback()  # end the read transaction, so that the writes start with BEGIN IMMEDIATE
    if dry_run:
        try:
            return _result(parsed, plan_changes(parsed, existing_stores()), dry_run=True)
        finally:
            db.session.rollback()
    if parsed.file_format == NATIONAL and not parsed.incoming:
        raise ImportFileError(f"no stores of {region} in a known shopping district: nothing imported "
                              "(importing it would hide every store)")
    with write_intent():
        try:
            _lock_imports()
            plan = plan_changes(parsed, existing_stores())
            with _large_sqlite_cache():
                run = apply_plan(plan, parsed)
            result = _result(parsed, plan, dry_run=False, import_id=run.id)
            run.counts = result.counts()
            db.session.commit()
        except BaseException:
            db.session.rollback()
            raise
    if result.added or result.hidden:
        _refresh_statistics()
    return result


def _refresh_statistics() -> None:
    """The search tables changed shape: new planner statistics (after the commit, in a transaction
    of their own, so that they describe the committed tables)."""
    with write_intent():
        try:
            refresh_planner_statistics()
            db.session.commit()
        except BaseException:
            db.session.rollback()
            raise


def _result(parsed: ParsedFile, plan: Plan, *, dry_run: bool, import_id: int | None = None) -> ImportResult:
    return ImportResult(
        file_name=parsed.table.name, file_format=parsed.file_format, encoding=parsed.table.encoding,
        region=parsed.region, dry_run=dry_run, read=parsed.read, added=len(plan.inserts),
        updated=len(plan.updates), unchanged=plan.unchanged, hidden=len(plan.hide),
        other_region=parsed.other_region, unknown_district=sum(c.total() for c in parsed.unknown.values()),
        rejected=parsed.rejected,
        unknown_districts={c.most_common(1)[0][0]: c.total() for c in parsed.unknown.values()},
        added_stores=[Change(i.line, i.values["name"], i.district_name) for i in plan.inserts],
        updated_stores=[Change(i.line, i.values["name"], i.district_name, tuple(k for k in _COMPARED if k in c))
                        for i, _id, c in plan.updates],
        hidden_stores=[Change(None, row.name, parsed.district_names.get(row.district_id, "")) for row in plan.hide],
        import_id=import_id,
    )
