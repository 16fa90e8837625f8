"""The staged copy of an editor's Markdown page: a front matter the generator writes itself.

MkDocs and Material print ``page.meta.title``, ``page.meta.description`` and
navigation titles without escaping them, and derive a page's title from its
first heading with ``striptags`` (which decodes ``&lt;`` back into ``<``). So
the editor's own front matter never reaches MkDocs: the staged page starts
with the plain-text values of :class:`~generator.load.content_meta.PageMeta`,
HTML-escaped and JSON-quoted (a JSON string is valid YAML), always with a
``title`` so that no title is ever taken from the heading's HTML. The body
follows unchanged (its HTML is sanitised by :mod:`generator.site.mkdocs_hooks`).
"""

from __future__ import annotations

import html
import json

from ..load.content_pages import ContentFile


def escaped(text: str) -> str:
    """Plain text as HTML text: what MkDocs may print as it is (``<`` → ``&lt;``, ``"`` → ``&quot;``)."""
    return html.escape(text, quote=True)


def _line(key: str, value: str) -> str:
    return f"{key}: {json.dumps(escaped(value), ensure_ascii=False)}\n"


def staged_page(file: ContentFile) -> bytes:
    meta = file.meta
    assert meta is not None and file.text is not None
    lines = ["---\n", _line("title", file.title or file.path.removesuffix(".md"))]
    if meta.description:
        lines.append(_line("description", meta.description))
    if meta.hide:
        lines.append(f"hide: {json.dumps(list(meta.hide))}\n")
    lines.append("---\n")
    return ("".join(lines) + meta.body).encode("utf-8")
