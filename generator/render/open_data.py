"""Open data: the catalogue, the validated statistics and the computed figures as CSV, XLSX and JSON.

Pure: writes the tables the compute stage made (:mod:`generator.figures.open_tables`) and returns
``{path under docs: bytes}``; MkDocs copies the files as they are. Everything is described by a
Frictionless ``du-lieu/datapackage.json`` (field types, primary keys, foreign keys). Output is
deterministic: rows sorted, rates rounded to 6 decimals and times to 2, no timestamps. Codes are
``string`` fields and are written exactly as in the catalogue (``1.001540``). CSV files start with a
UTF-8 byte-order mark (Excel opened by double-click reads Vietnamese correctly only then); in CSV
and XLSX, text cells that a spreadsheet would run as a formula are neutralised (:mod:`.formula_cells`).
Tables over :data:`GZIP_ROWS` rows (the monthly rows and figures of a big province: hundreds of
megabytes as text) are published as one gzip-compressed ``.csv.gz``, which Frictionless, pandas, R and
DuckDB read as it is (``compression: gz``). They have no JSON copy: at the 2,000-procedure benchmark
its 1.1 million monthly rows were 85 MB of JSON text, more than a browser or a spreadsheet can open,
and its gzip copy (14 MB) was the site's largest file after the CSV it repeated.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Callable, Any, Iterable

from ..figures.open_tables import TITLES, Coded, OpenTable
from .. import urls
from .formula_cells import neutralised
from .open_data_text import csv_chunks, gzipped, joined, json_chunks
from .open_data_xlsx import MAX_ROWS as XLSX_MAX_ROWS, to_xlsx
from .page_plan import Page

SMALL_TABLE = 20_000  # up to this many rows, the JSON is an array of objects; above, compact arrays
GZIP_ROWS = 100_000  # above this many rows, a table is one gzip-compressed CSV file
XLSX_MEDIATYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
STATISTICS_TABLES = ("thong-ke-hang-thang", "so-lieu-tong-hop")


def formats(table: OpenTable) -> tuple[str, ...]:
    """The files a table is published as: no workbook above ``XLSX_MAX_ROWS`` rows, no JSON above ``GZIP_ROWS``."""
    return formats_for(len(table))


def formats_for(rows: int) -> tuple[str, ...]:
    if rows > GZIP_ROWS:
        return ("csv",)
    return ("csv", "xlsx", "json") if rows <= XLSX_MAX_ROWS else ("csv", "json")


def file_name(name: str, rows: int, fmt: str) -> str:
    """``thong-ke-hang-thang.csv``, or ``thong-ke-hang-thang.csv.gz`` above :data:`GZIP_ROWS` rows."""
    return f"{name}.{fmt}.gz" if rows > GZIP_ROWS and fmt != "xlsx" else f"{name}.{fmt}"


def neutralised_for_spreadsheets(table: OpenTable) -> OpenTable:
    """The same table with formula-like text cells neutralised, as the CSV and XLSX files hold it."""
    columns = []
    for field, column in zip(table.fields, table.columns):
        if field["type"] != "string":
            columns.append(column)
        elif isinstance(column, Coded):
            columns.append(Coded(tuple(_neutralised(v) for v in column.values), column.codes))
        else:
            columns.append([_neutralised(v) for v in column])
    return replace(table, columns=tuple(columns))


def _neutralised(value: Any) -> Any:
    return neutralised(value) if isinstance(value, str) else value


def to_csv(table: OpenTable) -> bytes:
    """RFC 4180 CSV, UTF-8 with a byte-order mark, ``\n`` line ends; booleans ``true``/``false``; missing
    values empty; text cells beginning with ``=``, ``+``, ``-``, ``@``, tab or CR get a leading ``'``."""
    return joined(csv_chunks(table))


def to_json(table: OpenTable) -> bytes:
    """JSON, one row per line (diffable and streamable).

    Tables up to ``SMALL_TABLE`` rows are an array of objects. Larger ones (the monthly rows and
    figures: a million rows in a big province) are an array of arrays whose first row names the
    columns, Frictionless' compact tabular JSON: about a third of the size of objects."""
    return joined(json_chunks(table, compact=len(table) > SMALL_TABLE))


def datapackage(found: Iterable[OpenTable], title: str) -> bytes:
    described = []
    for table in found:
        schema: dict[str, Any] = {"fields": table.fields, "primaryKey": table.primary_key, "missingValues": [""]}
        if table.foreign_keys:
            schema["foreignKeys"] = list(table.foreign_keys)
        for fmt in formats(table):
            path = file_name(table.name, len(table), fmt)
            entry = {"name": f"{table.name}-{fmt}", "title": table.title, "path": path,
                     "format": fmt, "mediatype": {"csv": "text/csv", "xlsx": XLSX_MEDIATYPE}.get(fmt, "application/json"),
                     "encoding": "utf-8-sig" if fmt == "csv" else "utf-8", "profile": "tabular-data-resource",
                     "schema": _for_format(schema, fmt)}
            if path.endswith(".gz"):
                entry["compression"] = "gz"
            if fmt == "xlsx":
                del entry["encoding"]
            described.append(entry)
    package = {"name": "cong-khai-thu-tuc-hanh-chinh", "title": title, "profile": "tabular-data-package",
               "resources": described}
    return (json.dumps(package, ensure_ascii=False, indent=1, allow_nan=False) + "\n").encode("utf-8")


def _for_format(schema: dict[str, Any], fmt: str) -> dict[str, Any]:
    """Foreign keys point at the resource of the same format (``co-quan-csv`` / ``co-quan-json``)."""
    copy = json.loads(json.dumps(schema))
    for key in copy.get("foreignKeys", []):
        key["reference"]["resource"] = f"{key['reference']['resource']}-{fmt}"
    return copy


def table_files(table: OpenTable) -> dict[str, bytes]:
    """The table's files under the docs folder (the CSV writer neutralises formula-like text itself)."""
    rows, folder = len(table), urls.OPEN_DATA
    pack = gzipped if rows > GZIP_ROWS else joined
    out = {f"{folder}/{file_name(table.name, rows, 'csv')}": pack(csv_chunks(table))}
    if "json" in formats(table):
        out[f"{folder}/{file_name(table.name, rows, 'json')}"] = joined(json_chunks(table, compact=rows > SMALL_TABLE))
    if "xlsx" in formats(table):
        out[f"{folder}/{file_name(table.name, rows, 'xlsx')}"] = to_xlsx(neutralised_for_spreadsheets(table))
    return out


def open_data_files(tables: Iterable[OpenTable], title: str = "",
                    write: Callable[[OpenTable], dict[str, bytes]] = table_files) -> dict[str, bytes]:
    """``tables``: :attr:`generator.pipeline.Computed.open_data`; ``write``: each table's files (``portal serve``
    writes a table again only when it changed: ``preview/memo.py``), then the data package describing them."""
    found = list(tables)
    files = {}
    for table in found:
        files.update(write(table))
    files[f"{urls.OPEN_DATA}/datapackage.json"] = datapackage(found, title or "Dữ liệu mở")
    return files


def plan_open_data_page(stats: Any, catalogue: Any) -> Page:
    """``stats``: :class:`generator.figures.published.PublishedStatistics` or None."""
    counted = [("co-quan", len(catalogue.agencies)), ("thu-tuc", len(catalogue.procedures))]
    counted += [(table.name, len(table)) for table in (stats.open_tables if stats is not None else ())]
    listed = [(name, TITLES[name], rows, [file_name(name, rows, fmt) for fmt in formats_for(rows)]) for name, rows in counted]
    return Page(f"{urls.OPEN_DATA}/index.md", "open_data.md.j2", {"resources": listed, "has_statistics": stats is not None})
