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


@pytest.fixture(scope="session")
def built_english(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``portal new --locale en``, built once in strict mode: the English interface."""
    from generator.commands.build import build

    root = new_portal(tmp_path_factory.mktemp("english") / "portal", locale="en")
    return build(root, root / "site", strict=True).output


LONG_LIST_COPIES = 90  # with the sample's fully-online province procedures: more than one list page (100)
# Procedures rewritten without diacritics in the variant (as some editors type): search must still find
# them from a query typed with diacritics.
UNACCENTED = ("ubnd-xa-long-son/dang-ky-khai-sinh.yaml", "so-tu-phap/cap-phieu-ly-lich-tu-phap-cong-dan.yaml",
              "so-tu-phap/cap-phieu-ly-lich-tu-phap-co-quan.yaml", "cong-an-tinh/doi-giay-phep-lai-xe.yaml",
              "so-tai-chinh/dang-ky-thanh-lap-cong-ty-tnhh-mot-thanh-vien.yaml",
              "so-tai-chinh/dang-ky-thanh-lap-cong-ty-tnhh-hai-thanh-vien.yaml",
              "so-tai-chinh/dang-ky-thanh-lap-cong-ty-co-phan.yaml")


def without_diacritics(text: str) -> str:
    """``Đăng ký`` → ``Dang ky`` (case kept): the test's own folding, not the product's."""
    import unicodedata

    text = text.replace("đ", "d").replace("Đ", "D")
    return unicodedata.normalize("NFC", "".join(c for c in unicodedata.normalize("NFD", text)
                                                if not unicodedata.combining(c)))


@pytest.fixture(scope="session")
def built_variant(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample portal changed twice, built once per session: 90 more copies of one fully-online
    procedure (new codes and names), so that the fully-online and level lists have a page 2; and the
    procedures of UNACCENTED written without diacritics."""
    from generator.commands.build import build

    root = copy_portal(REPO, tmp_path_factory.mktemp("variant") / "portal")
    procedures = root / "procedures"
    model = (procedures / "so-tai-chinh" / "thong-bao-tam-ngung-kinh-doanh.yaml").read_text("utf-8")
    for n in range(LONG_LIST_COPIES):
        text = model.replace("code: 2.002066", f"code: 9.{n:06d}").replace(
            "name: Thông báo tạm ngừng kinh doanh", f"name: Thông báo tạm ngừng kinh doanh (mẫu {n + 1})", 1)
        (procedures / "so-tai-chinh" / f"ban-sao-{n:03d}.yaml").write_text(text, encoding="utf-8")
    for name in UNACCENTED:
        file = procedures / name
        lines = file.read_text("utf-8").splitlines(keepends=True)  # the field keeps its name (one field page)
        file.write_text("".join(line if line.startswith("field:") else without_diacritics(line) for line in lines),
                        encoding="utf-8")
    return build(root, root / "site", strict=True).output
