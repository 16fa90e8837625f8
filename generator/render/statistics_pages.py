"""The statistics section's pages, as a pure plan (no I/O), and the statistics parts of agency and procedure pages.

Addresses (stable: a month's page keeps its URL as new months arrive)::

    thong-ke/                  province overview: latest month, last 12 months, trends
    thong-ke/xep-hang/         agencies ranked by on-time rate and by overdue dossiers
    thong-ke/qua-han/          where the overdue dossiers are (latest month): every agency, top series
    thong-ke/qua-han/so-tu-phap/   one agency's every procedure with overdue dossiers (latest month)
    thong-ke/thang/2025-06/    one page per month
    thong-ke/quy/2025-q2/      one page per quarter
    thong-ke/nam/2025/         one page per year
    thong-ke/luu-tru/          the archive: every year, quarter and month
    thong-ke/cach-tinh/        how each figure is defined and checked
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..figures.aggregate import AGENCY_DIM, FIELD_DIM, LEVEL_DIM, PROCEDURE_DIM, overdue_by_series
from ..figures.published import Figures, PublishedStatistics
from ..figures.rankings import rank_by_on_time, rank_by_overdue
from ..figures.spans import LAST_12, MONTH, QUARTER, YEAR, Span
from ..models import LEVEL_ORDER, Catalogue, Procedure
from . import urls
from .dossier_pages import agency_dossiers, procedure_dossiers
from .page_plan import Page

KIND_FOLDERS = {MONTH: "thang", QUARTER: "quy", YEAR: "nam"}
OVERVIEW = f"{urls.STATISTICS}/"
RANKING = f"{urls.STATISTICS}/xep-hang/"
OVERDUE = urls.overdue_url()
ARCHIVE = f"{urls.STATISTICS}/luu-tru/"
METHOD = f"{urls.STATISTICS}/cach-tinh/"
TOP_OVERDUE_PROCEDURES = 10
TOP_OVERDUE_SERIES = 50  # thong-ke/qua-han/ lists this many series; every one is on its agency's page


def period_url(span: Span) -> str:
    """``thong-ke/thang/2025-06/``; the last 12 months live on the overview page."""
    if span.kind == LAST_12:
        return OVERVIEW
    return f"{urls.STATISTICS}/{KIND_FOLDERS[span.kind]}/{span.key}/"


def _md(url: str) -> str:
    return url.rstrip("/") + ".md"


@dataclass(frozen=True)
class OverdueEntry:
    agency_id: str
    procedure: Procedure | None  # None: the agency's rows not itemised by procedure
    code: str
    resolved: int
    resolved_late: int
    pending_overdue: int
    overdue: int


def _overdue_table(stats: PublishedStatistics, span: Span) -> pd.DataFrame:
    """``overdue_by_series`` of every row, computed once per span."""
    cache = stats.__dict__.setdefault("_overdue_by_series", {})
    if (span.kind, span.key) not in cache:
        cache[(span.kind, span.key)] = overdue_by_series(stats.rows, span)
    return cache[(span.kind, span.key)]


def _overdue_by_agency(stats: PublishedStatistics, span: Span) -> dict[str, pd.DataFrame]:
    """``overdue_by_series`` of every row once per span, split by agency (filtering a million rows per
    agency page made the build agencies × rows). An agency's part keeps the order of its own table."""
    cache = stats.__dict__.setdefault("_overdue_by_agency", {})
    if (span.kind, span.key) not in cache:
        table = _overdue_table(stats, span)
        cache[(span.kind, span.key)] = {agency: part for agency, part in table.groupby("agency", sort=False)}
    return cache[(span.kind, span.key)]


def _entries(table: pd.DataFrame, catalogue: Catalogue) -> list[OverdueEntry]:
    """One entry per row of an ``overdue_by_series`` table (already only series with overdue dossiers)."""
    columns = [table[c].tolist() for c in ("agency", "procedure", "resolved", "resolved_late", "pending_overdue", "overdue")]
    by_code = catalogue.by_code
    return [OverdueEntry(agency, by_code.get(code), code, int(resolved), int(late), int(pending), int(overdue))
            for agency, code, resolved, late, pending, overdue in zip(*columns)]


def overdue_entries(stats: PublishedStatistics, span: Span, catalogue: Catalogue, agency_id: str | None = None) -> list[OverdueEntry]:
    if agency_id is None:
        table = _overdue_table(stats, span)
    else:
        table = _overdue_by_agency(stats, span).get(agency_id)
        if table is None:
            return []
    return _entries(table, catalogue)


def _overdue_pages(stats: PublishedStatistics, catalogue: Catalogue, common: dict[str, Any]) -> list[Page]:
    """``thong-ke/qua-han/``: every agency with overdue dossiers in the latest month and the
    :data:`TOP_OVERDUE_SERIES` largest series; and one page per such agency with every one of its series.

    The series table is computed once and split by agency once (positions into the one list of entries),
    so each page stays bounded by one agency's procedures however many communes report.
    """
    latest = stats.latest
    table = _overdue_table(stats, latest)
    entries = _entries(table, catalogue)
    positions_by_agency = sorted(table.groupby("agency").indices.items())
    by_agency = {agency: [entries[i] for i in positions] for agency, positions in positions_by_agency
                 if len(positions) and agency in catalogue.agencies}  # validation refuses unknown agencies
    series_counts = {agency: len(items) for agency, items in by_agency.items()}
    top = entries[:TOP_OVERDUE_SERIES]
    pages = [Page(_md(OVERDUE), "statistics_overdue.md.j2", {
        **common, "span": latest, "province": stats.get_or_empty(latest),
        "agency_ranking": rank_by_overdue(stats.in_span(latest, AGENCY_DIM)),
        "series_counts": series_counts,
        "entries": top, "total_series": len(entries), "more_series": len(entries) - len(top),
    })]
    for agency_id, items in by_agency.items():
        # ``<id>/index.md``, not ``<id>.md``: an agency whose id is "index" cannot take the main page's address
        pages.append(Page(f"{urls.overdue_url(agency_id)}index.md", "statistics_overdue_agency.md.j2", {
            **common, "span": latest, "agency": catalogue.agencies[agency_id],
            "figures": stats.get_or_empty(latest, AGENCY_DIM, agency_id), "entries": items,
        }))
    return pages


def _by_level(stats: PublishedStatistics, span: Span) -> list[Figures]:
    present = {f.key: f for f in stats.in_span(span, LEVEL_DIM)}
    return [present[level] for level in LEVEL_ORDER if level in present]


def _period_context(stats: PublishedStatistics, span: Span, catalogue: Catalogue) -> dict[str, Any]:
    same_kind = stats.spans_of(span.kind)
    index = same_kind.index(span)
    agencies = sorted(stats.in_span(span, AGENCY_DIM), key=lambda f: catalogue.agencies[f.key].name)
    return {
        "span": span,
        "province": stats.get_or_empty(span),
        "levels": _by_level(stats, span),
        "fields": sorted(stats.in_span(span, FIELD_DIM), key=lambda f: f.key),
        "agency_figures": agencies,
        "months": stats.series(stats.months_of(span)) if span.kind != MONTH else [],
        "previous": same_kind[index - 1] if index > 0 else None,
        "next": same_kind[index + 1] if index + 1 < len(same_kind) else None,
        "warnings": stats.warnings_in(span),
    }


def plan_statistics_pages(stats: PublishedStatistics | None, catalogue: Catalogue, min_resolved: int) -> list[Page]:
    if stats is None:
        return []
    latest, last12 = stats.latest, stats.last12
    recent = stats.recent_months(12)
    common = {"stats": stats}
    pages = [
        Page(f"{urls.STATISTICS}/index.md", "statistics_index.md.j2", {
            **common, "latest": stats.get_or_empty(latest), "last12": stats.get_or_empty(last12),
            "span": latest, "span12": last12, "months": stats.series(recent),
            "previous_latest": stats.get(stats.months[-2]) if len(stats.months) > 1 else None,
        }),
        Page(_md(RANKING), "statistics_ranking.md.j2", {
            **common, "min_resolved": min_resolved,
            "rankings": [
                (span, rank_by_on_time(stats.in_span(span, AGENCY_DIM), min_resolved), rank_by_overdue(stats.in_span(span, AGENCY_DIM)))
                for span in (latest, last12)
            ],
        }),
        *_overdue_pages(stats, catalogue, common),
        Page(_md(ARCHIVE), "statistics_archive.md.j2", {**common, "years": [
            (year, [q for q in stats.quarters if q.year == year.year], [m for m in stats.months if m.year == year.year])
            for year in reversed(stats.years)
        ]}),
        Page(_md(METHOD), "statistics_method.md.j2", {**common, "min_resolved": min_resolved, "checks": [
            (month, int((stats.rows["month"] == month.first).sum()), stats.warnings_by_month.get(month.key, 0))
            for month in reversed(stats.months)
        ]}),
    ]
    for span in stats.spans:
        if span.kind in KIND_FOLDERS:
            pages.append(Page(_md(period_url(span)), "statistics_period.md.j2", {**common, **_period_context(stats, span, catalogue)}))
    return pages


def agency_statistics(stats: PublishedStatistics | None, agency_id: str, catalogue: Catalogue) -> dict[str, Any] | None:
    """What an agency page shows: its last 12 months, charts, and its procedures with most overdue dossiers."""
    if stats is None or not stats.has(AGENCY_DIM, agency_id):
        return None
    recent = stats.recent_months(12)
    return {
        "stats": stats,
        "latest_span": stats.latest,
        "last12": stats.get_or_empty(stats.last12, AGENCY_DIM, agency_id),
        "months": stats.series(recent, AGENCY_DIM, agency_id),
        "overdue": overdue_entries(stats, stats.last12, catalogue, agency_id)[:TOP_OVERDUE_PROCEDURES],
        "overdue_span": stats.last12,
        "dossiers": agency_dossiers(stats, agency_id, catalogue),
    }


def procedure_statistics(stats: PublishedStatistics | None, procedure: Procedure) -> dict[str, Any] | None:
    """What a procedure page shows: last-12-months figures, monthly table, legal vs actual processing time."""
    if stats is None or not stats.has(PROCEDURE_DIM, procedure.code):
        return None
    recent = stats.recent_months(12)
    return {
        "stats": stats,
        "last12": stats.get_or_empty(stats.last12, PROCEDURE_DIM, procedure.code),
        "months": stats.series(recent, PROCEDURE_DIM, procedure.code),
        "dossiers": procedure_dossiers(stats, procedure),
    }


@dataclass(frozen=True)
class StatisticsContexts:
    """Statistics for agency and procedure pages (see :class:`generator.render.page_plan.PageStatistics`)."""

    stats: PublishedStatistics | None
    catalogue: Catalogue

    def agency(self, agency_id: str) -> dict[str, Any] | None:
        return agency_statistics(self.stats, agency_id, self.catalogue)

    def procedure(self, procedure: Procedure) -> dict[str, Any] | None:
        return procedure_statistics(self.stats, procedure)
