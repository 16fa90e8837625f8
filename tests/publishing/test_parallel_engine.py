"""The engine stage on several cores (``site/parallel_build.py``) builds the same site as MkDocs alone.

Every comparison is with MkDocs' own ``build`` of the same staged files, run in this process: the bytes of
every file, and the warnings in their order (the problem report and ``--strict`` depend on them).
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest

from generator.commands import build as build_command
from generator.commands.build import build
from generator.errors import BuildFailed
from generator.site import mkdocs_build, page_pass, worker_process
from generator.site.compact_html import compact_pages
from generator.site.link_check import check_links
from generator.site.page_pass import compact_and_check
from generator.site.parallel_build import MAX_WORKERS, MIN_PAGES_FOR_WORKERS, engine_jobs, usable_cores

from ..conftest import REPO, copy_portal


def tree_digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def worker_builds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The ``jobs`` of each build that ran on workers: a build that silently ran MkDocs alone fails the test."""
    seen: list[int] = []
    real = mkdocs_build.build_with_workers

    def counting(config, config_file, jobs):
        seen.append(jobs)
        return real(config, config_file, jobs)

    monkeypatch.setattr(mkdocs_build, "build_with_workers", counting)
    return seen


def test_the_sample_built_by_two_workers_is_the_same_bytes(tmp_path: Path, worker_builds: list[int]):
    root = copy_portal(REPO, tmp_path / "portal")
    alone = build(root, tmp_path / "alone", strict=True, jobs=1)
    assert worker_builds == []
    shared = build(root, tmp_path / "shared", strict=True, jobs=2)
    assert worker_builds == [2]
    assert alone.pages == shared.pages and alone.pages > 40
    assert tree_digest(tmp_path / "shared") == tree_digest(tmp_path / "alone")
    assert [p.message for p in shared.problems] == [p.message for p in alone.problems]


def _docs_with_warnings(root: Path) -> Path:
    """A plain MkDocs site (no portal) whose pages make MkDocs warn: a missing page, missing anchors."""
    docs = root / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# Trang chủ\n\n[a](a.md#khong-co) [b](b.md) [mất](mat.md)\n", encoding="utf-8")
    (docs / "a.md").write_text("# A\n\n## Mục một\n\n[về đầu](#khong-co-nua) [b](b.md#muc-ba)\n", encoding="utf-8")
    (docs / "b.md").write_text("---\ntitle: Tiêu đề B\n---\n\n## Mục hai\n\n[c](c.md)\n", encoding="utf-8")
    (docs / "c.md").write_text("Không có tiêu đề.\n\n[a](a.md#muc-mot) [mất](mat-nua.md)\n", encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text("site_name: Thử\ntheme:\n  name: material\n  language: vi\nplugins: []\n"
                      "markdown_extensions:\n  - toc\nvalidation:\n  anchors: warn\n", encoding="utf-8")
    return config


def test_warnings_come_in_the_order_mkdocs_alone_gives_them(tmp_path: Path, worker_builds: list[int]):
    config = _docs_with_warnings(tmp_path)
    alone = mkdocs_build.run_mkdocs(config, tmp_path / "alone", jobs=1)
    shared = mkdocs_build.run_mkdocs(config, tmp_path / "shared", jobs=3)
    assert worker_builds == [3]
    messages = [p.message for p in alone]
    assert len(messages) == 5, messages  # two missing pages, three missing anchors
    assert any("khong-co-nua" in m for m in messages) and any("mat-nua.md" in m for m in messages)
    assert [p.message for p in shared] == messages
    assert tree_digest(tmp_path / "shared") == tree_digest(tmp_path / "alone")


def test_with_strict_the_workers_fail_the_build_as_mkdocs_does(tmp_path: Path, worker_builds: list[int]):
    config = _docs_with_warnings(tmp_path)
    config.write_text(config.read_text(encoding="utf-8") + "strict: true\n", encoding="utf-8")
    failures = []
    for jobs in (1, 2):
        with pytest.raises(BuildFailed) as failed:
            mkdocs_build.run_mkdocs(config, tmp_path / f"out-{jobs}", jobs=jobs)
        failures.append([(p.code, p.severity, p.message) for p in failed.value.problems])
    assert worker_builds == [2]
    assert failures[1] == failures[0]
    assert [code for code, _, _ in failures[0]] == ["mkdocs-failed"] + ["mkdocs-warning"] * 5


def test_a_page_a_worker_cannot_read_is_a_problem_not_a_traceback(tmp_path: Path, worker_builds: list[int]):
    config = _docs_with_warnings(tmp_path)
    (tmp_path / "docs" / "hong.md").write_bytes(b"# H\xf4ng\n")  # not UTF-8
    with pytest.raises(BuildFailed) as failed:
        mkdocs_build.run_mkdocs(config, tmp_path / "out", jobs=2)
    assert worker_builds == [2]
    problems = failed.value.problems
    assert problems[0].code == "mkdocs-failed"
    assert "UnicodeDecodeError" in problems[0].message
    assert any("Error reading page 'hong.md'" in p.message for p in problems[1:])


def test_a_plugin_keeps_the_build_in_one_process(tmp_path: Path, worker_builds: list[int]):
    """A plugin may keep state from page to page, which shares would split: MkDocs builds alone."""
    config = _docs_with_warnings(tmp_path)
    config.write_text(config.read_text(encoding="utf-8").replace("plugins: []", "plugins:\n  - search"), encoding="utf-8")
    mkdocs_build.run_mkdocs(config, tmp_path / "out", jobs=2)
    assert worker_builds == []
    assert (tmp_path / "out" / "search" / "search_index.json").is_file()


def test_a_worker_that_dies_is_said_in_words(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    config = _docs_with_warnings(tmp_path)
    (tmp_path / "hong" / "generator" / "site").mkdir(parents=True)
    (tmp_path / "hong" / "generator" / "__init__.py").write_text("", encoding="utf-8")
    (tmp_path / "hong" / "generator" / "site" / "__init__.py").write_text("", encoding="utf-8")
    (tmp_path / "hong" / "generator" / "site" / "page_worker.py").write_text("raise SystemExit('hỏng giữa chừng')\n",
                                                                             encoding="utf-8")
    monkeypatch.setattr(worker_process, "_PACKAGE_PARENT", str(tmp_path / "hong"))
    with pytest.raises(BuildFailed, match="một tiến trình dựng trang dừng giữa chừng: hỏng giữa chừng"):
        mkdocs_build.run_mkdocs(config, tmp_path / "out", jobs=2)


def test_how_many_processes_build_the_pages():
    cores = len(os.sched_getaffinity(0))
    assert usable_cores() == cores
    assert engine_jobs(3, 10) == 3 and engine_jobs(0, 10_000) == 1
    assert engine_jobs(None, MIN_PAGES_FOR_WORKERS - 1) == 1
    assert engine_jobs(None, MIN_PAGES_FOR_WORKERS) == min(MAX_WORKERS, cores)


def test_the_build_command_asks_for_workers_on_a_large_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    asked: list[int] = []
    real = build_command.run_mkdocs
    monkeypatch.setattr(build_command, "run_mkdocs", lambda config, out, jobs: asked.append(jobs) or real(config, out, jobs))
    root = copy_portal(REPO, tmp_path / "portal")
    build(root, tmp_path / "a")
    build(root, tmp_path / "b", jobs=2)
    assert asked == [1, 2]  # the sample has fewer than MIN_PAGES_FOR_WORKERS pages


def test_the_pass_over_built_pages_on_two_workers_gives_the_same_site_and_report(tmp_path: Path,
                                                                               monkeypatch: pytest.MonkeyPatch):
    """Compaction and the link check in two processes (``site/page_pass.py``) against the single pass,
    on a built sample with broken links and anchors added to pages of both halves."""
    site = build(copy_portal(REPO, tmp_path / "portal"), tmp_path / "built", jobs=1).output
    pages = sorted(site.rglob("*.html"))
    for page in (pages[1], pages[len(pages) // 2 + 1], pages[-1]):  # un-compact them, and break links
        page.write_text(page.read_text(encoding="utf-8").replace(
            "<body", '\n\n   <p>\n   <a href="khong-co.html">x</a>\n   <a href="#khong-co">y</a>'
            ' <a href="index.html#khong-co-nua">z</a></p>\n<body', 1), encoding="utf-8")
    alone, shared = tmp_path / "alone", tmp_path / "shared"
    for copy in (alone, shared):
        shutil.copytree(site, copy)
    compact_pages(alone)
    expected = check_links(alone)

    started: list[str] = []

    class CountedWorker(page_pass.WorkerProcess):
        def __init__(self, module: str) -> None:
            started.append(module)
            super().__init__(module)

    monkeypatch.setattr(page_pass, "WorkerProcess", CountedWorker)
    monkeypatch.setattr(page_pass, "MIN_PAGES_PER_WORKER", 1)  # the sample is smaller than a real site
    found = compact_and_check(shared, 2)
    assert started == ["generator.site.page_pass"] * 2
    assert len(expected) == 9 and found == expected
    assert tree_digest(shared) == tree_digest(alone)


def test_a_pass_worker_that_dies_is_a_problem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    site = tmp_path / "site"
    for name in ("a", "b"):
        (site / name).mkdir(parents=True)
        (site / name / "index.html").write_text("<p>\n   x</p>", encoding="utf-8")
    fake = tmp_path / "hong" / "generator" / "site"
    fake.mkdir(parents=True)
    (fake.parent / "__init__.py").write_text("", encoding="utf-8")
    (fake / "__init__.py").write_text("", encoding="utf-8")
    (fake / "page_pass.py").write_text("def main():\n    raise SystemExit('không đọc được trang')\n", encoding="utf-8")
    monkeypatch.setattr(worker_process, "_PACKAGE_PARENT", str(tmp_path / "hong"))
    monkeypatch.setattr(page_pass, "MIN_PAGES_PER_WORKER", 1)
    with pytest.raises(BuildFailed) as failed:
        compact_and_check(site, 2)
    problem, = failed.value.problems
    assert problem.code == "build-worker-failed"
    assert problem.message == "Một tiến trình kiểm tra trang đã dựng dừng giữa chừng: không đọc được trang"
