"""Post-build: the editors' pages' HTML sanitised, by the generator's own stage and not by the engine.

Editors' own pages in ``content/`` are Markdown, and python-markdown passes any
raw HTML in them through unchanged. After the engine wrote the site, the HTML of
each editor's page between its two markers (``<!--portal-content:DIGEST-->`` …
``<!--/portal-content:DIGEST-->``, written by the theme's ``partials/content.html``
around the page's content) is sanitised with nh3 the same way procedure
descriptions are: no script, style or iframe, no event-handler or style attribute,
no ``javascript:``/``data:`` link in any letter case or entity encoding, and images
only from the site itself. Pages the generator writes are built from escaped
templates and carry no markers.

The digest (``render.content_pages.content_marker``) is a hash of the editor's file,
so an editor cannot write a marker of their own page into it. Every editor's page
must be found, with exactly one pair of markers: a theme or an engine that drops
them (MkDocs 2.0 and Zensical ignore hooks; a theme override could leave the
partial out) fails the build instead of publishing unsanitised HTML.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable
from urllib.parse import urlsplit

import nh3

from ..errors import Problem, build_problem

CONTENT_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del", "details", "div",
    "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd",
    "li", "mark", "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub", "summary", "sup", "table",
    "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}
GENERIC_ATTRIBUTES = {"class", "id", "title", "lang", "dir", "role", "aria-label", "aria-hidden", "aria-labelledby"}
CONTENT_ATTRIBUTES = {
    "*": GENERIC_ATTRIBUTES,
    "a": {"href"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "scope", "align"},
    "ol": {"start", "type"},
    "details": {"open"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def _same_site_images(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src":
        parts = urlsplit(value.strip())
        return None if parts.scheme or parts.netloc else value  # the site loads nothing from other hosts
    return value


def sanitise_content_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=CONTENT_TAGS,
        attributes=CONTENT_ATTRIBUTES,
        attribute_filter=_same_site_images,
        url_schemes=URL_SCHEMES,
        link_rel=None,
    )


MARKER = re.compile(r"<!--portal-content:([0-9a-f]{32})-->")


def sanitise_editor_pages(site_dir: Path, editor_pages: dict[str, str],
                           pages: Iterable[Path] | None = None) -> list[Problem]:
    """Sanitise, in place, the content of every built page that carries a marker of ``editor_pages``
    (digest → the editor's file). Returns a ``content-not-sanitised`` problem for each editor's page
    whose pair of markers was not found exactly once, alone in its page: that page cannot be published.
    ``pages``: the HTML files to look in (the preview passes the editors' pages' own; default: all)."""
    found: dict[str, int] = {}
    mixed: set[str] = set()  # in a page with the marker of another page (copied from a published page)
    for page in sorted(site_dir.rglob("*.html")) if pages is None else sorted(p for p in pages if p.is_file()):
        text = page.read_text(encoding="utf-8")
        digests = [d for d in MARKER.findall(text) if d in editor_pages]
        for digest in digests:
            found[digest] = found.get(digest, 0) + 1
        if len(digests) > 1:
            mixed.update(digests)
        elif digests:
            sanitised = _sanitised_between(text, digests[0])
            if sanitised is None:
                found[digests[0]] = 0  # no end marker after the start
            elif sanitised != text:
                page.write_text(sanitised, encoding="utf-8")
    problems = []
    for digest, path in sorted(editor_pages.items(), key=lambda item: item[1]):
        if digest in mixed:
            message = (f"Trang đã dựng của '{path}' chứa dấu vùng nội dung của một trang khác: "
                       "nội dung không thể được làm sạch nên trang không được xuất bản.")
            hint = "Xoá các chú thích <!--portal-content:…--> chép vào tệp Markdown."
        elif found.get(digest, 0) != 1:
            message = (f"Không tìm thấy đúng một vùng nội dung của trang '{path}' trong trang đã dựng "
                       f"({found.get(digest, 0)} vùng): nội dung không thể được làm sạch nên trang không được xuất bản.")
            hint = ("Giao diện ghi đè (thư mục theme) phải giữ partials/content.html của hệ thống, "
                    "với hai dấu <!--portal-content:…--> quanh nội dung trang.")
        else:
            continue
        problems.append(build_problem("content-not-sanitised", message, hint, file=path))
    return problems


def _sanitised_between(text: str, digest: str) -> str | None:
    """The page with its content sanitised, or None when the end marker does not follow the start once."""
    start, end = f"<!--portal-content:{digest}-->", f"<!--/portal-content:{digest}-->"
    head, _, rest = text.partition(start)
    if rest.count(end) != 1:
        return None
    body, _, tail = rest.partition(end)
    return head + start + sanitise_content_html(body) + end + tail
