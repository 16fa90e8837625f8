"""The stages every command shares, in order: load → validate → compute → render.

``portal build`` (``commands/build.py``) and ``portal serve`` (``commands/serve.py``) both call
:func:`prepare_site`; build then hands the result to the engine, post-build and publish stages, serve
to MkDocs' live-reload server. Everything is read and validated before anything is written; the
figures (pandas), the open data tables (plain columns), the git history and the build date
(environment) are computed here, before render, which receives them as computed objects.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from .build_date import build_epoch
from .figures.of_portal import portal_figures
from .figures.open_tables import OpenTable, catalogue_tables
from .figures.published import PublishedStatistics
from .load.file_cache import FileCache
from .paths import PortalPaths
from .portal import Portal, read_portal
from .changes.procedure_changes import CatalogueChanges, catalogue_changes
from .render.site_files import RenderedSite, render_site


@dataclass(frozen=True)
class Computed:
    """What the compute stage derives from a valid portal; render and post-build only read it."""

    figures: PublishedStatistics | None  # None: the portal has no statistics
    changes: CatalogueChanges  # from the catalogue and its git history
    build_epoch: int  # SOURCE_DATE_EPOCH of this build (reproducible dates)
    open_data: tuple[OpenTable, ...] = ()  # the open data tables (figures.open_tables), written by render


@dataclass(frozen=True)
class PreparedSite:
    portal: Portal
    computed: Computed
    site: RenderedSite


def compute(portal: Portal, cache: FileCache | None = None) -> Computed:
    """Figures (pure pandas), the catalogue's changes (git history, read once here), the build date and the
    open data tables."""
    figures = portal_figures(portal, cache)
    return Computed(
        figures=figures,
        changes=catalogue_changes(portal.catalogue, portal.history),
        build_epoch=build_epoch(portal.paths.root, portal.catalogue),
        open_data=catalogue_tables(portal.catalogue) + (figures.open_tables if figures is not None else ()),
    )


def prepare_site(paths: PortalPaths, strict: bool = False, cache: FileCache | None = None,
                 dossiers: str | None = None, aggregates: str | None = None,
                 lap: Callable[[str], None] = lambda stage: None) -> PreparedSite:
    """Load → validate → compute → render. Raises InvalidInput (every problem) before anything is written.

    ``cache`` (``portal serve``): unchanged files are not read again and unchanged pages not rendered
    again. ``dossiers``: where the dossier records are, when not ``ROOT/dossiers/`` (``--dossiers``);
    ``aggregates``: the stored counts of ``portal aggregate`` to publish from instead (``--aggregates``).
    ``lap(stage)`` is called after each stage (build timings)."""
    portal = read_portal(paths, strict=strict, cache=cache, dossiers=dossiers, aggregates=aggregates)  # load + validate everything first
    lap("load+validate")
    computed = compute(portal, cache)  # figures, changes, build date
    lap("statistics")
    site = render_site(portal, computed, cache)  # pages (pure)
    lap("render")
    return PreparedSite(portal, computed, site)
