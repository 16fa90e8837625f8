"""Find dossier exports and read them, loading only the contract's columns (data contract, section 5).

Sources are the Parquet and CSV files anywhere under ``ROOT/dossiers/`` (names starting with ``_`` or ``.``
skipped, links leading out of the portal ignored) or, given with ``--dossiers``, a folder, a glob or an fsspec URL.
A personal column is never loaded: Parquet is read with ``columns=``, CSV with ``include_columns``.

Each source reads into one frame of text columns (Parquet's timestamp, integer and boolean columns stay typed)
named as the contract names them (headers matched ignoring
case, spaces and ``-``), absent optional columns filled with ``""``, plus ``_row``: the CSV line the record starts on
(header = 1; quoted line breaks and blank lines counted as the editor sees them) or
the Parquet row (first = 1). ``frame.attrs`` keeps the file's ``header`` and the contract columns' ``positions``.
"""

from __future__ import annotations

import glob
import io
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from ..load.csv_lines import needs_counting, record_start_lines
from .columns import CONTRACT_COLUMNS, REQUIRED_COLUMNS, normalised

SUFFIXES = {".parquet": "parquet", ".pq": "parquet", ".csv": "csv"}
SEPARATORS = (";", ",", "\t")
LOCAL_ZONE = "Asia/Ho_Chi_Minh"


@dataclass(frozen=True)
class DossierSpec:
    """Where to look: ``location`` as given with ``--dossiers``, else ``root``/dossiers."""

    root: Path
    location: str | None = None


@dataclass(frozen=True, order=True)
class DossierSource:
    name: str  # as messages show it: relative to the portal root, or the location as given
    location: str  # absolute path or URL
    format: str  # parquet | csv


class DossierReadError(Exception):
    """A source that cannot be read at all (not Parquet/CSV, not UTF-8, broken file)."""


def _format_of(name: str) -> str | None:
    return SUFFIXES.get(os.path.splitext(name)[1].lower())


def _skipped(parts: tuple[str, ...]) -> bool:
    return any(part.startswith(("_", ".")) for part in parts)


def _under_root(root: Path) -> list[DossierSource]:
    folder = root / "dossiers"
    if not folder.is_dir() or folder.is_symlink():
        return []
    real_root = root.resolve()
    found = []
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(root)
        if _skipped(rel.parts[1:]) or not path.is_file() or _format_of(path.name) is None:
            continue
        if not path.resolve().is_relative_to(real_root):
            continue  # a link leading out of the portal is not read
        found.append(DossierSource(rel.as_posix(), str(path), _format_of(path.name)))
    return found


def _given(location: str) -> list[DossierSource]:
    if "://" not in location:
        path = Path(location).expanduser()
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and _format_of(p.name)
                           and not _skipped(p.relative_to(path).parts))
        elif glob.has_magic(location):
            files = sorted(Path(p) for p in glob.glob(location, recursive=True) if _format_of(p) and Path(p).is_file())
        else:
            files = [path] if path.is_file() else []
        return [DossierSource(p.as_posix() if not path.is_dir() else (Path(location) / p.relative_to(path)).as_posix(),
                              str(p.resolve()), _format_of(p.name) or "csv") for p in files]
    import fsspec  # only for URLs

    fs, path = fsspec.core.url_to_fs(location)
    protocol = location.split("://", 1)[0]
    if glob.has_magic(path):
        names = fs.glob(path)
    elif fs.isdir(path):
        names = fs.find(path)
    else:
        names = [path] if fs.exists(path) else []
    names = sorted(n for n in names if _format_of(n))
    return [DossierSource(f"{protocol}://{n}", f"{protocol}://{n}", _format_of(n)) for n in names]


def list_dossier_sources(spec: DossierSpec) -> list[DossierSource]:
    """The export files, sorted by name (empty when there are none)."""
    return _given(spec.location) if spec.location else _under_root(spec.root)


def _open(source: DossierSource):
    if "://" in source.location:
        import fsspec

        return fsspec.open(source.location, "rb").open()
    return open(source.location, "rb")


def _select(header: list[str]) -> dict[str, str]:
    """Contract name → the file's column name (the first one when a name repeats)."""
    chosen: dict[str, str] = {}
    for name in header:
        key = normalised(name)
        if key in CONTRACT_COLUMNS and key not in chosen:
            chosen[key] = name
    return chosen


def _as_loaded(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """Text stays text (codes as written); Parquet's typed columns stay typed, so nothing is parsed twice:
    timestamps as local wall-clock time (an instant with a zone is converted to Vietnam's), dates as 00:00,
    integers and booleans as they are. Anything else becomes text."""
    kind = column.type
    if pa.types.is_timestamp(kind):
        if kind.tz is not None:  # an instant: its wall-clock time in Vietnam
            column = pc.local_timestamp(pc.cast(column, pa.timestamp(kind.unit, LOCAL_ZONE)))
        return pc.cast(column, pa.timestamp("s"))
    if pa.types.is_date(kind):
        return pc.cast(column, pa.timestamp("s"))
    if pa.types.is_boolean(kind) or pa.types.is_integer(kind):
        return column
    if not (pa.types.is_string(kind) or pa.types.is_large_string(kind)):
        column = pc.cast(column, pa.string())
    return pc.fill_null(column, "")


def _frame(table: pa.Table, chosen: dict[str, str], header: list[str], first_row: int) -> pd.DataFrame:
    """``chosen``: contract name → column of ``table``; optional columns the file lacks are filled with ``""``."""
    data = {}
    for name in CONTRACT_COLUMNS:
        if name in chosen:
            data[name] = pd.arrays.ArrowExtensionArray(_as_loaded(table.column(chosen[name])))
        elif name not in REQUIRED_COLUMNS:
            data[name] = pd.arrays.ArrowExtensionArray(pa.chunked_array([pa.nulls(table.num_rows, pa.string()).fill_null("")]))
    frame = pd.DataFrame(data, index=pd.RangeIndex(table.num_rows))
    frame["_row"] = np.arange(first_row, first_row + table.num_rows, dtype=np.int64)
    frame.attrs["header"] = list(header)
    frame.attrs["positions"] = {key: header.index(name) + 1 for key, name in _select(header).items()}
    return frame


def read_parquet_source(source: DossierSource) -> pd.DataFrame:
    with _open(source) as stream:
        try:
            parquet = pq.ParquetFile(stream)
            header = list(parquet.schema_arrow.names)
            chosen = _select(header)
            table = parquet.read(columns=list(chosen.values()))
        except (pa.ArrowException, OSError) as exc:
            raise DossierReadError(str(exc)) from exc
    return _frame(table, chosen, header, 1)


def _header_line(data: bytes) -> tuple[list[str], str]:
    first = data.split(b"\n", 1)[0].rstrip(b"\r")
    try:
        text = first.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DossierReadError("not-utf8") from exc
    separator = max(SEPARATORS, key=text.count)
    names = pacsv.read_csv(io.BytesIO(first + b"\n"), read_options=pacsv.ReadOptions(autogenerate_column_names=True),
                           parse_options=pacsv.ParseOptions(delimiter=separator),
                           convert_options=pacsv.ConvertOptions(strings_can_be_null=False))
    header = [str(names.column(i)[0].as_py() or "").strip() for i in range(names.num_columns)]
    return header, separator


def read_csv_source(source: DossierSource) -> pd.DataFrame:
    with _open(source) as stream:
        data = stream.read()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if not data.strip():
        raise DossierReadError("empty")
    header, separator = _header_line(data)
    # read by generated names: a repeated header name would make the column selection ambiguous
    generated = [f"c{i}" for i in range(len(header))]
    chosen = {key: generated[header.index(name)] for key, name in _select(header).items()}
    try:
        table = pacsv.read_csv(
            io.BytesIO(data),
            read_options=pacsv.ReadOptions(column_names=generated, skip_rows=1),
            # a quoted value may hold line breaks (slower to parse: only when the file has quotes at all)
            parse_options=pacsv.ParseOptions(delimiter=separator, newlines_in_values=b'"' in data),
            convert_options=pacsv.ConvertOptions(include_columns=list(chosen.values()),
                                                 column_types={c: pa.string() for c in chosen.values()},
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False),
        )
    except pa.ArrowInvalid as exc:
        raise DossierReadError("not-utf8" if "utf8" in str(exc).lower() else str(exc)) from exc
    trimmed = pa.table({key: pc.utf8_trim_whitespace(table.column(col)) for key, col in chosen.items()}) \
        if chosen else pa.table({"_": pa.nulls(table.num_rows)})
    frame = _frame(trimmed, {key: key for key in chosen}, header, 2)
    lines = _record_lines(data, separator, table.num_rows)
    if lines is not None:
        frame["_row"] = lines
    return frame


def _record_lines(data: bytes, separator: str, records: int) -> np.ndarray | None:
    """The line each record starts on (:mod:`generator.load.csv_lines`; blank lines are skipped by the
    reader), or None when records are simply one per line from line 2."""
    if not needs_counting(data):
        return None
    starts = record_start_lines(data.decode("utf-8"), separator, blank_lines_are_records=False)
    return np.array(starts, dtype=np.int64) if len(starts) == records else None


def read_dossier_source(source: DossierSource) -> pd.DataFrame:
    """Raw text columns + ``_row``; raises :class:`DossierReadError` for a file that cannot be read."""
    return read_parquet_source(source) if source.format == "parquet" else read_csv_source(source)
