"""The site's own search index (generator/render/search_index.py) and its ranking (portal-search.js):
folding, content, plain text, and what a phone downloads."""

from __future__ import annotations

import dataclasses
import gzip
import json
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from generator.paths import SHIPPED_TEMPLATES, PortalPaths
from generator.portal import read_portal
from generator import urls
from generator.render.ui_strings import load_strings
from generator.render.search_index import build_search_index, fold, markdown_sections, serialise, words

from .conftest import REPO
from .synthetic import large_catalogue

SCRIPT = REPO / "site_templates" / "theme" / "assets" / "javascripts" / "portal-search.js"


@pytest.fixture(scope="module")
def strings():
    return load_strings("vi", [SHIPPED_TEMPLATES])


def node(program: str, data: object) -> object:
    """Run ``program`` in Node with ``search`` = portal-search.js's exports and ``data`` = the JSON given."""
    executable = shutil.which("node")
    if not executable:
        pytest.fail("Node.js is needed to check portal-search.js: run `bash scripts/test.sh` (installs npm).", pytrace=False)
    source = f"const search = require({json.dumps(str(SCRIPT))}); const data = JSON.parse(require('fs').readFileSync(0, 'utf8'));\n"
    done = subprocess.run([executable, "-e", source + f"process.stdout.write(JSON.stringify({program}));"],
                          input=json.dumps(data), capture_output=True, text=True, check=True, timeout=60)
    return json.loads(done.stdout)


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


def test_words_keep_codes_whole():
    assert words("Mã 1.001193. Đăng ký, 1.000948.H38 (hộ_chiếu)") == ["ma", "1.001193", "dang", "ky", "1.000948.h38", "ho", "chieu"]


SAMPLES = ["Đăng ký khai sinh", unicodedata.normalize("NFD", "Lý lịch tư pháp"), "ĐỔI GIẤY PHÉP LÁI XE",
           "Mã 1.001193. Đăng ký, 1.000948.H38 (hộ_chiếu)", "Cấp “giấy phép” – bản sao; Ủy ban nhân dân tỉnh Sơn Hà",
           "Hồ sơ bị trễ hạn: quyền của bạn và cách xử lý", "Ngày 23/4/2018, NĐ-CP số 61/2018/NĐ-CP", "ư ơ ă â ê ô đ Ư Ơ Ă Â Ê Ô Đ"]


def test_the_browser_folds_and_splits_like_python():
    """The index's words are made in the browser: they must be the words this module documents."""
    expected = [words(t) for t in SAMPLES]
    assert node("data.map(t => search.indexWords(t))", SAMPLES) == expected  # the index's side
    assert node("data.map(t => search.words(search.fold(t)))", SAMPLES) == expected  # the query's side


DOCS = [
    ["a/", "Đăng ký lại khai sinh", "p", "1.004859 · Hộ tịch"],
    ["b/", "Đăng ký khai sinh", "p", "1.001193 · Hộ tịch"],
    ["c/", "Hoạt động học hoá", "p", "hộ chiếu"],
    ["d/", "Cấp hộ chiếu", "p", "2.002105"],
    ["e/", "Sở Tư pháp", "a", "Cấp tỉnh"],
    ["f/", "Cấp phiếu lý lịch tư pháp", "p", "2.000488 · Sở Tư pháp"],
    ["g/", "Dang ky ket hon", "p", "viết không dấu"],
]


@pytest.mark.parametrize("query, first", [
    ("dang ky khai sinh", "b/"),  # every word, and the title holds nothing else
    ("đăng ký khai sinh", "b/"),
    (unicodedata.normalize("NFD", "đăng ký khai sinh"), "b/"),
    ("ho chieu", "d/"),  # whole words in a title beat prefixes (hoạt, học, hoá) and words in the text
    ("so tu phap", "e/"),  # the agency's own page above a procedure that names it in its text
    ("1.001193", "b/"),  # a code is one word
    ("đăng ký kết hôn", "g/"),  # typed with diacritics, the name written without
    ("khai si", "b/"),  # the last word while typing: a prefix
])
def test_ranking(query: str, first: str):
    ranked = node("search.rank(search.prepare({v: 1, docs: data.docs}), data.query).map(d => d.url)", {"docs": DOCS, "query": query})
    assert ranked and ranked[0] == first, ranked


def test_ranking_finds_nothing_for_unknown_words():
    assert node("search.rank(search.prepare({v: 1, docs: data}), 'zzz qqq').length", DOCS) == 0


def test_sections_follow_the_toc_anchors():
    text = "# Trang\n\nMở đầu **đậm**.\n\n## Đăng ký\n\nMột [liên kết](x.md).\n\n### Chi tiết\n\nThêm.\n\n## Đăng ký\n\n| a | b |\n|---|---|\n| c | d |\n"
    assert markdown_sections(text) == [
        ("Trang", None, "Mở đầu đậm."),
        ("Đăng ký", "dang-ky", "Một liên kết. Chi tiết Thêm."),
        ("Đăng ký", "dang-ky_1", "a b c d"),
    ]


def test_editor_text_is_plain_text_shown_as_text(strings, sample_copy: Path):
    catalogue = read_portal(PortalPaths.at(sample_copy)).catalogue
    evil = dataclasses.replace(catalogue.procedures[0], name='<img src=x onerror="alert(1)"> & <script>')
    index = build_search_index(dataclasses.replace(catalogue, procedures=(evil,)), [], strings)
    doc = next(d for d in index["docs"] if d[0].startswith("thu-tuc/"))
    assert doc[1] == '<img src=x onerror="alert(1)"> & <script>'
    script = SCRIPT.read_text(encoding="utf-8")  # … which the browser inserts with textContent only
    assert "textContent" in script and not any(s in script for s in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write"))


def test_built_site_has_the_index(sample_copy: Path, built_sample: Path):
    portal = read_portal(PortalPaths.at(sample_copy))
    index = json.loads((built_sample / urls.SEARCH_INDEX).read_text(encoding="utf-8"))
    assert index["v"] == 1 and {len(d) for d in index["docs"]} == {4}
    kinds = {d[0]: d[2] for d in index["docs"]}
    for procedure in portal.catalogue.procedures:
        assert kinds[urls.procedure_url(procedure.code, procedure.name)] == "p"
    for agency in portal.catalogue.agencies:
        assert kinds[urls.agency_url(agency)] == "a"
    assert kinds["huong-dan/ho-so-tre-han/"] == "g"
    assert not any(loc.startswith((urls.STATISTICS, urls.OPEN_DATA)) for loc in kinds)
    for location in kinds:  # every entry leads to a page, and every #anchor exists on it
        page, _, anchor = location.partition("#")
        html = (built_sample / page / "index.html").read_text(encoding="utf-8")
        assert not anchor or f'id="{anchor}"' in html, location
    assert not (built_sample / "search").exists()  # Material's search plugin is off: no full-text index


def _first_search_bytes(index_bytes: bytes) -> tuple[int, int]:
    """What a phone downloads for its first search: the index (portal-search.js comes with every page)."""
    return len(index_bytes), len(gzip.compress(index_bytes, 6))


def test_search_payload_for_2000_procedures(sample_copy: Path, strings):
    portal = read_portal(PortalPaths.at(sample_copy))
    catalogue = large_catalogue(portal.catalogue, procedures=2000)
    raw, gzipped = _first_search_bytes(serialise(build_search_index(catalogue, portal.content, strings)))
    print(f"2,000 procedures: first search downloads {raw / 1e6:.2f} MB raw, {gzipped / 1e3:.0f} KB gzipped")
    assert raw <= 1_000_000  # before (lunr index with folded copies + Material's worker): 1.24 MB
    assert gzipped <= 100_000  # and 254 KB gzipped


def test_search_payload_of_the_sample(built_sample: Path):
    raw, gzipped = _first_search_bytes((built_sample / urls.SEARCH_INDEX).read_bytes())
    print(f"sample: first search downloads {raw / 1e3:.0f} KB raw, {gzipped / 1e3:.0f} KB gzipped")
    assert raw <= 100_000 and gzipped <= 20_000
