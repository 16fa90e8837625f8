"""Editor-written Markdown → safe HTML: rendered with python-markdown, then sanitised by nh3.

Raw HTML in an editor's text is not trusted: python-markdown passes it through,
so nh3 removes scripts, event handlers, styles and any link whose scheme is not
http, https, mailto or tel (``javascript:``, ``data:`` in any letter case or
entity-encoded). A link left without an address (its ``javascript:`` href removed)
is unwrapped to its text: ``<a>`` without ``href`` is invalid HTML and no link.
"""

from __future__ import annotations

from functools import lru_cache
from html.parser import HTMLParser

import markdown
import nh3
from markupsafe import Markup

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "u", "ul", "ol", "li", "a", "blockquote",
    "code", "pre", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "hr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}, "td": set()}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}


def _demote_headings(html: str) -> str:
    # Editors' "#" headings sit inside a page section: h1/h2 would break the outline.
    for level in (2, 1):
        html = html.replace(f"<h{level}>", "<h3>").replace(f"</h{level}>", "</h3>")
    return html


class _LinkUnwrapper(HTMLParser):
    """Re-emits sanitised HTML as written, dropping the tags of ``<a>`` elements without ``href``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []
        self._links: list[bool] = []  # for each open <a>: was it kept?

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            keep = any(name == "href" and value for name, value in attrs)
            self._links.append(keep)
            if not keep:
                return
        self.out.append(self.get_starttag_text())

    def handle_startendtag(self, tag, attrs):
        self.out.append(self.get_starttag_text())

    def handle_endtag(self, tag):
        if tag == "a" and self._links and not self._links.pop():
            return
        self.out.append(f"</{tag}>")

    def handle_data(self, data):
        self.out.append(data)

    def handle_entityref(self, name):
        self.out.append(f"&{name};")

    def handle_charref(self, name):
        self.out.append(f"&#{name};")


def _unwrap_links_without_href(html: str) -> str:
    if "<a" not in html:
        return html
    parser = _LinkUnwrapper()
    parser.feed(html)
    parser.close()
    return "".join(parser.out)


_MARKDOWN = markdown.Markdown(extensions=["sane_lists", "tables"], output_format="html")


@lru_cache(maxsize=4096)
def render_markdown(text: str) -> Markup:
    """Sanitised HTML of an editor's Markdown (the same text on many pages is converted once; one converter,
    reset for each text, instead of a new one with its extensions each time)."""
    html = _MARKDOWN.reset().convert(text)
    clean = nh3.clean(
        _demote_headings(html),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
    )
    return Markup(_unwrap_links_without_href(clean))
