"""Render every planned page into the files handed to MkDocs. Pure: no disk writes."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Mapping

from jinja2 import Environment


from ..errors import BuildFailed, build_problem
from ..figures.published import PublishedStatistics
from ..paths import SHIPPED_PAGE_TEMPLATES, SHIPPED_TEMPLATES
from ..portal import Portal
from .environment import create_environment, render_page
from .formatting import Formatter
from .changes_pages import CatalogueChanges, plan_change_pages, plan_old_name_redirects
from .content_pages import content_marker, staged_page
from .navigation import build_nav
from .dossier_pages import OVERDUE_NOW, DistributionChart, plan_dossier_pages
from ..figures.open_tables import OpenTable
from .open_data import open_data_files, plan_open_data_page, table_files
from .page_plan import Page, duplicate_paths, plan_catalogue_pages
from .search_index import build_search_index, serialise
from .statistics_charts import TrendCharts
from .statistics_html import StatisticsHtml
from .statistics_pages import StatisticsContexts, period_url, plan_statistics_pages
from .theme_strings import theme_partials
from .ui_strings import Strings, load_strings

if TYPE_CHECKING:
    from ..pipeline import Computed


@dataclass(frozen=True)
class RenderedSite:
    docs: dict[str, bytes | Path]  # staged docs folder: generated pages + editors' content (assets by path)
    nav: list[Any] | None  # None when the portal's mkdocs.yml has its own nav
    theme: dict[str, bytes] = field(default_factory=dict)  # generated theme partials (render/theme_strings.py)
    # the editors' pages, by content marker → their file (post-build sanitises their HTML between the markers)
    editor_pages: dict[str, str] = field(default_factory=dict)
    search_index: bytes = b""  # tim-kiem/chi-muc.json (render/search_index.py), written after the engine


def render_each(pages: list[Page], shared: Mapping[str, Any], render: Callable[[Page], bytes]) -> dict[str, bytes]:
    """Every planned page rendered, by staged path (``shared``: the variables every page also sees)."""
    return {page.path: render(page) for page in pages}


@dataclass(frozen=True)
class RenderStages:
    """The units of work of render, as :func:`render_site` calls them. ``portal build`` uses these;
    ``portal serve`` renders again only what changed (``generator/preview/memo.py``)."""

    render_pages: Callable[[list[Page], Mapping[str, Any], Callable[[Page], bytes]], dict[str, bytes]] = render_each
    open_data_table: Callable[[OpenTable], dict[str, bytes]] = table_files  # one open-data table's files
    environment: Callable[[list[Path], Formatter], Environment] = create_environment  # (template folders, formatter)
    strings: Callable[[str, list[Path]], Strings] = load_strings  # (locale, folders to look in)


def plan_pages(portal: Portal, stats: PublishedStatistics | None, changes: CatalogueChanges, build_epoch: int) -> list[Page]:
    """Every page of the site (pure), checked for two pages at one address."""
    pages = plan_catalogue_pages(portal.catalogue, StatisticsContexts(stats, portal.catalogue))
    pages += plan_statistics_pages(stats, portal.catalogue, portal.settings.portal.ranking_min_resolved)
    pages += plan_dossier_pages(stats, portal.catalogue)
    pages.append(plan_open_data_page(stats, portal.catalogue))
    pages += plan_change_pages(portal.catalogue, changes, portal.settings.url, portal.settings.name, build_epoch)
    pages += plan_old_name_redirects(portal.catalogue, portal.history, [page.path for page in pages])  # never over a page
    duplicates = duplicate_paths(pages)
    if duplicates:
        raise BuildFailed([build_problem(
            "duplicate-page-address", f"Hai trang được tạo cùng địa chỉ {path}.",
            "Hai thủ tục hoặc trang có tên trùng nhau sau khi bỏ dấu; đổi tên một trong hai.") for path in duplicates])
    return pages


def _guide_urls(portal: Portal) -> dict[str, str | None]:
    available = {f.path: f.url for f in portal.content}
    guides = portal.settings.portal.guides
    return {name: available.get(path) for name, path in guides.model_dump().items()}


def page_environment(portal: Portal, stages: RenderStages = RenderStages(),
                     first_dirs: tuple[Path, ...] = ()) -> tuple[Environment, Strings]:
    """The Jinja2 environment of the portal's pages (``first_dirs``: templates looked up first, for tests)."""
    overrides = portal.paths.template_overrides
    strings = stages.strings(portal.settings.portal.locale, [overrides, SHIPPED_TEMPLATES])
    formatter = Formatter(strings, portal.settings.portal.locale)
    env = stages.environment([*first_dirs, overrides / "pages", SHIPPED_PAGE_TEMPLATES], formatter)
    env.filters.update(span=formatter.span, count=formatter.count, days=formatter.days, recent=formatter.recent)
    env.globals.update(period_url=period_url, trend_chart=TrendCharts(formatter),
                       statistics_html=StatisticsHtml(formatter, period_url))
    env.globals.update(distribution_chart=DistributionChart(formatter), overdue_now_url=OVERDUE_NOW)
    return env, strings


def render_site(portal: Portal, computed: "Computed", stages: RenderStages = RenderStages()) -> RenderedSite:
    """Render every page of ``portal`` from what the compute stage derived (:class:`generator.pipeline.Computed`)."""
    env, strings = page_environment(portal, stages)
    catalogue, stats, changes = portal.catalogue, computed.statistics, computed.changes
    shared = {
        "site": {
            "name": portal.settings.name,
            "description": portal.settings.description,
            "intro": portal.settings.portal.intro,
            "authority": portal.settings.portal.authority,
        },
        "agencies": catalogue.agencies,
        "procedure_counts": Counter(p.agency_id for p in catalogue.procedures),
        "guides": _guide_urls(portal),
        "guide_pages": [f for f in portal.content if f.title and f.path.endswith(".md") and "/" in f.path and not f.path.endswith("index.md")],
        "statistics": None,
        "change_history": changes.by_code,  # code → changes, newest first
    }
    pages = plan_pages(portal, stats, changes, computed.build_epoch)
    docs: dict[str, bytes | Path] = dict(stages.render_pages(pages, shared, lambda page: render_page(env, page, shared).encode("utf-8")))
    docs.update(open_data_files(computed.open_data, portal.settings.name, stages.open_data_table))
    editor_pages: dict[str, str] = {}
    for file in portal.content:
        docs[file.path] = staged_page(file) if file.meta is not None else file.source  # front matter: plain text
        if file.meta is not None:
            editor_pages[content_marker(file)] = file.path
    nav = None if portal.settings.has_own_nav else build_nav(strings, portal.content, has_statistics=stats is not None)
    search_index = serialise(build_search_index(catalogue, portal.content, strings))
    return RenderedSite(docs, nav, theme_partials(strings, portal.settings.portal), editor_pages, search_index)
