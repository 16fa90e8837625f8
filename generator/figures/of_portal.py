"""The pipeline's statistics stage: a validated portal's rows → the figures its pages publish."""

from __future__ import annotations

from ..load.file_cache import FileCache, Same
from ..portal import Portal
from .from_dossiers import dossier_view, merged_rows
from .published import PublishedStatistics, publish_statistics


def _in_portal(names: tuple[str, ...]) -> tuple[str, ...]:
    """Dossier files inside the portal (a path or URL given with --dossiers is never published)."""
    return tuple(n for n in names if n.startswith("dossiers/"))


def portal_figures(portal: Portal, cache: FileCache | None = None) -> PublishedStatistics | None:
    """Figures of ``portal`` (None when it has no statistics). Pure: no I/O.

    ``cache`` (``portal serve``): computed again only when the statistics rows or what they are
    grouped by (procedure fields, agency levels) changed."""
    reported = portal.statistics if portal.statistics is not None and not portal.statistics.empty else None
    if reported is None and portal.dossiers is None:
        return None
    rows, catalogue = portal.statistics, portal.catalogue

    def compute() -> PublishedStatistics | None:
        if portal.dossiers is None:
            return publish_statistics(rows.rows, catalogue, rows.warnings_by_month, rows.files)
        merged = merged_rows(reported.rows if reported is not None else None, portal.dossiers.figures.rows)
        return publish_statistics(merged, catalogue, rows.warnings_by_month if reported else {},
                                  (rows.files if reported else ()) + _in_portal(portal.dossiers.sources),
                                  dossiers=lambda spans: dossier_view(portal.dossiers, spans))

    if cache is None:
        return compute()
    # the key holds the (cached) statistics rows themselves, compared by identity
    key = (Same([rows, portal.dossiers]), tuple((p.code, p.field) for p in catalogue.procedures),
           tuple((a.id, a.level) for a in catalogue.agencies.values()))
    return cache.remember("published_statistics", key, compute)
