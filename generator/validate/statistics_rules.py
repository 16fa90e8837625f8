"""Check the monthly statistics against the data contract (section 2).

Vectorised: each rule is a pandas expression over every row of every file at
once; :class:`Problem` records are built only for the rows that break a rule
(at most :data:`MAX_PROBLEMS_PER_RULE` per file and rule, then one summary).

Where a problem points
    ``file`` is the CSV file, or ``statistics/x.xlsx[Sheet]`` for a workbook
    sheet; ``line`` is the row as a spreadsheet shows it (header = 1);
    ``column`` is the column's position in that file (A = 1); ``field`` the
    column's contract name.

Columns
    Names are matched ignoring case, surrounding spaces, and ``-``/space for
    ``_``. A missing required column is an error (the file is not read
    further). A column that is not in the contract is an error when it looks
    like a misspelling of a contract column (``recieved_online``: ignoring it
    would silently change a figure), otherwise a warning and ignored (exports
    often add ``stt`` or an agency name).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..errors import Problem, Severity
from ..load.statistics_files import StatisticsTable
from ..periods import month_numbers, period_of
from ..statistics_columns import (
    AGENCY, ALL_COLUMNS, AVG_DAYS, COUNT_COLUMNS, PENDING_PARTS, PERIOD, PROCEDURE, RECEIVED_PARTS,
    RESOLVED_PARTS, WITHDRAWN, labelled_column,
)
from .statistics_messages import (
    bad_number_problem, carried_over_problem, duplicate_problem, identity_problem, missing_month_problem,
    period_problem, period_range_problem, too_large_problem, unknown_code_problem, header_problems,
)

MAX_PROBLEMS_PER_RULE = 50
FIRST_PERIOD = "2000-01"  # the earliest month accepted; the latest is the month after the build date
PERIOD_PATTERN = r"\d{4}-(?:0[1-9]|1[0-2])"
WHOLE_PATTERN = r"\d{1,15}"
MAX_COUNT = 10**9  # dossiers in one row: far above any province's month, it stops a slip of the keyboard


@dataclass(frozen=True)
class StatisticsRows:
    """Validated monthly rows: one per (period, agency, procedure), sorted.

    Columns: ``period`` (``YYYY-MM``), ``month`` (year × 12 + month − 1, for
    arithmetic on months), ``agency``, ``procedure`` (``""`` = not itemised),
    every count as int64 and ``avg_processing_days`` as float (NaN = not given).
    """

    rows: pd.DataFrame
    files: tuple[str, ...] = ()
    warnings_by_month: dict[str, int] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return self.rows.empty


def _ints(values: pd.Series, ok: np.ndarray) -> np.ndarray:
    """Text → int64 where ``ok`` (pyarrow's cast: ~10× faster than pandas.to_numeric)."""
    arrow = pa.array(values.to_numpy(dtype=object)) if values.dtype == object else pa.array(values.array)
    safe = pc.if_else(pa.array(ok), arrow, "0")
    return pc.cast(safe, pa.int64()).to_numpy(zero_copy_only=False)


def _floats(values: pd.Series, ok: np.ndarray) -> np.ndarray:
    """Text → float64 where ``ok``, NaN elsewhere (pyarrow's cast, correctly rounded like ``float()``:
    pandas.to_numeric made a Python string of every cell of a million rows first)."""
    return pc.cast(pc.if_else(pa.array(ok), pa.array(values.array), None), pa.float64()).to_numpy(zero_copy_only=False)


def _is_in(values: pd.Series, known: set[str]) -> np.ndarray:
    """``values.isin(known)`` via pyarrow (pandas' isin on Arrow strings loops in Python)."""
    value_set = pa.array(sorted(known), type=pa.string())
    return pc.is_in(pa.array(values.to_numpy(dtype=object)) if values.dtype == object else pa.array(values.array),
                    value_set=value_set).to_numpy(zero_copy_only=False)


class _Collector:
    """Problems for failing rows, capped per (file, rule)."""

    def __init__(self, raw: pd.DataFrame, positions: dict[str, dict[str, int]]):
        self.raw = raw
        self.positions = positions
        self.problems: list[Problem] = []

    def rows(self, mask: np.ndarray, code: str, column: str, build: Callable[[pd.Series], tuple[str, str]],
             severity: Severity = Severity.ERROR) -> None:
        failing = self.raw[mask]
        if failing.empty:
            return
        for source, group in failing.groupby("_source", sort=True):
            col = self.positions[source].get(column, 0)
            for _, row in group.head(MAX_PROBLEMS_PER_RULE).iterrows():
                message, hint = build(row)
                self.problems.append(Problem(source, int(row["_line"]), col, code, message, column, hint, severity))
            if len(group) > MAX_PROBLEMS_PER_RULE:
                more = len(group) - MAX_PROBLEMS_PER_RULE
                self.problems.append(Problem(source, 0, 0, code, f"… và {more} dòng khác có cùng lỗi [{code}] ở cột {labelled_column(column)}.",
                                             column, "Sửa các dòng đã nêu rồi chạy lại để xem tiếp.", severity))


def _normalise(name: str) -> str:
    return name.strip().lower().replace(" ", "_").replace("-", "_")


def _named_frame(table: StatisticsTable) -> tuple[pd.DataFrame | None, dict[str, int], list[Problem]]:
    """The table with contract column names (missing optional ones filled), or None if unusable."""
    by_name: dict[str, int] = {}
    extra: list[tuple[int, str]] = []
    duplicates: list[tuple[int, str]] = []
    for index, name in enumerate(table.header):
        key = _normalise(name)
        if key in ALL_COLUMNS and key in by_name:
            duplicates.append((index, key))
        elif key in ALL_COLUMNS:
            by_name[key] = index
        elif name or (index < table.frame.shape[1] and (table.frame[index] != "").any()):
            extra.append((index, name))
    problems = header_problems(table.source, by_name, extra, duplicates)
    if any(p.is_error for p in problems):
        return None, {}, problems
    frame = pd.DataFrame({name: table.frame[index] for name, index in by_name.items()})
    for name in (PROCEDURE, WITHDRAWN, AVG_DAYS):
        if name not in frame:
            frame[name] = ""
    frame["_source"] = pd.Series([table.source] * len(frame), dtype=object)  # one string shared, not a text column
    frame["_line"] = table.lines
    frame["_decimal_comma"] = table.decimal_comma
    return frame, {name: index + 1 for name, index in by_name.items()}, problems


def last_period(today: dt.date) -> str:
    """The latest month statistics may be reported for: the month after ``today`` (the build date)."""
    return period_of(today.year * 12 + today.month)


def validate_statistics(tables: list[StatisticsTable], agency_ids: set[str], procedure_codes: set[str],
                        today: dt.date | None = None) -> tuple[StatisticsRows, list[Problem]]:
    """``today``: the build date (:func:`generator.build_date.build_day`); periods outside
    :data:`FIRST_PERIOD` … :func:`last_period` are refused (a row for 2999-01 would make thousands of
    pages, one for 0000-01 has no calendar date). None: no upper limit (unit tests of other rules)."""
    problems: list[Problem] = []
    frames, positions = [], {}
    for table in tables:
        frame, columns, table_problems = _named_frame(table)
        problems += table_problems
        if frame is not None:
            frames.append(frame)
            positions[table.source] = columns
    files = tuple(sorted({t.source for t in tables}))
    if not frames:
        return StatisticsRows(_empty_rows(), files), problems
    raw = pd.concat(frames, ignore_index=True)
    found = _Collector(raw, positions)

    period_ok = raw[PERIOD].str.fullmatch(PERIOD_PATTERN).to_numpy(dtype=bool)
    found.rows(~period_ok, "period-format", PERIOD, period_problem)
    latest = last_period(today) if today else "9999-12"
    in_range = period_ok & (raw[PERIOD] >= FIRST_PERIOD).to_numpy(dtype=bool) & (raw[PERIOD] <= latest).to_numpy(dtype=bool)
    if today:
        found.rows(period_ok & ~in_range, "period-out-of-range", PERIOD, period_range_problem(FIRST_PERIOD, latest, today))
    period_ok = in_range
    agency_ok = _is_in(raw[AGENCY], agency_ids)
    found.rows(~agency_ok, "unknown-agency", AGENCY, unknown_code_problem(AGENCY, agency_ids))
    procedure_ok = (raw[PROCEDURE] == "").to_numpy() | _is_in(raw[PROCEDURE], procedure_codes)
    found.rows(~procedure_ok, "unknown-procedure", PROCEDURE, unknown_code_problem(PROCEDURE, procedure_codes))

    typed = pd.DataFrame({PERIOD: raw[PERIOD], AGENCY: raw[AGENCY], PROCEDURE: raw[PROCEDURE]})
    counts_ok = np.ones(len(raw), dtype=bool)
    for column in COUNT_COLUMNS:
        text = raw[column].where(raw[column] != "", "0") if column == WITHDRAWN else raw[column]
        ok = text.str.fullmatch(WHOLE_PATTERN).to_numpy(dtype=bool)
        if not ok.all():
            empty = (text == "").to_numpy()
            negative = text.str.fullmatch(r"-\s*\d+(?:[.,]\d+)?").to_numpy(dtype=bool)
            found.rows(~ok & empty, "missing-value", column, bad_number_problem(column, whole=True))
            found.rows(~ok & negative, "negative-count", column, bad_number_problem(column, whole=True))
            found.rows(~ok & ~empty & ~negative, "not-whole-number", column, bad_number_problem(column, whole=True))
        typed[column] = _ints(text, ok)
        too_large = ok & (typed[column].to_numpy() > MAX_COUNT)
        if too_large.any():
            found.rows(too_large, "number-too-large", column, too_large_problem(column, MAX_COUNT))
            ok = ok & ~too_large
        counts_ok &= ok
    avg_text = raw[AVG_DAYS].str.replace(",", ".", regex=False)
    comma = raw[AVG_DAYS].str.contains(",", regex=False).to_numpy(dtype=bool)
    avg_ok = (raw[AVG_DAYS] == "").to_numpy() | avg_text.str.fullmatch(r"\d{1,6}(?:\.\d+)?").to_numpy(dtype=bool)
    comma_refused = comma & ~raw["_decimal_comma"].to_numpy(dtype=bool)
    found.rows(~avg_ok | comma_refused, "not-a-number", AVG_DAYS, bad_number_problem(AVG_DAYS, whole=False))
    typed[AVG_DAYS] = _floats(avg_text, avg_ok & ~comma_refused & (raw[AVG_DAYS] != "").to_numpy())
    avg_ok &= ~comma_refused

    received = sum(typed[c].to_numpy() for c in RECEIVED_PARTS)
    accounted = sum(typed[c].to_numpy() for c in RESOLVED_PARTS + PENDING_PARTS + (WITHDRAWN,))
    identity_ok = ~counts_ok | (received == accounted)
    if not identity_ok.all():  # the messages show both sides; copying a million rows only when one fails
        found.raw = raw.assign(_received=received, _accounted=accounted)
        found.rows(~identity_ok, "identity", "carried_over", identity_problem)

    keys_ok = period_ok & agency_ok & procedure_ok
    codes = {column: pd.factorize(raw[column], sort=True)[0] for column in (PROCEDURE, AGENCY, PERIOD)}
    order, first = _key_order(codes, np.flatnonzero(keys_ok))
    repeated = first != np.arange(len(raw))
    where = (raw["_source"].to_numpy(), raw["_line"].to_numpy())  # each row's file and line
    if repeated.any():
        found.raw = raw.assign(_source_first=where[0][first], _line_first=where[1][first])
        found.rows(repeated, "duplicate-row", PERIOD, duplicate_problem)

    valid = keys_ok & counts_ok & avg_ok & identity_ok & ~repeated
    del first, repeated, received, accounted, keys_ok, counts_ok, avg_ok, identity_ok
    origin = order[valid[order]]  # the valid rows, sorted (their keys are unique)
    series = codes[AGENCY][origin] * (int(codes[PROCEDURE].max(initial=0)) + 1) + codes[PROCEDURE][origin]
    del codes, order
    rows = _taken(typed, origin)
    rows.insert(1, "month", month_numbers(rows[PERIOD]))
    warnings, by_month = _continuity(rows, series, [values[origin] for values in where], positions)
    return StatisticsRows(rows, files, by_month), problems + found.problems + warnings


def _key_order(codes: dict[str, np.ndarray], keyed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The ``keyed`` rows (positions) in period, agency, procedure order (the order of ``sort_values`` on
    the three text columns: by code point), rows with the same key in file order; and for each row the
    position of the first row with its key (rows not keyed are their own first). From each key column's
    ``factorize(sort=True)`` codes: the text of a million rows is neither copied nor sorted."""
    order = keyed[np.lexsort([codes[column][keyed] for column in (PROCEDURE, AGENCY, PERIOD)])]  # stable
    same = np.zeros(len(order), dtype=bool)  # the row before in this order has the same key
    same[1:] = True
    for column in (PERIOD, AGENCY, PROCEDURE):
        same[1:] &= codes[column][order[1:]] == codes[column][order[:-1]]
    run_start = np.maximum.accumulate(np.where(same, 0, np.arange(len(order))))
    first = np.arange(len(codes[PERIOD]))
    first[order] = order[run_start]
    return order, first


def _taken(frame: pd.DataFrame, order: np.ndarray) -> pd.DataFrame:
    """The rows at ``order`` (positions) of ``frame``, copied one column at a time, each column of
    ``frame`` let go once copied (``frame`` is emptied): a million rows' counts are not held twice,
    nor copied again into one block (as ``reset_index`` would)."""
    rows = pd.DataFrame(index=pd.RangeIndex(len(order)))
    for column in list(frame.columns):  # one by one: the constructor would copy same-typed columns into one block
        rows[column] = frame.pop(column).array.take(order)
    return rows


def _empty_rows() -> pd.DataFrame:
    frame = pd.DataFrame({PERIOD: pd.Series(dtype="str"), "month": pd.Series(dtype="int64"),
                          AGENCY: pd.Series(dtype="str"), PROCEDURE: pd.Series(dtype="str")})
    for column in COUNT_COLUMNS:
        frame[column] = pd.Series(dtype="int64")
    frame[AVG_DAYS] = pd.Series(dtype="float64")
    return frame


def _continuity(rows: pd.DataFrame, series: np.ndarray, where: list[np.ndarray],
                positions: dict) -> tuple[list[Problem], dict[str, int]]:
    """Warnings: ``carried_over`` ≠ the previous month's pending, and pending dossiers whose series stops.

    A series is (agency, procedure); ``series`` numbers each row's, ``where`` gives each row's file and
    line. A month is checked against the month
    before only when that month has a row. When a series has no row for the
    next month while dossiers were still pending and the statistics go on
    (some row has a later month), that is warned too: those dossiers would
    vanish from the next month's figures.
    """
    if rows.empty:
        return [], {}
    order = np.argsort(series, kind="stable")  # rows are in month order (see _taken): by series, then month
    # plain arrays in series order: a million rows are not copied as frames, only the flagged ones are
    month = rows["month"].to_numpy()[order]
    follows = np.zeros(len(order), dtype=bool)  # the row before is the same series' previous month
    follows[1:] = (series[order[1:]] == series[order[:-1]]) & (month[:-1] == month[1:] - 1)
    pending = (rows[PENDING_PARTS[0]].to_numpy() + rows[PENDING_PARTS[1]].to_numpy())[order]
    mismatch = follows.copy()
    mismatch[1:] &= rows["carried_over"].to_numpy()[order[1:]] != pending[:-1]
    gap = (pending > 0) & (month < month.max())
    gap[:-1] &= ~follows[1:]  # the next row is not this series' next month (the last row has none)

    problems = []
    warned_months, counts = np.unique(np.concatenate([month[mismatch], month[gap] + 1]), return_counts=True)
    by_month = {period_of(int(m)): int(n) for m, n in zip(warned_months, counts)}
    for mask, build, code, column in ((mismatch, carried_over_problem, "carried-over-mismatch", "carried_over"),
                                      (gap, missing_month_problem, "missing-month", PERIOD)):
        if not mask.any():
            continue
        at = np.flatnonzero(mask)  # positions in series order
        flagged = rows.iloc[order[at]].assign(
            _source=where[0][order[at]], _line=where[1][order[at]],
            _previous_pending=np.where(at > 0, pending[at - 1], 0), _pending=pending[at])
        for source, group in flagged.groupby("_source", sort=True):
            for _, row in group.sort_values("_line").head(MAX_PROBLEMS_PER_RULE).iterrows():
                message, hint = build(row)
                problems.append(Problem(source, int(row["_line"]), positions[source].get(column, 0), code, message,
                                        column, hint, Severity.WARNING))
            if len(group) > MAX_PROBLEMS_PER_RULE:
                problems.append(Problem(source, 0, 0, code, f"… và {len(group) - MAX_PROBLEMS_PER_RULE} cảnh báo [{code}] khác trong tệp này.",
                                        column, "", Severity.WARNING))
    return problems, by_month
