"""Hostile values in the data contract: each is refused with a Problem, never a traceback,
and nothing out of range (``Infinity``, an empty address, an invisible control character) is published."""

from __future__ import annotations

import re

from pathlib import Path

import pytest

from generator.errors import InvalidInput
from generator.load.catalogue_files import parse_mapping
from generator.load.text_files import SourceText
from generator.load.yaml_nodes import MAX_NESTING
from generator.paths import PortalPaths
from generator.portal import read_portal


def _problems(root: Path) -> list:
    with pytest.raises(InvalidInput) as caught:
        read_portal(PortalPaths.at(root))
    return caught.value.problems


# --- YAML nesting -------------------------------------------------------------------------------

def test_nesting_limit_is_fifty():
    assert MAX_NESTING == 50


@pytest.mark.parametrize("text, line", [
    ("code: '1'\nname: " + "[" * 500 + "]" * 500 + "\n", 2),
    ("code: '1'\nname:\n" + "".join(" " * i + "-\n" for i in range(600)) + " " * 600 + "- x\n", 52),  # the root is level 1, line k + 1 opens level k
], ids=["500-flow-brackets", "600-block-sequences"])
def test_deep_nesting_is_an_error_naming_the_line(text: str, line: int):
    parsed, problems = parse_mapping(SourceText("procedures/a/p.yaml", text), "a")
    assert parsed is None
    assert [(p.code, p.line, p.message) for p in problems] == [(
        "yaml-too-deep", line,
        "Dữ liệu lồng nhau quá 50 tầng (danh sách trong danh sách, nhóm trong nhóm); quy định dữ liệu chỉ cần vài tầng.",
    )]
    assert problems[0].hint == "Kiểm tra dấu '[' , '{' hoặc '- ' bị lặp; mỗi trường chỉ cần một giá trị, một danh sách hoặc một nhóm."


def test_fifty_levels_are_still_read():
    text = "name: " + "[" * 49 + "x" + "]" * 49 + "\n"
    parsed, problems = parse_mapping(SourceText("procedures/a/p.yaml", text), "a")
    assert problems == [] and parsed is not None


# --- numbers out of range ---------------------------------------------------------------------

PROCEDURE = "procedures/ubnd-xa-vi-du/dang-ky-khai-sinh.yaml"


def _edit(root: Path, old: str, new: str, path: str = PROCEDURE) -> None:
    file = root / path
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("old, new, field, message", [
    ("  days: 0\n", "  days: " + "9" * 400 + "\n", "processing_time.days",
     "Trường 'processing_time.days' (số ngày) quá lớn: đang là '99999999999999999999…' (400 chữ số), tối đa là 3650."),
    ("  days: 0\n", "  days: 3650.5\n", "processing_time.days",
     "Trường 'processing_time.days' (số ngày) quá lớn: đang là '3650.5', tối đa là 3650."),
    ("fees: []", "fees:\n  - name: Lệ phí\n    amount: 1000000000001", "fees[0].amount",
     "Trường 'fees[0].amount' (số tiền) quá lớn: đang là '1000000000001', tối đa là 1000000000000."),
    ("    originals: 1\n", "    originals: 101\n", "documents[2].originals",
     "Trường 'documents[2].originals' (số bản chính) quá lớn: đang là '101', tối đa là 100."),
], ids=["days-400-nines", "days-3650.5", "fee-over-10^12", "originals-101"])
def test_numbers_beyond_their_documented_range_are_errors(starter_portal: Path, old, new, field, message):
    _edit(starter_portal, old, new)
    problems = [p for p in _problems(starter_portal) if p.is_error]
    assert [(p.code, p.field, p.message) for p in problems] == [("number-too-large", field, message)]
    assert problems[0].hint == "Kiểm tra số đã nhập (thừa chữ số?); giới hạn này có để chặn lỗi gõ, xem docs/data-contract.md."


def test_numbers_at_their_limit_are_accepted(starter_portal: Path):
    _edit(starter_portal, "  days: 0\n", "  days: 3650\n")
    _edit(starter_portal, "fees: []", "fees:\n  - name: Lệ phí\n    amount: 1000000000000")
    _edit(starter_portal, "    originals: 1\n", "    originals: 100\n    copies: 100\n")
    portal = read_portal(PortalPaths.at(starter_portal))
    procedure = portal.catalogue.procedures[0]
    assert procedure.processing_time.days == 3650 and procedure.fees[0].amount == 10**12


def test_no_json_output_can_hold_infinity_or_nan():
    """A non-finite number that got past validation stops the build instead of writing invalid JSON."""
    import json

    from generator.figures.open_tables import OpenTable
    from generator.render.open_data import to_json
    from generator.render.structured_data import json_ld

    resource = OpenTable("thu-tuc", [{"name": "processing_days", "type": "number"}], [], ([float("inf")],))
    with pytest.raises(ValueError):
        to_json(resource)
    with pytest.raises(ValueError):
        json_ld({"days": float("nan")})
    assert json.loads(str(json_ld({"days": 1.5}))) == {"days": 1.5}


# --- a field whose name has no letter for an address ---------------------------------------------

def test_a_field_without_letters_still_gets_its_own_page(starter_portal: Path):
    import hashlib

    from generator.urls import field_url

    expected = "linh-vuc/lv-" + hashlib.sha256("!!!".encode("utf-8")).hexdigest()[:8] + "/"
    assert field_url("!!!") == expected
    assert field_url("Hộ tịch") == "linh-vuc/ho-tich/"
    _edit(starter_portal, "field: Hộ tịch", "field: '!!!'")
    from generator.pipeline import compute
    from generator.render.site_files import render_site

    portal = read_portal(PortalPaths.at(starter_portal))
    docs = render_site(portal, compute(portal)).docs
    assert expected.rstrip("/") + ".md" in docs
    assert "linh-vuc/.md" not in docs  # where the page went before: a hidden file MkDocs skips
    page = docs[expected.rstrip("/") + ".md"].decode("utf-8")
    assert "Đăng ký khai sinh" in page
    index = docs["linh-vuc/index.md"].decode("utf-8")
    assert expected.removeprefix("linh-vuc/") in index


# --- invisible format characters ----------------------------------------------------------------

def test_bidi_controls_are_removed_with_a_warning(starter_portal: Path):
    _edit(starter_portal, "name: Đăng ký khai sinh", "name: Đăng ký\u202e khai sinh\u200b")
    _edit(starter_portal, "  - Luật Hộ tịch năm 2014", "  - Luật Hộ tịch\u2066 năm 2014")
    portal = read_portal(PortalPaths.at(starter_portal))
    procedure = portal.catalogue.procedures[0]
    assert procedure.name == "Đăng ký khai sinh"
    assert procedure.legal_basis[0] == "Luật Hộ tịch năm 2014"
    found = [(p.code, p.line, p.field, p.message, p.severity.value) for p in portal.warnings if p.code == "invisible-character"]
    assert found == [
        ("invisible-character", 3, "name",
         "Đã bỏ 2 ký tự vô hình (U+202E, U+200B) khỏi trường 'name' (tên): chúng không hiện ra nhưng có thể đảo chiều "
         "hoặc che giấu chữ.", "warning"),
        ("invisible-character", 26, "legal_basis[0]",
         "Đã bỏ 1 ký tự vô hình (U+2066) khỏi trường 'legal_basis[0]' (căn cứ pháp lý): chúng không hiện ra nhưng có thể đảo chiều "
         "hoặc che giấu chữ.", "warning"),
    ]
    assert portal.warnings[0].hint == ("Xoá ký tự đó trong tệp (thường dính vào khi chép từ Word hay trang web); "
                                       "trình soạn thảo VS Code hiện chúng khi bật 'Render Control Characters'.")


def test_zero_width_joiners_are_kept(starter_portal: Path):
    _edit(starter_portal, "name: Đăng ký khai sinh", "name: Đăng ký khai sinh \u200c\u200d")
    portal = read_portal(PortalPaths.at(starter_portal))
    assert portal.catalogue.procedures[0].name == "Đăng ký khai sinh \u200c\u200d"
    assert not [p for p in portal.warnings if p.code == "invisible-character"]


def test_invisible_characters_fail_a_strict_build(starter_portal: Path):
    _edit(starter_portal, "name: Đăng ký khai sinh", "name: Đăng ký\u202e khai sinh")
    with pytest.raises(InvalidInput) as caught:
        read_portal(PortalPaths.at(starter_portal), strict=True)
    assert [p.code for p in caught.value.problems] == ["invisible-character"]


def test_the_same_rule_holds_for_content_page_titles(starter_portal: Path):
    page = starter_portal / "content" / "gioi-thieu.md"
    page.write_text(page.read_text(encoding="utf-8").replace("nav_title: Về cổng", "nav_title: Về\u202e cổng"), encoding="utf-8")
    portal = read_portal(PortalPaths.at(starter_portal))
    [about] = [f for f in portal.content if f.path == "gioi-thieu.md"]
    assert about.nav_title == "Về cổng"
    assert [(p.file, p.line, p.code, p.field) for p in portal.warnings if p.code == "invisible-character"] == [
        ("content/gioi-thieu.md", 2, "invisible-character", "nav_title")]


# --- content pages' front matter: read safely, only known keys --------------------------------

def _page(root: Path, front: str) -> Path:
    page = root / "content" / "trang.md"
    page.write_text(f"---\n{front}---\n\n# Trang\n\nNội dung.\n", encoding="utf-8")
    return page


def test_unknown_front_matter_keys_are_dropped_with_a_warning(starter_portal: Path):
    from generator.pipeline import compute
    from generator.render.site_files import render_site

    _page(starter_portal, "title: Trang thử\ntemplate: 404.html\nhide: [toc]\n")
    portal = read_portal(PortalPaths.at(starter_portal))
    found = [(p.file, p.line, p.code, p.message, p.hint) for p in portal.warnings if p.file == "content/trang.md"]
    assert found == [("content/trang.md", 3, "content-front-matter-ignored",
                      "Trường 'template' ở đầu trang không được dùng nên bị bỏ qua.",
                      "Các trường được dùng: title, nav_title, description, hide.")]
    staged = render_site(portal, compute(portal)).docs["trang.md"].decode("utf-8")
    # portal_content: the digest of the sanitiser's markers (tests/security/test_content_sanitiser.py)
    assert re.fullmatch('---\ntitle: "Trang thử"\nhide: \\["toc"\\]\nportal_content: [0-9a-f]{32}\n---\n\n# Trang\n\nNội dung.\n', staged)


@pytest.mark.parametrize("front, line, code, message", [
    ("title: [a, b]\n", 2, "content-front-matter", "Trường 'title' ở đầu trang phải là một dòng chữ."),
    ("hide: [everything]\n", 2, "content-front-matter",
     "Trường 'hide' ở đầu trang chỉ nhận danh sách: navigation, toc, footer, path, tags, feedback."),
    ("title: x\nx: !!python/object/apply:os.system [id]\n", 3, "yaml-tag",
     "Thẻ YAML '!!python/object/apply:os.system' không được phép."),
    ("- a\n", 2, "content-front-matter", "Phần đầu trang (giữa hai dòng '---') phải là các dòng 'tên: giá trị'."),
], ids=["title-list", "hide-unknown", "python-tag", "not-a-mapping"])
def test_bad_front_matter_is_an_error_naming_the_line(starter_portal: Path, front, line, code, message):
    _page(starter_portal, front)
    assert [(p.file, p.line, p.code, p.message) for p in _problems(starter_portal) if p.is_error] == [
        ("content/trang.md", line, code, message)]


def test_the_editor_schema_states_the_same_limits():
    import json

    import jsonschema

    from generator.schema_export import render_schema

    schema = json.loads(render_schema("procedure.schema.json"))
    base = {"code": "1.000001", "name": "A", "field": "B", "result": "C", "steps": ["D"], "documents": [{"name": "E"}]}
    validator = jsonschema.Draft202012Validator(schema)
    assert not list(validator.iter_errors({**base, "processing_time": {"days": 3650}}))
    for wrong in ({"processing_time": {"days": 3651}},
                  {"processing_time": {"days": 1}, "fees": [{"name": "F", "amount": 10**12 + 1}]},
                  {"processing_time": {"days": 1}, "documents": [{"name": "E", "copies": 101}]}):
        assert list(validator.iter_errors({**base, **wrong})), wrong
