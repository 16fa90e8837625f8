"""The invisible-character rule on plain YAML data (fast: no portal read): every Cf character is
removed, ZWNJ/ZWJ are kept, and one warning per value names the file, the value's position, the
field and the code points, word for word. The end-to-end cases are in tests/security/test_values.py."""

from __future__ import annotations

import sys
import unicodedata

from generator.errors import Severity
from generator.load.text_files import invisible_characters
from generator.load.yaml_nodes import Position
from generator.validate.invisible_characters import invisible_problem, strip_invisible

FILE = "procedures/ubnd-xa/a.yaml"
HINT = ("Xoá ký tự đó trong tệp (thường dính vào khi chép từ Word hay trang web); "
        "trình soạn thảo VS Code hiện chúng khi bật 'Render Control Characters'.")


def _message(count: int, codes: str, field: str) -> str:
    return (f"Đã bỏ {count} ký tự vô hình ({codes}) khỏi trường {field}: chúng không hiện ra nhưng có thể "
            "đảo chiều hoặc che giấu chữ.")


def _seen(problems) -> list[tuple]:
    return [(p.file, p.line, p.column, p.code, p.field, p.message, p.hint, p.severity) for p in problems]


def test_clean_data_is_returned_unchanged_without_warnings():
    data = {"name": "Đăng ký khai sinh", "fees": [{"amount": 0, "note": None}], "online": True,
            "x": "a\u200cb\u200dc"}  # ZWNJ and ZWJ are kept
    clean, problems = strip_invisible(data, {}, FILE)
    assert clean == data and problems == []


def test_each_value_with_invisible_characters_is_cleaned_and_warned_where_it_is():
    data = {
        "name": "\u202eĐăng ký\u200b khai sinh\u202c",  # RLO, ZWSP, PDF
        "legal_basis": ["Luật Hộ tịch", "Nghị định\u00ad 123\u00ad\u00ad"],  # soft hyphens: one code, three characters
        "fees": [{"amount": 5, "note": "\ufeffmiễn phí"}],
        "days": 3,
    }
    positions = {("name",): Position(2, 7), ("legal_basis", 1): Position(9, 5), ("fees", 0, "note"): Position(12, 11)}
    clean, problems = strip_invisible(data, positions, FILE)
    assert clean == {"name": "Đăng ký khai sinh", "legal_basis": ["Luật Hộ tịch", "Nghị định 123"],
                     "fees": [{"amount": 5, "note": "miễn phí"}], "days": 3}
    assert _seen(problems) == [
        (FILE, 2, 7, "invisible-character", "name",
         _message(3, "U+202E, U+200B, U+202C", "'name' (tên)"), HINT, Severity.WARNING),
        (FILE, 9, 5, "invisible-character", "legal_basis[1]",
         _message(3, "U+00AD", "'legal_basis[1]' (căn cứ pháp lý)"), HINT, Severity.WARNING),
        (FILE, 12, 11, "invisible-character", "fees[0].note",
         _message(1, "U+FEFF", "'fees[0].note' (ghi chú)"), HINT, Severity.WARNING),
    ]


def test_a_top_level_string_and_a_value_without_a_known_position():
    clean, problems = strip_invisible("a\u2066b", {}, FILE, ("steps", 4))
    assert clean == "ab"
    assert _seen(problems) == [(FILE, 0, 0, "invisible-character", "steps[4]",
                                _message(1, "U+2066", "'steps[4]' (trình tự thực hiện)"), HINT, Severity.WARNING)]


def test_nested_lists_keep_their_order_and_other_values():
    clean, problems = strip_invisible([["\u200bx", 1], [None, "y\u200e"]], {}, FILE, ("documents",))
    assert clean == [["x", 1], [None, "y"]]
    assert [(p.field, p.message) for p in problems] == [
        ("documents[0][0]", _message(1, "U+200B", "'documents[0][0]' (thành phần hồ sơ)")),
        ("documents[1][1]", _message(1, "U+200E", "'documents[1][1]' (thành phần hồ sơ)")),
    ]


def test_the_problem_itself_names_repeated_code_points_once():
    problem = invisible_problem(FILE, Position(4, 2), ("code",), ["\u200b", "\u202e", "\u200b"])
    assert _seen([problem]) == [(FILE, 4, 2, "invisible-character", "code",
                                 _message(3, "U+200B, U+202E", "'code' (mã thủ tục)"), HINT, Severity.WARNING)]


def test_every_format_character_is_found_inside_vietnamese_text():
    """The search that lets most texts through untouched (``MAY_HOLD_FORMAT_CHARACTERS``) must match each
    Cf character of this Python's Unicode data; each is found wherever it sits in a Vietnamese text."""
    every_cf = [chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"]
    assert len(every_cf) > 150
    for character in every_cf:
        expected = [] if character in ("\u200c", "\u200d") else [character]
        assert invisible_characters(f"Đăng ký{character} khai sinh – Sở Tư pháp") == expected, hex(ord(character))
        assert invisible_characters(f"{character}Chứng thực") == expected, hex(ord(character))


def test_texts_without_format_characters_have_none():
    for text in ("Đăng ký khai sinh", "Cấp đổi giấy phép lái xe – “hạng A1”", "Ελληνικά, русский, 中文, 😀", ""):
        assert invisible_characters(text) == []
