"""Read an editor's text file: UTF-8 (a byte-order mark is tolerated), normalised to NFC."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..errors import Problem

UTF8_BOM = b"\xef\xbb\xbf"
KEPT_FORMAT_CHARACTERS = frozenset({"\u200c", "\u200d"})  # ZWNJ, ZWJ: part of some scripts' spelling, and emoji


# Every Cf character is U+00AD or above, and none is in U+00AE–U+05FF (Latin, Greek, Cyrillic, combining
# marks …) or U+1E00–U+1EFF (the Vietnamese letters with two marks): a text with nothing outside those
# ranges has none, and most catalogue texts are looked at by this one search instead of letter by letter
# (tests/test_invisible_characters.py checks the ranges against unicodedata)
MAY_HOLD_FORMAT_CHARACTERS = re.compile("[\u00ad\u0600-\u1dff\u1f00-\U0010ffff]")


def invisible_characters(text: str) -> list[str]:
    """The invisible format characters (Unicode category Cf: bidi controls, zero-width spaces, soft
    hyphens …) of ``text`` that :func:`remove_invisible` takes out, in order."""
    if MAY_HOLD_FORMAT_CHARACTERS.search(text) is None:
        return []
    return [c for c in text if unicodedata.category(c) == "Cf" and c not in KEPT_FORMAT_CHARACTERS]


def remove_invisible(text: str) -> str:
    return "".join(c for c in text if unicodedata.category(c) != "Cf" or c in KEPT_FORMAT_CHARACTERS)


@dataclass(frozen=True)
class SourceText:
    path: str  # relative to the portal root, as shown to editors
    text: str


def decode_source(data: bytes, path: str) -> SourceText | Problem:
    """Decode ``data`` as UTF-8 and normalise it to NFC, or say why it cannot be read."""
    if data.startswith(UTF8_BOM):
        data = data[len(UTF8_BOM):]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return Problem(
            file=path,
            line=line,
            column=column,
            code="encoding",
            message="Tệp không phải mã UTF-8 (có thể đang là Windows-1258 hoặc TCVN3); "
            "chữ tiếng Việt sẽ bị lỗi nếu đăng.",
            hint="Mở tệp bằng trình soạn thảo và lưu lại với mã hoá 'UTF-8' "
            "(Notepad: File → Save As → Encoding: UTF-8).",
        )
    return SourceText(path, unicodedata.normalize("NFC", text))
