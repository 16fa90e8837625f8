"""The compact search index: folding, content, escaping, and what a phone downloads."""

from __future__ import annotations

import dataclasses
import gzip
import json
import re
from pathlib import Path

import pytest

from generator.paths import SHIPPED_TEMPLATES, PortalPaths
from generator.portal import read_portal
from generator import urls
from generator.render.ui_strings import load_strings
from generator.site.search_index import build_search_index, fold, folded_words, markdown_sections, serialise

from .synthetic import large_catalogue

SEPARATOR = re.compile(r'[\s\-,:!=\[\]()"/]+')
MATERIAL_WORKERS = Path(__import__("material").__file__).parent / "templates" / "assets" / "javascripts" / "workers"


@pytest.fixture(scope="module")
def strings():
    return load_strings("vi", [SHIPPED_TEMPLATES])


@pytest.mark.parametrize("text, folded", [
    ("Đăng ký khai sinh", "dang ky khai sinh"),
    ("Lý lịch tư pháp", "ly lich tu phap"),
    ("ĐỔI GIẤY PHÉP LÁI XE", "doi giay phep lai xe"),
    ("Thành lập công ty", "thanh lap cong ty"),
    ("\u0110a\u0306ng ky\u0301", "dang ky"),  # decomposed input folds like precomposed
    ("1.001193", "1.001193"),
])
def test_fold(text: str, folded: str):
    assert fold(text) == folded


def test_folded_words_are_the_changed_words_once():
    assert folded_words("Đăng ký kết hôn, đăng ký lại 1.000894 cho con", SEPARATOR) == "dang ky ket hon lai"


def test_sections_follow_the_toc_anchors():
    text = "# Trang\n\nMở đầu **đậm**.\n\n## Đăng ký\n\nMột [liên kết](x.md).\n\n### Chi tiết\n\nThêm.\n\n## Đăng ký\n\n| a | b |\n|---|---|\n| c | d |\n"
    assert markdown_sections(text) == [
        ("Trang", None, "Mở đầu đậm."),
        ("Đăng ký", "dang-ky", "Một liên kết. Chi tiết Thêm."),
        ("Đăng ký", "dang-ky_1", "a b c d"),
    ]


def test_editor_text_is_escaped_for_material(strings, sample_copy: Path):
    catalogue = read_portal(PortalPaths.at(sample_copy)).catalogue
    evil = dataclasses.replace(catalogue.procedures[0], name='<img src=x onerror="alert(1)"> & <script>')
    index = build_search_index(dataclasses.replace(catalogue, procedures=(evil,)), [], strings)
    doc = next(d for d in index["docs"] if d["location"].startswith("thu-tuc/"))
    assert "<" not in doc["title"] and doc["title"].startswith("&lt;img")


def test_built_site_has_the_compact_index(sample_copy: Path, built_sample: Path):
    portal = read_portal(PortalPaths.at(sample_copy))
    index = json.loads((built_sample / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = [d["location"] for d in index["docs"]]
    assert index["config"]["fields"].keys() >= {"title", "text", "folded_title", "folded_text"}
    assert "." not in index["config"]["separator"].replace("\\.", "")  # codes stay one word
    for procedure in portal.catalogue.procedures:
        assert urls.procedure_url(procedure.code, procedure.name) in locations
    for agency in portal.catalogue.agencies:
        assert urls.agency_url(agency) in locations
    assert not any(loc.startswith((urls.STATISTICS, urls.OPEN_DATA)) for loc in locations)
    for location in locations:  # every entry leads to a page, and every #anchor exists on it
        page, _, anchor = location.partition("#")
        html = (built_sample / page / "index.html").read_text(encoding="utf-8")
        assert not anchor or f'id="{anchor}"' in html, location


def _first_search_bytes(index_bytes: bytes) -> tuple[int, int]:
    """What a phone downloads for its first search: the index and Material's search worker
    (the index asks for no lunr language scripts)."""
    worker = next(MATERIAL_WORKERS.glob("search.*.min.js")).read_bytes()
    return len(index_bytes) + len(worker), len(gzip.compress(index_bytes, 6)) + len(gzip.compress(worker, 6))


def test_search_payload_for_2000_procedures(sample_copy: Path, strings):
    portal = read_portal(PortalPaths.at(sample_copy))
    catalogue = large_catalogue(portal.catalogue, procedures=2000)
    raw, gzipped = _first_search_bytes(serialise(build_search_index(catalogue, portal.content, strings)))
    print(f"2,000 procedures: first search downloads {raw / 1e6:.2f} MB raw, {gzipped / 1e3:.0f} KB gzipped")
    assert raw <= 2_000_000
    assert gzipped <= 300_000


def test_search_payload_of_the_sample(built_sample: Path):
    raw, gzipped = _first_search_bytes((built_sample / "search" / "search_index.json").read_bytes())
    print(f"sample: first search downloads {raw / 1e3:.0f} KB raw, {gzipped / 1e3:.0f} KB gzipped")
    assert raw <= 200_000 and gzipped <= 50_000
