"""The site's own search index, built from the validated catalogue (no theme or engine inside).

Material's search plugin indexed the full text of every page (10–14 MB for 2,000
procedures) for a lunr worker whose message format the site had to patch. The
portal now owns the whole contract: this module writes the index, the browser
side (``assets/javascripts/portal-search.js``) reads and ranks it, and the
results page is ``tim-kiem/`` (:data:`generator.urls.SEARCH_PAGE`). The index
holds what citizens search for — each procedure's name, code, field, agency and
result; each agency; each editor's guide page by section — and nothing from
statistics tables.

Format (``tim-kiem/chi-muc.json``, :data:`generator.urls.SEARCH_INDEX`), compact
UTF-8 JSON::

    {"v": 1, "docs": [[url, title, kind, text], ...]}

- ``url``: site-relative address of the page (``thu-tuc/1-001193-dang-ky-khai-sinh/``),
  with ``#anchor`` for a guide section;
- ``title``: the name shown as the result's link, plain text (the browser inserts
  it as text, never as HTML);
- ``kind``: ``"p"`` procedure, ``"a"`` agency, ``"g"`` editor's page or section;
- ``text``: plain text searched with a lower weight and shown as the teaser
  (a procedure: ``code · field · agency · result``).

Order: editors' pages, agencies, procedures (ties keep this order). Words are
what :data:`WORD` matches: letters, marks and digits, with inner dots kept so
``1.001193`` and ``1.000948.H38`` stay one word. Citizens often type Vietnamese
without diacritics: the browser folds both the query and the index the same way
as :func:`fold` (NFC, lower case, ``đ`` → ``d``, marks dropped) when it loads the
index, so no folded copy is downloaded and the two sides can never disagree.
Ranking (browser): a word in the title counts far more than one in the text, a
whole word more than a prefix, rare words more than common ones, and a document
that has every word of the query above one that has some.

:func:`build_search_index` is pure (catalogue + content + the UI strings render read
once → the JSON document); render hands its bytes on in ``RenderedSite.search_index``,
and :func:`generator.site.post_build.write_search_index` writes them into the built site
(``portal build`` and ``portal serve`` alike).
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from typing import Any, Iterable

from ..load.content_pages import ContentFile
from ..models import Agency, Catalogue, Procedure
from .. import urls
from .ui_strings import Strings

FORMAT_VERSION = 1
PROCEDURE, AGENCY, GUIDE = "p", "a", "g"
# A word as the browser reads it (portal-search.js uses the same pattern).
WORD = re.compile(r"[^\W_]+(?:\.[^\W_]+)*")

GUIDE_SECTION_CHARS = 600  # text per guide section: enough to find it, small to download
RESULT_CHARS = 120  # a procedure's result, as far as it helps to find and recognise it


def fold(text: str) -> str:
    """Accent-folded lower case: ``Đăng ký khai sinh`` → ``dang ky khai sinh``.

    ``đ`` has no Unicode decomposition, so it is mapped first; then NFD splits
    every other letter from its marks, which are dropped.
    """
    text = text.replace("đ", "d").replace("Đ", "D")
    stripped = "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped).lower()


def words(text: str) -> list[str]:
    """The folded words of ``text`` as the browser sees them: ``Mã 1.001193.`` → ``['ma', '1.001193']``."""
    return WORD.findall(fold(text))


def _doc(location: str, title: str, kind: str, text: str) -> list[str]:
    return [location, title, kind, text]


def procedure_doc(p: Procedure, agency: Agency, t: Strings) -> list[str]:
    parts = [p.code, p.field, agency.name, _shorten(p.result, RESULT_CHARS)]
    if p.status != "active":
        parts.append(t.status[p.status])
    return _doc(urls.procedure_url(p.code, p.name), p.name, PROCEDURE, " · ".join(parts))


def agency_doc(agency: Agency, procedures: int, t: Strings) -> list[str]:
    parts = [t.levels[agency.level], t.agency.count.format(count=procedures)]
    if agency.address:
        parts.append(agency.address)
    return _doc(urls.agency_url(agency.id), agency.name, AGENCY, " · ".join(parts))


# --- editors' pages: Markdown → (heading, anchor, plain text) sections -------------------

_FRONT_MATTER = re.compile(r"\A---\s*\n.*?\n---\s*\n", re.DOTALL)
_FENCE = re.compile(r"^(```|~~~).*?^\1", re.DOTALL | re.MULTILINE)
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_ATTR_ID = re.compile(r"\s*\{[^}]*#([\w-]+)[^}]*\}\s*$")
_ATTR_LIST = re.compile(r"\s*\{:?[^}]*\}\s*$")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_TAG = re.compile(r"<[^>]+>")
_ADMONITION = re.compile(r'^\s*(?:!!!|\?\?\?\+?)\s*[\w-]+(?:\s+"([^"]*)")?\s*$')
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$", re.MULTILINE)
_EMPHASIS = re.compile(r"\*+|(?<!\w)_+|_+(?!\w)|`+")
_MARKUP = re.compile(r"[|>#]+|^\s*(?:[-+]|\d+\.)\s+", re.MULTILINE)
_SPACES = re.compile(r"\s+")


def _plain(markdown_text: str) -> str:
    text = _LINK.sub(r"\1", _TABLE_RULE.sub("", markdown_text))
    text = _TAG.sub(" ", text)
    text = _MARKUP.sub(" ", _EMPHASIS.sub("", text))
    return _SPACES.sub(" ", html.unescape(text)).strip()


def _inline_plain(heading: str) -> str:
    return _SPACES.sub(" ", _TAG.sub("", _LINK.sub(r"\1", heading)).replace("`", "").replace("**", "").replace("*", "")).strip()


def markdown_sections(text: str) -> list[tuple[str, str | None, str]]:
    """Split a Markdown page at its h1/h2 headings: ``(heading, anchor id, plain text)``.

    The first section (the page itself) has no anchor. Anchors are made as the
    site's ``toc`` extension makes them (``heading_slug``, ``_1`` for repeats,
    ``{#id}`` when given)."""
    text = _FENCE.sub("", _FRONT_MATTER.sub("", text))
    sections: list[tuple[str, str | None, list[str]]] = [("", None, [])]
    used: set[str] = set()
    for line in text.splitlines():
        heading = _HEADING.match(line)
        admonition = _ADMONITION.match(line)
        if heading:
            raw = heading.group(2)
            explicit = _ATTR_ID.search(raw)
            title = _inline_plain(_ATTR_LIST.sub("", raw))
            anchor = explicit.group(1) if explicit else urls.heading_slug(title)
            if not explicit:
                base, n = anchor, 0
                while anchor in used:
                    n += 1
                    anchor = f"{base}_{n}"
            used.add(anchor)
            level = len(heading.group(1))
            if level == 1 and len(sections) == 1 and not sections[0][0]:
                sections[0] = (title, None, sections[0][2])  # the page's own title
            elif level <= 2:
                sections.append((title, anchor, []))
            else:
                sections[-1][2].append(title)  # h3 and below stay in their section's text
        elif admonition:
            if admonition.group(1):
                sections[-1][2].append(admonition.group(1))
        else:
            sections[-1][2].append(line)
    return [(title, anchor, _plain("\n".join(lines))) for title, anchor, lines in sections]


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit].rstrip(" ,.;:") + " …"


def content_docs(page: ContentFile) -> list[list[str]]:
    """One document for the page, then one per ``##`` section."""
    if page.text is None:
        return []
    sections = markdown_sections(page.text)
    docs = []
    for n, (heading, anchor, body) in enumerate(sections):
        if n == 0:
            title = page.title or heading or page.path
            docs.append(_doc(page.url, title, GUIDE, _shorten(body, GUIDE_SECTION_CHARS)))
        elif heading:
            docs.append(_doc(f"{page.url}#{anchor}", heading, GUIDE, _shorten(body, GUIDE_SECTION_CHARS)))
    return docs


def build_search_index(catalogue: Catalogue, content: Iterable[ContentFile], t: Strings) -> dict[str, Any]:
    """The whole index: ``{"v": 1, "docs": [[url, title, kind, text], …]}`` (see the module docstring)."""
    docs: list[list[str]] = []
    for page in content:
        if page.path.endswith(".md"):
            docs += content_docs(page)
    counts: dict[str, int] = {}
    for procedure in catalogue.procedures:
        counts[procedure.agency_id] = counts.get(procedure.agency_id, 0) + 1
    for agency in catalogue.agencies.values():
        docs.append(agency_doc(agency, counts.get(agency.id, 0), t))
    for procedure in catalogue.procedures:
        docs.append(procedure_doc(procedure, catalogue.agencies[procedure.agency_id], t))
    return {"v": FORMAT_VERSION, "docs": docs}


def serialise(index: dict[str, Any]) -> bytes:
    """Compact UTF-8 JSON (``\\uXXXX`` escapes would triple the size of Vietnamese text)."""
    return json.dumps(index, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")
