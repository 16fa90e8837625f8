"""The built pages lose the theme's blank lines and indentation and nothing else (generator/site/compact_html.py).

What a browser sees is compared with :mod:`html.parser`: the same tags, attributes and comments in the same
order, the text the same once its whitespace is collapsed as CSS ``white-space: normal`` does, and the text of
``pre``, ``textarea``, ``code``, ``script`` and ``style`` the same byte for byte.
"""

from __future__ import annotations

import itertools
import random

import re
from html.parser import HTMLParser
from pathlib import Path

from generator.site.compact_html import compact, compact_pages

RAW = {"pre", "textarea", "code", "script", "style"}
HTML_SPACE = re.compile("[ \t\n\f\r]+")

PAGE = """<!doctype html>
<html lang="vi">
  <head>
    <meta charset="utf-8">


    <title>
        Thủ tục   hành chính
    </title>
    <style>
      .a  { color: red; }

    </style>
  </head>
  <body>
    <!-- a comment
         with   its lines -->
    <nav   class="md-tabs"
           aria-label="Các mục chính">
      <ul>
        <li>   <a href="../">Trang chủ</a>   </li>

      </ul>
    </nav>
    <p>Lệ phí:\u00a0
      \u00a050.000 đồng, <code>mã   1.000002
        x</code>
      và <b>nộp</b>
      trực tuyến</p>
    <pre>
  giữ
      nguyên
    </pre>
    <textarea name="t">
   a

   b</textarea>
    <span title="hai
        dòng" data-x='một
   dòng'>text</span>
    <script type="application/ld+json">{"name": "x",

      "y":  1}</script>
    <PRE class="upper">
   giữ   cả
    </PRE>
  </body>
</html>
"""


class _Seen(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tokens: list[tuple] = []
        self._text: list[str] = []
        self._raw: list[str] = []

    def _flush(self) -> None:
        text = "".join(self._text)
        self._text = []
        if text:  # whitespace-only text too: ``a <b>`` is not ``a<b>``
            self.tokens.append(("raw", text) if self._raw else ("text", HTML_SPACE.sub(" ", text)))

    def handle_starttag(self, tag, attrs):
        self._flush()
        self.tokens.append(("start", tag, tuple(attrs)))
        if tag in RAW:
            self._raw.append(tag)

    def handle_startendtag(self, tag, attrs):
        self._flush()
        self.tokens.append(("start", tag, tuple(attrs)))

    def handle_endtag(self, tag):
        self._flush()
        if self._raw and self._raw[-1] == tag:
            self._raw.pop()
        self.tokens.append(("end", tag))

    def handle_data(self, data):
        self._text.append(data)

    def handle_comment(self, data):
        self._flush()
        self.tokens.append(("comment", data))

    def handle_decl(self, decl):
        self.tokens.append(("decl", decl))


def _seen(html: str) -> list[tuple]:
    parser = _Seen()
    parser.feed(html)
    parser.close()
    parser._flush()
    return parser.tokens


def test_only_whitespace_that_a_browser_collapses_is_taken_out():
    out = compact(PAGE)
    assert len(out) < len(PAGE) - 100
    assert _seen(out) == _seen(PAGE)
    # and exactly this: each run that holds a line break is one line feed; kept parts are as they were
    assert out == """<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<title>
Thủ tục   hành chính
</title>
<style>
      .a  { color: red; }

    </style>
</head>
<body>
<!-- a comment
         with   its lines -->
<nav   class="md-tabs"
aria-label="Các mục chính">
<ul>
<li>   <a href="../">Trang chủ</a>   </li>
</ul>
</nav>
<p>Lệ phí:\u00a0
\u00a050.000 đồng, <code>mã   1.000002
        x</code>
và <b>nộp</b>
trực tuyến</p>
<pre>
  giữ
      nguyên
    </pre>
<textarea name="t">
   a

   b</textarea>
<span title="hai
        dòng" data-x='một
   dòng'>text</span>
<script type="application/ld+json">{"name": "x",

      "y":  1}</script>
<PRE class="upper">
   giữ   cả
    </PRE>
</body>
</html>
"""


def test_compacting_twice_changes_nothing_more():
    assert compact(compact(PAGE)) == compact(PAGE)


def test_an_unclosed_comment_or_pre_keeps_the_rest_of_the_page():
    for page in ("<p>a</p>\n   <!-- open\n\n   <p>b</p>\n   ", "<p>a</p>\n   <pre>\n\n   b\n   "):
        head, _, rest = page.partition("\n   <")
        assert compact(page) == head + "\n<" + rest


def test_pages_are_compacted_in_place_and_others_left_alone(tmp_path: Path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "latin1.html").write_bytes("<p>\n   caf\xe9</p>".encode("latin-1"))
    (tmp_path / "data.json").write_text('{\n   "a": 1}', encoding="utf-8")
    (tmp_path / "link.html").symlink_to(tmp_path / "a" / "index.html")
    saved = compact_pages(tmp_path)
    assert (tmp_path / "a" / "index.html").read_text(encoding="utf-8") == compact(PAGE)
    assert saved == len(PAGE.encode("utf-8")) - len(compact(PAGE).encode("utf-8"))
    assert (tmp_path / "latin1.html").read_bytes() == "<p>\n   caf\xe9</p>".encode("latin-1")
    assert (tmp_path / "data.json").read_text(encoding="utf-8") == '{\n   "a": 1}'


def test_the_built_site_has_no_blank_lines_or_indentation_outside_kept_parts(built_sample: Path):
    kept = re.compile(r"<(pre|textarea|code|script|style)\b.*?</\1>|<!--.*?-->", re.S | re.I)
    pages = sorted(built_sample.rglob("*.html"))
    assert len(pages) > 50
    for page in pages:
        text = kept.sub("<kept>", page.read_text(encoding="utf-8"))
        assert not re.search("\n[ \t\f\r]*\n|\n[ \t\f\r]+|[ \t\f\r]+\n", text), page


def _runs_with_a_line_break_made_one(text: str) -> str:
    """The rule of the module's docstring, character by character."""
    out = []
    for is_space, run in itertools.groupby(text, key=lambda c: c in " \t\n\f\r"):
        run = "".join(run)
        out.append("\n" if is_space and "\n" in run else run)
    return "".join(out)


def test_text_outside_the_kept_parts_follows_the_rule_letter_by_letter():
    rng = random.Random(7)
    for _ in range(3000):
        text = "".join(rng.choice(["a", "đ", " ", "\t", "\n", "\r", "\f", "\xa0", "\u2003", "<b>"])
                       for _ in range(rng.randint(0, 40)))
        assert compact(text) == _runs_with_a_line_break_made_one(text), repr(text)
