"""Pages and page parts from dossier records (data contract, section 6), as a pure plan.

* procedure and agency pages: median and p90 processing times beside the legal limit, the share over the
  limit, dossiers overdue now, apology / online-payment / satisfaction figures; agencies rank their procedures
  by actual time; a distribution chart for a procedure with enough dossiers;
* ``thong-ke/qua-han-hien-tai/``: where the overdue dossiers are now (agency × procedure, three buckets);
* the method page's "reported vs computed" table.

A withheld figure is ``None`` plus its base: templates say why in words (never 0 or 100 %). Nothing here
identifies a dossier: only counts, and the as-of date (a day, not a dossier's time).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from ..figures.from_dossiers import DossierFigure, DossierView
from ..figures.published import PublishedStatistics
from ..models import Catalogue, Procedure
from .. import urls
from .charts import ChartText, GRID_COLOUR, HEIGHT, LEFT, RIGHT, WIDTH, chart_svg
from .formatting import Formatter
from .page_plan import Page

OVERDUE_NOW = urls.OVERDUE_NOW
TAIL_FROM = 21  # processing times from this many days on share one bar ("21+"): pages stay small


def _view(stats: PublishedStatistics | None) -> DossierView | None:
    return None if stats is None else stats.dossiers


def procedure_dossiers(stats: PublishedStatistics | None, procedure: Procedure) -> dict[str, Any] | None:
    view = _view(stats)
    figure = view.get(stats.last12, "procedure", procedure.code) if view else None
    overdue = view.overdue_total(procedure=procedure.code) if view else None
    if figure is None and not (overdue and overdue["overdue"]):
        return None
    return {"view": view, "figure": figure or DossierFigure(), "span": stats.last12, "overdue": overdue,
            "distribution": distribution_rows(view.distribution_of(procedure.code), procedure)}


def agency_dossiers(stats: PublishedStatistics | None, agency_id: str, catalogue: Catalogue) -> dict[str, Any] | None:
    view = _view(stats)
    figure = view.get(stats.last12, "agency", agency_id) if view else None
    if figure is None:
        return None
    by_code = catalogue.by_code
    ranked = [(by_code[code], f) for code, f in view.ranked_procedures(stats.last12, agency_id) if code in by_code]
    return {"view": view, "figure": figure, "span": stats.last12, "overdue": view.overdue_total(agency_id=agency_id),
            "ranked": ranked}


@dataclass(frozen=True)
class DistributionRow:
    label: str  # "3" or "31+"
    count: int
    over_limit: bool


def distribution_rows(histogram: list[tuple[int, int]], procedure: Procedure) -> list[DistributionRow]:
    """Whole working days 0 … 20 (every day shown, empty ones too) and one bar for 21 and more."""
    if not histogram or procedure.processing_time.unit != "working_days":
        return []
    counts = dict(histogram)
    top = min(max(counts), TAIL_FROM)
    limit = procedure.processing_time.days
    rows = [DistributionRow(str(d), counts.get(d, 0), d > limit) for d in range(top)]
    rows.append(DistributionRow(f"{top}+" if top == TAIL_FROM else str(top),
                                sum(c for d, c in counts.items() if d >= top), top > limit))
    return rows


@dataclass(frozen=True)
class DistributionChart:
    formatter: Formatter

    def __call__(self, rows: list[DistributionRow], procedure: Procedure, chart_id: str) -> Markup:
        if not rows:
            return Markup("")
        labels = self.formatter.strings.dossiers
        over = sum(r.count for r in rows if r.over_limit)
        total = sum(r.count for r in rows)
        title = labels.distribution_title.format(subject=procedure.name)
        description = labels.distribution_description.format(
            count=self.formatter.count(total), within=self.formatter.count(total - over), over=self.formatter.count(over),
            limit=self.formatter.number(procedure.processing_time.days, 1))
        svg = str(chart_svg([float(r.count) for r in rows], [r.label for r in rows], ChartText(chart_id, title, description),
                            bars=True, axis_max=None, tick_text=lambda v: self.formatter.number(v, 0)))
        within_bars = sum(1 for r in rows if not r.over_limit)
        slot = (WIDTH - LEFT - RIGHT) / len(rows)
        x = round(LEFT + slot * within_bars)
        marker = (f'<path d="M{x} 8V{HEIGHT - 26}" stroke="{GRID_COLOUR}" stroke-width="1.5" stroke-dasharray="4 2"/>'
                  f'<text x="{x + 3}" y="10" font-size="10">{escape(labels.limit)}</text>')
        svg = svg.replace("</svg>", marker + "</svg>")
        return Markup('<figure class="tt-chart"><figcaption class="tt-chart__caption">') + escape(title) + \
            Markup("</figcaption>") + Markup(svg) + Markup("</figure>")


def plan_dossier_pages(stats: PublishedStatistics | None, catalogue: Catalogue) -> list[Page]:
    """The overdue-now page (every series with dossiers pending past their due date, computed from the
    dossier records), when the portal has dossiers; pure."""
    view = _view(stats)
    if view is None:
        return []
    rows = sorted(view.overdue_rows(), key=lambda r: (-int(r["overdue"]), r["agency"], r["procedure"]))
    by_code = catalogue.by_code
    entries = [{**r, "agency_name": catalogue.agencies[r["agency"]].name, "procedure_obj": by_code.get(r["procedure"])}
               for r in rows if r["agency"] in catalogue.agencies]
    return [Page(OVERDUE_NOW.rstrip("/") + ".md", "statistics_overdue_now.md.j2",
                 {"stats": stats, "view": view, "entries": entries, "total": view.overdue_total()})]


def shown(value: float | None) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value))
