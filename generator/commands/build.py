"""``portal build``: the whole pipeline, one stage per line."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Problem
from ..figures.of_portal import portal_figures
from ..paths import SHIPPED_THEME, PortalPaths
from ..portal import read_portal
from ..render.site_files import render_site
from ..site.mkdocs_build import run_mkdocs
from ..site.post_build import finish_site
from ..site.publish import atomic_output, check_output_folder
from ..site.search_index import write_search_index
from ..site.sitemap import source_date_epoch
from ..site.staging import stage, staged_config, theme_files


@dataclass
class BuildReport:
    output: Path
    procedures: int
    pages: int
    warnings: list[Problem]
    mkdocs_warnings: list[str]
    timings: dict[str, float] = field(default_factory=dict)
    broken_links: list[str] = field(default_factory=list)  # internal links to nothing (an error with --strict)


class _Stopwatch:
    def __init__(self) -> None:
        self.timings: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, stage_name: str) -> None:
        now = time.perf_counter()
        self.timings[stage_name] = now - self._last
        self._last = now


def build(root: str | Path = ".", out: str | Path | None = None, strict: bool = False,
          dossiers: str | None = None, aggregates: str | None = None) -> BuildReport:
    """Validate the portal at ``root`` and publish its site to ``out`` (default ``root/site``).

    ``dossiers``: the dossier records' folder, glob or URL (default ``ROOT/dossiers/``); ``aggregates``: the
    folder ``portal aggregate`` wrote (default ``ROOT/.portal-cache/dossier-aggregates`` when it exists).

    Raises InvalidInput (editor errors) or BuildFailed; either way ``out`` is untouched.
    """
    paths = PortalPaths.at(root)
    output = Path(out).resolve() if out else paths.default_output
    check_output_folder(output, paths)
    clock = _Stopwatch()

    portal = read_portal(paths, strict=strict, dossiers=dossiers, aggregates=aggregates)  # load + validate everything first
    clock.lap("load+validate")
    figures = portal_figures(portal)  # compute statistics (pure pandas)
    clock.lap("statistics")
    site = render_site(portal, figures)  # render pages (pure)
    clock.lap("render")
    theme = theme_files([paths.template_overrides / "theme", SHIPPED_THEME])
    stage(paths, site.docs, theme, staged_config(paths, site.nav, strict))  # write only what changed
    clock.lap("stage")
    # MkDocs build, swapped in only on success; the build date is the last commit's (reproducible builds)
    with source_date_epoch(paths.root, portal.catalogue), atomic_output(output) as building:
        mkdocs_warnings = run_mkdocs(paths.staged_mkdocs_config, building)
        write_search_index(building, portal)  # a compact, accent-folded index instead of every page's full text
        clock.lap("mkdocs")
        broken_links = finish_site(building, portal, strict)  # robots.txt, sitemap dates, link check
        clock.lap("post-build")
    return BuildReport(
        output=output,
        procedures=len(portal.catalogue.procedures),
        pages=sum(1 for p in site.docs if p.endswith(".md")),
        warnings=portal.warnings,
        mkdocs_warnings=mkdocs_warnings,
        timings=clock.timings,
        broken_links=broken_links,
    )
