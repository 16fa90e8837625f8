"""MkDocs' page work in shares, for :mod:`.parallel_build` (the parent) and :mod:`.page_worker` (the workers).

``mkdocs build`` spends nine tenths of its time on two loops over the pages: reading and converting each
page's Markdown (on the 2,000-procedure benchmark 19.5 of 23 s, most of it in Python-Markdown's
pure-Python HTML parser going over the statistics tables) and rendering each page's theme template
(3.4 s). Both are per page; what one page needs of the others is known: their titles, front matter and
tables of contents (the navigation, previous/next links), and for the anchor check their anchors and the
anchors they link to. So several processes can each convert and render a share of the pages, once they
exchange those small states between the two loops; every page is still rendered by MkDocs' own
functions, with MkDocs' own navigation, so the output is the same bytes.

These functions mirror ``mkdocs.commands.build.build`` (MkDocs 1.6, which ProperDocs keeps) step by step,
and use its page functions; :func:`engine_supports_shares` checks that they are there, and the build runs
MkDocs' own ``build`` when they are not, or when a plugin is configured (a plugin may keep state across
pages, which shares would split).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from mkdocs.commands import build as mkdocs_build_module
from mkdocs.structure.files import Files, InclusionLevel, set_exclusions
from mkdocs.structure.nav import Navigation, get_navigation
from mkdocs.structure.pages import Page

_PAGE_FUNCTIONS = ("_populate_page", "_build_page", "_build_theme_template", "_build_extra_template")


def engine_supports_shares(config: Any) -> bool:
    """MkDocs' page functions are where this module expects them, and no plugin is configured."""
    return all(callable(getattr(mkdocs_build_module, name, None)) for name in _PAGE_FUNCTIONS) \
        and len(config.plugins) == 0


@dataclass
class SiteFrame:
    """What every process derives alike from the config before any page is read."""

    config: Any
    files: Files
    env: Any  # the theme's Jinja2 environment
    nav: Navigation
    pages: list[Page]  # the documentation pages, in MkDocs' order


def site_frame(config: Any) -> SiteFrame:
    """``build``'s steps up to reading the pages (the site folder is cleaned by the parent alone)."""
    config = config.plugins.on_config(config)
    config.plugins.on_pre_build(config=config)
    files = mkdocs_build_module.get_files(config)
    env = config.theme.get_env()
    files.add_files_from_theme(env, config)
    files = config.plugins.on_files(files, config=config)
    set_exclusions(files, config)
    nav = config.plugins.on_nav(get_navigation(files, config), config=config, files=files)
    pages = []
    for file in files.documentation_pages(inclusion=InclusionLevel.is_included):
        if file.page is None and file.inclusion.is_not_in_nav():
            Page(None, file, config)
        pages.append(file.page)
    return SiteFrame(config, files, env, nav, pages)


class RecordCapture(logging.Handler):
    """MkDocs' warnings, kept as (level, logger name, message) to be logged again in the build's order."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[tuple[int, str, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.levelno, record.name, record.getMessage()))

    def take(self) -> list[tuple[int, str, str]]:
        records, self.records = self.records, []
        return records


def log_again(records: list[tuple[int, str, str]]) -> None:
    for level, name, message in records:
        logging.getLogger(name).log(level, message)


def page_state(page: Page) -> dict[str, Any]:
    """What the other processes need of a converted page (not its HTML)."""
    links = page.links_to_anchors
    return {
        "meta": page.meta,
        "title": page._title_from_render,
        "toc": page.toc,
        "anchors": page.present_anchor_ids,
        "links": None if links is None else {target.src_uri: found for target, found in links.items()},
    }


def take_state(page: Page, state: dict[str, Any], files: Files) -> None:
    """Make ``page`` look converted to the navigation and the anchor check, as in a single build."""
    page.markdown = ""  # not None: ``Page.title`` reads the front matter and the rendered title
    page.meta = state["meta"]
    page._title_from_render = state["title"]
    page.toc = state["toc"]
    page.present_anchor_ids = state["anchors"]
    if state["links"] is not None:
        page.links_to_anchors = {files.get_file_from_path(uri): found for uri, found in state["links"].items()}


def convert_pages(frame: SiteFrame, indexes: list[int], capture: RecordCapture) -> dict[int, tuple[dict, list]]:
    """Read and convert the pages at ``indexes``: each one's state and warnings."""
    done = {}
    for index in indexes:
        mkdocs_build_module._populate_page(frame.pages[index], frame.config, frame.files)
        done[index] = (page_state(frame.pages[index]), capture.take())
    return done


def ready_to_render(frame: SiteFrame) -> None:
    """``build``'s step between the two loops that every process takes: the ``env`` plugin event."""
    frame.env = frame.config.plugins.on_env(frame.env, config=frame.config, files=frame.files)


def render_pages(frame: SiteFrame, indexes: list[int], capture: RecordCapture) -> dict[int, list]:
    """Render and write the pages at ``indexes`` (converted here): each one's warnings."""
    doc_files = frame.files.documentation_pages(inclusion=InclusionLevel.is_included)
    done = {}
    for index in indexes:
        page = frame.pages[index]
        mkdocs_build_module._build_page(page, frame.config, doc_files, frame.nav, frame.env,
                                        excluded=page.file.inclusion.is_excluded())
        done[index] = capture.take()
    return done
