"""``portal build``: the whole pipeline, one stage per line."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..cms.admin_site import write_portal_admin
from ..errors import BuildFailed, Problem
from ..paths import SHIPPED_THEME, PortalPaths
from ..pipeline import Computed, PreparedSite, prepare_site
from ..portal import Portal
from ..render.site_files import RenderedSite
from ..site.content_sanitiser import sanitise_editor_pages
from ..site.memory import (give_large_blocks_back_when_freed, no_transparent_huge_pages, release_unused_memory,
                           thaw_frozen_objects)
from ..site.mkdocs_build import run_mkdocs
from ..site.parallel_build import engine_jobs
from ..site.post_build import finish_site, write_search_index
from ..site.publish import atomic_output, check_output_folder
from ..site.sitemap import source_date_epoch
from ..site.staging import stage, staged_config, theme_files


@dataclass
class BuildReport:
    output: Path
    procedures: int
    pages: int
    warnings: list[Problem]  # the input's warnings (errors abort before this report exists)
    mkdocs_warnings: list[Problem]  # code mkdocs-warning
    timings: dict[str, float] = field(default_factory=dict)
    broken_links: list[Problem] = field(default_factory=list)  # broken-link / broken-anchor (errors with --strict)

    @property
    def problems(self) -> list[Problem]:
        """Every warning of the build, input and build stage alike."""
        return [*self.warnings, *self.mkdocs_warnings, *self.broken_links]


class _Stopwatch:
    def __init__(self) -> None:
        self.timings: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, stage_name: str) -> None:
        now = time.perf_counter()
        self.timings[stage_name] = now - self._last
        self._last = now

    def lap_and_release(self, stage_name: str) -> None:
        """After each stage of ``prepare_site``: its time, and the memory it freed given back to the system
        (reading and checking a million statistics rows leaves hundreds of MB in the allocators' pools,
        which render would otherwise run on top of); what survives is frozen for the next stages' collections."""
        release_unused_memory(freeze_survivors=True)
        self.lap(stage_name)


def _what_publishing_reads(prepared: PreparedSite) -> tuple[Portal, Computed, RenderedSite]:
    """The prepared site without what only render needed: the statistics rows, the dossiers, the figures,
    the open data tables and the staged pages' bytes (on the 2,000-procedure benchmark portal about
    300 MB that MkDocs, which holds every page, would otherwise run on top of)."""
    return (replace(prepared.portal, statistics=None, dossiers=None),
            replace(prepared.computed, statistics=None, open_data=()),
            replace(prepared.site, docs={}))


def build(root: str | Path = ".", out: str | Path | None = None, strict: bool = False,
          dossiers: str | None = None, aggregates: str | None = None, jobs: int | None = None) -> BuildReport:
    """Validate the portal at ``root`` and publish its site to ``out`` (default ``root/site``).

    ``dossiers``: the dossier records' folder, glob or URL (default ``ROOT/dossiers/``); ``aggregates``: the
    folder ``portal aggregate`` wrote (default ``ROOT/.portal-cache/dossier-aggregates`` when it exists);
    ``jobs``: how many processes build the pages in the engine stage (``--jobs``; default: one per core
    for a site of 400 pages or more, see :func:`~generator.site.parallel_build.engine_jobs`).

    Raises InvalidInput (editor errors) or BuildFailed; either way ``out`` is untouched.
    """
    paths = PortalPaths.at(root)
    output = Path(os.path.abspath(out)) if out else paths.default_output  # not resolved: a link there is refused
    check_output_folder(output, paths)
    give_large_blocks_back_when_freed()  # a million rows' arrays do not stay in the heap once freed
    no_transparent_huge_pages()  # nor is each of their pages a 2 MB one the kernel zeroes first
    clock = _Stopwatch()

    try:
        prepared = prepare_site(paths, strict=strict, dossiers=dossiers, aggregates=aggregates, lap=clock.lap_and_release)  # load → validate → compute → render (pure)
        site = prepared.site
        theme = {**theme_files([paths.template_overrides / "theme", SHIPPED_THEME], paths.root), **site.theme}
        stage(paths, site.docs, theme, staged_config(paths, site.nav, strict))  # write only what changed
        clock.lap("stage")
        pages = sum(1 for p in site.docs if p.endswith(".md"))
        portal, computed, site = _what_publishing_reads(prepared)
        del prepared
    finally:
        thaw_frozen_objects()  # what the stages froze, collected again from here, when a stage failed too
    release_unused_memory()  # before MkDocs holds every page: the statistics' frames and the staged bytes go back
    # MkDocs build, swapped in only on success; the build date is the last commit's (reproducible builds)
    with source_date_epoch(computed.build_epoch), atomic_output(output) as building:
        jobs = engine_jobs(jobs, pages)
        mkdocs_warnings = run_mkdocs(paths.staged_mkdocs_config, building, jobs)
        unsanitised = sanitise_editor_pages(building, site.editor_pages)  # editors' HTML, whatever the engine
        if unsanitised:
            raise BuildFailed(unsanitised)
        write_search_index(building, site.search_index)  # a compact, accent-folded index instead of every page's full text
        clock.lap("mkdocs")
        broken_links = finish_site(building, portal, computed.changes, strict, paths.relative(output), jobs)  # robots.txt, sitemap dates, link check
        cms_warnings = write_portal_admin(building, portal)  # /quan-tri/: the editors' form (Decap CMS)
        clock.lap("post-build")
    return BuildReport(
        output=output,
        procedures=len(portal.catalogue.procedures),
        pages=pages,
        warnings=portal.warnings + cms_warnings,
        mkdocs_warnings=mkdocs_warnings,
        timings=clock.timings,
        broken_links=broken_links,
    )
