"""CSV and JSON text of an open data table (:class:`generator.figures.open_tables.OpenTable`), plain Python.

Rows are written in chunks, column by column: a dictionary-encoded column formats each distinct value
once, a number column formats a slice of its array; a million monthly rows take about a second and
never exist as one string (:func:`gzipped` compresses the chunks as they come).

CSV: RFC 4180 as Python's :mod:`csv` writes it (cells quoted only when needed), ``\\n`` line ends,
booleans ``true``/``false``, missing values empty, formula-like text neutralised
(:mod:`.formula_cells`). JSON: numbers as numbers, ``null`` for missing, text exactly as written;
a non-finite number raises ``ValueError`` (never invalid JSON).
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import math
from typing import Any, Callable, Iterable, Iterator

from ..figures.open_tables import Coded, OpenTable
from .formula_cells import neutralised

CHUNK = 10_000  # rows formatted at a time (50,000 rows of the 33-column figures table were 80 MB of cell texts)
GZIP_LEVEL = 4  # 73 MB of monthly CSV: 13.3 MB in 0.7 s (level 6: 12.4 MB in 2.9 s, level 1: 15.4 MB in 0.5 s)


def _csv_quoted(text: str) -> str:
    """One cell exactly as :mod:`csv` writes it in a row (``""`` alone on a row would be quoted: not here)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow([text, ""])
    return buffer.getvalue()[:-2]


def _csv_cell(kind: str) -> Callable[[Any], str]:
    def cell(value: Any) -> str:
        if value is None or (isinstance(value, float) and value != value):
            return ""
        if kind == "boolean":
            return "true" if value else "false"
        if isinstance(value, str):
            return _csv_quoted(neutralised(value) if kind == "string" else value)
        return str(value)
    return cell


def _json_number(value: float) -> str:
    if value != value:
        return "null"
    if math.isinf(value):
        raise ValueError(f"Out of range float values are not JSON compliant: {value!r}")
    return repr(value)


def _json_cell(value: Any) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return _json_number(value)
    if isinstance(value, int):
        return str(value)
    return json.dumps(value, ensure_ascii=False)



def _numbers(values: list[float], missing: str, json_text: bool) -> list[str]:
    """Floats as ``repr`` writes them (``4.5``, ``15.0``), ``missing`` for NaN."""
    if json_text and (math.inf in values or -math.inf in values):
        raise ValueError("Out of range float values are not JSON compliant")
    return [repr(v) if v == v else missing for v in values]


def _formatted(column: Any, cell: Callable[[Any], str], start: int, stop: int, json_text: bool) -> Iterable[str]:
    """The cells of rows ``start``–``stop`` of one column as text."""
    if isinstance(column, Coded):
        texts = [cell(v) for v in column.values]  # each distinct value once
        codes = column.codes[start:stop]
        return map(texts.__getitem__, codes.tolist() if isinstance(codes, memoryview) else codes)
    if isinstance(column, memoryview):
        values = column[start:stop].tolist()
        if column.format == "d":
            return _numbers(values, "null" if json_text else "", json_text)
        return map(str, values)  # 64-bit integers ("q" or "l")
    return map(cell, column[start:stop])


def _chunks(table: OpenTable, cells: list[Callable[[Any], str]], json_text: bool) -> Iterator[str]:
    """The rows' text, ``CHUNK`` rows at a time: CSV lines, or JSON arrays each after ``,\n``."""
    for start in range(0, len(table), CHUNK):
        stop = min(len(table), start + CHUNK)
        columns = [_formatted(column, cell, start, stop, json_text) for column, cell in zip(table.columns, cells)]
        rows = map(",".join, zip(*columns))
        yield ",\n[" + "],\n[".join(rows) + "]" if json_text else "\n".join(rows) + "\n"


def csv_chunks(table: OpenTable) -> Iterator[str]:
    """The CSV text in pieces: UTF-8 byte-order mark and header first (Excel then reads Vietnamese)."""
    yield "\ufeff" + ",".join(_csv_quoted(f["name"]) for f in table.fields) + "\n"
    cells = [_csv_cell(f["type"]) for f in table.fields]
    yield from _chunks(table, cells, json_text=False)


def json_chunks(table: OpenTable, compact: bool) -> Iterator[str]:
    """JSON, one row per line. ``compact``: an array of arrays whose first row names the columns
    (Frictionless' compact tabular JSON, about a third of the size of objects)."""
    names = [f["name"] for f in table.fields]
    if not compact:
        records = zip(*(_plain_column(column) for column in table.columns)) if table.columns else iter(())
        body = ",\n".join(json.dumps(dict(zip(names, (_json_value(v) for v in record))), ensure_ascii=False,
                                     separators=(",", ":"), allow_nan=False) for record in records)
        yield "[\n" + body + "\n]\n" if body else "[]\n"
        return
    yield "[\n" + json.dumps(names, ensure_ascii=False, separators=(",", ":"))
    yield from _chunks(table, [_json_cell] * len(names), json_text=True)
    yield "\n]\n"


def _plain_column(column: Any) -> list[Any]:
    return column.tolist() if isinstance(column, (Coded, memoryview)) else list(column)


def _json_value(value: Any) -> Any:
    return None if isinstance(value, float) and value != value else value


def joined(chunks: Iterable[str]) -> bytes:
    return "".join(chunks).encode("utf-8")


def gzipped(chunks: Iterable[str]) -> bytes:
    """gzip (RFC 1952) of the UTF-8 text, reproducible: no file name, time 0, Python's fixed header."""
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", compresslevel=GZIP_LEVEL, mtime=0) as archive:
        for chunk in chunks:
            archive.write(chunk.encode("utf-8"))
    return buffer.getvalue()
