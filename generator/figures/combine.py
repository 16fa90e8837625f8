"""The pipeline's statistics stage: the reported statistics rows and the dossier records' own counts,
combined into the figures the pages publish."""

from __future__ import annotations

from ..dossiers.of_portal import PortalDossiers
from ..models import Catalogue
from ..validate.statistics_rules import StatisticsRows
from .from_dossiers import dossier_view, merged_rows
from .published import PublishedStatistics, publish_grouped

Pairs = tuple[tuple[str, str], ...]


def grouping(catalogue: Catalogue) -> tuple[Pairs, Pairs]:
    """What the figures read of the catalogue: each procedure's field and each agency's level, as pairs."""
    return (tuple((p.code, p.field) for p in catalogue.procedures),
            tuple((a.id, a.level) for a in catalogue.agencies.values()))


def _in_portal(names: tuple[str, ...]) -> tuple[str, ...]:
    """Dossier files inside the portal (a path or URL given with --dossiers is never published)."""
    return tuple(n for n in names if n.startswith("dossiers/"))


def combined_figures(statistics: StatisticsRows | None, dossiers: PortalDossiers | None,
                     fields: Pairs, levels: Pairs) -> PublishedStatistics | None:
    """Figures of the validated ``statistics`` rows and the ``dossiers``, grouped by the procedures'
    ``fields`` and the agencies' ``levels`` (see :func:`grouping`); None when there are neither. Pure: no I/O."""
    reported = statistics if statistics is not None and not statistics.empty else None
    if reported is None and dossiers is None:
        return None
    field_of, level_of = dict(fields), dict(levels)
    if dossiers is None:
        return publish_grouped(statistics.rows, field_of, level_of, statistics.warnings_by_month, statistics.files)
    merged = merged_rows(reported.rows if reported is not None else None, dossiers.figures.rows)
    return publish_grouped(merged, field_of, level_of, reported.warnings_by_month if reported else {},
                           (reported.files if reported else ()) + _in_portal(dossiers.sources),
                           dossiers=lambda spans: dossier_view(dossiers, spans))

