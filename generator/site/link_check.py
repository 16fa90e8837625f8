"""Check every internal link of a built site: files exist and ``#anchors`` exist in their page.

MkDocs' strict mode checks links written in Markdown only; the generated pages
are raw HTML with relative links, so after the build every ``*.html`` file is
parsed once (stdlib :mod:`html.parser`), collecting its ids and its links; then
each relative ``href``/``src`` is resolved against the set of built files and,
for a fragment, against the ids of the target page. One pass over the pages and
dictionary look-ups: linear in the size of the site.

External links (``https:``, ``mailto:``, ``tel:``, …) are not followed.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

LINK_ATTRIBUTES = {
    "a": ("href",), "link": ("href",), "area": ("href",),
    "img": ("src",), "script": ("src",), "iframe": ("src",), "source": ("src",),
    "audio": ("src",), "video": ("src", "poster"), "track": ("src",), "embed": ("src",),
}
# <link rel=…> values that name something to load or a page of this site.
_CHECKED_LINK_RELS = {"stylesheet", "icon", "shortcut", "canonical", "prev", "next", "alternate", "manifest", "preload"}


@dataclass(frozen=True)
class BrokenLink:
    page: str  # the page holding the link, relative to the site folder
    line: int
    target: str  # as written
    reason: str  # "missing" | "anchor"

    def format(self) -> str:
        what = "không có tệp/trang đích" if self.reason == "missing" else "không có mục (#…) này trong trang đích"
        return f"{self.page}:{self.line}: liên kết hỏng '{self.target}': {what}"


class _PageScan(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[int, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for key in ("id",) + (("name",) if tag == "a" else ()):
            if values.get(key):
                self.ids.add(values[key])  # type: ignore[arg-type]
        names = LINK_ATTRIBUTES.get(tag)
        if not names:
            return
        if tag == "link" and not (set((values.get("rel") or "").lower().split()) & _CHECKED_LINK_RELS):
            return
        for name in names:
            value = values.get(name)
            if value is not None:
                self.links.append((self.getpos()[0], value))

    handle_startendtag = handle_starttag


def _scan(path: Path) -> _PageScan:
    scan = _PageScan()
    scan.feed(path.read_text(encoding="utf-8", errors="replace"))
    scan.close()
    return scan


def _is_external(target: str) -> bool:
    parts = urlsplit(target)
    return bool(parts.scheme or parts.netloc)


def check_links(site_dir: Path) -> list[BrokenLink]:
    """Every broken internal link of the built site at ``site_dir`` (sorted by page and line)."""
    site_dir = Path(site_dir)
    files = {p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*") if p.is_file()}
    pages = sorted(f for f in files if f.endswith(".html"))
    scans = {page: _scan(site_dir / page) for page in pages}
    broken: list[BrokenLink] = []
    for page in pages:
        folder = posixpath.dirname(page)
        for line, target in scans[page].links:
            target_stripped = target.strip()
            if not target_stripped or _is_external(target_stripped):
                continue
            parts = urlsplit(target_stripped)
            path = unquote(parts.path)
            if path.startswith("/"):
                continue  # site-absolute: depends on where the site is served; MkDocs writes none
            if path:
                resolved = posixpath.normpath(posixpath.join(folder, path))
                if resolved == ".":
                    resolved = ""
                if resolved.startswith(".."):
                    broken.append(BrokenLink(page, line, target, "missing"))
                    continue
                if resolved not in files:  # a folder: its index.html (directory URLs)
                    resolved = posixpath.join(resolved, "index.html")
                if resolved not in files:
                    broken.append(BrokenLink(page, line, target, "missing"))
                    continue
            else:
                resolved = page
            fragment = unquote(parts.fragment)
            if fragment and resolved in scans and fragment not in scans[resolved].ids:
                broken.append(BrokenLink(page, line, target, "anchor"))
    return broken
