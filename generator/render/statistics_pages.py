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

from ..figures.aggregate import AGENCY_DIM, FIELD_DIM, LEVEL_DIM, PROCEDURE_DIM
from ..figures.published import SpanFigures, PublishedStatistics
from ..figures.rankings import rank_by_on_time, rank_by_overdue
from ..figures.spans import LAST_12, MONTH, QUARTER, YEAR, Span
from ..collation import sort_key
from ..models import LEVEL_ORDER, Catalogue, Procedure
from .. import urls
from .dossier_pages import agency_dossiers, procedure_dossiers
from .open_data import file_name
from .page_plan import Page

KIND_FOLDERS = {MONTH: "thang", QUARTER: "quy", YEAR: "nam"}
OVERVIEW = f"{urls.STATISTICS}/"
RANKING = urls.STATISTICS_RANKING
OVERDUE = urls.overdue_url()
ARCHIVE = urls.STATISTICS_ARCHIVE
METHOD = urls.STATISTICS_METHOD
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


def _entries(records: list[tuple], catalogue: Catalogue) -> list[OverdueEntry]:
    """One entry per series with overdue dossiers (records of the figures stage, largest first)."""
    by_code = catalogue.by_code
    return [OverdueEntry(agency, by_code.get(code), code, resolved, late, pending, overdue)
            for agency, code, resolved, late, pending, overdue in records]


def overdue_entries(stats: PublishedStatistics, span: Span, catalogue: Catalogue, agency_id: str | None = None) -> list[OverdueEntry]:
    if agency_id is None:
        return _entries(stats.overdue_series[(span.kind, span.key)], catalogue)
    return _entries(stats.overdue_series_by_agency[(span.kind, span.key)].get(agency_id, []), catalogue)


def _overdue_pages(stats: PublishedStatistics, catalogue: Catalogue, common: dict[str, Any]) -> list[Page]:
    """``thong-ke/qua-han/``: every agency with overdue dossiers in the latest month and the
    :data:`TOP_OVERDUE_SERIES` largest series; and one page per such agency with every one of its series.

    The series and their split by agency come from the figures stage, so each page stays bounded by one
    agency's procedures however many communes report.
    """
    latest = stats.latest
    entries = overdue_entries(stats, latest, catalogue)
    split = stats.overdue_series_by_agency[(latest.kind, latest.key)]
    by_agency = {agency: _entries(split[agency], catalogue) for agency in sorted(split)
                 if agency in catalogue.agencies}  # validation refuses unknown agencies
    series_counts = {agency: len(items) for agency, items in by_agency.items()}
    top = entries[:TOP_OVERDUE_SERIES]
    pages = [Page(_md(OVERDUE), "statistics_overdue.md.j2", {
        **common, "span": latest, "province": stats.get_or_empty(latest),
        "agency_ranking": rank_by_overdue(stats.in_span(latest, AGENCY_DIM), _agency_name(catalogue)),
        "series_counts": series_counts,
        "entries": top, "total_series": len(entries), "more_series": len(entries) - len(top),
        "monthly_file": monthly_file(stats),
    })]
    for agency_id, items in by_agency.items():
        # ``<id>/index.md``, not ``<id>.md``: an agency whose id is "index" cannot take the main page's address
        pages.append(Page(f"{urls.overdue_url(agency_id)}index.md", "statistics_overdue_agency.md.j2", {
            **common, "span": latest, "agency": catalogue.agencies[agency_id],
            "figures": stats.get_or_empty(latest, AGENCY_DIM, agency_id), "entries": items,
        }))
    return pages


def _agency_name(catalogue: Catalogue):
    """An agency's name from its id (rankings break ties in Vietnamese order of names)."""
    return lambda agency_id: catalogue.agencies[agency_id].name if agency_id in catalogue.agencies else agency_id


def _by_level(stats: PublishedStatistics, span: Span) -> list[SpanFigures]:
    present = {f.key: f for f in stats.in_span(span, LEVEL_DIM)}
    return [present[level] for level in LEVEL_ORDER if level in present]


def _period_context(stats: PublishedStatistics, span: Span, catalogue: Catalogue) -> dict[str, Any]:
    same_kind = stats.spans_of(span.kind)
    index = same_kind.index(span)
    agencies = sorted(stats.in_span(span, AGENCY_DIM), key=lambda f: sort_key(catalogue.agencies[f.key].name))
    return {
        "span": span,
        "province": stats.get_or_empty(span),
        "levels": _by_level(stats, span),
        "fields": sorted(stats.in_span(span, FIELD_DIM), key=lambda f: sort_key(f.key)),
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
                (span, rank_by_on_time(stats.in_span(span, AGENCY_DIM), min_resolved, _agency_name(catalogue)),
                 rank_by_overdue(stats.in_span(span, AGENCY_DIM), _agency_name(catalogue)))
                for span in (latest, last12)
            ],
        }),
        *_overdue_pages(stats, catalogue, common),
        Page(_md(ARCHIVE), "statistics_archive.md.j2", {**common, "years": [
            (year, [q for q in stats.quarters if q.year == year.year], [m for m in stats.months if m.year == year.year])
            for year in reversed(stats.years)
        ]}),
        Page(_md(METHOD), "statistics_method.md.j2", {**common, "min_resolved": min_resolved, "checks": [
            (month, stats.rows_by_month.get(month.first, 0), stats.warnings_by_month.get(month.key, 0))
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

    def home(self) -> dict[str, Any] | None:
        """The latest month's province figures for the home page, with the page each one links to."""
        if self.stats is None:
            return None
        latest = self.stats.latest
        return {"span": latest, "figures": self.stats.get_or_empty(latest), "month_url": period_url(latest),
                "ranking_url": RANKING, "overdue_url": OVERDUE}


def monthly_file(stats: PublishedStatistics) -> str:
    """The monthly rows' CSV file name (``.csv.gz`` when the table is compressed)."""
    rows = next((len(t) for t in stats.open_tables if t.name == "thong-ke-hang-thang"), len(stats.rows))
    return file_name("thong-ke-hang-thang", rows, "csv")
