"""Shared fixtures. Tests never write into the repository: portals are copied to tmp first."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.commands.new import new_portal

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
PORTAL_PARTS = ("mkdocs.yml", "procedures", "content", "statistics", "site_templates", "dossiers", "calendar.yaml")


def copy_portal(source: Path, target: Path) -> Path:
    """Copy a portal's inputs (not its built site or cache) to ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    for part in PORTAL_PARTS:
        if (source / part).is_dir():
            shutil.copytree(source / part, target / part, ignore=shutil.ignore_patterns("__pycache__", "__init__.py"))
        elif (source / part).is_file():
            shutil.copy2(source / part, target / part)
    return target


@pytest.fixture
def starter_portal(tmp_path: Path) -> Path:
    """A fresh ``portal new`` portal."""
    return new_portal(tmp_path / "portal")


@pytest.fixture
def golden_portal(tmp_path: Path) -> Path:
    return copy_portal(FIXTURES / "golden_portal", tmp_path / "golden")


@pytest.fixture(scope="session")
def sample_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's sample portal, copied once per test session (worker)."""
    return copy_portal(REPO, tmp_path_factory.mktemp("sample") / "portal")


@pytest.fixture(scope="session")
def built_sample(sample_copy: Path) -> Path:
    """The sample portal built once with MkDocs in strict mode."""
    from generator.commands.build import build

    report = build(sample_copy, sample_copy / "site", strict=True)
    return report.output
