"""The locale and strings-override checks on their own (fast: no portal read, no build): every
problem's file, line, code, field, message and hint word for word. The end-to-end cases (through
``read_portal`` and ``portal new --locale``) are in tests/test_locale.py."""

from __future__ import annotations

import locale
from pathlib import Path

import pytest
import yaml

from generator.paths import PortalPaths
from generator.validate.ui_strings import _compare, check_ui_strings, shipped_locales

SHIPPED = Path(__file__).resolve().parent.parent / "site_templates" / "strings"
SYNTAX_HINT = "Sửa cú pháp YAML của tệp (thụt lề bằng dấu cách, đặt giá trị có dấu ':' trong ngoặc kép)."


def _vi() -> dict:
    return yaml.safe_load((SHIPPED / "vi.yaml").read_text(encoding="utf-8"))


def _own(root: Path, name: str, text: str | bytes) -> None:
    path = root / "site_templates" / "strings" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))


def _seen(problems) -> list[tuple]:
    return [(p.file, p.line, p.column, p.code, p.field, p.message, p.hint) for p in problems]


def _check(root: Path, locale: str, theme: str) -> list[tuple]:
    return _seen(check_ui_strings(PortalPaths.at(root), locale, theme))


def _unknown(locale: str, available: str) -> tuple:
    return ("mkdocs.yml", 0, 0, "unknown-locale",
            "extra.portal.locale", f"Không có chuỗi giao diện cho ngôn ngữ '{locale}' (extra.portal.locale).",
            f"Dùng một ngôn ngữ có sẵn ({available}), hoặc chép site_templates/strings/vi.yaml "
            f"của trình tạo thành site_templates/strings/{locale}.yaml trong cổng rồi dịch.")


def test_the_shipped_locales_are_the_shipped_files():
    assert shipped_locales() == ["en", "vi"]


def test_the_shipped_locales_with_a_matching_theme_language_have_no_problem(tmp_path: Path):
    assert _check(tmp_path, "vi", "vi") == []
    assert _check(tmp_path, "en", "en") == []
    assert _check(tmp_path, "en", "") == []  # Material's default language is English
    assert _check(tmp_path, "vi", "vi_VN") == [] and _check(tmp_path, "vi", "vi-VN") == []


def test_a_locale_without_strings_lists_the_shipped_and_the_portals_own(tmp_path: Path):
    assert _check(tmp_path, "fr", "fr") == [_unknown("fr", "en, vi")]
    _own(tmp_path, "de.yaml", yaml.safe_dump(_vi(), allow_unicode=True))
    _own(tmp_path, "notes.txt", "not a strings file")
    assert _check(tmp_path, "fr", "fr") == [_unknown("fr", "de, en, vi")]


@pytest.mark.parametrize("locale, name, available", [("a/b", "a/b.yaml", "en, vi"), ("a\\b", "a\\b.yaml", "a\\b, en, vi"),
                                                     (".x", ".x.yaml", ".x, en, vi")])
def test_a_locale_that_could_name_a_path_is_refused_even_if_the_file_exists(tmp_path: Path, locale, name, available):
    _own(tmp_path, name, yaml.safe_dump(_vi(), allow_unicode=True))
    assert _check(tmp_path, locale, "vi") == [_unknown(locale, available)]


def test_a_portal_locale_babel_does_not_know_is_named(tmp_path: Path):
    _own(tmp_path, "xx.yaml", yaml.safe_dump(_vi(), allow_unicode=True))
    assert _check(tmp_path, "xx", "xx") == [
        ("mkdocs.yml", 0, 0, "unknown-locale", "extra.portal.locale",
         "'xx' (extra.portal.locale) không phải mã ngôn ngữ mà Babel biết để viết số và ngày tháng.",
         "Dùng mã ngôn ngữ ISO 639, ví dụ vi hoặc en.")]
    _own(tmp_path, "x1.yaml", yaml.safe_dump(_vi(), allow_unicode=True))  # Babel: ValueError, not UnknownLocaleError
    assert [p[3] for p in _check(tmp_path, "x1", "x1")] == ["unknown-locale"]


def test_a_regional_locale_is_parsed_with_either_separator(tmp_path: Path):
    _own(tmp_path, "vi-VN.yaml", yaml.safe_dump(_vi(), allow_unicode=True))
    assert _check(tmp_path, "vi-VN", "vi") == []


@pytest.mark.parametrize("locale, theme, shown", [("en", "vi", "vi"), ("vi", "", "không đặt, tức en"),
                                                  ("vi", "en_US", "en_US"), ("vi", "vie", "vie")])
def test_the_theme_language_must_be_the_locales_language(tmp_path: Path, locale, theme, shown):
    assert _check(tmp_path, locale, theme) == [
        ("mkdocs.yml", 0, 0, "locale-language-mismatch", "theme.language",
         f"Ngôn ngữ giao diện của cổng (extra.portal.locale: {locale}) khác ngôn ngữ của theme "
         f"(theme.language: {shown}).",
         f"Đặt 'language: {locale}' trong mục theme của mkdocs.yml.")]


def test_an_override_with_a_yaml_error_names_its_line_and_column(tmp_path: Path):
    _own(tmp_path, "vi.yaml", "site:\n  updated: Cập nhật\n   bad: [\n")
    assert _check(tmp_path, "vi", "vi") == [
        ("site_templates/strings/vi.yaml", 3, 7, "strings-unreadable", "",
         "Không đọc được tệp chuỗi giao diện: mapping values are not allowed here.", SYNTAX_HINT)]


def test_an_override_is_read_as_utf8_whatever_the_machines_locale(tmp_path: Path):
    _own(tmp_path, "vi.yaml", yaml.safe_dump(_vi(), allow_unicode=True))
    before = locale.setlocale(locale.LC_CTYPE)
    locale.setlocale(locale.LC_CTYPE, "C")  # an ASCII locale, as on a bare server (Windows: cp1258)
    try:
        assert _check(tmp_path, "vi", "vi") == []
    finally:
        locale.setlocale(locale.LC_CTYPE, before)


def test_an_override_with_a_control_character_has_no_line_to_show(tmp_path: Path):
    _own(tmp_path, "vi.yaml", "site:\n  updated: a\x07b\n")  # PyYAML's reader refuses it before any parsing: no mark
    assert _check(tmp_path, "vi", "vi") == [
        ("site_templates/strings/vi.yaml", 0, 0, "strings-unreadable", "",
         "Không đọc được tệp chuỗi giao diện: unacceptable character #x0007: special characters are not allowed\n"
         '  in "<unicode string>", position 18.', SYNTAX_HINT)]


def test_an_override_that_is_not_utf8_or_not_a_mapping(tmp_path: Path):
    _own(tmp_path, "vi.yaml", b"site:\n  updated: C\xe9\n")  # Latin-1
    assert _check(tmp_path, "vi", "vi") == [
        ("site_templates/strings/vi.yaml", 0, 0, "strings-unreadable", "", "Tệp chuỗi giao diện không phải UTF-8.",
         "Lưu lại tệp với bảng mã UTF-8.")]
    _own(tmp_path, "vi.yaml", "- site\n- updated\n")
    assert _check(tmp_path, "vi", "vi") == [
        ("site_templates/strings/vi.yaml", 0, 0, "strings-unreadable", "",
         "Tệp chuỗi giao diện phải là một bảng khoá: giá trị.", SYNTAX_HINT)]


def test_a_complete_override_is_accepted_and_a_new_locale_is_compared_with_vietnamese(tmp_path: Path):
    data = _vi()
    data["site"]["updated"] = "Đã cập nhật"  # another wording, same placeholders
    data["extra_key"] = "kept"  # a key the generator does not use: no problem
    _own(tmp_path, "vi.yaml", yaml.safe_dump(data, allow_unicode=True))
    assert _check(tmp_path, "vi", "vi") == []
    del data["sections"]["postal"]
    _own(tmp_path, "en_GB.yaml", yaml.safe_dump(data, allow_unicode=True))  # no shipped en_GB: vi is the reference
    assert _check(tmp_path, "en_GB", "en") == [
        ("site_templates/strings/en_GB.yaml", 0, 0, "strings-missing-key", "sections.postal",
         "Thiếu 1 chuỗi giao diện: sections.postal.",
         "Chép các khoá này từ site_templates/strings/vi.yaml của trình tạo vào tệp rồi dịch giá trị.")]


def test_placeholders_and_types_of_an_override_are_checked_key_by_key(tmp_path: Path):
    data = _vi()
    data["money"]["amount"] = "{amount} đồng {currency}"
    data["statistics"]["method"]["checks"] = "một chuỗi"
    _own(tmp_path, "vi.yaml", yaml.safe_dump(data, allow_unicode=True))
    amount = _flat_vi()["money.amount"]
    assert _check(tmp_path, "vi", "vi") == [
        ("site_templates/strings/vi.yaml", 0, 0, "strings-unknown-placeholder", "money.amount",
         "Chuỗi 'money.amount' có chỗ điền {currency} mà trình tạo không biết.",
         f"Chỉ dùng các chỗ điền của bản gốc: {amount!r}."),
        ("site_templates/strings/vi.yaml", 0, 0, "strings-wrong-type", "statistics.method.checks",
         "Chuỗi 'statistics.method.checks' phải là một danh sách.",
         "Đặt giá trị trong ngoặc kép; xem cùng khoá trong site_templates/strings/vi.yaml của trình tạo.")]


def _flat_vi() -> dict:
    data = _vi()
    return {f"{section}.{key}": value for section, entries in data.items() for key, value in entries.items()}


def test_an_english_override_is_compared_with_the_shipped_english(tmp_path: Path):
    english = yaml.safe_load((SHIPPED / "en.yaml").read_text(encoding="utf-8"))
    _own(tmp_path, "en.yaml", yaml.safe_dump(english, allow_unicode=True))
    assert _check(tmp_path, "en", "en") == []
    _own(tmp_path, "en.yaml", yaml.safe_dump(_vi(), allow_unicode=True))  # Vietnamese text, same keys: accepted
    assert _check(tmp_path, "en", "en") == []


def _missing_hint() -> str:
    return "Chép các khoá này từ site_templates/strings/vi.yaml của trình tạo vào tệp rồi dịch giá trị."


def test_missing_keys_show_the_first_eight_and_count_the_rest():
    reference = {f"k{i}": "x" for i in range(1, 11)}
    assert _seen(_compare({"k1": "x"}, reference, "s.yaml")) == [
        ("s.yaml", 0, 0, "strings-missing-key", "k2",
         "Thiếu 9 chuỗi giao diện: k2, k3, k4, k5, k6, k7, k8, k9 … (và 1 khoá khác).", _missing_hint())]
    assert _seen(_compare({"k1": "x", "k2": "x"}, reference, "s.yaml")) == [
        ("s.yaml", 0, 0, "strings-missing-key", "k3",
         "Thiếu 8 chuỗi giao diện: k3, k4, k5, k6, k7, k8, k9, k10.", _missing_hint())]


def test_unknown_placeholders_and_wrong_types_are_named_per_key():
    reference = {"money.amount": "{amount} đồng", "checks": ["a", "b"], "title": "Tiêu đề {year}", "n": "x"}
    own = {"money.amount": "{amount} {b} đồng {a} {}", "checks": "a, b", "title": ["Tiêu đề"], "n": "{year}",
           "extra": "{whatever}"}
    assert _seen(_compare(own, reference, "s.yaml")) == [
        ("s.yaml", 0, 0, "strings-unknown-placeholder", "money.amount",
         "Chuỗi 'money.amount' có chỗ điền {}, {a}, {b} mà trình tạo không biết.",
         "Chỉ dùng các chỗ điền của bản gốc: '{amount} đồng'."),
        ("s.yaml", 0, 0, "strings-wrong-type", "checks", "Chuỗi 'checks' phải là một danh sách.",
         "Đặt giá trị trong ngoặc kép; xem cùng khoá trong site_templates/strings/vi.yaml của trình tạo."),
        ("s.yaml", 0, 0, "strings-wrong-type", "title", "Chuỗi 'title' phải là văn bản.",
         "Đặt giá trị trong ngoặc kép; xem cùng khoá trong site_templates/strings/vi.yaml của trình tạo."),
        ("s.yaml", 0, 0, "strings-unknown-placeholder", "n", "Chuỗi 'n' có chỗ điền {year} mà trình tạo không biết.",
         "Chỉ dùng các chỗ điền của bản gốc: 'x'."),
    ]
    assert _compare({"checks": ["c"], "money.amount": "{amount}"}, reference, "s.yaml")[0].code == "strings-missing-key"
    assert len(_compare({"checks": ["c"], "money.amount": "{amount}"}, reference, "s.yaml")) == 1


def test_an_english_overrides_unknown_placeholder_is_shown_the_shipped_english_original(tmp_path: Path):
    english = yaml.safe_load((SHIPPED / "en.yaml").read_text(encoding="utf-8"))
    original = english["money"]["amount"]
    assert original != _vi()["money"]["amount"]  # else this test could not tell the two references apart
    english["money"]["amount"] = "{amount} {currency}"
    _own(tmp_path, "en.yaml", yaml.safe_dump(english, allow_unicode=True))
    assert _check(tmp_path, "en", "en") == [
        ("site_templates/strings/en.yaml", 0, 0, "strings-unknown-placeholder", "money.amount",
         "Chuỗi 'money.amount' có chỗ điền {currency} mà trình tạo không biết.",
         f"Chỉ dùng các chỗ điền của bản gốc: {original!r}.")]
