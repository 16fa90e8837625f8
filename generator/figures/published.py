"""The statistics as pages read them: figures looked up by span, dimension and key.

:func:`publish_statistics` runs the pure computations once (spans, figures)
and indexes the result so that templates can ask for "the agency's figures for
each of the last 12 months" without touching pandas.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterator, Mapping

import numpy as np
import pandas as pd

from ..models import Catalogue
from .open_tables import OpenTable, statistics_tables
from .aggregate import (AGENCY_DIM, DECIMAL_COLUMNS, FIGURE_COLUMNS, PROCEDURE_DIM, PROVINCE_DIM, PROVINCE_KEY, compute_figures,
                        overdue_by_series)
from .spans import LAST_12, MONTH, QUARTER, YEAR, Span, spans_between



@dataclass(frozen=True)
class SpanFigures:
    """The figures of one key (a province, level, field, agency or procedure) over one span: a row of
    :attr:`PublishedStatistics.table`. Rates and the mean time are None when there is nothing to divide by."""

    span: Span
    dimension: str
    key: str
    received: int = 0
    carried_over: int = 0
    received_new: int = 0
    received_online: int = 0
    received_direct: int = 0
    received_postal: int = 0
    resolved: int = 0
    resolved_early: int = 0
    resolved_on_time: int = 0
    resolved_late: int = 0
    pending: int = 0
    pending_on_time: int = 0
    pending_overdue: int = 0
    withdrawn: int = 0
    overdue: int = 0
    on_time_rate: float | None = None
    online_rate: float | None = None
    postal_rate: float | None = None
    avg_processing_days: float | None = None
    avg_days_resolved: int = 0

    @property
    def resolved_in_time(self) -> int:
        return self.resolved_early + self.resolved_on_time

    @property
    def balanced(self) -> bool:
        """received = resolved + pending + withdrawn (always true for a month; a span can differ, see aggregate)."""
        return self.received == self.resolved + self.pending + self.withdrawn


def _figure_values(column: pd.Series, decimal: bool) -> list:
    """A figures column as plain values: floats with None for missing (rates, mean time), or whole numbers."""
    if decimal:
        return [None if v != v else v for v in column.to_numpy(dtype=np.float64, na_value=np.nan).tolist()]
    return column.to_numpy(dtype=np.int64).tolist()


@dataclass
class PublishedStatistics:
    rows: pd.DataFrame  # validated monthly rows
    table: pd.DataFrame  # every SpanFigures as one row (compute_figures()); the open data's so-lieu-tong-hop
    spans: list[Span]
    warnings_by_month: dict[str, int] = field(default_factory=dict)
    files: tuple[str, ...] = ()
    _index: dict[tuple[str, str], dict[str, SpanFigures]] = field(default_factory=dict, repr=False)
    dossiers: Any = None  # figures.from_dossiers.DossierView when the portal has dossier records
    # overdue dossiers per (agency, procedure) of the spans the pages list (latest month, last 12 months),
    # largest first, as plain records (see OVERDUE_FIELDS), and the same by agency: render only looks them up
    overdue_series: dict[tuple[str, str], list[tuple]] = field(default_factory=dict, repr=False)
    overdue_series_by_agency: dict[tuple[str, str], dict[str, list[tuple]]] = field(default_factory=dict, repr=False)
    # the open data's statistics tables as plain columns (figures.open_tables): render only writes them
    open_tables: tuple[OpenTable, ...] = field(default=(), repr=False)
    # the monthly rows committed for each month (by month number), for the method page's checks
    rows_by_month: dict[int, int] = field(init=False, repr=False)
    # every dimension's figures in one span, in the order of their keys (in_span)
    _by_span: dict[tuple[str, str], list[SpanFigures]] = field(init=False, repr=False)
    _spans_by_kind: dict[str, tuple[Span, ...]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        by_key = {(s.kind, s.key): s for s in self.spans}
        frame = self.table
        keys = [frame[c].tolist() for c in ("span_kind", "span", "dimension", "key")]
        values = [_figure_values(frame[name], name in DECIMAL_COLUMNS) for name in FIGURE_COLUMNS]  # Figures' order
        for kind, span_key, dimension, key, *numbers in zip(*keys, *values):
            span = by_key[(kind, span_key)]
            entry = self._index.setdefault((dimension, key), {})
            entry[f"{span.kind}:{span.key}"] = SpanFigures(span, dimension, key, *numbers)
        self._spans_by_kind = {kind: tuple(s for s in self.spans if s.kind == kind) for kind in {s.kind for s in self.spans}}
        self._by_span = {}
        for (dimension, _key), by_span in sorted(self._index.items()):
            for span_token, figures in by_span.items():
                self._by_span.setdefault((span_token, dimension), []).append(figures)
        months = self.rows["month"].value_counts(sort=False) if "month" in self.rows else {}
        self.rows_by_month = {int(month): int(count) for month, count in months.items()}

    # --- spans ------------------------------------------------------------
    def spans_of(self, kind: str) -> list[Span]:
        return list(self._spans_by_kind.get(kind, ()))

    @property
    def months(self) -> list[Span]:
        return self.spans_of(MONTH)

    @property
    def quarters(self) -> list[Span]:
        return self.spans_of(QUARTER)

    @property
    def years(self) -> list[Span]:
        return self.spans_of(YEAR)

    @property
    def latest(self) -> Span:
        return self.months[-1]

    @property
    def last12(self) -> Span:
        return self.spans_of(LAST_12)[0]

    def recent_months(self, count: int = 12) -> list[Span]:
        return self.months[-count:]

    def months_of(self, span: Span) -> list[Span]:
        return [m for m in self.months if span.first <= m.first <= span.last]

    # --- figures ----------------------------------------------------------
    def get(self, span: Span, dimension: str = PROVINCE_DIM, key: str = PROVINCE_KEY) -> SpanFigures | None:
        return self._index.get((dimension, key), {}).get(f"{span.kind}:{span.key}")

    def get_or_empty(self, span: Span, dimension: str = PROVINCE_DIM, key: str = PROVINCE_KEY) -> SpanFigures:
        return self.get(span, dimension, key) or SpanFigures(span, dimension, key)

    def series(self, spans: list[Span], dimension: str = PROVINCE_DIM, key: str = PROVINCE_KEY) -> list[SpanFigures]:
        """The figures of each span, empty figures where the key has no row (charts keep their x axis)."""
        return [self.get_or_empty(span, dimension, key) for span in spans]

    def keys(self, dimension: str) -> list[str]:
        return sorted(key for dim, key in self._index if dim == dimension)

    def has(self, dimension: str, key: str) -> bool:
        return (dimension, key) in self._index

    def in_span(self, span: Span, dimension: str) -> Iterator[SpanFigures]:
        """The figures of every key of ``dimension`` in ``span``, in the order of the keys."""
        return iter(self._by_span.get((f"{span.kind}:{span.key}", dimension), ()))

    def warnings_in(self, span: Span) -> int:
        return sum(n for period, n in self.warnings_by_month.items() if span.first_period <= period <= span.last_period)


OVERDUE_FIELDS = ("agency", "procedure", "resolved", "resolved_late", "pending_overdue", "overdue")


def _records(table: pd.DataFrame) -> list[tuple]:
    """An ``overdue_by_series`` table as plain tuples of :data:`OVERDUE_FIELDS` (text, text, then whole numbers)."""
    columns = [table[c].tolist() for c in OVERDUE_FIELDS]
    return [(agency, code, *(int(n) for n in counts)) for agency, code, *counts in zip(*columns)]


def publish_statistics(rows: pd.DataFrame, catalogue: Catalogue, warnings_by_month: dict[str, int] | None = None,
                       files: tuple[str, ...] = ()) -> PublishedStatistics | None:
    """The committed rows' figures grouped as ``catalogue`` says; None when there are no rows. (A portal's
    figures with its dossiers: :func:`generator.figures.combine.combined_figures`.)"""
    fields = {p.code: p.field for p in catalogue.procedures}
    levels = {a.id: a.level for a in catalogue.agencies.values()}
    return publish_grouped(rows, fields, levels, warnings_by_month, files)


def publish_grouped(rows: pd.DataFrame, fields: Mapping[str, str], levels: Mapping[str, str],
                    warnings_by_month: dict[str, int] | None = None, files: tuple[str, ...] = (),
                    dossiers: Any = None) -> PublishedStatistics | None:
    """:func:`publish_statistics` given only what it reads of the catalogue: each procedure's field
    (code → field) and each agency's level (id → level)."""
    if rows.empty:
        return None
    spans = spans_between(int(rows["month"].min()), int(rows["month"].max()))
    figures = compute_figures(rows, spans, fields, levels)
    listed = [s for s in spans if s.kind == MONTH][-1:] + [s for s in spans if s.kind == LAST_12]
    overdue = {(s.kind, s.key): _records(overdue_by_series(rows, s)) for s in listed}
    by_agency: dict[tuple[str, str], dict[str, list[tuple]]] = {key: {} for key in overdue}
    for key, records in overdue.items():
        for record in records:  # largest first within each agency, as in the whole table
            by_agency[key].setdefault(record[0], []).append(record)
    view = dossiers(spans) if dossiers is not None else None
    return PublishedStatistics(rows, figures, spans, dict(warnings_by_month or {}), files, dossiers=view,
                               overdue_series=overdue, overdue_series_by_agency=by_agency,
                               open_tables=statistics_tables(rows, figures, view))


__all__ = ["SpanFigures", "PublishedStatistics", "publish_statistics", "publish_grouped", "AGENCY_DIM", "PROCEDURE_DIM"]
