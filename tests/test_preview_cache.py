"""The preview's caches (``portal serve``): what changed is read again, what was deleted disappears,
and a cached restage stages exactly what a fresh one does. Correctness only; nothing here is timed."""

from __future__ import annotations

import os
from pathlib import Path

from generator.commands.serve import restage
from generator.load.catalogue_files import read_catalogue
from generator.load.file_cache import FileCache
from generator.paths import PortalPaths
from generator.portal import read_portal
from generator.pipeline import compute
from generator.render.site_files import render_site



def _render(paths, cache):
    portal = read_portal(paths, cache=cache)
    return render_site(portal, compute(portal, cache), cache)

def _procedure_file(portal: Path) -> Path:
    return next(p for p in sorted((portal / "procedures").rglob("*.yaml")) if p.name != "agency.yaml")


def _names(portal: Path, cache: FileCache) -> dict[str, str]:
    raw, problems = read_catalogue(PortalPaths.at(portal), cache)
    assert not problems
    return {parsed.path: parsed.data["name"] for parsed in raw.procedures}


def test_unchanged_files_are_not_parsed_again(starter_portal: Path):
    cache = FileCache()
    first = _names(starter_portal, cache)
    misses = cache.misses
    assert _names(starter_portal, cache) == first
    assert cache.misses == misses  # every file came from the cache


def test_an_edited_file_is_read_again(starter_portal: Path):
    cache = FileCache()
    _names(starter_portal, cache)
    file = _procedure_file(starter_portal)
    text = file.read_text("utf-8")
    stat = file.stat()
    file.write_text(text.replace("name: ", "name: Sửa đổi ", 1), encoding="utf-8")
    os.utime(file, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # even with the old modification time
    names = _names(starter_portal, cache)
    assert names[PortalPaths.at(starter_portal).relative(file)].startswith("Sửa đổi ")


def test_a_deleted_file_disappears_and_a_new_one_appears(starter_portal: Path):
    cache = FileCache()
    file = _procedure_file(starter_portal)
    rel = PortalPaths.at(starter_portal).relative(file)
    assert rel in _names(starter_portal, cache)
    copy = file.with_name("ban-sao.yaml")
    copy.write_text(file.read_text("utf-8").replace("code: ", "code: 9.", 1), encoding="utf-8")
    file.unlink()
    names = _names(starter_portal, cache)
    assert rel not in names
    assert PortalPaths.at(starter_portal).relative(copy) in names
    assert len(cache) == len(list((starter_portal / "procedures").rglob("*.yaml")))  # the deleted file is forgotten


def test_cached_render_equals_a_fresh_one_after_edits(starter_portal: Path):
    paths = PortalPaths.at(starter_portal)
    cache = FileCache()
    _render(paths, cache)
    file = _procedure_file(starter_portal)
    file.write_text(file.read_text("utf-8").replace("name: ", "name: Đổi tên ", 1), encoding="utf-8")
    statistics = next((starter_portal / "statistics").glob("*.csv"))
    statistics.write_text(statistics.read_text("utf-8").replace(",20,", ",21,", 1).replace(",25,", ",26,", 1), encoding="utf-8")
    cached = _render(paths, cache).docs
    fresh = _render(paths, None).docs
    assert cached.keys() == fresh.keys()
    assert [path for path in fresh if cached[path] != fresh[path]] == []


def test_restage_with_a_cache_stages_the_edit(starter_portal: Path):
    paths = PortalPaths.at(starter_portal)
    cache = FileCache()
    assert restage(paths, cache) == []
    file = _procedure_file(starter_portal)
    file.write_text(file.read_text("utf-8").replace("result: ", "result: Kết quả mới ", 1), encoding="utf-8")
    assert restage(paths, cache) == []
    staged = "".join(p.read_text("utf-8") for p in (paths.staged_docs / "thu-tuc").glob("*.md"))
    assert "Kết quả mới" in staged
