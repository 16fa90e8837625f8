"""End to end: real MkDocs builds of the sample portal and of a `portal new` portal."""

from __future__ import annotations

import hashlib
import html
import re
import subprocess
import sys
import unicodedata
import zipfile
from pathlib import Path

import pytest

from generator.commands.build import build
from generator.errors import BuildFailed, InvalidInput
from generator.paths import PortalPaths
from generator.portal import read_portal
from generator import urls
from generator.render.formatting import Formatter
from generator.render.ui_strings import load_strings
from generator.paths import SHIPPED_TEMPLATES

from .conftest import REPO


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*")) if p.is_file()
    }


def page_text(out: Path, url: str) -> str:
    return html.unescape((out / url / "index.html").read_text(encoding="utf-8"))


def test_sample_portal_meets_the_issue_floor(sample_copy: Path):
    catalogue = read_portal(PortalPaths.at(sample_copy)).catalogue
    assert len(catalogue.procedures) >= 40
    assert len(catalogue.agencies) >= 8
    assert {a.level for a in catalogue.agencies.values()} >= {"province", "district", "commune"}
    procedures = catalogue.procedures
    assert any(p.is_free for p in procedures) and any(not p.is_free for p in procedures)
    assert any(p.processing_time.same_day for p in procedures)
    assert any(p.processing_time.days >= 30 for p in procedures)
    assert {p.online.level for p in procedures if p.online} >= {"2", "3", "4", "partial", "full"}
    assert any(p.postal.available for p in procedures) and any(not p.postal.available for p in procedures)
    assert {"amended", "abolished"} <= {p.status for p in procedures}


def test_every_procedure_has_its_page_with_the_right_facts(sample_copy: Path, built_sample: Path):
    catalogue = read_portal(PortalPaths.at(sample_copy)).catalogue
    fmt = Formatter(load_strings("vi", [SHIPPED_TEMPLATES]))
    for procedure in catalogue.procedures:
        text = page_text(built_sample, urls.procedure_url(procedure.code, procedure.name))
        agency = catalogue.agencies[procedure.agency_id]
        assert f"<h1>{procedure.name}</h1>" in text
        assert procedure.code in text
        assert fmt.time_limit(procedure.processing_time) in text
        assert agency.name in text
        if procedure.is_free:
            assert "Miễn phí" in text
        for fee in procedure.fees:
            if fee.amount:
                assert fmt.money(fee.amount) in text
        for document in procedure.documents:
            assert document.name in text
        if procedure.online and procedure.online.submit_online and not procedure.abolished:
            assert f'href="{procedure.online.url}"' in text and "Nộp hồ sơ trực tuyến" in text
        else:
            assert "Nộp hồ sơ trực tuyến</a>" not in text
        if procedure.abolished:
            assert "Đã bị bãi bỏ" in text
        # the code-only permalink redirects to the page
        redirect = page_text(built_sample, urls.procedure_permalink(procedure.code))
        assert 'http-equiv="refresh"' in redirect
        assert urls.procedure_url(procedure.code, procedure.name).split("/")[1] in redirect


def test_sample_indexes_and_agency_pages(sample_copy: Path, built_sample: Path):
    catalogue = read_portal(PortalPaths.at(sample_copy)).catalogue
    for agency in catalogue.agencies.values():
        text = page_text(built_sample, urls.agency_url(agency.id))
        for procedure in catalogue.procedures_of(agency.id):
            assert procedure.name in text
    fully_online = page_text(built_sample, "thu-tuc/truc-tuyen-toan-trinh/")
    for procedure in catalogue.procedures:
        listed = procedure.name in fully_online
        assert listed == (procedure.fully_online and not procedure.abolished), procedure.code
    home = page_text(built_sample, "")
    assert "thủ tục trực tuyến toàn trình" in home


def test_navigation_stays_small(built_sample: Path):
    """The sidebar lists sections, not every procedure: a procedure page links to few others."""
    page = next(p for p in (built_sample / "thu-tuc").glob("1-001193-*/index.html"))
    nav_links = re.findall(r'class="md-nav__link', page.read_text(encoding="utf-8"))
    assert len(nav_links) < 60


def test_starter_portal_builds_strict(starter_portal: Path):
    report = build(starter_portal, strict=True)
    assert (report.output / "thu-tuc" / "1-001193-dang-ky-khai-sinh" / "index.html").is_file()
    assert (report.output / "huong-dan" / "buu-chinh-cong-ich" / "index.html").is_file()
    assert report.mkdocs_warnings == []


def test_command_line_new_then_build(tmp_path: Path):
    root = tmp_path / "tinh-moi"
    assert subprocess.run([sys.executable, "-m", "generator", "new", str(root)], capture_output=True).returncode == 0
    result = subprocess.run([sys.executable, "-m", "generator", "build", str(root), "--strict"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert (root / "site" / "index.html").is_file()


def test_failed_validation_leaves_previous_output_untouched(starter_portal: Path):
    out = build(starter_portal).output
    before = tree_digest(out)
    (starter_portal / "procedures" / "ubnd-xa-vi-du" / "hong.yaml").write_text("code: [\n", encoding="utf-8")
    with pytest.raises(InvalidInput):
        build(starter_portal)
    assert tree_digest(out) == before


def test_failed_mkdocs_build_leaves_previous_output_untouched(starter_portal: Path):
    out = build(starter_portal).output
    before = tree_digest(out)
    (starter_portal / "content" / "hong.md").write_text("# Hỏng\n\n[liên kết](khong-co.md)\n", encoding="utf-8")
    with pytest.raises(BuildFailed, match="khong-co.md"):
        build(starter_portal, strict=True)
    assert tree_digest(out) == before
    assert not list(out.parent.glob(".site.building-*"))


def test_output_folder_that_holds_the_portal_is_refused(starter_portal: Path):
    with pytest.raises(BuildFailed):
        build(starter_portal, out=starter_portal)
    with pytest.raises(BuildFailed):
        build(starter_portal, out=starter_portal / "content")


def test_decomposed_unicode_publishes_like_precomposed(starter_portal: Path, tmp_path: Path):
    source = starter_portal / "procedures" / "ubnd-xa-vi-du" / "dang-ky-khai-sinh.yaml"
    first = build(starter_portal, out=tmp_path / "nfc").output
    source.write_text(unicodedata.normalize("NFD", source.read_text(encoding="utf-8")), encoding="utf-8")
    second = build(starter_portal, out=tmp_path / "nfd").output
    page = "thu-tuc/1-001193-dang-ky-khai-sinh/index.html"
    assert (first / page).read_bytes() == (second / page).read_bytes()


def test_unquoted_code_stays_text(starter_portal: Path):
    source = starter_portal / "procedures" / "ubnd-xa-vi-du" / "dang-ky-khai-sinh.yaml"
    source.write_text(source.read_text(encoding="utf-8").replace("code: 1.001193", "code: 1.000100"), encoding="utf-8")
    statistics = starter_portal / "statistics" / "vi-du-2026.csv"
    statistics.write_text(statistics.read_text(encoding="utf-8").replace(",1.001193,", ",1.000100,"), encoding="utf-8")
    out = build(starter_portal).output
    assert "1.000100" in (out / "thu-tuc" / "1-000100-dang-ky-khai-sinh" / "index.html").read_text(encoding="utf-8")


def test_text_fields_cannot_inject_markup(starter_portal: Path):
    source = starter_portal / "procedures" / "ubnd-xa-vi-du" / "dang-ky-khai-sinh.yaml"
    text = source.read_text(encoding="utf-8")
    text = text.replace("name: Đăng ký khai sinh", 'name: "<script>alert(1)</script> [x](javascript:alert(2))"')
    text = text.replace("result: Giấy khai sinh (bản chính)", "result: <img src=x onerror=alert(3)>")
    text = text.replace("  - Giấy chứng sinh", "  - name: \"<svg onload=alert(4)>\"")
    source.write_text(text, encoding="utf-8")
    out = build(starter_portal).output
    for page in out.rglob("*.html"):
        body = page.read_text(encoding="utf-8").lower()
        for payload in ("<script>alert", "<img src=x", "<svg onload"):
            assert payload not in body, (page, payload)
        assert not re.search(r"""(href|src)\s*=\s*["']?\s*javascript:""", body), page


def test_wheel_ships_templates_theme_and_starter(tmp_path: Path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(REPO)],
        check=True, capture_output=True,
    )
    [wheel] = tmp_path.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in (
        "generator/site_templates/pages/procedure.md.j2",
        "generator/site_templates/theme/main.html",
        "generator/site_templates/strings/vi.yaml",
        "generator/starter/mkdocs.yml",
        "generator/starter/procedures/ubnd-xa-vi-du/dang-ky-khai-sinh.yaml",
        "generator/starter/.vscode/settings.json",
        "generator/starter/.vscode/extensions.json",
        "generator/starter/.pre-commit-config.yaml",
    ):
        assert required in names, required
    # every Python package of the source tree (a package missing from pyproject's list installs without it)
    packages = sorted(p.relative_to(REPO).as_posix() for p in (REPO / "generator").rglob("__init__.py")
                      if "starter" not in p.relative_to(REPO).parts[1:2])
    assert [p for p in packages if p not in names] == []
