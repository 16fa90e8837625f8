"""The statistics stage's part for dossier records: merged monthly rows and the figures only dossiers give.

* Monthly rows: where the dossiers have a row for a period × agency × procedure, it replaces a committed row
  for the same key (``source`` says which: ``reported`` or ``dossiers``); a committed row not itemised by
  procedure is left out for a month and agency the dossiers cover, since its dossiers would count twice.
* :class:`DossierView`: the section-6 figures indexed by span, dimension and key, the overdue-now table, the
  processing-time distributions and the reported-vs-computed comparison, for templates (no pandas there).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ..dossiers.finish import FIGURE_COLUMNS, span_figures
from ..dossiers.of_portal import PortalDossiers
from .spans import LAST_12, Span

SOURCE = "source"
KEY = ["period", "agency", "procedure"]


def merged_rows(reported: pd.DataFrame | None, computed: pd.DataFrame | None) -> pd.DataFrame:
    """Committed rows (``source = reported``) with the dossiers' rows in place of those they cover."""
    if computed is None or computed.empty:
        return reported.assign(**{SOURCE: "reported"}) if reported is not None else pd.DataFrame()
    if reported is None or reported.empty:
        return computed.reset_index(drop=True)
    covered_keys = pd.MultiIndex.from_frame(computed[KEY])
    covered_months = pd.MultiIndex.from_frame(computed[["period", "agency"]].drop_duplicates())
    keep = ~pd.MultiIndex.from_frame(reported[KEY]).isin(covered_keys)
    keep &= ~((reported["procedure"] == "").to_numpy() & pd.MultiIndex.from_frame(reported[["period", "agency"]]).isin(covered_months))
    rows = pd.concat([reported[keep].assign(**{SOURCE: "reported"}), computed], ignore_index=True)
    return rows.sort_values(KEY, kind="stable").reset_index(drop=True)


@dataclass(frozen=True)
class DossierFigure:
    """Section-6 figures of one span × dimension × key; a figure is None when withheld or without a base."""

    resolved: int = 0
    median_days: float | None = None
    p90_days: float | None = None
    over_limit: int = 0
    over_limit_rate: float | None = None
    apology_base: int = 0
    apology: int = 0
    apology_rate: float | None = None
    fee_resolved: int = 0
    paid_online: int = 0
    paid_online_rate: float | None = None
    late: int = 0
    rated: int = 0
    dissatisfied: int = 0
    satisfaction: float | None = None


def _figure(record: dict[str, Any]) -> DossierFigure:
    values = {}
    for name in FIGURE_COLUMNS:
        value = record[name]
        if name.endswith(("_rate", "_days")) or name == "satisfaction":
            values[name] = None if value is None or (isinstance(value, float) and math.isnan(value)) else float(value)
        else:
            values[name] = int(value)
    return DossierFigure(**values)


@dataclass
class DossierView:
    as_of: pd.Timestamp
    figures: pd.DataFrame  # span_figures() for the published spans
    overdue_now: pd.DataFrame
    distribution: pd.DataFrame  # procedure, days, count (last 12 months; only procedures with enough dossiers)
    comparison: pd.DataFrame  # reported vs computed
    min_quantile: int = 20
    min_share: int = 10
    _index: dict[tuple[str, str, str], DossierFigure] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for record in self.figures.to_dict("records"):
            self._index[(f"{record['span_kind']}:{record['span']}", record["dimension"], record["key"])] = _figure(record)

    @property
    def as_of_date(self) -> str:
        """The as-of date (a day, never a single dossier's time of day)."""
        return self.as_of.date().isoformat()

    def get(self, span: Span, dimension: str, key: str) -> DossierFigure | None:
        return self._index.get((f"{span.kind}:{span.key}", dimension, key))

    def ranked_procedures(self, span: Span, agency_id: str) -> list[tuple[str, DossierFigure]]:
        """The agency's procedures by median processing time, longest first; withheld medians last."""
        prefix = agency_id + "/"
        found = [(key[2][len(prefix):], figure) for key, figure in self._index.items()
                 if key[0] == f"{span.kind}:{span.key}" and key[1] == "agency_procedure" and key[2].startswith(prefix)]
        return sorted(found, key=lambda item: (item[1].median_days is None, -(item[1].median_days or 0),
                                               -(item[1].p90_days or 0), item[0]))

    def overdue_rows(self, agency_id: str | None = None, procedure: str | None = None) -> list[dict[str, Any]]:
        table = self.overdue_now
        if agency_id is not None:
            table = table[table["agency"] == agency_id]
        if procedure is not None:
            table = table[table["procedure"] == procedure]
        return table.to_dict("records")

    def overdue_total(self, agency_id: str | None = None, procedure: str | None = None) -> dict[str, int]:
        rows = self.overdue_rows(agency_id, procedure)
        return {name: sum(int(r[name]) for r in rows) for name in ("overdue", "days_0_5", "days_6_20", "days_over_20")}

    def distribution_of(self, procedure: str) -> list[tuple[int, int]]:
        part = self.distribution[self.distribution["procedure"] == procedure]
        return [(int(d), int(c)) for d, c in zip(part["days"], part["count"])]

    def compared(self) -> list[dict[str, Any]]:
        return self.comparison.to_dict("records")


def dossier_view(dossiers: PortalDossiers, spans: list[Span]) -> DossierView:
    ctx, figures = dossiers.context, dossiers.figures
    table = span_figures(figures.cells, dossiers.partials.histogram, list(spans), ctx)
    last12 = [s for s in spans if s.kind == LAST_12]
    distribution = pd.DataFrame({"procedure": [], "days": [], "count": []})
    if last12:
        h = dossiers.partials.histogram
        h = h[(h["month"] >= last12[0].first) & (h["month"] <= last12[0].last)]
        distribution = h.groupby(["procedure", "days"], sort=True)["count"].sum().reset_index()
        totals = distribution.groupby("procedure")["count"].transform("sum")
        distribution = distribution[totals >= ctx.min_dossiers_quantile].reset_index(drop=True)
    return DossierView(figures.as_of, table, figures.overdue_now, distribution, dossiers.comparison,
                       ctx.min_dossiers_quantile, ctx.min_dossiers_share)
