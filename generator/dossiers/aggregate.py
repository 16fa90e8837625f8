"""Decomposable aggregation of dossier records (data contract, section 6).

Three steps, the same on one machine and on a Dask cluster (issue 12):

1. :func:`as_of_partial` per partition, combined by ``max``: the latest ``received_at`` or ``finished_at``;
2. :func:`partial_aggregates` per partition → :class:`DossierPartials`: integer counts only, keyed by agency ×
   procedure × month (and × whole working days for the histograms); :func:`combine_partials` adds them up
   (concat + groupby-sum: associative, so partitions can be reduced in any tree);
3. :func:`finish` (see :mod:`.figures`): the combined counts → the monthly rows of section 2 and the figures.

Stocks are written as differences so that they add up across partitions: a dossier pending at the end of months
``r … e−1`` adds +1 at month ``r`` and −1 at month ``e`` (``pending_delta``); a running sum per agency × procedure
gives the month-end stock. The month that holds the as-of date-time ends at the as-of date-time: dossiers still
pending then are counted directly (``asof_pending`` …), since "overdue" is then ``due_at`` < as-of.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from .columns import APOLOGY, DIRECT, DISSATISFIED, NO_RATING, ONLINE, PAID_ONLINE, POSTAL, RESOLVED, WITHDRAWN, REFUSED
from .working_days import WorkCalendar

MONTH_BASE = 1970 * 12  # month numbers as in generator.figures.spans: year × 12 + month − 1
KEYS = ("agency", "procedure", "month")
MONTH_COUNTS = (
    "received_online", "received_direct", "received_postal", "resolved_early", "resolved_on_time", "resolved_late",
    "withdrawn", "pending_delta", "overdue_delta", "overdue_apology_delta", "asof_pending", "asof_overdue",
    "asof_overdue_apology", "late_apology", "over_limit", "days_sum", "fee_resolved", "fee_paid_online", "rated",
    "dissatisfied",
)
HISTOGRAM_KEYS = KEYS + ("days",)
OVERDUE_KEYS = ("agency", "procedure")
OVERDUE_COUNTS = ("overdue", "days_0_5", "days_6_20", "days_over_20")


@dataclass(frozen=True, eq=False)
class AggregationContext:
    """What the aggregation needs besides the records; small and pickleable."""

    as_of: pd.Timestamp  # local date-time of the latest event (as_of_partial, combined by max)
    calendar: WorkCalendar
    limits: Mapping[str, tuple[float, str]]  # procedure code → (processing_time.days, unit)
    fee_procedures: frozenset[str] = frozenset()  # procedures with a fee above 0
    procedure_fields: Mapping[str, str] = field(default_factory=dict)
    agency_levels: Mapping[str, str] = field(default_factory=dict)
    min_dossiers_quantile: int = 20
    min_dossiers_share: int = 10

    @property
    def as_of_month(self) -> int:
        return month_numbers(np.array([np.datetime64(self.as_of, "s")]))[0]


@dataclass(frozen=True, eq=False)
class DossierPartials:
    months: pd.DataFrame  # KEYS + MONTH_COUNTS
    histogram: pd.DataFrame  # HISTOGRAM_KEYS + count: resolved dossiers by whole working days
    overdue_now: pd.DataFrame  # OVERDUE_KEYS + OVERDUE_COUNTS

    TABLES = ("months", "histogram", "overdue_now")


def month_numbers(times: np.ndarray) -> np.ndarray:
    return times.astype("datetime64[M]").astype(np.int64) + MONTH_BASE


def as_of_partial(frame: pd.DataFrame) -> pd.Timestamp | None:
    """The latest ``received_at`` or ``finished_at`` of a partition (None when it is empty)."""
    values = [frame[c].to_numpy("datetime64[s]") for c in ("received_at", "finished_at")]
    values = [v[~np.isnat(v)] for v in values]
    values = [v.max() for v in values if len(v)]
    return pd.Timestamp(max(values)) if values else None


def _limits(procedures: np.ndarray, ctx: AggregationContext) -> tuple[np.ndarray, np.ndarray]:
    """Per category: the limit in days (inf when unknown) and whether it counts calendar days."""
    days = np.array([ctx.limits.get(code, (np.inf, ""))[0] for code in procedures], dtype=float)
    calendar = np.array([ctx.limits.get(code, (0, ""))[1] == "calendar_days" for code in procedures], dtype=bool)
    return days, calendar


def processing_days(frame: pd.DataFrame, calendar: WorkCalendar) -> np.ndarray:
    """Working days d with date(received) < d ≤ date(finished), less supplement_days, never below 0."""
    received = frame["received_at"].to_numpy("datetime64[s]")
    finished = frame["finished_at"].to_numpy("datetime64[s]")
    working = calendar.after_until(received, finished)
    return np.maximum(working - frame["supplement_days"].to_numpy(np.int64), 0)


class _Counter:
    """Weighted events keyed by (pair, month, measure), summed with :func:`numpy.bincount` on a dense
    (pair × month) grid: no sorting of millions of keys."""

    DENSE_CELLS = 2_000_000  # beyond this many pair × month cells, only the cells that occur are kept

    def __init__(self, pairs: int, first_month: int, last_month: int, used: np.ndarray | None = None):
        self.pairs, self.first, self.width = pairs, first_month, last_month - first_month + 1
        self.used = None  # sorted cell ids when sparse
        if pairs * self.width > self.DENSE_CELLS and used is not None:
            self.used = np.unique(used)
        self.grid = np.zeros((pairs * self.width if self.used is None else len(self.used), len(MONTH_COUNTS)), np.int64)

    def add(self, measure: int, pair: np.ndarray, month: np.ndarray, mask: np.ndarray, weight=1) -> None:
        if not mask.any():
            return
        cell = pair[mask].astype(np.int64) * self.width + (month[mask] - self.first)
        if self.used is not None:
            cell = np.searchsorted(self.used, cell)
        weights = None if np.isscalar(weight) and weight == 1 else \
            np.broadcast_to(np.asarray(weight, np.int64), mask.shape)[mask].astype(np.float64)
        sums = np.bincount(cell, weights=weights, minlength=len(self.grid))
        self.grid[:, measure] += np.rint(sums).astype(np.int64) if weights is not None else sums

    def table(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(pair, month, counts[n, len(MONTH_COUNTS)]) of the cells with any count."""
        rows = np.flatnonzero(self.grid.any(axis=1))
        cells = rows if self.used is None else self.used[rows]
        pair, offset = np.divmod(cells, self.width)
        return pair, offset + self.first, self.grid[rows]


def partial_aggregates(frame: pd.DataFrame, ctx: AggregationContext) -> DossierPartials:
    """Counts of one partition of checked records (see :func:`generator.dossiers.check.check_dossiers`)."""
    if frame.empty:
        return empty_partials()
    agency = pd.Categorical(frame["agency"])
    procedure = pd.Categorical(frame["procedure"])
    pair_codes = agency.codes.astype(np.int64) * (len(procedure.categories) + 1) + procedure.codes
    pair, pair_index = np.unique(pair_codes, return_inverse=True)
    pair_agency = np.asarray(agency.categories)[pair // (len(procedure.categories) + 1)]
    pair_procedure = np.asarray(procedure.categories)[pair % (len(procedure.categories) + 1)]

    received = frame["received_at"].to_numpy("datetime64[s]")
    due = frame["due_at"].to_numpy("datetime64[s]")
    finished = frame["finished_at"].to_numpy("datetime64[s]")
    outcome = frame["outcome"].to_numpy()
    channel = frame["channel"].to_numpy()
    always_late = frame["supplement_requests"].to_numpy() > 1
    apology = frame[APOLOGY].to_numpy(bool)
    as_of = np.datetime64(ctx.as_of, "s")
    as_of_month = ctx.as_of_month

    pending = np.isnat(finished)
    resolved = outcome == RESOLVED
    withdrawn = (outcome == WITHDRAWN) | (outcome == REFUSED)
    r_month, d_month = month_numbers(received), month_numbers(due)
    f_month = np.where(pending, as_of_month, month_numbers(np.where(pending, received, finished)))
    late = resolved & ((finished > due) | always_late)
    early = resolved & ~late & (finished.astype("datetime64[D]") < due.astype("datetime64[D]"))
    on_time = resolved & ~late & ~early

    days = np.zeros(len(frame), np.int64)
    over = np.zeros(len(frame), bool)
    if resolved.any():
        sub = frame[resolved]
        days[resolved] = processing_days(sub, ctx.calendar)
        limit, by_calendar = _limits(np.asarray(procedure.categories), ctx)
        codes = procedure.codes[resolved]
        calendar_days = np.maximum((finished[resolved].astype("datetime64[D]") - received[resolved].astype("datetime64[D]"))
                                   .astype(np.int64) - sub["supplement_days"].to_numpy(np.int64), 0)
        over[resolved] = np.where(by_calendar[codes], calendar_days, days[resolved]) > limit[codes]

    fees = np.isin(np.asarray(procedure.categories), list(ctx.fee_procedures))[procedure.codes]
    rating = frame["rating"].to_numpy()
    first_month, last_month = int(r_month.min()), int(max(f_month.max(), r_month.max()))
    width = last_month - first_month + 1
    base = pair_index.astype(np.int64) * width - first_month
    overdue_from = np.where(always_late, r_month, np.maximum(r_month, d_month))
    used = np.concatenate([base + r_month, base + f_month, (base + np.minimum(overdue_from, f_month))])
    count = _Counter(len(pair), first_month, last_month, used if len(pair) * width > _Counter.DENSE_CELLS else None)
    m = {name: i for i, name in enumerate(MONTH_COUNTS)}
    for name, code in (("received_online", ONLINE), ("received_direct", DIRECT), ("received_postal", POSTAL)):
        count.add(m[name], pair_index, r_month, channel == code)
    for name, mask in (("resolved_early", early), ("resolved_on_time", on_time), ("resolved_late", late),
                       ("withdrawn", withdrawn), ("late_apology", late & apology), ("over_limit", over),
                       ("fee_resolved", resolved & fees), ("fee_paid_online", resolved & fees & frame[PAID_ONLINE].to_numpy(bool)),
                       ("rated", resolved & (rating != NO_RATING)), ("dissatisfied", resolved & (rating == DISSATISFIED))):
        count.add(m[name], pair_index, f_month, mask)
    count.add(m["days_sum"], pair_index, f_month, resolved, days)
    # month-end stocks before the as-of month, as differences: pending at the end of r … e−1
    stock = r_month < f_month
    count.add(m["pending_delta"], pair_index, r_month, stock)
    count.add(m["pending_delta"], pair_index, f_month, stock, -1)
    overdue = overdue_from < f_month
    for name, mask in (("overdue_delta", overdue), ("overdue_apology_delta", overdue & apology)):
        count.add(m[name], pair_index, overdue_from, mask)
        count.add(m[name], pair_index, f_month, mask, -1)
    overdue_now = pending & ((due < as_of) | always_late)
    count.add(m["asof_pending"], pair_index, f_month, pending)
    count.add(m["asof_overdue"], pair_index, f_month, overdue_now)
    count.add(m["asof_overdue_apology"], pair_index, f_month, overdue_now & apology)
    cell_pair, cell_month, counts = count.table()
    months = pd.DataFrame({"agency": pair_agency[cell_pair], "procedure": pair_procedure[cell_pair], "month": cell_month})
    for i, name in enumerate(MONTH_COUNTS):
        months[name] = counts[:, i]

    hist_key = pair_index[resolved].astype(np.int64) * 100_000 + f_month[resolved]
    hist = pd.DataFrame({"cell": hist_key, "days": days[resolved]}).value_counts(sort=False).reset_index(name="count")
    histogram = pd.DataFrame({"agency": pair_agency[hist["cell"].to_numpy() // 100_000],
                              "procedure": pair_procedure[hist["cell"].to_numpy() // 100_000],
                              "month": hist["cell"].to_numpy() % 100_000, "days": hist["days"].to_numpy(np.int64),
                              "count": hist["count"].to_numpy(np.int64)})

    past = ctx.calendar.after_until(due[overdue_now], np.full(int(overdue_now.sum()), as_of))
    late_pairs = pair_index[overdue_now]
    table = pd.DataFrame({"pair": late_pairs, "overdue": 1, "days_0_5": past <= 5, "days_6_20": (past > 5) & (past <= 20),
                          "days_over_20": past > 20}).groupby("pair", sort=True).sum()
    overdue_table = pd.DataFrame({"agency": pair_agency[table.index.to_numpy()], "procedure": pair_procedure[table.index.to_numpy()]})
    for name in OVERDUE_COUNTS:
        overdue_table[name] = table[name].to_numpy(np.int64)
    return DossierPartials(months, histogram, overdue_table)


def empty_partials() -> DossierPartials:
    def frame(keys, counts):
        data = {k: pd.Series(dtype=object if k in ("agency", "procedure") else np.int64) for k in keys}
        data.update({c: pd.Series(dtype=np.int64) for c in counts})
        return pd.DataFrame(data)

    return DossierPartials(frame(KEYS, MONTH_COUNTS), frame(HISTOGRAM_KEYS, ("count",)), frame(OVERDUE_KEYS, OVERDUE_COUNTS))


def _combined(frames: list[pd.DataFrame], keys: tuple[str, ...]) -> pd.DataFrame:
    frames = [f for f in frames if len(f)]
    if not frames:
        return None
    data = pd.concat(frames, ignore_index=True)
    data["agency"], data["procedure"] = data["agency"].astype(str), data["procedure"].astype(str)
    return data.groupby(list(keys), sort=True, observed=True).sum().reset_index().astype(
        {c: np.int64 for c in data.columns if c not in ("agency", "procedure")})


def combine_partials(parts: Sequence[DossierPartials]) -> DossierPartials:
    """The sum of partial counts: associative and commutative (Dask may tree-reduce it)."""
    empty = empty_partials()
    out = {}
    for name, keys in (("months", KEYS), ("histogram", HISTOGRAM_KEYS), ("overdue_now", OVERDUE_KEYS)):
        combined = _combined([getattr(p, name) for p in parts], keys)
        out[name] = getattr(empty, name) if combined is None else combined
    return DossierPartials(**out)


def write_partials(partials: DossierPartials, folder: str | os.PathLike) -> None:
    """One Parquet file per table (deterministic: rows sorted by their keys)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name in DossierPartials.TABLES:
        getattr(partials, name).to_parquet(folder / f"{name}.parquet", index=False)


def read_partials(folder: str | os.PathLike) -> DossierPartials:
    folder = Path(folder)
    return combine_partials([DossierPartials(**{name: pd.read_parquet(folder / f"{name}.parquet")
                                                for name in DossierPartials.TABLES})])


def finish(partials: DossierPartials, ctx: AggregationContext, spans=None):
    """See :func:`generator.dossiers.finish.finish` (kept here so that the aggregation has one entry module)."""
    from .finish import finish as _finish

    return _finish(partials, ctx, spans)
