"""The site's navigation: a few section index pages, never one entry per procedure.

Listing thousands of procedures in every page's sidebar makes builds quadratic
and pages megabytes (measured: 138 s and 1.5 GB for 2,000 pages), so the nav
holds the section indexes and the editors' guide pages only.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from ..load.content_pages import ContentFile
from .content_pages import escaped
from .. import urls
from .ui_strings import Strings


def build_nav(t: Strings, content: list[ContentFile], has_statistics: bool = False) -> list[Any]:
    """The site's navigation: the home page, the sections' index pages (never thousands of procedures),
    the statistics pages when there are statistics, and the editors' guide pages; labels from the strings file."""
    nav: list[Any] = [
        {t.sections.home: "index.md"},
        {t.sections.procedures: [
            f"{urls.PROCEDURES}/index.md",
            {t.sections.fully_online: urls.page_source(urls.FULLY_ONLINE_LIST)},
            {t.sections.postal: urls.page_source(urls.POSTAL_LIST)},
            {t.sections.fields: f"{urls.FIELDS}/index.md"},
            {t.sections.levels: f"{urls.LEVELS}/index.md"},
            {t.changes.title: f"{urls.CHANGES}/index.md"},
        ]},
        {t.sections.agencies: f"{urls.AGENCIES}/index.md"},
    ]
    if has_statistics:
        pages = t.statistics.pages
        nav.append({t.statistics.section: [
            f"{urls.STATISTICS}/index.md",
            {pages.ranking: f"{urls.STATISTICS}/xep-hang.md"},
            {pages.overdue: f"{urls.STATISTICS}/qua-han.md"},
            {pages.archive: urls.page_source(urls.STATISTICS_ARCHIVE)},
            {pages.method: urls.page_source(urls.STATISTICS_METHOD)},
        ]})
    nav.append({t.open_data.section: f"{urls.OPEN_DATA}/index.md"})
    return nav + _content_nav(t, content)


def _entry(page: ContentFile) -> Any:
    """MkDocs prints navigation titles as they are: an editor's (plain-text) label is escaped here."""
    return {escaped(page.nav_title): page.path} if page.nav_title and page.nav_title != page.title else page.path


def _content_nav(t: Strings, content: list[ContentFile]) -> list[Any]:
    """Editors' pages: each folder a section (its index.md first, labelled by its ``nav_title``),
    top-level pages together in an "about" section so the tabs stay few."""
    pages = [f for f in content if f.path.endswith(".md")]
    top = [_entry(f) for f in pages if "/" not in f.path]
    folders: dict[str, list[ContentFile]] = defaultdict(list)
    for page in pages:
        if "/" in page.path:
            folders[page.path.split("/")[0]].append(page)
    entries: list[Any] = []
    for folder, items in sorted(folders.items()):
        items.sort(key=lambda f: (not f.path.endswith("/index.md"), f.path))
        index = items[0] if items[0].path == f"{folder}/index.md" else None
        title = (index.nav_title if index else None) or folder.replace("-", " ").capitalize()
        entries.append({escaped(title): [_entry(f) for f in items]})
    if top:
        entries.append({t.sections.about: top})
    return entries
