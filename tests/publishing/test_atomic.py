"""Atomic publishing: a build killed at any point, or failing at the very end, leaves the published site intact."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

import pytest

from generator.commands.build import build
from generator.errors import BuildFailed
from generator.site import publish
from generator.site.publish import atomic_output

from ..conftest import REPO, copy_portal

POLL_SECONDS = 0.005
KILL_DEADLINE_SECONDS = 120


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*")) if p.is_file()
    }


def building_folders(out: Path) -> list[Path]:
    return list(out.parent.glob(f".{out.name}.building-*"))


def _files_in_building(out: Path, at_least: int) -> Callable[[], bool]:
    def ready() -> bool:
        return any(sum(1 for _ in folder.rglob("*.html")) >= at_least for folder in building_folders(out))
    return ready


def _post_build_started(out: Path) -> Callable[[], bool]:
    """MkDocs has finished writing (the sitemap is written last) and our post-build step runs."""
    return lambda: any((folder / "sitemap.xml.gz").exists() for folder in building_folders(out))


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str], dict[str, str]]:
    """The sample portal built once; then its data changed so that a new build publishes something else
    (whose exact bytes are known in advance: builds are reproducible)."""
    folder = tmp_path_factory.mktemp("atomic")
    root = copy_portal(REPO, folder / "portal")
    out = build(root).output
    digest = tree_digest(out)
    assert "index.html" in digest and "sitemap.xml" in digest and "404.html" in digest
    assert sum(1 for name in digest if name.startswith("thu-tuc/") and name.endswith("/index.html")) >= 100
    for procedure in sorted((root / "procedures").rglob("*.yaml")):
        if procedure.name != "agency.yaml":
            text = procedure.read_text(encoding="utf-8")
            procedure.write_text(text.replace("\nname: ", "\nname: Mới - ", 1), encoding="utf-8")
            break
    expected = tree_digest(build(root, out=folder / "expected").output)
    assert expected != digest
    return root, digest, expected


def _build_and_kill(root: Path, when: Callable[[], bool]) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "build", str(root)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    try:
        deadline = time.monotonic() + KILL_DEADLINE_SECONDS
        while not when():
            assert process.poll() is None, "the build finished before the kill point was reached"
            assert time.monotonic() < deadline, "kill point never reached"
            time.sleep(POLL_SECONDS)
        os.killpg(process.pid, signal.SIGKILL)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL


@pytest.mark.parametrize("point", ["building-folder-created", "mkdocs-half-way", "post-build"])
def test_killed_build_leaves_the_published_site_intact(published, point: str):
    root, digest, expected = published
    out = root / "site"
    when = {
        "building-folder-created": lambda: bool(building_folders(out)),
        "mkdocs-half-way": _files_in_building(out, 60),
        "post-build": _post_build_started(out),
    }[point]
    _build_and_kill(root, when)
    after = tree_digest(out)
    if point == "post-build":
        # killed at the very end: the swap may just have happened; either site, but never a mix
        assert after in (digest, expected)
        if after == expected:
            pytest.skip("the swap happened before the kill; nothing to restore")
    assert after == digest


def test_next_build_after_a_kill_cleans_up_and_publishes(published, tmp_path: Path):
    original, digest, expected = published
    root = tmp_path / "portal"  # a copy: the other tests need the module's published site unchanged
    shutil.copytree(original, root, ignore=shutil.ignore_patterns(".portal-cache", ".site.*"))
    out = root / "site"
    assert tree_digest(out) == digest
    _build_and_kill(root, lambda: bool(building_folders(out)))
    assert building_folders(out)  # the killed build's folder is left behind …
    report = build(root)
    assert not building_folders(out)  # … and removed by the next build
    new = tree_digest(report.output)
    assert new == expected
    assert any("Mới - " in (out / name).read_text(encoding="utf-8") for name in new if name.startswith("thu-tuc/") and name.endswith(".html"))


def test_failure_at_the_very_end_publishes_nothing(starter_portal: Path):
    """Everything is built, then the last step (the link check, --strict) fails: the old site stays."""
    out = build(starter_portal).output
    before = tree_digest(out)
    (starter_portal / "content" / "zz-cuoi.md").write_text(
        '# Trang cuối\n\n<p><a href="../thu-tuc/khong-co-trang-nay/">hỏng</a></p>\n', encoding="utf-8"
    )
    with pytest.raises(BuildFailed, match="khong-co-trang-nay"):
        build(starter_portal, strict=True)
    assert tree_digest(out) == before
    assert not building_folders(out)


def test_a_kill_between_two_renames_is_repaired(tmp_path: Path, monkeypatch):
    """Without an atomic exchange the swap is two renames; a kill between them leaves only `.site.old-*`."""
    out = tmp_path / "site"
    old = tmp_path / ".site.old-4242"
    old.mkdir()
    (old / "index.html").write_text("trang cũ")
    (tmp_path / ".site.building-4242").mkdir()
    monkeypatch.setattr(publish, "_exchange", lambda a, b: False)
    with pytest.raises(RuntimeError):
        with atomic_output(out):
            assert (out / "index.html").read_text() == "trang cũ"  # restored before building
            raise RuntimeError("hỏng")
    assert (out / "index.html").read_text() == "trang cũ"
    with atomic_output(out) as building:
        (building / "index.html").write_text("trang mới")
    assert (out / "index.html").read_text() == "trang mới"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def _system_can_exchange(tmp_path: Path) -> None:
    """Ask the kernel directly (not through the product) whether this file system exchanges folders;
    skip only when the system explicitly says it cannot."""
    import ctypes
    import errno

    a, b = tmp_path / "probe-a", tmp_path / "probe-b"
    a.mkdir(), b.mkdir()
    libc = ctypes.CDLL(None, use_errno=True)
    if not hasattr(libc, "renameat2"):
        pytest.skip("this C library has no renameat2 (glibc < 2.28)")
    result = libc.renameat2(-100, os.fsencode(a), -100, os.fsencode(b), 2)  # AT_FDCWD, RENAME_EXCHANGE
    code = ctypes.get_errno()
    shutil.rmtree(a), shutil.rmtree(b)
    if result != 0 and code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        pytest.skip(f"the system says it cannot exchange folders here: {errno.errorcode[code]}")
    assert result == 0, f"renameat2(RENAME_EXCHANGE) failed: {os.strerror(code)}"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="renameat2 is Linux only")
def test_swap_is_an_atomic_exchange_on_linux(tmp_path: Path):
    _system_can_exchange(tmp_path)
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir(), b.mkdir()
    (a / "x").write_text("a")
    (b / "y").write_text("b")
    assert publish._exchange(a, b) is True, "the system can exchange folders, but _exchange did not"
    assert sorted(p.name for p in a.iterdir()) == ["y"] and sorted(p.name for p in b.iterdir()) == ["x"]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="renameat2 is Linux only")
def test_publishing_uses_the_exchange_not_two_renames(tmp_path: Path, monkeypatch):
    """Where the system can exchange, the published folder is never missing: no rename of it happens."""
    _system_can_exchange(tmp_path)
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("trang cũ")
    renames: list[tuple[str, str]] = []
    real_rename = os.rename
    monkeypatch.setattr(publish.os, "rename", lambda a, b: (renames.append((str(a), str(b))), real_rename(a, b))[1])
    with atomic_output(out) as building:
        (building / "index.html").write_text("trang mới")
    assert renames == [], f"the site was published with two renames (a moment without a site): {renames}"
    assert (out / "index.html").read_text() == "trang mới"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"], "the previous site must be removed"
