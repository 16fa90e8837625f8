"""The open data's CSV text (render/open_data_text.py) against Python's own csv module and ``repr``.

The product puts the rows together with pyarrow's string kernels and formats each distinct value once;
the expected text here is written row by row by :mod:`csv`, floats by ``repr``, as the data contract's
open data section and the module's docstring promise (cells quoted only when needed, ``\\n`` line ends,
``true``/``false``, missing values empty, formula-like text neutralised)."""

from __future__ import annotations

import array
import csv
import io
import math
import random

import pytest

from generator.figures.open_tables import Coded, OpenTable
from generator.render import open_data_text
from generator.render.open_data_text import csv_chunks, joined

TRICKY_FLOATS = [0.0, -0.0, 15.0, -3.0, 4.5, 0.1 + 0.2, 1e-4, 9.9e-5, 1e-5, 5e-324, 123456789.125, 999999999.5,
                 1e9, 1e10, 1.5e15, 1e16, 1e22, -2.5e-7, math.nan, math.inf, -math.inf, 1 / 3, 2 / 3 * 1e8]
TEXTS = ["Sở Tư pháp", "a,b", 'say "hi"', "two\nlines", "=1+1", "+84", "-", "-5", "@x", "\tx", "", " lead"]


def _expected_cell(kind: str, value):
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if kind == "boolean":
        return "true" if value else "false"
    if isinstance(value, str):
        return "'" + value if kind == "string" and value[:1] in "=+-@\t\r" and value and value != "-" else value
    return repr(value) if isinstance(value, float) else str(value)


def _expected_csv(fields, rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([f["name"] for f in fields])
    for row in rows:
        writer.writerow([_expected_cell(f["type"], v) for f, v in zip(fields, row)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _table(rows: int, seed: int) -> tuple[OpenTable, list[tuple]]:
    rng = random.Random(seed)
    floats = [rng.choice(TRICKY_FLOATS) if rng.random() < 0.3 else round(rng.uniform(-1e3, 1e6), rng.randint(0, 6))
              for _ in range(rows)]
    ints = [rng.randint(-2**62, 2**62) if rng.random() < 0.1 else rng.randint(0, 500) for _ in range(rows)]
    codes = [rng.randrange(len(TEXTS)) for _ in range(rows)]
    listed_codes = [rng.randrange(3) for _ in range(rows)]
    plain = [rng.choice([None, True, False, 7, 2.5, "x,y", "=cmd", "Hà Nội"]) for _ in range(rows)]
    flags = [rng.choice([True, False, None]) for _ in range(rows)]
    fields = [{"name": "text", "type": "string"}, {"name": "days", "type": "number"},
              {"name": "count", "type": "integer"}, {"name": "kind", "type": "string"},
              {"name": "mixed", "type": "any"}, {"name": "flag", "type": "boolean"}]
    columns = (Coded(tuple(TEXTS), memoryview(array.array("q", codes))), memoryview(array.array("d", floats)),
               memoryview(array.array("q", ints)), Coded(("ha", "b,c", None), listed_codes), plain, flags)
    expected_rows = [(TEXTS[c], f, i, ("ha", "b,c", None)[k], p, g)
                     for c, f, i, k, p, g in zip(codes, floats, ints, listed_codes, plain, flags)]
    return OpenTable("thong-ke-hang-thang", fields, ["text"], columns), expected_rows


@pytest.mark.parametrize("rows, chunk", [(0, 10_000), (1, 10_000), (257, 10_000), (257, 16), (3000, 999)])
def test_csv_is_what_the_csv_module_writes(rows, chunk, monkeypatch):
    monkeypatch.setattr(open_data_text, "CHUNK", chunk)
    table, expected_rows = _table(rows, seed=rows + chunk)
    assert joined(csv_chunks(table)) == _expected_csv(table.fields, expected_rows)


def test_every_float_is_written_as_repr_writes_it():
    rng = random.Random(4)
    floats = TRICKY_FLOATS + [rng.uniform(-1, 1) * 10.0 ** rng.randint(-12, 20) for _ in range(20_000)] \
        + [round(rng.uniform(0, 100), 2) for _ in range(5_000)] + [float(rng.randint(-10**9, 10**9)) for _ in range(5_000)]
    table = OpenTable("so-lieu-tong-hop", [{"name": "value", "type": "number"}], [],
                      (memoryview(array.array("d", floats)),))
    lines = joined(csv_chunks(table)).decode("utf-8").split("\n")
    assert lines[1:-1] == ["" if v != v else repr(v) for v in floats]
