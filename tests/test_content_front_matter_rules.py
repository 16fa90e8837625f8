"""The invisible-character rule on content pages' front matter, on its own (fast: a tmp content/ folder read
by the loader, no build, no catalogue). The expected warnings are written out here word for word."""

from __future__ import annotations

from pathlib import Path

from generator.errors import Severity
from generator.load.content_pages import read_content
from generator.paths import PortalPaths
from generator.validate.content_front_matter import front_matter_problems

HINT = ("Xoá ký tự đó trong tệp (thường dính vào khi chép từ Word hay trang web); "
        "trình soạn thảo VS Code hiện chúng khi bật 'Render Control Characters'.")


def _message(count: int, codes: str, key: str) -> str:
    return (f"Đã bỏ {count} ký tự vô hình ({codes}) khỏi trường '{key}': chúng không hiện ra nhưng có thể "
            "đảo chiều hoặc che giấu chữ.")


def _problems(root: Path) -> list[tuple]:
    paths = PortalPaths.at(root)
    files, problems = read_content(paths)
    assert problems == []
    return [(p.file, p.line, p.column, p.code, p.message, p.field, p.hint, p.severity)
            for p in front_matter_problems(paths, files)]


def test_each_front_matter_text_with_invisible_characters_is_warned_about_page_by_page(tmp_path: Path):
    guides = tmp_path / "content" / "huong-dan"
    guides.mkdir(parents=True)
    (guides / "trang.md").write_text(
        '---\ntitle: "Giới\u202a thiệu"\nnav_title: "Về\u202e cổng\u200b"\n---\n\n# Trang\n', encoding="utf-8")
    (tmp_path / "content" / "gioi-thieu.md").write_text(
        "---\ndescription: Mô tả\n\n\nnav_title: Về\u2066 tỉnh\n---\n\n# Giới thiệu\n", encoding="utf-8")
    (guides / "ghi-chu.txt").write_text("không phải trang Markdown", encoding="utf-8")  # no front matter at all
    (guides / "sach.md").write_text("---\ntitle: Sạch\n---\n\n# Sạch\n", encoding="utf-8")
    assert _problems(tmp_path) == [
        ("content/gioi-thieu.md", 5, 0, "invisible-character", _message(1, "U+2066", "nav_title"), "nav_title", HINT,
         Severity.WARNING),
        ("content/huong-dan/trang.md", 2, 0, "invisible-character", _message(1, "U+202A", "title"), "title", HINT,
         Severity.WARNING),
        ("content/huong-dan/trang.md", 3, 0, "invisible-character", _message(2, "U+202E, U+200B", "nav_title"),
         "nav_title", HINT, Severity.WARNING),
    ]


def test_pages_without_invisible_characters_and_other_files_give_no_warning(tmp_path: Path):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "a.md").write_text("---\ntitle: A\n---\n\n# A\n", encoding="utf-8")
    (tmp_path / "content" / "b.txt").write_text("b", encoding="utf-8")
    assert _problems(tmp_path) == []
