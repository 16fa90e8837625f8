"""The post-build link checker: every relative href/src resolves to a built file, every #anchor to an id."""

from __future__ import annotations

import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

from generator.errors import Severity
from generator.commands.build import build
from generator.site.link_check import _CHECKED_LINK_RELS, LINK_ATTRIBUTES, _Ids, _links, check_links

PAGE = """<!doctype html><html><head><link rel="stylesheet" href="{css}"><link rel="canonical" href="https://x.vn/">
</head><body id="top">{body}</body></html>"""


def write(site: Path, rel: str, body: str = "", css: str = "assets/site.css") -> None:
    target = site / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(PAGE.format(body=body, css=css), encoding="utf-8")


def test_broken_files_and_anchors_are_found(tmp_path: Path):
    site = tmp_path / "site"
    write(site, "index.html", """
<a href="a/">ok</a> <a href="a/index.html#muc-1">ok</a> <a href="a/#muc-1">ok</a> <a href="#top">ok</a>
<a href="thu-tuc/%C4%91/">ok, percent-encoded</a> <a href="feed.xml">ok, a file</a> <a href="a">ok, folder</a>
<a href="https://dichvucong.gov.vn/">external</a> <a href="mailto:a@b.vn">mail</a> <a href="tel:0200">tel</a>
<a href="b/">missing page</a>
<a href="a/#khong-co">missing anchor</a>
<a href="#khong-co">missing anchor here</a>
<img src="anh.png" alt="">
<a href="../../ngoai/">outside the site</a>
""")
    write(site, "a/index.html", '<h2 id="muc-1">Mục 1</h2><a name="cu">x</a><a href="../#top">ok</a><a href="../index.html#cu">bad</a>', css="../assets/site.css")
    write(site, "thu-tuc/đ/index.html", "", css="../../assets/site.css")
    (site / "feed.xml").write_text("<feed/>", encoding="utf-8")
    (site / "assets").mkdir()
    (site / "assets" / "site.css").write_text("", encoding="utf-8")

    broken = [(b.page, b.target, b.reason) for b in check_links(site)]
    assert broken == [
        ("a/index.html", "../index.html#cu", "anchor"),
        ("index.html", "b/", "missing"),
        ("index.html", "a/#khong-co", "anchor"),
        ("index.html", "#khong-co", "anchor"),
        ("index.html", "anh.png", "missing"),
        ("index.html", "../../ngoai/", "missing"),
    ]
    problem = check_links(site)[1].problem("site", Severity.WARNING)
    assert problem.format() == (
        "site/index.html:6: cảnh báo [broken-link] Liên kết hỏng 'b/': không có tệp/trang đích.\n"
        "    → Cách sửa: Sửa liên kết trong trang biên tập (content/) hoặc trong mô tả thủ tục dẫn tới trang này."
    )
    assert check_links(site)[0].problem("site", Severity.ERROR).code == "broken-anchor"


def broken_of(site: Path) -> list[tuple[str, int, str, str]]:
    return [(b.page, b.line, b.target, b.reason) for b in check_links(site)]


def test_links_in_scripts_styles_and_comments_do_not_count(tmp_path: Path):
    site = tmp_path / "site"
    write(site, "index.html", """
<!-- <a href="trong-chu-thich/">a commented-out link</a> -->
<script>document.write('<a href="trong-script/">x</a>'); var s = "<img src='khong.png'>";</script>
<SCRIPT type="text/template"><a href="script-hoa/">x</a></SCRIPT >
<style>a[href="trong-style/"]::after { content: "<a href='x/'>"; }</style>
<script src="thieu.js"></script>
<p id="sau-script">after the scripts</p><a href="#sau-script">ok</a>
<!-- <p id="chi-trong-chu-thich"></p> --><a href="#chi-trong-chu-thich">anchor only in a comment</a>
<script>var html = '<h2 id="chi-trong-script">';</script><a href="#chi-trong-script">anchor only in a script</a>
<script id="co-id" src="assets/site.css"></script><a href="#co-id">ok: the id of a script element</a>
<!-- a comment left open runs to the end of the page, as in browsers <a href="sau-chu-thich-mo/">x</a>
""")
    (site / "assets").mkdir()
    (site / "assets" / "site.css").write_text("", encoding="utf-8")
    assert broken_of(site) == [  # line 1 is the <head>
        ("index.html", 7, "thieu.js", "missing"),
        ("index.html", 9, "#chi-trong-chu-thich", "anchor"),
        ("index.html", 10, "#chi-trong-script", "anchor"),
    ]


def test_quoting_entities_case_and_percent_encoding(tmp_path: Path):
    site = tmp_path / "site"
    write(site, "index.html", """
<a href='a/'>ok, single quotes</a> <a href=a/>ok, unquoted</a> <a href = "a/" >ok, spaces</a>
<a href='b/'>missing, single quotes</a>
<a href=b/index.html class=x>missing, unquoted</a>
<A HREF="a/#MUC">ok, upper-case tag and attribute names</A> <a href="a/#muc">missing anchor: ids are case-sensitive</a>
<a title="a > b" href="a/#muc-1">ok, ">" inside quotes</a> <a title='say "hi"' href="c/">missing, after a quoted quote</a>
<a href="a/?x=1&amp;y=2#muc-1">ok, &amp;amp; in the query</a> <a href="a/#x&amp;y">ok, &amp;amp; in the fragment</a>
<a href="d&amp;e.html">ok, &amp;amp; in the file name</a> <a href="d&e.html">ok, a bare &amp;</a> <a href="d&amp;f.html">missing</a>
<a href="th%E1%BB%A7-t%E1%BB%A5c/%C4%91%E1%BA%A5t-%C4%91ai/">ok, percent-encoded Vietnamese</a>
<a href="thủ-tục/đất-đai/#m%E1%BB%A5c-l%E1%BB%A5c">ok, encoded fragment</a> <a href="thủ-tục/đất-đai/#mục-lục">ok</a>
<a href="th%E1%BB%A7-t%E1%BB%A5c/%C4%91%E1%BA%A5t/">missing, percent-encoded</a>
<a href="thủ-tục/đất-đai/#m%E1%BB%A5c">missing anchor, encoded</a>
<a href="#">ok, top</a> <a href="">ok, empty</a> <a href="?trang=2">ok, the page itself</a> <a href="/tuyet-doi/">skipped, site-absolute</a>
""")
    write(site, "a/index.html", '<h2 id="muc-1">x</h2><i id="x&amp;y"></i><h3 ID="MUC">upper-case attribute name</h3>', css="../assets/site.css")
    write(site, "thủ-tục/đất-đai/index.html", '<h2 id="mục-lục">Mục lục</h2>', css="../../assets/site.css")
    (site / "d&e.html").write_text("", encoding="utf-8")
    (site / "assets").mkdir()
    (site / "assets" / "site.css").write_text("", encoding="utf-8")
    assert broken_of(site) == [
        ("index.html", 4, "b/", "missing"),
        ("index.html", 5, "b/index.html", "missing"),
        ("index.html", 6, "a/#muc", "anchor"),
        ("index.html", 7, "c/", "missing"),
        ("index.html", 9, "d&f.html", "missing"),
        ("index.html", 12, "th%E1%BB%A7-t%E1%BB%A5c/%C4%91%E1%BA%A5t/", "missing"),
        ("index.html", 13, "thủ-tục/đất-đai/#m%E1%BB%A5c", "anchor"),
    ]


def test_external_links_are_not_followed(tmp_path: Path):
    site = tmp_path / "site"
    write(site, "index.html", """
<a href="https://dichvucong.gov.vn/khong-co/">https</a> <a href="http://x.vn/">http</a> <a href="HTTPS://X.VN/">upper</a>
<a href="mailto:a@b.vn">mail</a> <a href="tel:+842000">tel</a> <a href="javascript:void(0)">js</a>
<img src="data:image/png;base64,iVBORw0KGgo=" alt=""> <script src="//cdn.example.com/x.js"></script>
<link rel="preconnect" href="khong-kiem/"> <link rel="dns-prefetch" href="khong-kiem-2/">
<a href="khong-co/">the only broken link</a>
""", css="https://cdn.example.com/site.css")
    assert broken_of(site) == [("index.html", 7, "khong-co/", "missing")]


def test_anchors_between_pages_in_both_directions(tmp_path: Path):
    site = tmp_path / "site"
    # "a" is scanned before "z": anchors into "z" wait for it, anchors into "a" are checked at the end.
    write(site, "a/index.html", '<h2 id="a-1">a</h2><a href="../z/#z-1">ok</a><a href="../z/#z-2">missing</a>', css="../s.css")
    write(site, "z/index.html", '<h2 id="z-1">z</h2><a href="../a/#a-1">ok</a><a href="../a/#a-2">missing</a>', css="../s.css")
    write(site, "index.html", '<a name="ten">x</a><a href="#ten">ok</a><meta name="meta"><a href="#meta">not an anchor</a>', css="s.css")
    (site / "s.css").write_text("", encoding="utf-8")
    assert broken_of(site) == [
        ("a/index.html", 2, "../z/#z-2", "anchor"),
        ("index.html", 2, "#meta", "anchor"),
        ("z/index.html", 2, "../a/#a-2", "anchor"),
    ]


def test_broken_links_of_a_page_are_in_document_order(tmp_path: Path):
    site = tmp_path / "site"
    write(site, "index.html", '<a href="#khong">1</a><a href="khong/">2</a><a href="#khong-nua">3</a><img src="khong.png">', css="s.css")
    (site / "s.css").write_text("", encoding="utf-8")
    assert [target for _, _, target, _ in broken_of(site)] == ["#khong", "khong/", "#khong-nua", "khong.png"]


class _Reference(HTMLParser):
    """What the checker used to do: html.parser's links and ids."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[int, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for key in ("id",) + (("name",) if tag == "a" else ()):
            if values.get(key):
                self.ids.add(values[key])  # type: ignore[arg-type]
        if tag == "link" and not _CHECKED_LINK_RELS & set((values.get("rel") or "").lower().split()):
            return
        for name in LINK_ATTRIBUTES.get(tag, ()):
            if values.get(name):
                self.links.append((self.getpos()[0], values[name]))  # type: ignore[arg-type]

    handle_startendtag = handle_starttag


def test_a_clean_build_has_no_broken_links(starter_portal: Path):
    report = build(starter_portal, strict=True)
    assert report.broken_links == []
    assert check_links(report.output) == []
    # The regular expressions find what html.parser finds in real MkDocs/Material pages.
    for page in report.output.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        reference = _Reference()
        reference.feed(text)
        reference.close()
        assert [(line, value) for line, value in _links(text) if value] == reference.links, page
        ids = _Ids(text)
        assert all(id_ in ids for id_ in reference.ids), page


def test_without_strict_broken_links_are_warnings_and_the_site_is_published(starter_portal: Path):
    (starter_portal / "content" / "lien-ket.md").write_text(
        '# Liên kết\n\n<p><a href="../co-quan/khong-co/">hỏng</a> <a href="../thu-tuc/#khong-co-muc">hỏng</a></p>\n',
        encoding="utf-8",
    )
    result = subprocess.run([sys.executable, "-m", "generator", "build", str(starter_portal)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    # the line is the link's line in the built page (after Material's header)
    assert re.search(r"^site/lien-ket/index\.html:\d+: cảnh báo \[broken-link\] Liên kết hỏng '\.\./co-quan/khong-co/'", result.stderr, re.M)
    assert "'../thu-tuc/#khong-co-muc'" in result.stderr
    assert (starter_portal / "site" / "lien-ket" / "index.html").is_file()
    strict = subprocess.run([sys.executable, "-m", "generator", "build", str(starter_portal), "--strict"], capture_output=True, text=True)
    assert strict.returncode == 1 and "Traceback" not in strict.stderr
    assert re.search(r"^site/lien-ket/index\.html:\d+: lỗi \[broken-anchor\] Liên kết hỏng '\.\./thu-tuc/#khong-co-muc'", strict.stderr, re.M)
    assert strict.stderr.rstrip().endswith("2 lỗi, 0 cảnh báo.")
