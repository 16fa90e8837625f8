"""Find and read the monthly statistics: ``statistics/**/*.csv`` and ``*.xlsx``.

Parsing only, no rules (those live in :mod:`generator.validate.statistics_rules`).
Every cell is read as text, so that a procedure code such as ``1.001540`` stays
``1.001540`` and never becomes the number 1.00154.

Each table keeps where its rows came from:

* ``source`` is the file relative to the portal root; for a workbook, each sheet
  is a table named ``statistics/x.xlsx[Sheet1]`` (that is the ``file`` of its
  problems);
* ``lines`` holds, for each row, its row number as a spreadsheet shows it:
  the header is row 1, the first data row is row 2; blank rows count (Excel
  shows them) and are then dropped.

CSV files may be separated by ``,`` or ``;`` (or a tab), sniffed from the
header line; a byte-order mark is tolerated; anything that is not UTF-8 is
refused with a problem. Big files are read with pyarrow (about 0.4 s for a
million rows on the reference machine).

Sizes are checked before anything parses a file: a CSV file larger than
:data:`MAX_CSV_BYTES` is refused, and so is a workbook any part of which (a
sheet, the shared strings) would unzip to more than :data:`MAX_XLSX_PART_BYTES`
according to the zip's directory (Python's zipfile never inflates an entry
beyond the size its directory declares, so the check also holds for a zip
that lies).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd

from ..errors import Problem
from ..paths import PortalPaths
from .safe_files import hidden_or_private, walk_files
from .csv_lines import needs_counting, record_start_lines
from .text_files import UTF8_BOM, decode_source

CSV_SUFFIX = ".csv"
XLSX_SUFFIX = ".xlsx"
SEPARATORS = (";", ",", "\t")
MAX_CSV_BYTES = 512 * 1024 * 1024  # ~5 million monthly rows; split larger exports into several files
MAX_XLSX_PART_BYTES = 256 * 1024 * 1024  # one sheet's XML unzipped: ~1 million rows of the contract's columns


@dataclass(frozen=True)
class StatisticsTable:
    """One CSV file or one workbook sheet, every cell as stripped text."""

    source: str  # "statistics/2025.csv" or "statistics/2025.xlsx[T6]"
    header: tuple[str, ...]  # column names as written (stripped, NFC)
    frame: pd.DataFrame  # columns 0..n-1 in header order, all text, blank rows dropped
    lines: np.ndarray  # spreadsheet row of each frame row
    decimal_comma: bool  # ";" files and workbooks may write 2,7 for 2.7
    separator: str = ""  # "" for workbooks


def find_statistics_files(paths: PortalPaths, problems: list[Problem] | None = None) -> list[Path]:
    """The tables' files; links out of the portal and unpublishable names are added to ``problems``."""
    base = paths.statistics
    if not base.is_dir():
        return []
    skip = hidden_or_private(("_", ".", "~$"))  # ~$x.xlsx: Excel's lock file
    found = walk_files(paths.root, base, problems if problems is not None else [], skip=skip)
    return [file for file in found if file.suffix.lower() in (CSV_SUFFIX, XLSX_SUFFIX)]


ReadTable = Callable[[PortalPaths, Path], "tuple[StatisticsTable | list[StatisticsTable] | None, list[Problem]]"]


def read_statistics_file(paths: PortalPaths, file: Path) -> tuple[StatisticsTable | list[StatisticsTable] | None, list[Problem]]:
    """The table(s) of one CSV or Excel file (an Excel file can hold several sheets)."""
    rel = paths.relative(file)
    if file.suffix.lower() == CSV_SUFFIX:
        return read_csv_table(file.read_bytes(), rel)
    return read_workbook(file, rel)


def read_statistics_files(paths: PortalPaths, read: ReadTable | None = None) -> tuple[list[StatisticsTable], list[Problem]]:
    """Every table under ``statistics/`` (none when the folder is absent: statistics are optional), each
    file read by ``read`` (default :func:`read_statistics_file`; ``portal serve`` remembers unchanged files)."""
    read = read or read_statistics_file
    tables: list[StatisticsTable] = []
    problems: list[Problem] = []
    files = find_statistics_files(paths, problems)
    for file in files:
        too_large = oversized(file, paths.relative(file))
        if too_large is not None:
            problems.append(too_large)
            continue
        found, file_problems = read(paths, file)
        if isinstance(found, list):
            tables += found
        elif found is not None:
            tables.append(found)
        problems += file_problems
    return tables, problems


def _bytes(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def oversized(file: Path, rel: str) -> Problem | None:
    """A problem when ``file`` is too large to be read safely (see the module's docstring)."""
    hint = "Tách số liệu thành nhiều tệp nhỏ hơn (ví dụ mỗi năm hoặc mỗi cơ quan một tệp)."
    if file.suffix.lower() == CSV_SUFFIX:
        size = file.stat().st_size
        if size > MAX_CSV_BYTES:
            return Problem(rel, 0, 0, "file-too-large",
                           f"Tệp thống kê lớn {_bytes(size)} byte, vượt giới hạn {_bytes(MAX_CSV_BYTES)} byte nên không được đọc.",
                           hint=hint)
        return None
    try:
        with zipfile.ZipFile(file) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError):
        return None  # read_workbook says the file is unreadable
    for part in parts:
        if part.file_size > MAX_XLSX_PART_BYTES:
            return Problem(rel, 0, 0, "file-too-large",
                           f"Phần '{part.filename}' của sổ tính giải nén ra {_bytes(part.file_size)} byte, vượt giới hạn "
                           f"{_bytes(MAX_XLSX_PART_BYTES)} byte nên sổ tính không được đọc.", hint=hint)
    return None


def sniff_separator(header_line: str) -> str:
    counts = {sep: header_line.count(sep) for sep in SEPARATORS}
    best = max(SEPARATORS, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def _clean_header(names) -> tuple[str, ...]:
    return tuple(unicodedata.normalize("NFC", str(name)).strip() for name in names)


def read_csv_table(data: bytes, rel: str) -> tuple[StatisticsTable | None, list[Problem]]:
    if data.startswith(UTF8_BOM):
        data = data[len(UTF8_BOM):]
    decoded = decode_source(data, rel)  # refuses Windows-1258, TCVN3, UTF-16 …
    if isinstance(decoded, Problem):
        return None, [decoded]
    first_line = decoded.text.split("\n", 1)[0]
    if not first_line.strip():
        return None, [Problem(rel, 1, 0, "empty-file", "Tệp thống kê trống hoặc dòng đầu (dòng tiêu đề cột) bị bỏ trống.",
                              hint="Dòng 1 phải là tên các cột: period, agency, procedure, carried_over, …")]
    separator = sniff_separator(first_line)
    try:
        frame = pd.read_csv(io.BytesIO(data), sep=separator, dtype=str, keep_default_na=False, header=None,
                            skip_blank_lines=False, engine="pyarrow")
    except Exception:  # ragged rows: find every one of them with the csv module, for exact lines
        return None, _ragged_rows(decoded.text, separator, rel)
    header = _clean_header(frame.iloc[0].tolist())
    body = frame.iloc[1:]
    lines = np.arange(2, len(body) + 2, dtype=np.int64)
    if needs_counting(decoded.text):  # a quoted value over several lines: name the line the record starts on
        starts = record_start_lines(decoded.text, separator, blank_lines_are_records=True)
        if len(starts) == len(body):
            lines = np.array(starts, dtype=np.int64)
    return _table(rel, header, body, lines, decimal_comma=separator == ";", separator=separator), []


def _ragged_rows(text: str, separator: str, rel: str) -> list[Problem]:
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    problems = []
    width = None
    for number, row in enumerate(rows, start=1):
        if width is None:
            width = len(row)
            continue
        if row and len(row) != width:
            problems.append(Problem(
                rel, number, 0, "row-fields",
                f"Dòng có {len(row)} ô nhưng dòng tiêu đề có {width} cột (dấu phân cách là '{separator}').",
                hint="Mỗi dòng phải có đủ số ô như dòng tiêu đề; kiểm tra dấu phân cách thừa/thiếu, "
                     "hoặc đặt giá trị có dấu phân cách trong ngoặc kép.",
            ))
    return problems or [Problem(rel, 0, 0, "csv-unreadable", "Không đọc được tệp CSV.",
                                hint="Mở và lưu lại tệp bằng Excel/LibreOffice dưới dạng 'CSV UTF-8'.")]


def _table(source: str, header: tuple[str, ...], body: pd.DataFrame, lines: np.ndarray,
           decimal_comma: bool, separator: str) -> StatisticsTable:
    body = body.reset_index(drop=True)
    body.columns = range(body.shape[1])
    for column in body.columns:  # one column at a time, and only the ones that change: a million rows of text
        stripped = body[column].str.strip()  # are not held twice (pyarrow's pool keeps what it once held)
        if not stripped.equals(body[column]):
            body[column] = stripped
        del stripped
    filled = (body != "").any(axis=1).to_numpy() if body.shape[1] else np.zeros(len(body), dtype=bool)
    if not filled.all():
        body, lines = body[filled].reset_index(drop=True), lines[filled]
    return StatisticsTable(source, header, body, lines, decimal_comma, separator)


def _cell_text(value) -> str:
    """A workbook cell as the text an editor sees; dates on the 1st (Excel's reading of 2025-06) → ``2025-06``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        if value.day == 1 and value.time() == dt.time(0):
            return f"{value.year:04d}-{value.month:02d}"
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return f"{value.year:04d}-{value.month:02d}" if value.day == 1 else value.isoformat()
    return unicodedata.normalize("NFC", str(value)).strip()


def read_workbook(file: Path, rel: str) -> tuple[list[StatisticsTable], list[Problem]]:
    from openpyxl import load_workbook  # imported here: only portals with workbooks pay for it

    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        return [], [Problem(rel, 0, 0, "xlsx-unreadable", f"Không đọc được sổ tính Excel ({type(exc).__name__}).",
                            hint="Mở tệp bằng Excel/LibreOffice và lưu lại dạng .xlsx.")]
    tables = []
    try:
        for sheet in workbook.worksheets:
            rows = [[_cell_text(v) for v in row] for row in sheet.iter_rows(min_row=1, values_only=True)]
            if not any(any(cell for cell in row) for row in rows):
                continue  # an empty sheet is not a table
            width = max(len(row) for row in rows)
            rows = [row + [""] * (width - len(row)) for row in rows]
            header = _clean_header(rows[0])
            while header and not header[-1]:  # trailing unused columns
                header = header[:-1]
            body = pd.DataFrame([row[: len(header)] for row in rows[1:]], dtype="str")
            if body.empty:
                body = pd.DataFrame(columns=range(len(header)), dtype="str")
            lines = np.arange(2, len(body) + 2, dtype=np.int64)
            tables.append(_table(f"{rel}[{sheet.title}]", header, body, lines, decimal_comma=True, separator=""))
    finally:
        workbook.close()
    return tables, []
