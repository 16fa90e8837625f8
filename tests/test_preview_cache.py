"""The preview's remembering stages (``portal serve``): what changed is read again, what was deleted disappears,
and a remembering restage stages exactly what a fresh one does. Correctness only; nothing here is timed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import generator.dossiers.pipeline as dossier_pipeline
from generator.load.catalogue_files import read_catalogue
from generator.paths import PortalPaths
from generator.pipeline import BUILD_STAGES, prepare_site
from generator.preview.memo import MemoisedStages
from generator.preview.restage import Preview, restage

from .conftest import REPO, copy_portal


def _procedure_file(portal: Path) -> Path:
    return next(p for p in sorted((portal / "procedures").rglob("*.yaml")) if p.name != "agency.yaml")


def _names(portal: Path, memo: MemoisedStages) -> dict[str, str]:
    raw, problems = read_catalogue(PortalPaths.at(portal), memo.stages.load.parse_catalogue_file)
    assert not problems
    return {parsed.path: parsed.data["name"] for parsed in raw.procedures}


def test_build_runs_the_plain_stages():
    """Nothing of the preview is in the stages portal build runs."""
    from generator.figures.combine import combined_figures
    from generator.load.catalogue_files import parse_catalogue_file
    from generator.render.open_data import table_files
    from generator.render.site_files import render_each
    from generator.validate.catalogue import check_procedure
    from generator.scale.stored import stored_or_read

    assert BUILD_STAGES.load.parse_catalogue_file is parse_catalogue_file
    assert BUILD_STAGES.load.check_procedure is check_procedure
    assert BUILD_STAGES.load.read_dossiers is stored_or_read
    assert BUILD_STAGES.figures is combined_figures
    assert BUILD_STAGES.render.render_pages is render_each
    assert BUILD_STAGES.render.open_data_table is table_files


def test_unchanged_files_are_not_parsed_again(starter_portal: Path):
    memo = MemoisedStages()
    first = _names(starter_portal, memo)
    misses = memo.cache.misses
    assert misses == len(list((starter_portal / "procedures").rglob("*.yaml")))
    assert _names(starter_portal, memo) == first
    assert memo.cache.misses == misses  # every file came from the cache


def test_an_edited_file_is_read_again(starter_portal: Path):
    memo = MemoisedStages()
    _names(starter_portal, memo)
    file = _procedure_file(starter_portal)
    text = file.read_text("utf-8")
    stat = file.stat()
    file.write_text(text.replace("name: ", "name: Sửa đổi ", 1), encoding="utf-8")
    os.utime(file, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # even with the old modification time
    names = _names(starter_portal, memo)
    assert names[PortalPaths.at(starter_portal).relative(file)].startswith("Sửa đổi ")


def test_a_deleted_file_disappears_and_a_new_one_appears(starter_portal: Path):
    memo = MemoisedStages()
    file = _procedure_file(starter_portal)
    rel = PortalPaths.at(starter_portal).relative(file)
    assert rel in _names(starter_portal, memo)
    memo.cache.sweep()  # the end of a restage (MemoisedStages.prepare_site)
    copy = file.with_name("ban-sao.yaml")
    copy.write_text(file.read_text("utf-8").replace("code: ", "code: 9.", 1), encoding="utf-8")
    file.unlink()
    names = _names(starter_portal, memo)
    assert rel not in names
    assert PortalPaths.at(starter_portal).relative(copy) in names
    memo.cache.sweep()
    assert len(memo.cache) == len(list((starter_portal / "procedures").rglob("*.yaml")))  # the deleted file is forgotten


def test_remembered_render_equals_a_fresh_one_after_edits(starter_portal: Path):
    paths = PortalPaths.at(starter_portal)
    memo = MemoisedStages()
    memo.prepare_site(paths)
    file = _procedure_file(starter_portal)
    file.write_text(file.read_text("utf-8").replace("name: ", "name: Đổi tên ", 1), encoding="utf-8")
    statistics = next((starter_portal / "statistics").glob("*.csv"))
    statistics.write_text(statistics.read_text("utf-8").replace(",20,", ",21,", 1).replace(",25,", ",26,", 1), encoding="utf-8")
    remembered = memo.prepare_site(paths).site.docs
    fresh = prepare_site(paths).site.docs
    assert remembered.keys() == fresh.keys()
    assert [path for path in fresh if remembered[path] != fresh[path]] == []


def test_restage_stages_the_edit(starter_portal: Path):
    paths = PortalPaths.at(starter_portal)
    preview = Preview()
    assert restage(paths, preview) == []
    file = _procedure_file(starter_portal)
    file.write_text(file.read_text("utf-8").replace("result: ", "result: Kết quả mới ", 1), encoding="utf-8")
    assert restage(paths, preview) == []
    staged = "".join(p.read_text("utf-8") for p in (paths.staged_docs / "thu-tuc").glob("*.md"))
    assert "Kết quả mới" in staged
    assert preview.memo.pages.rendered < 20  # the procedure's page and the few that list it, not the whole site


@pytest.fixture
def sample_with_dossiers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, list[str]]:
    """A copy of the sample portal (it has dossier records) and the names of the dossier files read, in order."""
    portal = copy_portal(REPO, tmp_path / "portal")
    assert list((portal / "dossiers").glob("*.parquet"))
    read: list[str] = []
    original = dossier_pipeline.read_dossier_source

    def counted(source):  # noqa: ANN001, ANN202 - the real reader, counted
        read.append(source.name)
        return original(source)

    monkeypatch.setattr(dossier_pipeline, "read_dossier_source", counted)
    return portal, read


def test_dossiers_are_not_read_again_when_only_a_procedure_text_changed(sample_with_dossiers):
    portal, read = sample_with_dossiers
    paths = PortalPaths.at(portal)
    preview = Preview()
    assert restage(paths, preview) == []
    assert len(read) == 1
    file = _procedure_file(portal)
    file.write_text(file.read_text("utf-8").replace("name: ", "name: Tên mới ", 1), encoding="utf-8")
    assert restage(paths, preview) == []
    assert len(read) == 1  # the dossiers did not depend on the name
    assert "Tên mới" in "".join(p.read_text("utf-8") for p in (paths.staged_docs / "thu-tuc").glob("*.md"))


def test_dossiers_are_read_again_when_a_dossier_file_or_the_calendar_changes(sample_with_dossiers):
    portal, read = sample_with_dossiers
    paths = PortalPaths.at(portal)
    preview = Preview()
    restage(paths, preview)
    [records] = (portal / "dossiers").glob("*.parquet")
    os.utime(records)  # saved again
    restage(paths, preview)
    assert len(read) == 2
    calendar = portal / "calendar.yaml"
    calendar.write_text(calendar.read_text("utf-8") + "\n", encoding="utf-8")
    restage(paths, preview)
    assert len(read) == 3


def test_dossiers_are_read_again_when_a_time_limit_changes(sample_with_dossiers):
    portal, read = sample_with_dossiers
    paths = PortalPaths.at(portal)
    preview = Preview()
    restage(paths, preview)
    memo = preview.memo
    limited = [p for p in sorted((portal / "procedures").rglob("*.yaml")) if "\n  days: " in p.read_text("utf-8")]
    file = limited[0]
    text = file.read_text("utf-8")
    days = text.split("\n  days: ", 1)[1].split("\n", 1)[0]
    file.write_text(text.replace(f"\n  days: {days}\n", f"\n  days: {int(float(days)) + 7}\n", 1), encoding="utf-8")
    restage(paths, preview)
    assert len(read) == 2 and memo.dossier_reads == 2


def test_pages_are_rendered_again_when_a_template_or_the_strings_change(starter_portal: Path):
    """A page's variables are not all it depends on: an override of its template renders it again."""
    from generator.paths import SHIPPED_PAGE_TEMPLATES

    paths = PortalPaths.at(starter_portal)
    preview = Preview()
    assert restage(paths, preview) == []
    override = paths.template_overrides / "pages" / "procedure.md.j2"
    override.parent.mkdir(parents=True, exist_ok=True)
    override.write_text((SHIPPED_PAGE_TEMPLATES / "procedure.md.j2").read_text("utf-8") + "\nDấu của mẫu riêng\n", encoding="utf-8")
    assert restage(paths, preview) == []
    pages = [p.read_text("utf-8") for p in (paths.staged_docs / "thu-tuc").glob("[0-9]*.md")]  # the procedures
    assert pages and all("Dấu của mẫu riêng" in page for page in pages)
    strings = paths.template_overrides / "strings" / "vi.yaml"
    strings.parent.mkdir(parents=True, exist_ok=True)
    strings.write_text((REPO / "site_templates" / "strings" / "vi.yaml").read_text("utf-8").replace(
        "  code: Mã thủ tục\n", "  code: Mã số riêng của thủ tục\n", 1), encoding="utf-8")
    assert restage(paths, preview) == []
    pages = [p.read_text("utf-8") for p in (paths.staged_docs / "thu-tuc").glob("[0-9]*.md")]  # the procedures
    assert pages and all("Mã số riêng của thủ tục" in page for page in pages)


def _staged(paths: PortalPaths) -> dict[str, bytes]:
    base = paths.staged_docs
    return {p.relative_to(base).as_posix(): p.read_bytes() for p in sorted(base.rglob("*")) if p.is_file()}


def _fresh(paths: PortalPaths) -> tuple[dict[str, bytes], bytes]:
    """The docs a plain ``prepare_site`` (the stages of portal build, nothing remembered) makes now."""
    site = prepare_site(paths).site
    return {path: data.read_bytes() if isinstance(data, Path) else data for path, data in site.docs.items()}, site.search_index


def _set_field(file: Path, field: str, value: str) -> None:
    lines = file.read_text("utf-8").splitlines(keepends=True)
    [index] = [i for i, line in enumerate(lines) if line.startswith(f"{field}: ")]
    lines[index] = f"{field}: {value}\n"
    file.write_text("".join(lines), encoding="utf-8")


def test_after_each_kind_of_save_the_preview_stages_what_a_fresh_build_renders(tmp_path: Path):
    """One preview session over the sample portal (statistics and dossiers): after each save, the staged docs
    folder and the search index are byte for byte those of a plain ``prepare_site`` of the edited portal."""
    portal = copy_portal(REPO, tmp_path / "portal")
    paths = PortalPaths.at(portal)
    preview = Preview()
    assert restage(paths, preview) == []
    agencies = sorted(p for p in (portal / "procedures").iterdir() if p.is_dir())
    file = sorted(p for p in agencies[0].glob("*.yaml") if p.name != "agency.yaml")[0]
    text = file.read_text("utf-8")
    code = text.split("code: ", 1)[1].split("\n", 1)[0]
    saves = [
        ("result", lambda: _set_field(file, "result", "Kết quả sau khi sửa")),
        ("name", lambda: _set_field(file, "name", "Aaa thủ tục đổi tên lên đầu danh sách")),
        ("agency", lambda: file.rename(agencies[1] / file.name)),
        ("added", lambda: (agencies[2] / "thu-tuc-moi.yaml").write_text(
            text.replace(f"code: {code}\n", "code: 9.999001\n", 1).replace("name: ", "name: Thủ tục mới ", 1), encoding="utf-8")),
        ("deleted", lambda: (agencies[2] / "thu-tuc-moi.yaml").unlink()),  # the statistics count the others
    ]
    for kind, save in saves:
        before = _staged(paths)
        save()
        assert restage(paths, preview) == [], kind
        staged = _staged(paths)
        docs, search_index = _fresh(paths)
        assert sorted(staged) == sorted(docs), kind
        assert [path for path in docs if staged[path] != docs[path]] == [], kind
        assert preview.search_index == search_index, kind
        assert staged != before, kind  # the save changed the site
