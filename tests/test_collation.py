"""Vietnamese alphabetical order (CLDR ``vi``) for every list people read.

The expected lists are sorted by hand, letter by letter, following the Vietnamese
alphabet a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y with the tones as a
second-level difference (none, huyền, hỏi, ngã, sắc, nặng)."""

from __future__ import annotations

import random
import re
from pathlib import Path

from generator.collation import _collator, sort_key
from generator.figures.rankings import rank_by_on_time, rank_by_overdue
from generator.paths import PortalPaths
from generator.portal import read_portal
from generator.render.page_plan import plan_catalogue_pages

# The sample portal's fields, sorted by hand.
SAMPLE_FIELDS = [
    "Bảo trợ xã hội",
    "Căn cước",
    "Chứng thực",
    "Công chứng",
    "Dược phẩm",
    "Đăng ký, quản lý cư trú",
    "Đăng ký, quản lý phương tiện giao thông và người điều khiển",
    "Đất đai",
    "Đầu tư tại Việt Nam",
    "Đường bộ",
    "Giảm nghèo",
    "Giáo dục nghề nghiệp",
    "Giáo dục và Đào tạo thuộc hệ thống giáo dục quốc dân",
    "Hoạt động xây dựng",
    "Hộ tịch",
    "Khám bệnh, chữa bệnh",
    "Lưu thông hàng hóa trong nước",
    "Lý lịch tư pháp",
    "Môi trường",
    "Quản lý xuất nhập cảnh",
    "Tài nguyên nước",
    "Thành lập và hoạt động của doanh nghiệp",
    "Thành lập và hoạt động của hộ kinh doanh",
    "Văn bằng, chứng chỉ",
    "Việc làm",
]

# Letters of their own (ă â đ ê ô ơ ư) and the five tones.
LETTERS = ["an", "Ăn", "ân", "ăng", "ấp", "bà", "dân", "Dương", "đa", "Đà", "đe", "em", "êm",
           "o", "ôm", "ơn", "ong", "u", "ưa", "vâng"]
LETTERS_SORTED = ["an", "Ăn", "ăng", "ân", "ấp", "bà", "dân", "Dương", "đa", "Đà", "đe", "em", "êm",
                  "o", "ong", "ôm", "ơn", "u", "ưa", "vâng"]
TONES_SORTED = ["ma", "mà", "mả", "mã", "má", "mạ"]


def _shuffled(items: list[str]) -> list[str]:
    copy = list(items)
    random.Random(13).shuffle(copy)
    return copy


def test_vietnamese_letters_and_tones_sort_as_the_alphabet():
    assert sorted(_shuffled(LETTERS), key=sort_key) == LETTERS_SORTED
    assert sorted(_shuffled(TONES_SORTED), key=sort_key) == TONES_SORTED
    assert sorted(_shuffled(SAMPLE_FIELDS), key=sort_key) == SAMPLE_FIELDS
    # code point order gets these wrong: the test above would catch a plain sorted()
    assert sorted(SAMPLE_FIELDS) != SAMPLE_FIELDS


def test_decomposed_text_sorts_like_composed_text():
    import unicodedata

    words = ["ộp", "ốc", "ợt", "ậu", "ắt", "ạc"]
    assert [unicodedata.normalize("NFC", w) for w in sorted((unicodedata.normalize("NFD", w) for w in words), key=sort_key)] \
        == ["ạc", "ắt", "ậu", "ốc", "ộp", "ợt"]


def test_home_page_fields_and_agency_lists_are_in_vietnamese_order(sample_copy: Path):
    portal = read_portal(PortalPaths.at(sample_copy))
    pages = {p.path: p for p in plan_catalogue_pages(portal.catalogue)}
    fields = [g.name for g in pages["index.md"].context["fields"]]
    assert fields == [f for f in SAMPLE_FIELDS if f in fields] and len(fields) >= 20
    for level, agencies in pages["co-quan/index.md"].context["agencies_by_level"]:
        names = [a.name for a in agencies]
        assert names == sorted(names, key=sort_key), level
    for page in pages.values():
        if page.template in ("field.md.j2", "agency.md.j2", "level.md.j2", "procedure_list.md.j2"):
            names = [p.name for p in page.context["procedures"]]
            assert names == sorted(names, key=sort_key), page.path


def test_ranking_ties_are_in_vietnamese_order_of_names():
    from tests.statistics.test_figures import _figures as figures

    names = {"a": "Sở Y tế", "b": "Sở Công Thương", "c": "Sở Địa chính", "d": "Sở Dân tộc"}
    tied = [figures(key, 100, 90) for key in "abcd"]
    ranked = rank_by_on_time(tied, 20, names.get)
    assert [names[r.agency_id] for r in ranked] == ["Sở Công Thương", "Sở Dân tộc", "Sở Địa chính", "Sở Y tế"]
    assert {r.rank for r in ranked} == {1}
    overdue = [figures(key, 10, 5, 7) for key in "abcd"]
    assert [names[r.agency_id] for r in rank_by_overdue(overdue, names.get)] == \
        ["Sở Công Thương", "Sở Dân tộc", "Sở Địa chính", "Sở Y tế"]


def test_built_home_page_lists_fields_in_vietnamese_order(built_sample: Path):
    html = (built_sample / "index.html").read_text(encoding="utf-8")
    section = html.split('id="linh-vuc"', 1)[1]
    listed = re.findall(r'<li><a href="[^"]+">([^<]+)</a> <span class="tt-count">', section)
    assert listed == [f for f in SAMPLE_FIELDS if f in listed] and len(listed) >= 20


def test_keys_put_together_word_by_word_are_pyuca_keys_of_the_whole_text(sample_copy: Path):
    """``sort_key`` joins the collation elements of each word; pyuca's own key of the whole text (with the
    same tailored table) is the reference, on the sample's names and on random texts with every
    Vietnamese letter and tone, decomposed marks, runs of spaces and other scripts."""
    collator = _collator()
    catalogue = read_portal(PortalPaths.at(sample_copy)).catalogue
    names = [p.name for p in catalogue.procedures] + [a.name for a in catalogue.agencies.values()]
    rng = random.Random(11)
    pieces = list("aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯ") + ["\u0300", "\u0301", "\u0303", "\u0309", "\u0323",
                                                            " ", "  ", "-", "(", "1", "ß", "Ω", "中", "\u00a0"]
    texts = names + ["", " ", "  a", "a  ", " a b "] + [
        "".join(rng.choice(pieces) for _ in range(rng.randint(1, 30))) for _ in range(3000)]
    for text in texts:
        assert sort_key(text) == (collator.sort_key(text), text), repr(text)
