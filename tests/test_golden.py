"""Golden tests: the generated Markdown and the built article HTML of a small fixed portal.

When a change to templates or rendering is intended, refresh the expected files with

    UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py

and review the diff of tests/golden/ before committing it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from generator.commands.build import build
from generator.paths import PortalPaths
from generator.portal import read_portal
from generator.pipeline import compute
from generator.render.site_files import render_site

GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
ARTICLE = re.compile(r"<article class=\"md-content__inner md-typeset\">(.*?)</article>", re.S)


def _check(expected_file: Path, actual: str) -> None:
    if UPDATE:
        expected_file.parent.mkdir(parents=True, exist_ok=True)
        expected_file.write_text(actual, encoding="utf-8")
        return
    assert expected_file.is_file(), f"no golden file {expected_file}; run with UPDATE_GOLDEN=1"
    assert actual == expected_file.read_text(encoding="utf-8"), f"{expected_file} differs (UPDATE_GOLDEN=1 to refresh)"


def _generated_markdown(portal_root: Path) -> dict[str, str]:
    portal = read_portal(PortalPaths.at(portal_root))
    content = {f.path for f in portal.content}
    site = render_site(portal, compute(portal))
    # workbooks are binary (their reproducibility: tests/security/test_open_data_cells.py)
    return {path: data.decode("utf-8") for path, data in site.docs.items()
            if path not in content and isinstance(data, bytes) and not path.endswith(".xlsx")}


def test_generated_markdown_matches_golden(golden_portal: Path):
    pages = _generated_markdown(golden_portal)
    expected_dir = GOLDEN / "markdown"
    if not UPDATE:
        expected = sorted(p.relative_to(expected_dir).as_posix() for p in expected_dir.rglob("*") if p.is_file())
        assert sorted(pages) == expected
    for path, text in pages.items():
        _check(expected_dir / path, text)


def test_built_procedure_articles_match_golden(golden_portal: Path, tmp_path: Path):
    out = build(golden_portal, tmp_path / "site", strict=True).output
    pages = sorted(p for p in (out / "thu-tuc").glob("*/index.html") if "md-content__inner" in p.read_text("utf-8"))
    pages = [p for p in pages if p.parent.name not in ("buu-chinh-cong-ich", "truc-tuyen-toan-trinh")]
    assert len(pages) == 3
    for page in pages:
        article = ARTICLE.search(page.read_text(encoding="utf-8"))
        assert article, page
        normalised = "\n".join(line.rstrip() for line in article.group(1).strip().splitlines() if line.strip()) + "\n"
        _check(GOLDEN / "html" / f"{page.parent.name}.html", normalised)


@pytest.mark.skipif(UPDATE, reason="refreshing")
def test_golden_files_are_not_stale():
    """Every golden HTML file belongs to a procedure of the fixture portal."""
    names = {p.stem for p in (GOLDEN / "html").glob("*.html")}
    assert names == {
        "1-000100-cap-giay-phep-thu-nghiem-b-dac-biet-b-moi",
        "1-000948-h38-dang-ky-thu-nghiem-cu",
        "2-000200-gia-han-giay-phep-thu-nghiem",
    }
