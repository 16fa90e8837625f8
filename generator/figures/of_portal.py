"""The pipeline's statistics stage: a validated portal's rows → the figures its pages publish."""

from __future__ import annotations

from ..load.file_cache import FileCache, Same
from ..portal import Portal
from .published import PublishedStatistics, publish_statistics


def portal_figures(portal: Portal, cache: FileCache | None = None) -> PublishedStatistics | None:
    """Figures of ``portal`` (None when it has no statistics). Pure: no I/O.

    ``cache`` (``portal serve``): computed again only when the statistics rows or what they are
    grouped by (procedure fields, agency levels) changed."""
    if portal.statistics is None or portal.statistics.empty:
        return None
    rows, catalogue = portal.statistics, portal.catalogue

    def compute() -> PublishedStatistics | None:
        return publish_statistics(rows.rows, catalogue, rows.warnings_by_month, rows.files)

    if cache is None:
        return compute()
    # the key holds the (cached) statistics rows themselves, compared by identity
    key = (Same([rows]), tuple((p.code, p.field) for p in catalogue.procedures),
           tuple((a.id, a.level) for a in catalogue.agencies.values()))
    return cache.remember("published_statistics", key, compute)
