"""CSV and JSON text of an open data table (:class:`generator.figures.open_tables.OpenTable`).

Rows are written in chunks, column by column: a dictionary-encoded column formats each distinct value
once, a number column formats a slice of its array. The CSV rows are put together by pyarrow's string
kernels (a million monthly rows: 0.9 s instead of 3.4 s of Python joins), the JSON rows in Python; neither
ever exists as one string (:func:`gzipped` compresses the chunks as they come).

CSV: RFC 4180 as Python's :mod:`csv` writes it (cells quoted only when needed), ``\\n`` line ends,
booleans ``true``/``false``, missing values empty, formula-like text neutralised
(:mod:`.formula_cells`). JSON: numbers as numbers, ``null`` for missing, text exactly as written;
a non-finite number raises ``ValueError`` (never invalid JSON).
"""

from __future__ import annotations

import csv
import gzip
from concurrent.futures import Future, ThreadPoolExecutor
import io
import json
import math
from typing import Any, Callable, Iterable, Iterator

import pyarrow as pa
import pyarrow.compute as pc

from ..figures.open_tables import Coded, OpenTable
from .formula_cells import neutralised

CHUNK = 10_000  # rows formatted at a time (50,000 rows of the 33-column figures table were 80 MB of cell texts;
# as Arrow strings, 50,000 CSV rows raised the build's peak by 50 MB for 0.1 s less)
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



def _json_numbers(values: list[float]) -> list[str]:
    """Floats as ``repr`` writes them (``4.5``, ``15.0``), ``null`` for NaN."""
    if math.inf in values or -math.inf in values:
        raise ValueError("Out of range float values are not JSON compliant")
    return [repr(v) if v == v else "null" for v in values]


def _json_texts(column: Any, start: int, stop: int) -> Iterable[str]:
    """The JSON values of rows ``start``–``stop`` of one column."""
    if isinstance(column, Coded):
        texts = [_json_cell(v) for v in column.values]  # each distinct value once
        codes = column.codes[start:stop]
        return map(texts.__getitem__, codes.tolist() if isinstance(codes, memoryview) else codes)
    if isinstance(column, memoryview):
        values = column[start:stop].tolist()
        return _json_numbers(values) if column.format == "d" else map(str, values)  # 64-bit integers ("q", "l")
    return map(_json_cell, column[start:stop])


def _json_rows(table: OpenTable) -> Iterator[str]:
    """The rows' JSON arrays, ``CHUNK`` rows at a time, each after ``,\n``."""
    for start in range(0, len(table), CHUNK):
        stop = min(len(table), start + CHUNK)
        columns = [_json_texts(column, start, stop) for column in table.columns]
        yield ",\n[" + "],\n[".join(map(",".join, zip(*columns))) + "]"


# repr of a float is Arrow's shortest text for 1e-4 <= |x| < 1e9, with ".0" after a whole number; other
# floats (and NaN) are few and formatted by Python
_ARROW_LIKE_REPR = (1e-4, 1e9)


def _float_texts(values: pa.Array) -> pa.Array:
    """Each float as ``repr`` writes it (``4.5``, ``15.0``, ``1e-05``), empty for NaN (a missing value)."""
    texts = pc.cast(values, pa.string())
    magnitude = pc.abs(values)
    whole = pc.and_(pc.equal(pc.floor(values), values), pc.less(magnitude, _ARROW_LIKE_REPR[1]))
    texts = pc.if_else(whole, pc.binary_join_element_wise(texts, ".0", ""), texts)
    plain = pc.and_(pc.greater_equal(magnitude, _ARROW_LIKE_REPR[0]), pc.less(magnitude, _ARROW_LIKE_REPR[1]))
    odd = pc.invert(pc.or_(whole, plain))
    if not pc.any(odd).as_py():
        return texts
    others = [repr(v) if v == v else "" for v in values.filter(odd).to_pylist()]
    return pc.replace_with_mask(texts, odd, pa.array(others, pa.string()))


def _numbers_of(view: memoryview) -> pa.Array:
    kind = pa.float64() if view.format == "d" else pa.int64()
    return pa.Array.from_buffers(kind, len(view), [None, pa.py_buffer(view)])


def _csv_column(column: Any, cell: Callable[[Any], str]) -> Callable[[int, int], pa.Array]:
    """The CSV cells of rows ``start``–``stop`` of one column, as an Arrow string array (a dictionary-encoded
    column's distinct values are formatted once)."""
    if isinstance(column, Coded):
        texts = pa.array([cell(v) for v in column.values], pa.string())
        if isinstance(column.codes, memoryview):
            return lambda start, stop: texts.take(_numbers_of(column.codes[start:stop]))
        return lambda start, stop: texts.take(pa.array(column.codes[start:stop], pa.int64()))
    if isinstance(column, memoryview):
        if column.format == "d":
            return lambda start, stop: _float_texts(_numbers_of(column[start:stop]))
        return lambda start, stop: pc.cast(_numbers_of(column[start:stop]), pa.string())
    return lambda start, stop: pa.array([cell(v) for v in column[start:stop]], pa.string())


def _csv_rows(table: OpenTable, cells: list[Callable[[Any], str]]) -> Iterator[bytes]:
    """The CSV lines, ``CHUNK`` rows at a time, as UTF-8."""
    formatters = [_csv_column(column, cell) for column, cell in zip(table.columns, cells)]
    for start in range(0, len(table), CHUNK):
        stop = min(len(table), start + CHUNK)
        columns = [formatted(start, stop) for formatted in formatters]
        columns[-1] = pc.binary_join_element_wise(columns[-1], "\n", "")
        rows = pc.binary_join_element_wise(*columns, ",")
        lines = pa.ListArray.from_arrays(pa.array([0, len(rows)], pa.int32()), rows)
        yield pc.binary_join(lines, "")[0].as_buffer().to_pybytes()


def csv_chunks(table: OpenTable) -> Iterator[bytes]:
    """The CSV text in pieces (UTF-8): byte-order mark and header first (Excel then reads Vietnamese)."""
    yield ("\ufeff" + ",".join(_csv_quoted(f["name"]) for f in table.fields) + "\n").encode("utf-8")
    if table.columns:
        yield from _csv_rows(table, [_csv_cell(f["type"]) for f in table.fields])


def json_chunks(table: OpenTable, compact: bool) -> Iterator[bytes]:
    """JSON, one row per line. ``compact``: an array of arrays whose first row names the columns
    (Frictionless' compact tabular JSON, about a third of the size of objects)."""
    names = [f["name"] for f in table.fields]
    if not compact:
        records = zip(*(_plain_column(column) for column in table.columns)) if table.columns else iter(())
        body = ",\n".join(json.dumps(dict(zip(names, (_json_value(v) for v in record))), ensure_ascii=False,
                                     separators=(",", ":"), allow_nan=False) for record in records)
        yield ("[\n" + body + "\n]\n" if body else "[]\n").encode("utf-8")
        return
    yield ("[\n" + json.dumps(names, ensure_ascii=False, separators=(",", ":"))).encode("utf-8")
    for chunk in _json_rows(table):
        yield chunk.encode("utf-8")
    yield b"\n]\n"


def _plain_column(column: Any) -> list[Any]:
    return column.tolist() if isinstance(column, (Coded, memoryview)) else list(column)


def _json_value(value: Any) -> Any:
    return None if isinstance(value, float) and value != value else value


def joined(chunks: Iterable[bytes]) -> bytes:
    return b"".join(chunks)


def gzipped(chunks: Iterable[bytes]) -> bytes:
    """gzip (RFC 1952) of the UTF-8 text, reproducible: no file name, time 0, Python's fixed header.

    Each chunk is compressed on a second thread while the next one is formatted: zlib and pyarrow's
    kernels both let go of the interpreter's lock (the monthly rows: 1.7 → 1.0 s)."""
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", compresslevel=GZIP_LEVEL, mtime=0) as archive, \
            ThreadPoolExecutor(max_workers=1, thread_name_prefix="gzip") as compressor:
        written: Future | None = None
        for chunk in chunks:
            if written is not None:
                written.result()
            written = compressor.submit(archive.write, chunk)
        if written is not None:
            written.result()
    return buffer.getvalue()
