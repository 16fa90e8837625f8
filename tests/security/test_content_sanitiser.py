"""Editors' raw HTML is sanitised by the generator's own post-build stage, not by an engine hook.

MkDocs 2.0 drops hooks and Zensical ignores them silently: a sanitiser that ran as an MkDocs hook would
stop without a word the day the engine changes. The first test failed while the sanitiser was a hook;
the others show the stage fails closed (a theme without the markers, a forged marker)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from generator.commands.build import build
from generator.errors import BuildFailed
from generator.paths import PortalPaths
from generator.render.content_pages import content_marker
from generator.site.staging import staged_config

GUIDE = "content/huong-dan/dich-vu-cong-truc-tuyen.md"
SCRIPT = "<script>window.__xss=1</script>"


def _append(portal: Path, text: str, rel: str = GUIDE) -> None:
    page = portal / rel
    page.write_text(page.read_text(encoding="utf-8") + "\n\n" + text + "\n", encoding="utf-8")


def _guide_html(site: Path) -> str:
    return (site / "huong-dan" / "dich-vu-cong-truc-tuyen" / "index.html").read_text(encoding="utf-8")


def test_editors_html_is_sanitised_without_any_engine_hook(starter_portal: Path):
    (starter_portal / "mkdocs.yml").write_text(
        (starter_portal / "mkdocs.yml").read_text(encoding="utf-8") + "\nhooks:\n  - hook_of_the_portal.py\n",
        encoding="utf-8")
    (starter_portal / "hook_of_the_portal.py").write_text(
        "from pathlib import Path\nPath(__file__).with_name('hook-ran').write_text('yes')\n", encoding="utf-8")
    _append(starter_portal, f'{SCRIPT}\n\n<p onclick="x()">Bấm</p>')

    config = yaml.safe_load(staged_config(PortalPaths.at(starter_portal), None, False))
    assert config["hooks"] == []  # neither a hook of the generator's nor the portal's own
    html = _guide_html(build(starter_portal).output)

    assert not (starter_portal / "hook-ran").exists()
    assert "window.__xss" not in html and "onclick" not in html
    assert "<p>Bấm</p>" in html  # what is allowed stays


def test_a_theme_without_the_markers_fails_the_build_and_publishes_nothing(starter_portal: Path):
    override = starter_portal / "site_templates" / "theme" / "partials" / "content.html"
    override.parent.mkdir(parents=True)
    override.write_text("{{ page.content }}\n", encoding="utf-8")  # Material's partial without the markers
    _append(starter_portal, SCRIPT)

    with pytest.raises(BuildFailed) as caught:
        build(starter_portal)

    problems = caught.value.problems
    assert [(p.code, p.file) for p in problems] == [
        ("content-not-sanitised", "gioi-thieu.md"),
        ("content-not-sanitised", "huong-dan/buu-chinh-cong-ich.md"),
        ("content-not-sanitised", "huong-dan/dich-vu-cong-truc-tuyen.md"),
        ("content-not-sanitised", "huong-dan/ho-so-tre-han.md"),
        ("content-not-sanitised", "huong-dan/index.md"),
    ]
    assert problems[2].message == (
        "Không tìm thấy đúng một vùng nội dung của trang 'huong-dan/dich-vu-cong-truc-tuyen.md' trong trang "
        "đã dựng (0 vùng): nội dung không thể được làm sạch nên trang không được xuất bản.")
    assert problems[2].hint == (
        "Giao diện ghi đè (thư mục theme) phải giữ partials/content.html của hệ thống, "
        "với hai dấu <!--portal-content:…--> quanh nội dung trang.")
    assert not (starter_portal / "site").exists()


def test_a_guessed_end_marker_ends_nothing(starter_portal: Path):
    _append(starter_portal, f"<!--/portal-content:{'0' * 32}-->\n\n{SCRIPT}")

    html = _guide_html(build(starter_portal).output)

    assert "window.__xss" not in html
    digests = re.findall(r"<!--/?portal-content:([0-9a-f]{32})-->", html)
    assert len(digests) == 2 and digests[0] == digests[1] != "0" * 32  # the theme's pair, kept in the page


def test_the_marker_of_another_page_fails_the_build(starter_portal: Path):
    site = build(starter_portal).output
    other = re.search(r"<!--portal-content:([0-9a-f]{32})-->", _guide_html(site)).group(1)  # published, so known
    _append(starter_portal, f"<!--portal-content:{other}-->\n\n{SCRIPT}", rel="content/gioi-thieu.md")
    before = {p: p.read_bytes() for p in site.rglob("*.html")}

    with pytest.raises(BuildFailed) as caught:
        build(starter_portal)

    assert [(p.code, p.file, p.message) for p in caught.value.problems] == [
        ("content-not-sanitised", path, f"Trang đã dựng của '{path}' chứa dấu vùng nội dung của một trang khác: "
         "nội dung không thể được làm sạch nên trang không được xuất bản.")
        for path in ("gioi-thieu.md", "huong-dan/dich-vu-cong-truc-tuyen.md")]
    assert {p: p.read_bytes() for p in site.rglob("*.html")} == before  # the published site stays as it was


def test_the_marker_is_a_digest_of_the_whole_file():
    from generator.load.content_pages import ContentFile

    def marker(path: str, text: str) -> str:
        return content_marker(ContentFile(path=path, source=Path(path), title=None, text=text))

    assert marker("a.md", "x") != marker("a.md", "x ") != marker("b.md", "x")
    assert re.fullmatch(r"[0-9a-f]{32}", marker("a.md", "x"))
