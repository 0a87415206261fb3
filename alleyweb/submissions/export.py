"""CSV and XLSX exports of the console's current filter, with Korean headers."""

from __future__ import annotations

import csv
import io

from flask_babel import force_locale, gettext

from alleyweb.core.dates import format_local
from alleyweb.core.privacy import mask_text
from alleyweb.submissions.models import Submission
from alleyweb.submissions.registry import all_types, get_type
from alleyweb.submissions.services import STATUS_LABELS
from alleyweb.submissions.visibility import shown_name, shown_phone, shown_value

# A cell starting with one of these is read as a formula by spreadsheet programs.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def export_rows(submissions: list[Submission], *, personal: bool) -> tuple[list[str], list[list[str]]]:
    """Header and rows in Korean; personal data masked unless ``personal``."""
    with force_locale("ko"):
        kinds = [get_type(key) for key in sorted({s.type for s in submissions})] or all_types()
        extra = []
        for kind in kinds:
            for field in kind.fields if kind else ():
                if field.key not in {f.key for f, _ in extra}:
                    extra.append((field, kind))
        header = [gettext("Receipt number"), gettext("Type"), gettext("Status"), gettext("Received at"),
                  gettext("Dong"), gettext("Full name"), gettext("Mobile number")] + [str(f.label) for f, _ in extra]
        rows = []
        for s in submissions:
            kind = get_type(s.type)
            row = [s.receipt_no, str(kind.label) if kind else s.type, str(STATUS_LABELS.get(s.status, s.status)),
                   format_local(s.created_at), s.dong.name_ko if s.dong else "",
                   shown_name(s, personal), shown_phone(s, personal)]
            for field, _ in extra:
                value = (s.details or {}).get(field.key, "")
                shown = shown_value(value, personal_field=field.personal, personal=personal)
                row.append(mask_text(value) if shown is None else shown)
            rows.append([_cell(v) for v in row])
    return header, rows


def to_csv(header: list[str], rows: list[list[str]]) -> bytes:
    """UTF-8 with a byte-order mark, so Excel opens Korean text correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(header: list[str], rows: list[list[str]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("접수 목록")
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
