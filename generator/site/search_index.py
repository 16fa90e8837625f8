"""A small search index built from the validated catalogue, replacing Material's.

Material's search plugin indexes the full text of every page: 10–14 MB for
2,000 procedures, which a phone downloads and turns into a lunr index on its
first search. This index holds what citizens search for instead — each
procedure's name, code, field, agency and result; each agency; each editor's
guide page by section — and nothing from statistics tables.

Citizens often type Vietnamese without diacritics ("dang ky khai sinh"), and
Material's search worker folds nothing, so every document also carries
accent-folded copies of its words (``đăng ký`` → ``dang ky``) in two extra
fields that are indexed but never shown: a query matches either the text as
written or its folded copy. Decomposed input (NFD) is normalised to NFC in the
browser by ``assets/javascripts/portal-search.js`` before Material reads it.

:func:`build_search_index` is pure (catalogue + content → the JSON document);
:func:`write_search_index` is the thin post-build step that swaps the file.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

from ..load.content_pages import ContentFile
from ..models import Agency, Catalogue, Procedure
from ..paths import SHIPPED_TEMPLATES
from .. import urls
from ..render.ui_strings import Strings, load_strings

if TYPE_CHECKING:
    from ..portal import Portal

SEARCH_INDEX = Path("search") / "search_index.json"

# Same as the sample mkdocs.yml: no "." so that codes like 1.001193 stay one token.
DEFAULT_SEPARATOR = r'[\s\-,:!=\[\]()"/]+'

# Boosts: a match in a name counts far more than one in the details; the folded
# copies weigh the same as the text they copy, so "dang ky" ranks like "đăng ký".
FIELDS = {
    "title": {"boost": 1000.0},
    "text": {"boost": 1.0},
    "folded_title": {"boost": 1000.0},
    "folded_text": {"boost": 1.0},
}

AGENCY_BOOST = 1.5
GUIDE_SECTION_CHARS = 600
RESULT_CHARS = 120  # a procedure's result, as far as it helps to find and recognise it  # teaser length per guide section: enough to find it, small to download


def fold(text: str) -> str:
    """Accent-folded lower case: ``Đăng ký khai sinh`` → ``dang ky khai sinh``.

    ``đ`` has no Unicode decomposition, so it is mapped first; then NFD splits
    every other letter from its marks, which are dropped.
    """
    text = text.replace("đ", "d").replace("Đ", "D")
    stripped = "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped).lower()


def folded_words(text: str, separator: re.Pattern[str]) -> str:
    """The folded words that differ from the words as written, each once.

    Words without diacritics already match as written, and repeating a word
    would only raise its weight (lunr counts term frequency).
    """
    seen: dict[str, None] = {}
    for word in separator.split(text):
        if not word:
            continue
        folded = fold(word)
        if folded != word.lower():
            seen.setdefault(folded, None)
    return " ".join(seen)


def _title_boost(name: str, separator: re.Pattern[str]) -> float:
    """A slight preference for short names, so "Đăng ký khai sinh" outranks
    "Đăng ký lại khai sinh" and names that repeat the query's words.

    Material's lunr index ignores field length (``b = 0``); this small document
    boost (1.03–1.25) only separates near-ties, never a better match."""
    words = max(1, sum(1 for w in separator.split(name) if w))
    return round(1 + 1 / words, 2)


def _doc(location: str, title: str, text: str, separator: re.Pattern[str], boost: float | None = None) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "location": location,
        # Material inserts title and text as HTML: escape everything that came from an editor.
        "title": html.escape(title, quote=False),
        "text": html.escape(text, quote=False),
    }
    folded_title = folded_words(title, separator)
    folded_text = folded_words(text, separator)
    if folded_title:
        doc["folded_title"] = folded_title
    if folded_text:
        doc["folded_text"] = folded_text
    if boost is not None and boost != 1:
        doc["boost"] = boost
    return doc


def procedure_doc(p: Procedure, agency: Agency, t: Strings, separator: re.Pattern[str]) -> dict[str, Any]:
    parts = [p.code, p.field, agency.name, _shorten(p.result, RESULT_CHARS)]
    if p.status != "active":
        parts.append(t.status[p.status])
    return _doc(urls.procedure_url(p.code, p.name), p.name, " · ".join(parts), separator, _title_boost(p.name, separator))


def agency_doc(agency: Agency, procedures: int, t: Strings, separator: re.Pattern[str]) -> dict[str, Any]:
    parts = [t.levels[agency.level], t.agency.count.format(count=procedures)]
    if agency.address:
        parts.append(agency.address)
    # An agency's name also appears in each of its procedures: lift the agency's own page.
    return _doc(urls.agency_url(agency.id), agency.name, " · ".join(parts), separator, AGENCY_BOOST)


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


def content_docs(page: ContentFile, separator: re.Pattern[str]) -> list[dict[str, Any]]:
    """One document for the page, then one per ``##`` section (Material groups them)."""
    if page.text is None:
        return []
    sections = markdown_sections(page.text)
    docs = []
    for n, (heading, anchor, body) in enumerate(sections):
        if n == 0:
            title = page.title or heading or page.path
            docs.append(_doc(page.url, title, _shorten(body, GUIDE_SECTION_CHARS), separator))
        elif heading:
            docs.append(_doc(f"{page.url}#{anchor}", heading, _shorten(body, GUIDE_SECTION_CHARS), separator))
    return docs


def build_search_index(
    catalogue: Catalogue,
    content: Iterable[ContentFile],
    t: Strings,
    config: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The whole index as Material's worker reads it: ``{"config": …, "docs": […]}``.

    ``config`` is the search configuration MkDocs wrote (language, separator,
    pipeline); its fields are replaced with ours."""
    config = dict(config or {})
    config.setdefault("separator", DEFAULT_SEPARATOR)
    # No stemmer, trimmer or stop words: lunr has none for Vietnamese (lunr.vi only drops
    # four words), and the English ones it would otherwise keep on the query side turn
    # "giay" into "giai". With "en" the worker also downloads no language scripts.
    config.update(lang=["en"], pipeline=[], fields=FIELDS)
    separator = re.compile(config.get("separator") or DEFAULT_SEPARATOR)
    docs: list[dict[str, Any]] = []
    for page in content:
        if page.path.endswith(".md"):
            docs += content_docs(page, separator)
    counts: dict[str, int] = {}
    for procedure in catalogue.procedures:
        counts[procedure.agency_id] = counts.get(procedure.agency_id, 0) + 1
    for agency in catalogue.agencies.values():
        docs.append(agency_doc(agency, counts.get(agency.id, 0), t, separator))
    for procedure in catalogue.procedures:
        docs.append(procedure_doc(procedure, catalogue.agencies[procedure.agency_id], t, separator))
    return {"config": config, "docs": docs}


def serialise(index: dict[str, Any]) -> bytes:
    """Compact UTF-8 JSON (``\\uXXXX`` escapes would triple the size of Vietnamese text)."""
    return json.dumps(index, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")


def write_search_index(site_dir: Path, portal: "Portal") -> int:
    """Replace Material's ``search/search_index.json`` in a built site; return its size in bytes.

    Keeps the search configuration MkDocs wrote (from mkdocs.yml's ``search``
    plugin); does nothing when the portal turned search off."""
    target = site_dir / SEARCH_INDEX
    if not target.is_file():
        return 0
    config = json.loads(target.read_text(encoding="utf-8")).get("config")
    t = load_strings(portal.settings.portal.locale, [portal.paths.template_overrides, SHIPPED_TEMPLATES])
    data = serialise(build_search_index(portal.catalogue, portal.content, t, config))
    target.write_bytes(data)
    return len(data)
