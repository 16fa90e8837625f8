"""The stages every command shares, in order: load → validate → compute → render.

``portal build`` (``commands/build.py``) and ``portal serve`` (``generator/preview/``) both call
:func:`prepare_site`; build then hands the result to the engine, post-build and publish stages, serve
to MkDocs' live-reload server. Everything is read and validated before anything is written; the
figures (pandas), the open data tables (plain columns), the git history and the build date
(environment) are computed here, before render, which receives them as computed objects.

The units of work are gathered in :class:`Stages`: build runs them as they are, the preview runs
versions that remember their results while their inputs stay the same (``preview/memo.py``). No stage
knows whether it is remembered.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from .build_date import build_epoch
from .figures.combine import combined_figures, grouping
from .figures.open_tables import OpenTable, catalogue_tables
from .figures.published import PublishedStatistics
from .paths import PortalPaths
from .portal import LoadStages, Portal, read_portal
from .changes.procedure_changes import CatalogueChanges, catalogue_changes
from .render.site_files import RenderedSite, RenderStages, render_site


@dataclass(frozen=True)
class Stages:
    load: LoadStages = LoadStages()
    figures: Callable[..., PublishedStatistics | None] = combined_figures  # (statistics, dossiers, fields, levels)
    render: RenderStages = RenderStages()


BUILD_STAGES = Stages()


@dataclass(frozen=True)
class Computed:
    """What the compute stage derives from a valid portal; render and post-build only read it."""

    statistics: PublishedStatistics | None  # the figures; None: the portal has no statistics
    changes: CatalogueChanges  # from the catalogue and its git history
    build_epoch: int  # SOURCE_DATE_EPOCH of this build (reproducible dates)
    open_data: tuple[OpenTable, ...] = ()  # the open data tables (figures.open_tables), written by render


@dataclass(frozen=True)
class PreparedSite:
    portal: Portal
    computed: Computed
    site: RenderedSite


def portal_figures(portal: Portal, stages: Stages | None = None) -> PublishedStatistics | None:
    """The figures of a read portal: its statistics rows and dossiers, grouped as its catalogue says."""
    figures = (stages or BUILD_STAGES).figures
    return figures(portal.statistics, portal.dossiers, *grouping(portal.catalogue))


def compute(portal: Portal, stages: Stages | None = None) -> Computed:
    """Figures (pure pandas), the catalogue's changes (git history, read once here), the build date and the
    open data tables."""
    figures = portal_figures(portal, stages)
    return Computed(
        statistics=figures,
        changes=catalogue_changes(portal.catalogue, portal.history),
        build_epoch=build_epoch(portal.paths.root, portal.catalogue),
        open_data=catalogue_tables(portal.catalogue) + (figures.open_tables if figures is not None else ()),
    )


def prepare_site(paths: PortalPaths, strict: bool = False, dossiers: str | None = None, aggregates: str | None = None,
                 lap: Callable[[str], None] = lambda stage: None, stages: Stages | None = None) -> PreparedSite:
    """Load → validate → compute → render. Raises InvalidInput (every problem) before anything is written.

    ``dossiers``: where the dossier records are, when not ``ROOT/dossiers/`` (``--dossiers``);
    ``aggregates``: the stored counts of ``portal aggregate`` to publish from instead (``--aggregates``).
    ``lap(stage)`` is called after each stage (build timings). ``stages``: :data:`BUILD_STAGES` unless
    the preview hands in its remembering ones."""
    stages = stages or BUILD_STAGES
    portal = read_portal(paths, strict=strict, dossiers=dossiers, aggregates=aggregates, stages=stages.load)  # load + validate everything first
    lap("load+validate")
    computed = compute(portal, stages)  # figures, changes, build date
    lap("statistics")
    site = render_site(portal, computed, stages.render)  # pages (pure)
    lap("render")
    return PreparedSite(portal, computed, site)
