"""Invisible format characters in editors' text: removed, with a warning.

Unicode category Cf holds characters that show nothing but change how text is
shown or compared: bidirectional controls (U+202A–U+202E, U+2066–U+2069, which
can make a name read backwards), zero-width spaces, soft hyphens, a stray
byte-order mark. Copying from Word or a web page brings them in. One rule for
every text value of the catalogue (and of content pages' titles): each such
character is removed and the editor is warned where it was (``--strict`` makes
that an error). ZWNJ and ZWJ (U+200C, U+200D) are kept: they are part of the
spelling of some scripts and of emoji. The characters themselves are decided in
:func:`generator.load.text_files.invisible_characters`.
"""

from __future__ import annotations

from typing import Any

from ..errors import Problem, Severity
from ..load.text_files import invisible_characters, remove_invisible
from ..load.yaml_nodes import Position
from .field_labels import dotted, labelled


def invisible_problem(file: str, position: Position | None, loc: tuple, found: list[str]) -> Problem:
    codes = ", ".join(dict.fromkeys(f"U+{ord(c):04X}" for c in found))
    line, column = (position.line, position.column) if position else (0, 0)
    return Problem(
        file, line, column, "invisible-character",
        f"Đã bỏ {len(found)} ký tự vô hình ({codes}) khỏi trường {labelled(loc)}: chúng không hiện ra nhưng có thể "
        "đảo chiều hoặc che giấu chữ.",
        field=dotted(loc),
        hint="Xoá ký tự đó trong tệp (thường dính vào khi chép từ Word hay trang web); "
             "trình soạn thảo VS Code hiện chúng khi bật 'Render Control Characters'.",
        severity=Severity.WARNING,
    )


def strip_invisible(data: Any, positions: dict[tuple, Position], file: str, loc: tuple = ()) -> tuple[Any, list[Problem]]:
    """``data`` (plain values from YAML, at most ``MAX_NESTING`` deep) without Cf characters, and a warning
    for each value that had some."""
    if isinstance(data, str):
        found = invisible_characters(data)
        if not found:
            return data, []
        return remove_invisible(data), [invisible_problem(file, positions.get(loc), loc, found)]
    if isinstance(data, list):
        items, problems = [], []
        for index, item in enumerate(data):
            clean, found = strip_invisible(item, positions, file, loc + (index,))
            items.append(clean)
            problems += found
        return items, problems
    if isinstance(data, dict):
        mapping, problems = {}, []
        for key, value in data.items():
            clean, found = strip_invisible(value, positions, file, loc + (key,))
            mapping[key] = clean
            problems += found
        return mapping, problems
    return data, []
