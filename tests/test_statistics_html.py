"""The statistics blocks written in Python (render/statistics_html.py) are the Jinja2 macros' exact text.

Reference: the macros as they were before (``tests/fixtures/reference_templates/_statistics_macros.html.j2``,
pure Jinja2). Every page of the statistics portal and of the dossier portal is rendered once with the
shipped templates and once with the reference macros looked up first; the pages must be identical."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.paths import PortalPaths
from generator.pipeline import compute
from generator.portal import read_portal
from generator.render import site_files

from .dossiers import bulk
from .statistics.conftest import PORTAL
from .conftest import copy_portal

REFERENCE = Path(__file__).resolve().parent / "fixtures" / "reference_templates"
SHIPPED = site_files.page_environment


def _pages(root: Path, monkeypatch, first_dirs: tuple[Path, ...]) -> dict[str, bytes]:
    monkeypatch.setattr(site_files, "page_environment",
                        lambda portal, stages=site_files.RenderStages(): SHIPPED(portal, stages, first_dirs))
    portal = read_portal(PortalPaths.at(root))
    docs = site_files.render_site(portal, compute(portal)).docs
    return {path: data for path, data in docs.items() if path.endswith(".md") and isinstance(data, bytes)}


@pytest.mark.parametrize("kind", ["statistics", "dossiers"])
def test_python_blocks_equal_the_reference_macros(kind, tmp_path: Path, monkeypatch):
    root = copy_portal(PORTAL, tmp_path / "portal") if kind == "statistics" else bulk.fixture_portal(tmp_path)[0]
    fast = _pages(root, monkeypatch, ())
    reference = _pages(root, monkeypatch, (REFERENCE,))
    assert fast.keys() == reference.keys()
    uses = [path for path, text in reference.items() if b'class="tt-tiles"' in text and b'id="bang-thang"' in text]
    assert len(uses) >= 5, uses  # procedure, agency, statistics home and period pages use the blocks
    different = [path for path in fast if fast[path] != reference[path]]
    assert not different, different[:10]


def test_figures_are_built_in_the_order_of_figure_columns():
    """publish_statistics builds SpanFigures positionally from FIGURE_COLUMNS."""
    import dataclasses

    from generator.figures.aggregate import FIGURE_COLUMNS
    from generator.figures.published import SpanFigures

    assert [f.name for f in dataclasses.fields(SpanFigures)] == ["span", "dimension", "key", *FIGURE_COLUMNS]
