"""Combined dossier counts → what the portal publishes (data contract, section 6). Pure and deterministic.

* ``rows``: the monthly rows of section 2 per agency × procedure × month, ``source = "dossiers"``; every month
  from the pair's first event to the as-of month that has a dossier to count (the identity holds by construction);
* ``figures``: per span × dimension × key, the figures only dossiers can give — median and 90th percentile of
  processing times (exact, from the histograms), the share over the legal limit, the apology, online-payment and
  satisfaction rates — with their bases; a figure the small-numbers rule withholds is NaN;
* ``overdue_now``: pending dossiers past due at the as-of date-time by agency × procedure, in three buckets;
* ``distribution``: the last 12 months' processing-time histogram per procedure, where the rule lets it be shown.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..figures.spans import LAST_12, Span, spans_between
from ..periods import period_of
from ..statistics_columns import COUNT_COLUMNS
from .aggregate import MONTH_COUNTS, OVERDUE_COUNTS, AggregationContext, DossierPartials

DIMENSIONS = ("province", "level", "field", "agency", "procedure", "agency_procedure")
FIGURE_COLUMNS = ("resolved", "median_days", "p90_days", "over_limit", "over_limit_rate", "apology_base", "apology",
                  "apology_rate", "fee_resolved", "paid_online", "paid_online_rate", "late", "rated", "dissatisfied",
                  "satisfaction")
FLOWS = ("resolved_early", "resolved_on_time", "resolved_late", "late_apology", "over_limit", "fee_resolved",
         "fee_paid_online", "rated", "dissatisfied")


@dataclass(frozen=True, eq=False)
class DossierFigures:
    as_of: pd.Timestamp
    rows: pd.DataFrame  # period, month, agency, procedure, section-2 counts, avg_processing_days, source
    cells: pd.DataFrame  # rows + the extra monthly counts (apologies, over limit, fees, ratings)
    figures: pd.DataFrame  # span_kind, span, first_period, last_period, dimension, key + FIGURE_COLUMNS
    overdue_now: pd.DataFrame  # as_of, agency, procedure, overdue, days_0_5, days_6_20, days_over_20
    distribution: pd.DataFrame  # procedure, days, count (last 12 months, procedures with enough dossiers)
    spans: tuple[Span, ...] = ()


def _month_cells(months: pd.DataFrame, as_of_month: int) -> pd.DataFrame:
    """Dense months per pair (first event … as-of month) with the month-end stocks summed up."""
    if months.empty:
        return pd.DataFrame(columns=["agency", "procedure", "month", *COUNT_COLUMNS])
    pairs = months[["agency", "procedure"]].drop_duplicates().sort_values(["agency", "procedure"]).reset_index(drop=True)
    pair_of = pd.MultiIndex.from_frame(pairs).get_indexer(pd.MultiIndex.from_frame(months[["agency", "procedure"]]))
    first = int(months["month"].min())
    width = as_of_month - first + 1
    grid = np.zeros((len(pairs), width, len(MONTH_COUNTS)), np.int64)
    np.add.at(grid, (pair_of, months["month"].to_numpy() - first), months[list(MONTH_COUNTS)].to_numpy(np.int64))
    c = {name: grid[:, :, i] for i, name in enumerate(MONTH_COUNTS)}
    pending = np.cumsum(c["pending_delta"], axis=1) + c["asof_pending"]
    overdue = np.cumsum(c["overdue_delta"], axis=1) + c["asof_overdue"]
    overdue_apology = np.cumsum(c["overdue_apology_delta"], axis=1) + c["asof_overdue_apology"]
    carried = np.zeros_like(pending)
    carried[:, 1:] = pending[:, :-1]
    started = np.cumsum(np.abs(grid).sum(axis=2), axis=1) > 0  # months from the pair's first event on
    values = {
        "carried_over": carried, "received_online": c["received_online"], "received_direct": c["received_direct"],
        "received_postal": c["received_postal"], "resolved_early": c["resolved_early"],
        "resolved_on_time": c["resolved_on_time"], "resolved_late": c["resolved_late"],
        "pending_on_time": pending - overdue, "pending_overdue": overdue, "withdrawn": c["withdrawn"],
        "overdue_apology": overdue_apology, "days_sum": c["days_sum"],
    }
    values.update({name: c[name] for name in FLOWS if name in c})
    section2 = sum(values[name] for name in COUNT_COLUMNS)
    keep = started & (section2 > 0)
    pair_index, month_index = np.nonzero(keep)
    cells = pd.DataFrame({"agency": pairs["agency"].to_numpy()[pair_index],
                          "procedure": pairs["procedure"].to_numpy()[pair_index],
                          "month": month_index.astype(np.int64) + first})
    for name, array in values.items():
        cells[name] = array[pair_index, month_index]
    return cells


def monthly_rows(cells: pd.DataFrame) -> pd.DataFrame:
    """The section-2 rows of the dossiers (as :class:`generator.validate.statistics_rules.StatisticsRows` holds them)."""
    rows = pd.DataFrame({"period": [period_of(int(m)) for m in cells["month"]], "month": cells["month"].to_numpy(np.int64),
                         "agency": cells["agency"].to_numpy(), "procedure": cells["procedure"].to_numpy()})
    for name in COUNT_COLUMNS:
        rows[name] = cells[name].to_numpy(np.int64)
    resolved = (cells["resolved_early"] + cells["resolved_on_time"] + cells["resolved_late"]).to_numpy()
    with np.errstate(invalid="ignore", divide="ignore"):
        rows["avg_processing_days"] = np.where(resolved > 0, np.round(cells["days_sum"].to_numpy() / np.maximum(resolved, 1), 1), np.nan)
    rows["source"] = "dossiers"
    return rows.sort_values(["period", "agency", "procedure"], kind="stable").reset_index(drop=True)


def _keys(frame: pd.DataFrame, dimension: str, ctx: AggregationContext) -> np.ndarray:
    if dimension == "province":
        return np.full(len(frame), "all", dtype=object)
    if dimension == "level":
        return frame["agency"].map(lambda a: ctx.agency_levels.get(a, "")).to_numpy(dtype=object)
    if dimension == "field":
        return frame["procedure"].map(lambda p: ctx.procedure_fields.get(p, "")).to_numpy(dtype=object)
    if dimension == "agency_procedure":
        return (frame["agency"].astype(str) + "/" + frame["procedure"].astype(str)).to_numpy(dtype=object)
    return frame[dimension].astype(str).to_numpy(dtype=object)


def _pairs(frame: pd.DataFrame) -> tuple[np.ndarray, pd.DataFrame]:
    """(code per row, the distinct agency × procedure pairs): keys are then computed once per pair."""
    if not len(frame):
        return np.zeros(0, np.int64), pd.DataFrame({"agency": [], "procedure": []})
    agency_codes, agencies = pd.factorize(frame["agency"].astype(str).to_numpy(dtype=object))
    procedure_codes, procedures = pd.factorize(frame["procedure"].astype(str).to_numpy(dtype=object))
    pairs, codes = np.unique(agency_codes.astype(np.int64) * len(procedures) + procedure_codes, return_inverse=True)
    unique = pd.DataFrame({"agency": np.asarray(agencies, dtype=object)[pairs // len(procedures)],
                           "procedure": np.asarray(procedures, dtype=object)[pairs % len(procedures)]})
    return np.asarray(codes).reshape(-1), unique


def quantiles(groups: pd.DataFrame, days: np.ndarray, counts: np.ndarray) -> pd.DataFrame:
    """Exact median (mean of the two middle values when n is even) and p90 (nearest rank ⌈0.9 n⌉) per group.

    ``groups``: one or more key columns, one row per histogram cell; returns those keys + n, median_days, p90_days.
    Numpy only: one sort by (group, days), then ranks looked up in the running counts."""
    names = list(groups.columns)
    if not len(groups):
        return pd.DataFrame({**{n: [] for n in names}, "n": [], "median_days": [], "p90_days": []})
    gid = np.zeros(len(groups), np.int64)
    for name in names:
        codes = pd.factorize(groups[name].to_numpy(), sort=True)[0].astype(np.int64)
        gid = gid * (int(codes.max()) + 1) + codes
    days = np.asarray(days, np.int64)
    counts = np.asarray(counts, np.int64)
    keep = counts > 0
    gid, days, counts, rows = gid[keep], days[keep], counts[keep], np.flatnonzero(keep)
    order = np.lexsort((days, gid))
    gid, values, cum = gid[order], days[order], np.cumsum(counts[order])
    starts = np.r_[0, np.flatnonzero(gid[1:] != gid[:-1]) + 1]
    ends = np.r_[starts[1:], len(gid)]
    base = np.r_[0, cum[:-1]][starts]
    n = cum[ends - 1] - base

    def at(rank: np.ndarray) -> np.ndarray:
        return values[np.searchsorted(cum, base + rank, side="left")]

    lower, upper = at((n + 1) // 2), at(n // 2 + 1)
    median = np.where(n % 2 == 1, lower, (lower + upper) / 2)
    result = groups.iloc[rows[order][starts]][names].reset_index(drop=True)
    result["n"], result["median_days"], result["p90_days"] = n, median.astype(float), at((9 * n + 9) // 10).astype(float)
    return result


def _rate(numerator: np.ndarray, base: np.ndarray, minimum: int) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where((base >= max(minimum, 1)), numerator / np.maximum(base, 1), np.nan)


def _span_months(spans: list[Span], kinds_of: str | None = None) -> pd.DataFrame:
    """(span_index, month) for every month of every span."""
    pairs = [(i, m) for i, s in enumerate(spans) for m in range(s.first, s.last + 1) if kinds_of is None or s.kind == kinds_of]
    return pd.DataFrame(pairs, columns=["span_index", "month"]).astype(np.int64)


def span_figures(cells: pd.DataFrame, histogram: pd.DataFrame, spans: list[Span], ctx: AggregationContext) -> pd.DataFrame:
    """Every figure for every span × dimension × key: one grouping per dimension over all spans at once."""
    out = []
    ends = pd.DataFrame({"span_index": np.arange(len(spans), dtype=np.int64),
                         "month": np.array([s.last for s in spans], dtype=np.int64)})
    cell_pairs, cell_unique = _pairs(cells)
    hist_pairs, hist_unique = _pairs(histogram)
    for dimension in DIMENSIONS:
        members = _span_months(spans, LAST_12 if dimension == "agency_procedure" else None)
        if members.empty:
            continue
        # keys as integer codes shared by cells and histogram: grouping on ints, names put back at the end
        cell_keys = _keys(cell_unique, dimension, ctx)[cell_pairs] if len(cells) else np.array([], dtype=object)
        hist_keys = _keys(hist_unique, dimension, ctx)[hist_pairs] if len(histogram) else np.array([], dtype=object)
        names, codes = pd.factorize(np.concatenate([cell_keys, hist_keys]), sort=True)[::-1]
        data = cells[["month", *FLOWS]].assign(key=codes[:len(cells)])
        flows = data.merge(members, on="month").groupby(["span_index", "key"], sort=True)[list(FLOWS)].sum()
        stock = cells[["month", "pending_overdue", "overdue_apology"]].assign(key=data["key"]).merge(
            ends[ends["span_index"].isin(members["span_index"])], on="month")
        stocks = stock.groupby(["span_index", "key"], sort=True)[["pending_overdue", "overdue_apology"]].sum()
        table = flows.join(stocks, how="outer").fillna(0).astype(np.int64)
        h = histogram[["month", "days", "count"]].assign(key=codes[len(cells):])
        h = h.groupby(["key", "month", "days"], sort=False)["count"].sum().reset_index().merge(members, on="month")
        q = quantiles(h[["span_index", "key"]], h["days"].to_numpy(), h["count"].to_numpy()).set_index(["span_index", "key"])
        table = table.join(q[["median_days", "p90_days"]], how="left").reset_index()
        span_of = [spans[i] for i in table["span_index"]]
        result = pd.DataFrame({"span_kind": [s.kind for s in span_of], "span": [s.key for s in span_of],
                               "first_period": [s.first_period for s in span_of],
                               "last_period": [s.last_period for s in span_of], "dimension": dimension,
                               "key": np.asarray(names, dtype=object)[table["key"].to_numpy()]})
        resolved = (table["resolved_early"] + table["resolved_on_time"] + table["resolved_late"]).to_numpy()
        enough = resolved >= ctx.min_dossiers_quantile
        result["resolved"] = resolved
        result["median_days"] = np.where(enough, table["median_days"].to_numpy(float), np.nan)
        result["p90_days"] = np.where(enough, table["p90_days"].to_numpy(float), np.nan)
        result["over_limit"] = table["over_limit"].to_numpy()
        result["over_limit_rate"] = _rate(result["over_limit"].to_numpy(), resolved, ctx.min_dossiers_share)
        base = table["resolved_late"].to_numpy() + table["pending_overdue"].to_numpy()
        result["apology_base"] = base
        result["apology"] = table["late_apology"].to_numpy() + table["overdue_apology"].to_numpy()
        result["apology_rate"] = _rate(result["apology"].to_numpy(), base, ctx.min_dossiers_share)
        result["fee_resolved"] = table["fee_resolved"].to_numpy()
        result["paid_online"] = table["fee_paid_online"].to_numpy()
        result["paid_online_rate"] = _rate(result["paid_online"].to_numpy(), result["fee_resolved"].to_numpy(),
                                           ctx.min_dossiers_share)
        result["late"] = table["resolved_late"].to_numpy()
        result["rated"] = table["rated"].to_numpy()
        result["dissatisfied"] = table["dissatisfied"].to_numpy()
        rated = result["rated"].to_numpy()
        with np.errstate(invalid="ignore", divide="ignore"):
            score = 1 - (result["late"].to_numpy() / np.maximum(resolved, 1) + result["dissatisfied"].to_numpy() / np.maximum(rated, 1))
        shown = (resolved >= max(ctx.min_dossiers_share, 1)) & (rated >= max(ctx.min_dossiers_share, 1))
        result["satisfaction"] = np.where(shown, score, np.nan)
        out.append(result)
    if not out:
        return pd.DataFrame(columns=["span_kind", "span", "first_period", "last_period", "dimension", "key", *FIGURE_COLUMNS])
    order = {(s.kind, s.key): i for i, s in enumerate(spans)}
    figures = pd.concat(out, ignore_index=True)
    return figures.assign(_o=[order[k] for k in zip(figures["span_kind"], figures["span"])]).sort_values(
        ["_o", "dimension", "key"], kind="stable").drop(columns="_o").reset_index(drop=True)


def finish(partials: DossierPartials, ctx: AggregationContext, spans: list[Span] | None = None) -> DossierFigures:
    """The published figures from combined partials (``spans``: default every span of the dossiers' months)."""
    as_of_month = ctx.as_of_month
    cells = _month_cells(partials.months, as_of_month)
    rows = monthly_rows(cells) if len(cells) else monthly_rows(cells.assign(resolved_early=0, resolved_on_time=0,
                                                                           resolved_late=0, days_sum=0))
    if spans is None:
        spans = spans_between(int(cells["month"].min()), as_of_month) if len(cells) else []
    figures = span_figures(cells, partials.histogram, list(spans), ctx) if len(cells) else span_figures(cells, partials.histogram, [], ctx)
    overdue = partials.overdue_now[partials.overdue_now["overdue"] > 0].sort_values(["agency", "procedure"]).reset_index(drop=True)
    overdue.insert(0, "as_of", ctx.as_of.date().isoformat())  # a day: never one dossier's time
    last12 = [s for s in spans if s.kind == LAST_12]
    distribution = pd.DataFrame({"procedure": [], "days": [], "count": []})
    if last12:
        h = partials.histogram
        h = h[(h["month"] >= last12[0].first) & (h["month"] <= last12[0].last)]
        distribution = h.groupby(["procedure", "days"], sort=True)["count"].sum().reset_index()
        totals = distribution.groupby("procedure")["count"].transform("sum")
        distribution = distribution[totals >= ctx.min_dossiers_quantile].reset_index(drop=True)
    return DossierFigures(ctx.as_of, rows, cells, figures, overdue[["as_of", "agency", "procedure", *OVERDUE_COUNTS]],
                          distribution, tuple(spans))
