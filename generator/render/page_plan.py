"""What pages the site has: a pure plan of (file, template, context), no I/O.

The plan is computed from validated data only. Each entry names the Markdown
(or static HTML) file to stage for MkDocs, the URL MkDocs will give it, the
template that renders it and the page's own variables.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Mapping, Protocol

from ..collation import sort_key
from ..models import LEVEL_ORDER, Catalogue, Procedure
from .. import urls


@dataclass(frozen=True)
class Page:
    path: str  # file to stage, relative to the docs folder: "thu-tuc/x.md", "thu-tuc/1-001/index.html"
    template: str
    context: Mapping[str, Any] = field(default_factory=dict)

    @property
    def url(self) -> str:
        """The page's site-relative URL under MkDocs directory URLs."""
        if self.path == "index.md":
            return ""
        if self.path.endswith("/index.md") or self.path.endswith("/index.html"):
            return self.path.rsplit("/", 1)[0] + "/"
        return self.path.removesuffix(".md") + "/"


@dataclass(frozen=True)
class FieldGroup:
    slug: str
    name: str
    procedures: tuple[Procedure, ...]

    @property
    def url(self) -> str:
        return f"{urls.FIELDS}/{self.slug}/"


def _md(url: str) -> str:
    return url.rstrip("/") + ".md"


LIST_PAGE_SIZE = 100  # procedures per list page: ~35 KB of HTML, light enough for a phone


@dataclass(frozen=True)
class Pagination:
    """Where one page of a long list stands among the list's pages."""

    number: int  # 1-based
    urls: tuple[str, ...]  # every page of the list, the first at the list's own address
    first_item: int  # 1-based position of this page's first item in the whole list
    last_item: int
    total_items: int


def paginate(md_path: str, template: str, context: Mapping[str, Any], key: str,
             items: tuple, size: int = LIST_PAGE_SIZE) -> list[Page]:
    """A list page, split every ``size`` items: ``x.md`` (page 1, the list's address), ``x/trang-2.md``, …

    ``context[key]`` holds the page's items and ``context["pagination"]`` its :class:`Pagination`
    (None when the list fits on one page)."""
    chunks = [items[start:start + size] for start in range(0, len(items), size)] or [items]
    base = md_path.removesuffix(".md")
    paths = [md_path] + [f"{base}/trang-{number}.md" for number in range(2, len(chunks) + 1)]
    page_urls = tuple(Page(path, template).url for path in paths)
    pages = []
    for number, (path, chunk) in enumerate(zip(paths, chunks), start=1):
        first = (number - 1) * size + 1
        pagination = Pagination(number, page_urls, first, first + len(chunk) - 1, len(items)) if len(chunks) > 1 else None
        pages.append(Page(path, template, {**context, key: chunk, "pagination": pagination}))
    return pages


def group_by_field(procedures: tuple[Procedure, ...]) -> list[FieldGroup]:
    groups: dict[str, list[Procedure]] = defaultdict(list)
    for procedure in procedures:
        groups[urls.field_slug(procedure.field)].append(procedure)
    return sorted(
        (FieldGroup(slug, items[0].field, tuple(items)) for slug, items in groups.items()),
        key=lambda g: sort_key(g.name),
    )


def by_name(procedures) -> tuple[Procedure, ...]:
    """Procedures in Vietnamese alphabetical order of their names (same name: by code)."""
    return tuple(sorted(procedures, key=lambda p: (sort_key(p.name), p.code)))


class PageStatistics(Protocol):
    """The statistics shown on agency and procedure pages (None: nothing to show)."""

    def agency(self, agency_id: str) -> Mapping[str, Any] | None: ...

    def procedure(self, procedure: Procedure) -> Mapping[str, Any] | None: ...

    def home(self) -> Mapping[str, Any] | None: ...


def plan_catalogue_pages(catalogue: Catalogue, statistics: PageStatistics | None = None) -> list[Page]:
    """The catalogue's pages (home, A–Z and paged lists, each procedure, agency, field and level), as
    (template, context, path) records; pure."""
    procedures = by_name(catalogue.procedures)  # every list people read is in Vietnamese order
    fields = group_by_field(procedures)
    fully_online = tuple(p for p in procedures if p.fully_online and not p.abolished)
    postal = tuple(p for p in procedures if p.postal.available and not p.abolished)
    levels = [(level, tuple(p for p in procedures if p.level == level)) for level in LEVEL_ORDER]
    levels = [(level, items) for level, items in levels if items]
    counts = {
        "procedures": sum(1 for p in procedures if not p.abolished),
        "agencies": len(catalogue.agencies),
        "fully_online": len(fully_online),
        "postal": len(postal),
    }

    pages = [
        Page("index.md", "home.md.j2", {"counts": counts, "fields": fields, "levels": levels,
                                        "performance": statistics.home() if statistics else None}),
        Page(f"{urls.PROCEDURES}/index.md", "procedures_index.md.j2", {"counts": counts, "fields": fields, "levels": levels}),
        Page(f"{urls.AGENCIES}/index.md", "agencies_index.md.j2", {"agencies_by_level": _agencies_by_level(catalogue)}),
        Page(f"{urls.FIELDS}/index.md", "fields_index.md.j2", {"fields": fields}),
        Page(f"{urls.LEVELS}/index.md", "levels_index.md.j2", {"levels": levels}),
        Page(f"{urls.SEARCH}/index.md", "search.md.j2", {}),  # the site's own search (results by script)
    ]
    pages += paginate(urls.page_source(urls.FULLY_ONLINE_LIST), "procedure_list.md.j2", {"kind": "fully_online"},
                      "procedures", fully_online)
    pages += paginate(urls.page_source(urls.POSTAL_LIST), "procedure_list.md.j2", {"kind": "postal"},
                      "procedures", postal)
    for group in fields:
        pages += paginate(_md(group.url), "field.md.j2", {"group": group}, "procedures", group.procedures)
    for level, items in levels:
        pages += paginate(f"{urls.LEVELS}/{level}.md", "level.md.j2", {"level": level}, "procedures", items)
    for agency in catalogue.agencies.values():
        children = sorted(catalogue.children_of(agency.id), key=lambda a: sort_key(a.name))
        pages.append(
            Page(
                _md(urls.agency_url(agency.id)),
                "agency.md.j2",
                {"agency": agency, "procedures": by_name(catalogue.procedures_of(agency.id)), "children": children,
                 "statistics": statistics.agency(agency.id) if statistics else None},
            )
        )
    for procedure in procedures:
        url = urls.procedure_url(procedure.code, procedure.name)
        pages.append(Page(_md(url), "procedure.md.j2", {
            "procedure": procedure, "statistics": statistics.procedure(procedure) if statistics else None,
        }))
        if urls.procedure_permalink(procedure.code) != url:
            pages.append(
                Page(urls.procedure_permalink(procedure.code) + "index.html", "redirect.html.j2", {"target": url, "title": procedure.name})
            )
    return pages


def _agencies_by_level(catalogue: Catalogue) -> list[tuple[str, list]]:
    result = []
    for level in LEVEL_ORDER:
        agencies = [a for a in catalogue.agencies.values() if a.level == level]
        if agencies:
            result.append((level, sorted(agencies, key=lambda a: sort_key(a.name))))
    return result


def duplicate_paths(pages: list[Page]) -> list[str]:
    seen: set[str] = set()
    duplicates = []
    for page in pages:
        if page.path in seen:
            duplicates.append(page.path)
        seen.add(page.path)
    return duplicates
