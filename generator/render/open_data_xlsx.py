"""The open data tables as Excel workbooks (``.xlsx``), byte-identical from build to build.

Civil servants open tables by double-clicking them: a workbook needs no import
step, keeps Vietnamese letters and shows codes such as ``1.001540`` as text.
One sheet per table, the header in row 1; numbers are numeric cells, text
cells hold exactly the CSV's text (formula-like cells neutralised, see
:mod:`generator.render.formula_cells`), booleans ``true``/``false``.

Reproducible: the document's created/modified dates are fixed
(:data:`FIXED_DATE`) and the zip is rewritten with every entry dated
1980-01-01, in openpyxl's order. Tables longer than :data:`MAX_ROWS` rows are
offered as CSV and JSON only (Excel's own limit is 1,048,576 rows, and such a
sheet is unusable well before it).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..figures.open_tables import OpenTable

FIXED_DATE = dt.datetime(2000, 1, 1)
MAX_ROWS = 20_000  # about 400,000 cells: a few seconds with openpyxl; bigger tables are for tools, not Excel
SHEET_TITLE_MAX = 31  # Excel's limit


def _cells(table: "OpenTable") -> list[list[Any]]:
    """Rows of cell values: numbers as numbers, the rest as text, ``""`` for missing (an empty text cell:
    a row never ends early, which readers would take for missing cells)."""
    columns = []
    for field in table.fields:
        values = table.column(field["name"])
        kind = field["type"]
        if kind == "boolean":
            values = [None if v is None or v != v else ("true" if v else "false") for v in values]
        elif kind in ("integer", "number"):
            values = [None if v is None or v != v else (int(v) if kind == "integer" else _number(v)) for v in values]
        else:
            values = [None if v is None or (isinstance(v, float) and v != v) else str(v) for v in values]
        columns.append(["" if v is None else v for v in values])
    return [list(row) for row in zip(*columns)] if columns else []


def _number(value: Any) -> int | float:
    number = float(value)
    return int(number) if number.is_integer() else number


def to_xlsx(resource: "OpenTable") -> bytes | None:
    """The workbook's bytes, or ``None`` when the table has more than :data:`MAX_ROWS` rows."""
    if len(resource) > MAX_ROWS:
        return None
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    workbook = Workbook(write_only=True)
    workbook.properties.created = workbook.properties.modified = FIXED_DATE
    workbook.properties.creator = None
    sheet = workbook.create_sheet(resource.name[:SHEET_TITLE_MAX])
    sheet.append([field["name"] for field in resource.fields])
    for row in _cells(resource):
        sheet.append(row)
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        writer = ExcelWriter(workbook, archive)
        writer.write_data()  # ExcelWriter.save() would stamp the current time as 'modified'
    return _fixed_dates(raw.getvalue())


def _fixed_dates(data: bytes) -> bytes:
    """The same zip with every entry dated 1980-01-01 00:00 (zip's earliest date)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename), compresslevel=6)
    return out.getvalue()
