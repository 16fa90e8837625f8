"""The published figures (data contract, section 4), computed from validated monthly rows.

Pure pandas: DataFrames in, DataFrames out; no I/O, no templates.

For every span (month, quarter, year, last 12 months) and every dimension
(procedure, agency, field, level, province):

* flows — dossiers received online / direct / postal, resolved early / on
  time / late, withdrawn — are the sums of the span's months;
* stocks — ``carried_over`` is taken at the span's **first** month and the
  pending counts at its **last** month (the span clamped to the months the
  data covers). A series (agency + procedure) with no row in that month
  contributes nothing to that stock: a series that starts mid-span (e.g. an
  agency that begins itemising by procedure) brings no carried-over dossiers,
  and a series without a row in the last month has no pending dossiers — the
  span's pending figure always equals the pending figure of its last month's
  page. When a series stops while dossiers are still pending, validation has
  already warned (``missing-month``);
* ``avg_processing_days`` is the mean of the months' values weighted by their
  resolved dossiers, over the rows that give a value (rows without one are
  left out, and ``avg_days_resolved`` says how many resolved dossiers the mean
  stands on);
* rates are ``NaN`` (shown "—") when there is nothing to divide by.

Procedure and field figures cover the rows itemised by procedure; agency,
level and province figures cover every row.
"""

from __future__ import annotations

from typing import Mapping

import numpy as np
import pandas as pd

from ..statistics_columns import AGENCY, AVG_DAYS, PENDING_PARTS, PROCEDURE, RECEIVED_PARTS, RESOLVED_PARTS, WITHDRAWN
from .spans import Span

PROCEDURE_DIM, AGENCY_DIM, FIELD_DIM, LEVEL_DIM, PROVINCE_DIM = "procedure", "agency", "field", "level", "province"
DIMENSIONS = (PROVINCE_DIM, LEVEL_DIM, FIELD_DIM, AGENCY_DIM, PROCEDURE_DIM)
PROVINCE_KEY = "all"

FLOW_COLUMNS = RECEIVED_PARTS[1:] + RESOLVED_PARTS + (WITHDRAWN,)
STOCK_FIRST = ("carried_over",)
STOCK_LAST = PENDING_PARTS
SUMMED = STOCK_FIRST + FLOW_COLUMNS + STOCK_LAST + ("_days_weight", "_days_product")

FIGURE_COLUMNS = (
    "received", "carried_over", "received_new", "received_online", "received_direct", "received_postal",
    "resolved", "resolved_early", "resolved_on_time", "resolved_late",
    "pending", "pending_on_time", "pending_overdue", "withdrawn",
    "overdue", "on_time_rate", "online_rate", "postal_rate", "avg_processing_days", "avg_days_resolved",
)
RATE_COLUMNS = ("on_time_rate", "online_rate", "postal_rate")  # fractions 0–1; empty when nothing to divide by
DECIMAL_COLUMNS = (*RATE_COLUMNS, "avg_processing_days")  # the figures that are not counts (may be missing)
KEY_COLUMNS = ("span_kind", "span", "first_period", "last_period", "complete", "dimension", "key")


class _Prepared:
    """The rows as the sums need them: the summed columns, and each dimension's key as a number
    (its position in ``keys[dimension]``; -1: the row has no key in that dimension, e.g. a row not
    itemised by procedure). Grouping by numbers instead of text is faster and holds no text column
    of a million rows (the figures of 1.1 M rows were computed on ~0.5 GB of copies)."""

    def __init__(self, rows: pd.DataFrame, procedure_fields: Mapping[str, str], agency_levels: Mapping[str, str]):
        resolved = sum(rows[c].to_numpy() for c in RESOLVED_PARTS)
        has_days = rows[AVG_DAYS].notna().to_numpy()
        self.months = rows["month"].to_numpy()
        self.sums = pd.DataFrame({c: rows[c].to_numpy() for c in (*STOCK_FIRST, *FLOW_COLUMNS, *STOCK_LAST)})
        self.sums["_days_weight"] = np.where(has_days, resolved, 0)
        self.sums["_days_product"] = np.where(has_days, rows[AVG_DAYS].fillna(0).to_numpy() * resolved, 0.0)
        procedures, procedure_keys = pd.factorize(rows[PROCEDURE].where(rows[PROCEDURE] != "", None))
        agencies, agency_keys = pd.factorize(rows[AGENCY])
        fields, field_keys = _keys_of(procedures, [procedure_fields.get(p) for p in procedure_keys])
        levels, level_keys = _keys_of(agencies, [agency_levels.get(a) for a in agency_keys])
        self.codes = {PROVINCE_DIM: np.zeros(len(rows), dtype=np.int64), LEVEL_DIM: levels, FIELD_DIM: fields,
                      AGENCY_DIM: agencies, PROCEDURE_DIM: procedures}
        self.keys = {PROVINCE_DIM: [PROVINCE_KEY], LEVEL_DIM: level_keys, FIELD_DIM: field_keys,
                     AGENCY_DIM: list(agency_keys), PROCEDURE_DIM: list(procedure_keys)}


def _keys_of(codes: np.ndarray, key_of_code: list[str | None]) -> tuple[np.ndarray, list[str]]:
    """Codes of another dimension through a mapping of the first one's keys (procedure → field)."""
    mapped, keys = pd.factorize(pd.Series(key_of_code, dtype="object"))
    mapped = np.append(mapped, -1)  # code -1 (no key) stays -1
    return mapped[codes], list(keys)


MonthlySums = dict[str, tuple[np.ndarray, np.ndarray, pd.DataFrame]]  # dimension → (month, key code, SUMMED)


def _monthly_sums(data: _Prepared) -> MonthlySums:
    """For each dimension, the sums of every (month, key) — rows without a key in it left out. Every span
    is a set of whole months, so each kind of span is then summed from these few thousand rows a month
    instead of from the million rows (stocks too: a span's stock is its first or last month's sum)."""
    monthly = {}
    for dimension in DIMENSIONS:
        sums = data.sums.groupby([data.months, data.codes[dimension]], sort=True)[list(SUMMED)].sum()
        month_of, code_of = (sums.index.get_level_values(level).to_numpy() for level in (0, 1))
        has_key = code_of >= 0  # rows without a key in this dimension count in none of its figures
        monthly[dimension] = (month_of[has_key], code_of[has_key], sums[has_key].reset_index(drop=True))
    return monthly


def _span_sums(monthly: MonthlySums, keys: Mapping[str, list[str]], spans: list[Span]) -> pd.DataFrame:
    """Sums per (span, dimension, key) for spans of one kind (which never overlap)."""
    frames = []
    for dimension in DIMENSIONS:
        months, codes, sums = monthly[dimension]
        span_index = np.full(len(months), -1, dtype=np.int64)
        first = np.zeros(len(months), dtype=bool)
        last = np.zeros(len(months), dtype=bool)
        for index, span in enumerate(spans):
            span_index[(months >= span.first) & (months <= span.last)] = index
            first |= months == span.first
            last |= months == span.last
        member = span_index >= 0
        part = sums[member].assign(
            **{column: np.where(first[member], sums[column].to_numpy()[member], 0) for column in STOCK_FIRST},
            **{column: np.where(last[member], sums[column].to_numpy()[member], 0) for column in STOCK_LAST},
        )
        totals = part.groupby([span_index[member], codes[member]], sort=False)[list(SUMMED)].sum()
        span_of, code_of = (totals.index.get_level_values(level).to_numpy() for level in (0, 1))
        totals = totals.reset_index(drop=True)
        totals.insert(0, "_span", span_of)
        totals.insert(1, "key", pd.array(np.asarray(keys[dimension], dtype=object)[code_of], dtype="str"))
        totals["dimension"] = dimension
        frames.append(totals)
    result = pd.concat(frames, ignore_index=True)
    table = pd.DataFrame(
        [(s.kind, s.key, s.first_period, s.last_period, s.complete) for s in spans],
        columns=["span_kind", "span", "first_period", "last_period", "complete"],
    )
    return result.join(table, on="_span").drop(columns="_span")


def _with_figures(sums: pd.DataFrame) -> pd.DataFrame:
    out = sums.copy()
    out["received_new"] = out["received_online"] + out["received_direct"] + out["received_postal"]
    out["received"] = out["carried_over"] + out["received_new"]
    out["resolved"] = out["resolved_early"] + out["resolved_on_time"] + out["resolved_late"]
    out["pending"] = out["pending_on_time"] + out["pending_overdue"]
    out["overdue"] = out["resolved_late"] + out["pending_overdue"]
    out["on_time_rate"] = _ratio(out["resolved_early"] + out["resolved_on_time"], out["resolved"])
    out["online_rate"] = _ratio(out["received_online"], out["received_new"])
    out["postal_rate"] = _ratio(out["received_postal"], out["received_new"])
    out["avg_processing_days"] = _ratio(out["_days_product"], out["_days_weight"])
    out["avg_days_resolved"] = out["_days_weight"]
    return out[list(KEY_COLUMNS + FIGURE_COLUMNS)]


def _ratio(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    denominator = denominator.astype("float64")
    return (numerator / denominator.where(denominator > 0)).astype("float64")


def compute_figures(rows: pd.DataFrame, spans: list[Span], procedure_fields: Mapping[str, str],
                    agency_levels: Mapping[str, str]) -> pd.DataFrame:
    """One row per (span, dimension, key) with every figure; sorted, integer counts, float rates."""
    if rows.empty or not spans:
        return pd.DataFrame(columns=list(KEY_COLUMNS + FIGURE_COLUMNS))
    data = _Prepared(rows, procedure_fields, agency_levels)
    monthly, keys = _monthly_sums(data), data.keys
    del data  # the copies of the million rows
    frames = []
    for kind in dict.fromkeys(span.kind for span in spans):
        frames.append(_span_sums(monthly, keys, [s for s in spans if s.kind == kind]))
    figures = _with_figures(pd.concat(frames, ignore_index=True))
    kind_order = {kind: i for i, kind in enumerate(dict.fromkeys(s.kind for s in spans))}
    dimension_order = {d: i for i, d in enumerate(DIMENSIONS)}
    figures = figures.assign(_k=figures["span_kind"].map(kind_order), _d=figures["dimension"].map(dimension_order))
    figures = figures.sort_values(["_k", "span", "_d", "key"], kind="stable").drop(columns=["_k", "_d"])
    return figures.reset_index(drop=True)


def overdue_by_series(rows: pd.DataFrame, span: Span) -> pd.DataFrame:
    """Overdue dossiers per (agency, procedure) in ``span``: resolved late + pending overdue at its end.

    Only series with overdue dossiers, largest first (ties: agency, procedure).
    """
    inside = rows[(rows["month"] >= span.first) & (rows["month"] <= span.last)]
    late = inside.groupby([AGENCY, PROCEDURE])["resolved_late"].sum()
    resolved = inside.assign(_r=sum(inside[c] for c in RESOLVED_PARTS)).groupby([AGENCY, PROCEDURE])["_r"].sum()
    at_end = inside[inside["month"] == span.last].groupby([AGENCY, PROCEDURE])["pending_overdue"].sum()
    table = pd.DataFrame({"resolved_late": late, "resolved": resolved}).join(at_end).fillna(0).astype("int64")
    table["overdue"] = table["resolved_late"] + table["pending_overdue"]
    table = table[table["overdue"] > 0].reset_index()
    return table.sort_values(["overdue", AGENCY, PROCEDURE], ascending=[False, True, True], kind="stable").reset_index(drop=True)
