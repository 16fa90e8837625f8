"""``read_settings`` on its own (fast: a tmp mkdocs.yml, no build): every Problem field word for word,
and the SiteSettings of valid files field by field. The expectations are written out here, not taken
from the product."""

from __future__ import annotations

import locale
from pathlib import Path

from generator.config import ContactSettings, GuidePaths, PortalSettings, SiteSettings
from generator.errors import Problem, Severity
from generator.paths import PortalPaths
from generator.validate.settings import read_settings

MISSING_NAME = Problem("mkdocs.yml", 1, 1, "missing", "Thiếu 'site_name' (tên cổng) trong mkdocs.yml.",
                       field="site_name", hint="Thêm dòng 'site_name: Cổng công khai thủ tục hành chính tỉnh …'.")


def _read(root: Path, text: str):
    (root / "mkdocs.yml").write_text(text, encoding="utf-8")
    return read_settings(PortalPaths.at(root))


def _fields(problem: Problem) -> tuple:
    return (problem.file, problem.line, problem.column, problem.code, problem.message, problem.field, problem.hint,
            problem.severity)


def test_no_mkdocs_yml(tmp_path: Path):
    settings, problems = read_settings(PortalPaths.at(tmp_path))
    assert settings is None
    assert [_fields(p) for p in problems] == [
        ("mkdocs.yml", 0, 0, "no-mkdocs-config", "Không tìm thấy tệp cấu hình mkdocs.yml ở thư mục gốc của cổng.", "",
         "Tạo cổng mới bằng 'portal new <thư-mục>' rồi chép mkdocs.yml sang.", Severity.ERROR)]


def test_a_python_tag_is_refused_before_mkdocs_loader_runs(tmp_path: Path):
    settings, problems = _read(tmp_path, "site_name: A\nhook: !!python/name:os.system\n")
    assert settings is None
    assert [_fields(p) for p in problems] == [
        ("mkdocs.yml", 2, 7, "mkdocs-config-tag",
         "Thẻ YAML '!!python/name:os.system' không được phép trong mkdocs.yml: nó có thể chạy mã Python khi đọc cấu hình.",
         "", "Xoá thẻ này. Chỉ dùng !ENV, !relative và !!python/name: của material, pymdownx, markdown, mkdocs, "
             "generator (ví dụ !!python/name:material.extensions.emoji.twemoji).", Severity.ERROR)]


def test_a_file_that_composes_but_does_not_load_is_unreadable(tmp_path: Path):
    # composing builds nodes only; loading builds the date 2024-13-45, which does not exist
    settings, problems = _read(tmp_path, "site_name: A\nopened: 2024-13-45\n")
    assert settings is None
    assert [_fields(p) for p in problems] == [
        ("mkdocs.yml", 0, 0, "mkdocs-config-unreadable", "Không đọc được mkdocs.yml: month must be in 1..12", "", "",
         Severity.ERROR)]


def test_missing_or_empty_site_name(tmp_path: Path):
    for text in ("", "site_name: ''\n", "site_description: Mô tả\n"):
        settings, problems = _read(tmp_path, text)
        assert settings is None
        assert [_fields(p) for p in problems] == [_fields(MISSING_NAME)], text


def test_a_missing_site_name_and_wrong_portal_settings_are_reported_together(tmp_path: Path):
    settings, problems = _read(tmp_path, "site_name: ''\nextra:\n  portal:\n    autority: UBND\n")
    assert settings is None
    assert [_fields(p) for p in problems] == [
        _fields(MISSING_NAME),
        ("mkdocs.yml", 0, 0, "unknown-field", "Trường 'autority' không có trong quy định dữ liệu.",
         "extra.portal.autority",
         "Có phải ý bạn là 'authority'? Các trường được dùng ở đây: locale, authority, contact, intro, guides, "
         "ranking_min_resolved, cms, min_dossiers_quantile, min_dossiers_share.", Severity.ERROR)]


def test_a_wrong_portal_setting_alone(tmp_path: Path):
    settings, problems = _read(tmp_path, "site_name: A\nextra:\n  portal:\n    ranking_min_resolved: nhiều\n")
    assert settings is None
    assert [_fields(p) for p in problems] == [
        ("mkdocs.yml", 0, 0, "not-whole-number",
         "Trường 'ranking_min_resolved' phải là số nguyên không âm, nhưng đang là 'nhiều'.",
         "extra.portal.ranking_min_resolved", "Chỉ viết chữ số, ví dụ 1 hoặc 2.", Severity.ERROR)]


def test_a_setting_below_its_minimum_names_the_minimum(tmp_path: Path):
    # zero is not negative: the message says what the least allowed value is, and the hint never offers a refused one
    settings, problems = _read(tmp_path, "site_name: A\nextra:\n  portal:\n    ranking_min_resolved: 0\n")
    assert settings is None
    assert [(p.code, p.field, p.message, p.hint) for p in problems] == [
        ("negative-number", "extra.portal.ranking_min_resolved",
         "Trường 'ranking_min_resolved' phải từ 1 trở lên (đang là '0').", "Sửa thành 1 hoặc một số lớn hơn.")]


def test_a_valid_file_with_every_setting(tmp_path: Path):
    settings, problems = _read(tmp_path, (
        "site_name: Cổng công khai tỉnh\nsite_description: Mô tả\nsite_url: https://tthc.example.vn/\n"
        "nav:\n  - index.md\ntheme:\n  name: material\n  language: vi\n"
        "extra:\n  portal:\n    locale: en\n    authority: UBND tỉnh\n    ranking_min_resolved: 5\n"
        "    contact:\n      phone: 0123 456\n"))
    assert problems == []
    assert settings == SiteSettings(
        name="Cổng công khai tỉnh", description="Mô tả", url="https://tthc.example.vn/", has_own_nav=True,
        theme_language="vi",
        portal=PortalSettings(locale="en", authority="UBND tỉnh", ranking_min_resolved=5,
                              contact=ContactSettings(phone="0123 456"), guides=GuidePaths()))
    assert (settings.name, settings.description, settings.url, settings.has_own_nav, settings.theme_language,
            settings.portal.locale, settings.portal.authority, settings.portal.ranking_min_resolved,
            settings.portal.contact.phone) == (
        "Cổng công khai tỉnh", "Mô tả", "https://tthc.example.vn/", True, "vi", "en", "UBND tỉnh", 5, "0123 456")


def test_a_valid_file_with_only_a_name(tmp_path: Path):
    for text in ("site_name: A\n", "site_name: A\ntheme: material\n", "site_name: A\ntheme:\n  name: material\n",
                 "site_name: A\nsite_description:\nsite_url:\nextra:\n"):
        settings, problems = _read(tmp_path, text)
        assert problems == [], text
        assert (settings.name, settings.description, settings.url, settings.has_own_nav, settings.theme_language,
                settings.portal) == ("A", "", "", False, "", PortalSettings(locale="vi")), text
        assert settings.portal.ranking_min_resolved == 20 and settings.portal.authority is None


def test_mkdocs_yml_is_read_as_utf8_whatever_the_machines_locale(tmp_path: Path):
    (tmp_path / "mkdocs.yml").write_text("site_name: Cổng công khai\n", encoding="utf-8")
    before = locale.setlocale(locale.LC_CTYPE)
    locale.setlocale(locale.LC_CTYPE, "C")  # an ASCII locale, as on a bare server
    try:
        settings, problems = read_settings(PortalPaths.at(tmp_path))
    finally:
        locale.setlocale(locale.LC_CTYPE, before)
    assert problems == [] and settings.name == "Cổng công khai"
