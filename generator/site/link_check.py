"""Check every internal link of a built site: files exist and ``#anchors`` exist in their page.

MkDocs' strict mode checks links written in Markdown only; the generated pages
are raw HTML with relative links, so after the build every ``*.html`` file is
checked: each relative ``href``/``src`` is resolved against the set of built
files and, for a fragment, against the ids of the target page.

Speed matters (a 2,000-procedure site has ~4,000 HTML files and ~200,000 links),
so pages are not run through :mod:`html.parser` (7 s for that site) but scanned
with compiled regular expressions that follow its rules where they matter
(about 1 s):

* one left-to-right scan per page over comments, ``<script>``/``<style>``
  elements and the start tags that can hold a link; a comment or the content of
  a script/style element is consumed whole, so tags inside them do not count
  (``html.parser`` treats that content as text); a comment left open runs to
  the end of the page, as in browsers;
* attribute values quoted with ``"`` or ``'`` or unquoted, a ``>`` inside quotes
  does not end the tag; tag and attribute names are case-insensitive; character
  references (``&amp;``) are unescaped, then the path and fragment are
  percent-decoded;
* ids (``id`` on any element, ``name`` on ``<a>``) are looked up only for the
  fragments that links ask for (:class:`_Ids`); every page is read once, and a
  page is read a second time only when another page links to one of its anchors
  (anchors between pages are rare: none on the benchmark site; ``#section`` links
  into the same page are the common case and use the text in hand);
* each page is scanned on its own (:class:`LinkScanner`), so the pages can be
  scanned by several processes (:mod:`.page_pass`), and the anchors between pages
  are looked up at the end (:func:`broken_links`).

Everything else is set and dictionary look-ups: linear in the size of the site.
External links (``https:``, ``mailto:``, ``tel:``, ``data:``, ``javascript:``,
``//host``, …) are not followed; site-absolute paths (``/…``) are skipped
(MkDocs writes none). Links into MkDocs' and Material's assets are checked like
any other.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..errors import Problem, Severity

LINK_ATTRIBUTES = {
    "a": ("href",), "link": ("href",), "area": ("href",),
    "img": ("src",), "script": ("src",), "iframe": ("src",), "source": ("src",),
    "audio": ("src",), "video": ("src", "poster"), "track": ("src",), "embed": ("src",),
}
# <link rel=…> values that name something to load or a page of this site.
_CHECKED_LINK_RELS = {"stylesheet", "icon", "shortcut", "canonical", "prev", "next", "alternate", "manifest", "preload"}

# The attributes of a start tag: everything up to the first ``>`` outside quotes.
_ATTRS = r"""(?:"[^"]*"|'[^']*'|[^'">])*"""
_LINK_TAGS = "|".join(LINK_ATTRIBUTES)
# Comment (closed by ``--\s*>`` like html.parser's) | script/style with its raw text
# (not when self-closed: ``<script src=… />`` has no content) | a link-bearing start tag
# (the whole tag name: ``<a-b>`` is not ``<a>``). The leading ``<`` and the look-ahead on
# the next character let the regex engine skip the other tags (``</…>``, ``<div``) fast.
_TOKEN = re.compile(
    rf"""<(?=[!aAeEiIlLsStTvV])
       (?:!--.*?(?:--\s*>|\Z)
         |(script|style)(?=[\s/>])({_ATTRS})(?<!/)>.*?(?:</\1\s*>|\Z)
         |({_LINK_TAGS})(?=[\s/>])({_ATTRS})>)""",
    re.S | re.I | re.X,
)
# Comments and script/style elements (group 1: the start tag of a script/style, without its
# ``<``: it may hold an id).
_SKIPPED = re.compile(
    rf"""<(?=[!sS])(?:!--.*?(?:--\s*>|\Z)|((script|style)(?=[\s/>]){_ATTRS}(?<!/)>).*?(?:</\2\s*>|\Z))""",
    re.S | re.I,
)


def _keep_start_tag(match: re.Match[str]) -> str:
    return "<" + match[1] if match[1] else ""


# Any start tag: name and attributes.
_TAG = re.compile(rf"<([a-zA-Z][^\t\n\r\f />\x00]*)({_ATTRS})>")
_QUOTE = re.compile("[\"']")
# One attribute: name, then optionally ``=`` and a value quoted with " or ' or bare.
_ATTR = re.compile(r"""([^\s/>"'=][^\s/>=]*)(?:\s*=+\s*("[^"]*"|'[^']*'|[^\s>]*))?""")


@dataclass(frozen=True)
class BrokenLink:
    page: str  # the page holding the link, relative to the site folder
    line: int
    target: str  # as written
    reason: str  # "missing" | "anchor"

    def problem(self, site_folder: str, severity: Severity) -> Problem:
        """As a problem of the build stage; ``site_folder``: the published folder as editors see it."""
        what = "không có tệp/trang đích" if self.reason == "missing" else "không có mục (#…) này trong trang đích"
        code = "broken-link" if self.reason == "missing" else "broken-anchor"
        return Problem(f"{site_folder}/{self.page}", self.line, 0, code, f"Liên kết hỏng '{self.target}': {what}.",
                       hint="Sửa liên kết trong trang biên tập (content/) hoặc trong mô tả thủ tục dẫn tới trang này.",
                       severity=severity)


def _attributes(text: str) -> dict[str, str]:
    """A start tag's attributes: lower-case names, unquoted and unescaped values ("" for none); the last wins."""
    values: dict[str, str] = {}
    for name, value in _ATTR.findall(text):
        if value[:1] in ("'", '"'):
            value = value[1:-1]
        if "&" in value:
            value = unescape(value)
        values[name.lower()] = value
    return values


def _tag_links(tag: str, attrs: str) -> tuple[str, ...]:
    """The link values of one start tag of a link-bearing element."""
    tag = tag.lower()
    values = _attributes(attrs)
    if tag == "link" and not (set(values.get("rel", "").lower().split()) & _CHECKED_LINK_RELS):
        return ()
    return tuple(values[name] for name in LINK_ATTRIBUTES[tag] if name in values)


def _links(text: str, tags: dict[str, tuple[str, ...]] | None = None) -> list[tuple[int, str]]:
    """The ``(line, value)`` of every href/src/poster of the page, in document order.

    ``tags`` caches the links of a start tag by its text: most tags (navigation,
    assets) repeat from page to page.
    """
    if tags is None:
        tags = {}
    links: list[tuple[int, str]] = []
    line, position = 1, 0
    for match in _TOKEN.finditer(text):
        script, script_attrs, tag, attrs = match.groups()
        if tag:
            key = match[0]
        elif script and script.lower() == "script":
            tag, attrs, key = "script", script_attrs, "<script" + script_attrs
        else:
            continue  # a comment or a style element
        values = tags.get(key)
        if values is None:
            values = tags[key] = _tag_links(tag, attrs)
        if values:
            start = match.start()
            line += text.count("\n", position, start)
            position = start
            links.extend((line, value) for value in values)
    return links


def _tag_ids(tag: str, attrs: str, ids: set[str]) -> None:
    values = _attributes(attrs)
    if values.get("id"):
        ids.add(values["id"])
    if values.get("name") and tag.lower() == "a":
        ids.add(values["name"])


class _Ids:
    """The ids of one page (``id`` of any element, ``name`` of an ``<a>``), looked up one fragment at a time.

    Fast path: find the fragment as a whole attribute value (``"…"``, ``'…'``, ``=…``)
    in the page's text (comments, scripts and styles removed) and parse only the
    start tag around it. When no occurrence is such an id (a missing anchor, an id
    written with character references, or a tag it cannot place for sure: a quoted
    value holding ``<`` or ``>``), the exact path parses every start tag of the
    page, once.
    """

    MAX_TRIES = 8  # occurrences of one fragment tried before the exact path

    def __init__(self, text: str) -> None:
        self.clean = _SKIPPED.sub(_keep_start_tag, text)
        self.known: dict[str, bool] = {}
        self.all: set[str] | None = None

    def __contains__(self, fragment: str) -> bool:
        found = self.known.get(fragment)
        if found is None:
            found = self.known[fragment] = self._find(fragment)
        return found

    def _find(self, fragment: str) -> bool:
        if self.all is None:
            clean = self.clean
            for written in (f'"{fragment}"', f"'{fragment}'", f"={fragment}"):  # as a whole attribute value
                at = clean.find(written)
                for _ in range(self.MAX_TRIES):
                    if at == -1:
                        break
                    start = clean.rfind("<", 0, at)
                    tag = _TAG.match(clean, start) if start != -1 else None
                    # The tag holds the value, and nothing before it looks like an open quoted value.
                    if tag and tag.end() > at and not _QUOTE.search(clean, clean.rfind(">", 0, start) + 1, start):
                        ids: set[str] = set()
                        _tag_ids(tag[1], tag[2], ids)
                        if fragment in ids:
                            return True
                    at = clean.find(written, at + 1)
            self.all = set()
            for name, attrs in _TAG.findall(clean):
                _tag_ids(name, attrs, self.all)
        return fragment in self.all


def _split(target: str) -> tuple[str, str] | None:
    """``(path, fragment)`` of an internal link, percent-decoded; None for one not checked."""
    stripped = target.strip()
    if not stripped:
        return None
    parts = urlsplit(stripped)
    if parts.scheme or parts.netloc:
        return None  # external: https:, mailto:, tel:, data:, javascript:, //host/…
    path = unquote(parts.path)
    if path.startswith("/"):
        return None  # site-absolute: depends on where the site is served; MkDocs writes none
    return path, unquote(parts.fragment)


def read_page(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")


@dataclass
class PageLinks:
    """What one page's scan found: its broken links, and its links to #anchors of other pages (each with the
    link to report if the anchor is not there). ``ordinal``: the link's place in the page."""

    broken: list[tuple[int, BrokenLink]]
    elsewhere: list[tuple[str, str, int, BrokenLink]]  # (target page, fragment, ordinal, link)


def site_files(site_dir: Path) -> tuple[frozenset[str], list[str]]:
    """Every file of the built site (relative, ``/``-separated) and its pages, sorted."""
    files = frozenset(p.relative_to(site_dir).as_posix() for p in Path(site_dir).rglob("*") if p.is_file())
    return files, sorted(f for f in files if f.endswith(".html"))


class LinkScanner:
    """Scans pages one at a time against the site's files; remembers what pages repeat (links of the same
    start tag, the same targets)."""

    def __init__(self, files: frozenset[str]) -> None:
        self.files = files
        self.html_pages = frozenset(f for f in files if f.endswith(".html"))
        self._splits: dict[str, tuple[str, str] | None] = {}
        self._tags: dict[str, tuple[str, ...]] = {}

    def scan(self, page: str, text: str) -> PageLinks:
        folder = posixpath.dirname(page)
        found = PageLinks([], [])
        ids: _Ids | None = None
        resolved_paths: dict[str, str | None] = {}
        for ordinal, (line, target) in enumerate(_links(text, self._tags)):
            split = self._splits.get(target, False)
            if split is False:
                split = self._splits[target] = _split(target)
            if split is None:
                continue
            path, fragment = split
            if path:
                resolved = resolved_paths.get(path, False)
                if resolved is False:
                    resolved = resolved_paths[path] = self._resolve(folder, path)
                if resolved is None:
                    found.broken.append((ordinal, BrokenLink(page, line, target, "missing")))
                    continue
            else:
                resolved = page
            if not fragment or resolved not in self.html_pages:
                continue
            if resolved == page:
                if ids is None:
                    ids = _Ids(text)
                if fragment not in ids:
                    found.broken.append((ordinal, BrokenLink(page, line, target, "anchor")))
            else:
                found.elsewhere.append((resolved, fragment, ordinal, BrokenLink(page, line, target, "anchor")))
        return found

    def _resolve(self, folder: str, path: str) -> str | None:
        resolved = posixpath.normpath(f"{folder}/{path}" if folder else path)
        if resolved == ".":
            resolved = ""
        if resolved.startswith(".."):
            return None
        if resolved not in self.files:  # a folder: its index.html (directory URLs)
            resolved = f"{resolved}/index.html" if resolved else "index.html"
            if resolved not in self.files:
                return None
        return resolved


def broken_links(site_dir: Path, pages: list[str], scans: list[PageLinks]) -> list[BrokenLink]:
    """The broken links of the pages (``scans[i]`` is ``pages[i]``'s), by page, then document order: the
    anchors into other pages are looked up here, each target page read once."""
    broken = [((number, ordinal), link) for number, scan in enumerate(scans) for ordinal, link in scan.broken]
    into: dict[str, list[tuple[str, tuple[int, int], BrokenLink]]] = {}
    for number, scan in enumerate(scans):
        for target, fragment, ordinal, link in scan.elsewhere:
            into.setdefault(target, []).append((fragment, (number, ordinal), link))
    for target in sorted(into):  # anchors between pages are rare: these are the only second reads
        ids = _Ids(read_page(Path(site_dir) / target))
        broken.extend((key, link) for fragment, key, link in into[target] if fragment not in ids)
    broken.sort(key=lambda entry: entry[0])
    return [link for _, link in broken]


def check_links(site_dir: Path) -> list[BrokenLink]:
    """Every broken internal link of the built site at ``site_dir`` (sorted by page, then document order)."""
    files, pages = site_files(site_dir)
    scanner = LinkScanner(files)
    return broken_links(site_dir, pages, [scanner.scan(page, read_page(Path(site_dir) / page)) for page in pages])
