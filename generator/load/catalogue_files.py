"""Find and parse the catalogue: procedures/<agency-id>/agency.yaml and procedure files.

Parsing only: the result is plain data with source positions; the rules live in
:mod:`generator.validate`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from ..contract import AGENCY_ID_PATTERN
from ..errors import Problem
from ..paths import PortalPaths
from .safe_files import check_file, hidden_or_private, walk_files
from .text_files import SourceText, decode_source
from .yaml_nodes import MappingNode, Position, parse_yaml, to_python

YAML_SUFFIXES = (".yaml", ".yml")
AGENCY_FILE = "agency.yaml"
_AGENCY_ID = re.compile(AGENCY_ID_PATTERN)


@dataclass
class ParsedFile:
    """One YAML file read into plain values, with where each value was written."""

    path: str  # relative to the portal root
    agency_id: str  # the top folder under procedures/
    data: dict[str, Any]
    positions: dict[tuple, Position] = field(repr=False)


@dataclass
class RawCatalogue:
    agencies: list[ParsedFile]
    procedures: list[ParsedFile]


def _ignored(path: Path, base: Path) -> bool:
    return any(part.startswith(("_", ".")) for part in path.relative_to(base).parts)


ParseFile = Callable[[PortalPaths, Path, str], "tuple[ParsedFile | None, list[Problem]]"]


def read_catalogue(paths: PortalPaths, parse: ParseFile | None = None) -> tuple[RawCatalogue, list[Problem]]:
    """Every agency and procedure file under ``procedures/``, each read by ``parse`` (default
    :func:`parse_catalogue_file`; ``portal serve`` passes one that remembers unchanged files)."""
    parse = parse or parse_catalogue_file
    raw = RawCatalogue([], [])
    problems: list[Problem] = []
    base = paths.procedures
    if not base.is_dir():
        problems.append(
            Problem(
                paths.relative(base), 0, 0, "no-procedures-folder",
                "Không tìm thấy thư mục 'procedures/' chứa danh mục thủ tục.",
                hint="Tạo thư mục procedures/ với mỗi cơ quan một thư mục con (xem 'portal new').",
            )
        )
        return raw, problems
    refused = check_file(paths.root, base)
    if refused is not None:
        return raw, [refused]

    for agency_dir in sorted(p for p in base.iterdir() if p.is_dir() and not _ignored(p, base)):
        refused = check_file(paths.root, agency_dir)  # a linked agency folder must stay inside the portal
        if refused is not None:
            problems.append(refused)
            continue
        rel_dir = paths.relative(agency_dir)
        if not _AGENCY_ID.match(agency_dir.name):
            problems.append(
                Problem(
                    rel_dir, 0, 0, "agency-folder-name",
                    f"Tên thư mục cơ quan '{agency_dir.name}' không hợp lệ.",
                    field="agency-id",
                    hint="Chỉ dùng chữ thường không dấu, chữ số và dấu '-', ví dụ 'so-tu-phap'.",
                )
            )
            continue
        if not (agency_dir / AGENCY_FILE).is_file():
            problems.append(
                Problem(
                    rel_dir, 0, 0, "agency-file-missing",
                    f"Thư mục cơ quan '{agency_dir.name}' thiếu tệp {AGENCY_FILE}.",
                    hint=f"Tạo {rel_dir}/{AGENCY_FILE} với ít nhất 'name:' và 'level:'.",
                )
            )
        for file in walk_files(paths.root, agency_dir, problems, skip=hidden_or_private(("_", "."))):
            if file.suffix not in YAML_SUFFIXES:
                continue
            parsed, file_problems = parse(paths, file, agency_dir.name)
            problems.extend(file_problems)
            if parsed is not None:
                is_agency = file.parent == agency_dir and file.name == AGENCY_FILE
                (raw.agencies if is_agency else raw.procedures).append(parsed)

    for stray in sorted(p for p in base.iterdir() if p.is_file() and p.suffix in YAML_SUFFIXES and not _ignored(p, base)):
        problems.append(
            Problem(
                paths.relative(stray), 0, 0, "file-outside-agency",
                "Tệp thủ tục phải nằm trong thư mục của một cơ quan.",
                hint="Chuyển tệp vào procedures/<mã-cơ-quan>/.",
            )
        )
    return raw, problems


def parse_catalogue_file(paths: PortalPaths, file: Path, agency_id: str) -> tuple[ParsedFile | None, list[Problem]]:
    rel = paths.relative(file)
    decoded = decode_source(file.read_bytes(), rel)
    if isinstance(decoded, Problem):
        return None, [decoded]
    return parse_mapping(decoded, agency_id)


def parse_mapping(source: SourceText, agency_id: str) -> tuple[ParsedFile | None, list[Problem]]:
    node, problems = parse_yaml(source)
    if problems:
        return None, problems
    if not isinstance(node, MappingNode):
        return None, [
            Problem(
                source.path, node.position.line if node else 1, node.position.column if node else 1,
                "not-a-mapping",
                "Tệp trống hoặc không phải danh sách các trường 'tên: giá trị'.",
                hint="Mỗi dòng có dạng 'tên_trường: giá trị', ví dụ 'name: Đăng ký khai sinh'.",
            )
        ]
    positions: dict[tuple, Position] = {}
    data = to_python(node, (), positions)
    return ParsedFile(source.path, agency_id, data, positions), []
