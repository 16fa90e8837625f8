"""Take out of the built pages the blank lines and indentation that a browser throws away.

The engine's theme templates are written for people to read, and their Jinja2 blocks leave blank
lines and indentation in every page: on the 2,000-procedure benchmark site 10.4 MB of its 89 MB of
HTML, mostly in the header and navigation repeated on each of its 4,400 pages.

A run of HTML whitespace (space, tab, line feed, form feed, carriage return) is rendered as one
space wherever CSS ``white-space`` collapses it, so a run that holds a line break is replaced by a
single line feed: the page renders as before and stays line by line, so that ``diff`` and the golden
files still read. Nothing else is changed — no tag, attribute or quote — and these are left exactly
as they are:

* the content of ``<pre>``, ``<textarea>``, ``<code>`` (Material shows code with ``white-space: pre``),
  ``<script>`` and ``<style>``, and comments;
* attribute values: a start tag with a line break inside a quoted value is kept whole;
* no-break spaces and other non-ASCII spaces, which HTML does not collapse.

Pages whose text is not UTF-8 are left as they are (the link check reports what it cannot read).
"""

from __future__ import annotations

import re
from pathlib import Path

_SPACE = " \t\f\r"  # HTML's ASCII whitespace but the line feed; not str's \s, which also takes U+00A0
_COMMENT_OR_RAW_TEXT = (
    r"<!--.*?(?:-->|\Z)",  # a comment, to its end (or the page's, as browsers do)
    r"<(?P<raw>pre|textarea|code|script|style)\b(?:\"[^\"]*\"|'[^']*'|[^'\">])*>.*?(?:</(?P=raw)[ \t\n\f\r]*>|\Z)",
)
# a start tag with a line break inside a quoted attribute value (scanning every tag for one costs
# more than the rest together, so it is looked for only on pages where _QUOTED_LINE_BREAK is found)
_TAG_WITH_QUOTED_LINE_BREAK = (
    r"<[a-zA-Z](?:\"[^\"]*\"|'[^']*'|[^'\">])*?(?:\"[^\"]*\n[^\"]*\"|'[^']*\n[^']*')(?:\"[^\"]*\"|'[^']*'|[^'\">])*>"
)
_KEPT = re.compile("|".join(_COMMENT_OR_RAW_TEXT), re.S | re.I)
_KEPT_WITH_TAGS = re.compile("|".join((*_COMMENT_OR_RAW_TEXT, _TAG_WITH_QUOTED_LINE_BREAK)), re.S | re.I)
_QUOTED_LINE_BREAK = re.compile(r"""=[ \t\n\f\r]*(?:"[^"]*\n|'[^']*\n)""")  # found in every such tag, and rarely elsewhere


def compact(html: str) -> str:
    """``html`` with every run of whitespace that holds a line break, outside the parts kept, made one ``\\n``."""
    kept_parts = _KEPT_WITH_TAGS if _QUOTED_LINE_BREAK.search(html) else _KEPT
    out, at = [], 0
    for kept in kept_parts.finditer(html):
        out.append(_compact_text(html[at:kept.start()]))
        out.append(kept.group())
        at = kept.end()
    out.append(_compact_text(html[at:]))
    return "".join(out)


def _compact_text(text: str) -> str:
    lines = text.split("\n")
    if len(lines) == 1:
        return text
    # the first and the last line keep their line feed, even when blank: they stand for the whitespace
    # run at the start or the end of the text, which may separate it from the kept part beside it
    inner = [line for line in (line.strip(_SPACE) for line in lines[1:-1]) if line]
    return "\n".join([lines[0].rstrip(_SPACE), *inner, lines[-1].lstrip(_SPACE)])


def compact_file(page: Path) -> int:
    """Compact one page in place (not a link, nor a page that is not UTF-8); the bytes saved."""
    if page.is_symlink() or not page.is_file():
        return 0
    data = page.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return 0
    smaller = compact(text).encode("utf-8")
    if len(smaller) >= len(data):
        return 0
    page.write_bytes(smaller)
    return len(data) - len(smaller)


def compact_pages(site_dir: Path) -> int:
    """Compact every ``*.html`` file under ``site_dir`` in place; the bytes saved."""
    return sum(compact_file(page) for page in sorted(site_dir.rglob("*.html")))
