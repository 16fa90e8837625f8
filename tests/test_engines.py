"""The MkDocs stage can be run by ProperDocs (the maintained MkDocs 1.6 fork) instead of MkDocs."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPO, copy_portal

GENERATOR = re.compile(r'<meta name="generator" content="([^"]*)"')
ARTICLE = re.compile(r"<article.*?</article>", re.DOTALL)


def _build(root: Path, out: Path, engine: str, jobs: int = 1) -> None:
    result = subprocess.run([sys.executable, "-m", "generator", "build", str(root), "--strict", "--out", str(out),
                             "--engine", engine, "--jobs", str(jobs)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_the_sample_builds_the_same_pages_with_properdocs(tmp_path: Path):
    root = copy_portal(REPO, tmp_path / "portal")
    _build(root, tmp_path / "with-mkdocs", "mkdocs")
    _build(root, tmp_path / "with-properdocs", "properdocs", jobs=2)  # its pages built by two workers
    mkdocs_site, properdocs_site = tmp_path / "with-mkdocs", tmp_path / "with-properdocs"

    for page in properdocs_site.rglob("*.html"):  # each worker's pages, and the parent's 404, on ProperDocs too
        found = GENERATOR.search(page.read_text(encoding="utf-8"))
        assert found is None or found.group(1).startswith("mkdocs-ProperDocs 1.6"), f"{page} was not built by ProperDocs"
    assert GENERATOR.search((properdocs_site / "index.html").read_text(encoding="utf-8"))
    assert GENERATOR.search((mkdocs_site / "index.html").read_text(encoding="utf-8")).group(1).startswith("mkdocs-1.6")

    files = lambda site: sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    assert files(properdocs_site) == files(mkdocs_site)
    for html in mkdocs_site.rglob("*.html"):  # every page's content is the same, whatever the engine
        twin = properdocs_site / html.relative_to(mkdocs_site)
        assert ARTICLE.findall(twin.read_text(encoding="utf-8")) == ARTICLE.findall(html.read_text(encoding="utf-8")), html


def test_an_engine_that_is_not_installed_is_said_in_words():
    from generator.engines import EngineUnavailable, use_engine

    with pytest.raises(EngineUnavailable, match="Chưa cài bộ dựng 'khong-co': python3 -m pip install khong-co"):
        use_engine("khong-co")
