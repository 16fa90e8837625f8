"""Staging, atomic publishing, settings, content pages, navigation and template overrides."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.commands.build import build
from generator.validate.settings import read_settings
from generator.errors import BuildFailed
from generator.load.content_pages import read_content
from generator.paths import SHIPPED_TEMPLATES, PortalPaths
from generator.render.navigation import build_nav
from generator.render.ui_strings import load_strings
from generator.site.publish import atomic_output
from generator.site.staging import sync_tree, write_if_changed


def test_write_if_changed_keeps_unchanged_files_untouched(tmp_path: Path):
    target = tmp_path / "a" / "b.md"
    assert write_if_changed(target, b"x") is True
    os.utime(target, (1_000_000, 1_000_000))
    assert write_if_changed(target, b"x") is False
    assert target.stat().st_mtime == 1_000_000
    assert write_if_changed(target, b"y") is True and target.read_bytes() == b"y"


def test_sync_tree_removes_stale_files_and_empty_folders(tmp_path: Path):
    sync_tree(tmp_path, {"thu-tuc/a.md": b"a", "thu-tuc/b.md": b"b", "index.md": b"i"})
    written = sync_tree(tmp_path, {"index.md": b"i", "co-quan/x.md": b"x"})
    assert written == 1
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == ["co-quan", "co-quan/x.md", "index.md"]


def test_sync_tree_refuses_paths_outside_its_folder(tmp_path: Path):
    with pytest.raises(BuildFailed):
        sync_tree(tmp_path / "docs", {"../escape.md": b"x"})
    assert not (tmp_path / "escape.md").exists()


def test_atomic_output_swaps_only_on_success(tmp_path: Path):
    out = tmp_path / "site"
    with atomic_output(out) as building:
        (building / "index.html").write_text("v1")
    with pytest.raises(RuntimeError):
        with atomic_output(out) as building:
            (building / "index.html").write_text("v2")
            raise RuntimeError("boom")
    assert (out / "index.html").read_text() == "v1"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_leftovers_of_a_killed_build_are_cleaned(tmp_path: Path):
    out = tmp_path / "site"
    (tmp_path / ".site.building-999").mkdir()
    with atomic_output(out) as building:
        (building / "index.html").write_text("v1")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_settings_problems_point_at_mkdocs_yml(starter_portal: Path):
    config = starter_portal / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("ranking_min_resolved: 20", "ranking_min_resolved: nhiều"),
                      encoding="utf-8")
    settings, problems = read_settings(PortalPaths.at(starter_portal))
    assert settings is None
    assert [(p.file, p.field) for p in problems] == [("mkdocs.yml", "extra.portal.ranking_min_resolved")]


def test_missing_mkdocs_yml(tmp_path: Path):
    settings, [problem] = read_settings(PortalPaths.at(tmp_path))
    assert settings is None and problem.code == "no-mkdocs-config"


def test_content_titles_and_navigation(starter_portal: Path):
    files, problems = read_content(PortalPaths.at(starter_portal))
    assert problems == []
    by_path = {f.path: f for f in files}
    assert by_path["huong-dan/index.md"].title == "Hướng dẫn"
    assert by_path["gioi-thieu.md"].nav_title == "Về cổng"
    nav = build_nav(load_strings("vi", [SHIPPED_TEMPLATES]), files)
    labels = [next(iter(entry)) for entry in nav]
    assert labels[:3] == ["Trang chủ", "Thủ tục hành chính", "Cơ quan"]
    assert labels[-1] == "Giới thiệu"
    assert {"Giới thiệu": [{"Về cổng": "gioi-thieu.md"}]} in nav


def test_content_page_in_another_encoding_is_refused(starter_portal: Path):
    (starter_portal / "content" / "cu.md").write_bytes("# Hướng dẫn cũ\n".encode("utf-16"))
    _, [problem] = read_content(PortalPaths.at(starter_portal))
    assert (problem.file, problem.code) == ("content/cu.md", "encoding")


def test_portal_templates_override_shipped_ones(starter_portal: Path):
    overrides = starter_portal / "site_templates"
    (overrides / "theme").mkdir(parents=True)
    (overrides / "theme" / "404.html").write_text(
        '{% extends "main.html" %}{% block content %}<h1>Trang riêng của tỉnh</h1>{% endblock %}', encoding="utf-8"
    )
    (overrides / "pages").mkdir()
    shipped = (SHIPPED_TEMPLATES / "pages" / "field.md.j2").read_text(encoding="utf-8")
    (overrides / "pages" / "field.md.j2").write_text(shipped + "\n<p>Ghi chú riêng của tỉnh.</p>\n", encoding="utf-8")
    out = build(starter_portal).output
    assert "Trang riêng của tỉnh" in (out / "404.html").read_text(encoding="utf-8")
    assert "Ghi chú riêng của tỉnh." in (out / "linh-vuc" / "ho-tich" / "index.html").read_text(encoding="utf-8")


def test_broken_template_override_is_reported_without_traceback(starter_portal: Path):
    (starter_portal / "site_templates" / "pages").mkdir(parents=True)
    (starter_portal / "site_templates" / "pages" / "field.md.j2").write_text("{{ khong_co }}", encoding="utf-8")
    with pytest.raises(BuildFailed, match="field.md.j2"):
        build(starter_portal)


def test_sync_tree_trusts_unchanged_objects_it_wrote_itself(tmp_path: Path):
    """Preview: a page whose bytes are the same object as last time is not read back from disk."""
    page = b"# A\n"
    remembered: dict[str, object] = {}
    assert sync_tree(tmp_path, {"a.md": page, "b.md": b"B"}, remembered) == 2
    (tmp_path / "a.md").write_bytes(b"changed behind our back")  # not re-read: same object as written
    assert sync_tree(tmp_path, {"a.md": page, "b.md": b"B2"}, remembered) == 1
    assert (tmp_path / "a.md").read_bytes() == b"changed behind our back"
    assert (tmp_path / "b.md").read_bytes() == b"B2"
    (tmp_path / "a.md").unlink()  # a missing file is always written again
    assert sync_tree(tmp_path, {"a.md": page}, remembered) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md"]


def test_sync_tree_refuses_absolute_and_backslash_paths(tmp_path: Path):
    for rel in ("/etc/x.md", "a/../../x.md", "a\\..\\x.md", ""):
        with pytest.raises(BuildFailed):
            sync_tree(tmp_path / "docs", {rel: b"x"})


@pytest.mark.parametrize("plugins, staged", [
    ("", []),  # MkDocs would add its search plugin
    ("plugins:\n  - search:\n      lang: vi\n", []),
    ("plugins:\n  - material/search\n  - tags\n  - offline:\n      enabled: false\n", ["tags", {"offline": {"enabled": False}}]),
    ("plugins:\n  search: {}\n  tags: {}\n", [{"tags": {}}]),
])
def test_the_staged_config_keeps_every_plugin_but_materials_search(starter_portal, plugins, staged):
    import re as _re

    import yaml as _yaml

    from generator.paths import PortalPaths
    from generator.site.staging import staged_config

    config = starter_portal / "mkdocs.yml"
    text = _re.sub(r"^plugins:\n(?:[ -].*\n)*", "", config.read_text(encoding="utf-8"), flags=_re.M)
    config.write_text(text + "\n" + plugins, encoding="utf-8")
    assert _yaml.safe_load(staged_config(PortalPaths.at(starter_portal), None, False))["plugins"] == staged


@pytest.mark.parametrize("rel", ["/a.md", "//a.md", "a/../b.md", "..", ".", "./", "", "a\\b.md"])
def test_sync_tree_refuses_every_path_that_is_not_plainly_inside(tmp_path: Path, rel: str):
    with pytest.raises(BuildFailed):
        sync_tree(tmp_path / "docs", {"index.md": b"i", rel: b"x"})
    assert not (tmp_path / "docs" / "index.md").exists()  # every path is checked before anything is written


def test_sync_tree_keeps_folders_that_still_hold_a_file_and_rewrites_what_vanished(tmp_path: Path):
    pages = {"a/b/c.md": b"c", "a/d.md": b"d", "e/f/g.md": b"g", "./h.md": b"h", "i//j.md": b"j"}
    before: dict[str, object] = {}
    sync_tree(tmp_path, pages, before)
    (tmp_path / "a" / "d.md").unlink()  # removed behind the preview's back: written again, though unchanged
    kept = {"a/b/c.md": pages["a/b/c.md"], "a/d.md": pages["a/d.md"], "./h.md": pages["./h.md"], "i//j.md": pages["i//j.md"]}
    assert sync_tree(tmp_path, kept, before) == 1
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == [
        "a", "a/b", "a/b/c.md", "a/d.md", "h.md", "i", "i/j.md"]
