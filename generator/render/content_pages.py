"""The staged copy of an editor's Markdown page: a front matter the generator writes itself.

MkDocs and Material print ``page.meta.title``, ``page.meta.description`` and
navigation titles without escaping them, and derive a page's title from its
first heading with ``striptags`` (which decodes ``&lt;`` back into ``<``). So
the editor's own front matter never reaches MkDocs: the staged page starts
with the plain-text values of :class:`~generator.load.content_meta.PageMeta`,
HTML-escaped and JSON-quoted (a JSON string is valid YAML), always with a
``title`` so that no title is ever taken from the heading's HTML. The body
follows unchanged; its HTML is sanitised after the engine ran, by the generator's own
post-build stage (:mod:`generator.site.content_sanitiser`), between two markers the theme
writes around the page's content. The markers carry ``portal_content``, a digest of the
staged page that the editor cannot know while writing it, so they cannot be forged.
"""

from __future__ import annotations

import hashlib
import html
import json

from ..load.content_pages import ContentFile


def escaped(text: str) -> str:
    """Plain text as HTML text: what MkDocs may print as it is (``<`` → ``&lt;``, ``"`` → ``&quot;``)."""
    return html.escape(text, quote=True)


def _line(key: str, value: str) -> str:
    return f"{key}: {json.dumps(escaped(value), ensure_ascii=False)}\n"


def content_marker(file: ContentFile) -> str:
    """The digest the theme writes around the page's content (``<!--portal-content:…-->``): a hash of the
    path and the whole editor's file, which no editor can put in the file it is the hash of."""
    assert file.text is not None
    return hashlib.sha256(f"{file.path}\0{file.text}".encode("utf-8")).hexdigest()[:32]


def staged_page(file: ContentFile) -> bytes:
    meta = file.meta
    assert meta is not None and file.text is not None
    lines = ["---\n", _line("title", file.title or file.path.removesuffix(".md"))]
    if meta.description:
        lines.append(_line("description", meta.description))
    if meta.hide:
        lines.append(f"hide: {json.dumps(list(meta.hide))}\n")
    lines.append(f"portal_content: {content_marker(file)}\n")  # the sanitiser's markers (theme partials/content.html)
    lines.append("---\n")
    return ("".join(lines) + meta.body).encode("utf-8")
