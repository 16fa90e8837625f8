"""The post-build link checker: every relative href/src resolves to a built file, every #anchor to an id."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from generator.commands.build import build
from generator.site.link_check import check_links

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
    assert check_links(site)[1].format() == "index.html:6: liên kết hỏng 'b/': không có tệp/trang đích"


def test_a_clean_build_has_no_broken_links(starter_portal: Path):
    report = build(starter_portal, strict=True)
    assert report.broken_links == []
    assert check_links(report.output) == []


def test_without_strict_broken_links_are_warnings_and_the_site_is_published(starter_portal: Path):
    (starter_portal / "content" / "lien-ket.md").write_text(
        '# Liên kết\n\n<p><a href="../co-quan/khong-co/">hỏng</a> <a href="../thu-tuc/#khong-co-muc">hỏng</a></p>\n',
        encoding="utf-8",
    )
    result = subprocess.run([sys.executable, "-m", "generator", "build", str(starter_portal)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "cảnh báo: lien-ket/index.html:" in result.stderr and "'../co-quan/khong-co/'" in result.stderr
    assert "'../thu-tuc/#khong-co-muc'" in result.stderr
    assert (starter_portal / "site" / "lien-ket" / "index.html").is_file()
    strict = subprocess.run([sys.executable, "-m", "generator", "build", str(starter_portal), "--strict"], capture_output=True, text=True)
    assert strict.returncode == 1 and "2 liên kết nội bộ hỏng" in strict.stderr and "Traceback" not in strict.stderr
