"""MkDocs hooks the generator adds to every build (see ``staging.staged_config``).

Editors' own pages in ``content/`` are Markdown, and python-markdown passes any
raw HTML in them through unchanged. Their rendered HTML is sanitised here with
nh3 the same way procedure descriptions are: no script, style or iframe, no
event-handler or style attribute, no ``javascript:``/``data:`` link in any
letter case or entity encoding, and images only from the site itself. Pages the
generator writes are built from escaped templates and are left as they are.

The site has its own search (``generator/site/search_index.py``, ``tim-kiem/``): Material's
search plugin, which an editors' ``mkdocs.yml`` may still list (MkDocs also adds it when
``plugins`` is not set), is turned off before it sets itself up, so no build indexes every
page's full text for an index nobody downloads, and Material shows no search dialog.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import nh3
from mkdocs.plugins import event_priority

from generator.urls import GENERATED_SECTIONS  # absolute: MkDocs loads hooks as plain files

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


SEARCH_PLUGINS = ("material/search", "search")


@event_priority(100)  # before the plugins' own on_config
def on_config(config):  # noqa: ANN001, ANN201 - MkDocs hook signature
    for name in SEARCH_PLUGINS:
        plugin = config.plugins.get(name)
        if plugin is not None and "enabled" in plugin.config:
            plugin.config.enabled = False
    return config


def is_editor_page(src_uri: str) -> bool:
    return src_uri != "index.md" and src_uri.split("/")[0] not in GENERATED_SECTIONS


def on_page_content(html: str, page, config, files) -> str:  # noqa: ARG001 - MkDocs hook signature
    return sanitise_content_html(html) if is_editor_page(page.file.src_uri) else html
