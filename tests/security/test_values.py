"""Hostile values in the data contract: each is refused with a Problem, never a traceback,
and nothing out of range (``Infinity``, an empty address, an invisible control character) is published."""

from __future__ import annotations

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
