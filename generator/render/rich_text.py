"""Editor-written Markdown → safe HTML: rendered with python-markdown, then sanitised by nh3.

Raw HTML in an editor's text is not trusted: python-markdown passes it through,
so nh3 removes scripts, event handlers, styles and any link whose scheme is not
http, https, mailto or tel (``javascript:``, ``data:`` in any letter case or
entity-encoded).
"""

from __future__ import annotations

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


def render_markdown(text: str) -> Markup:
    html = markdown.markdown(text, extensions=["sane_lists", "tables"], output_format="html")
    clean = nh3.clean(
        _demote_headings(html),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
    )
    return Markup(clean)
