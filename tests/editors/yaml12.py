"""Read YAML the way an editor's YAML 1.2 tooling does (yaml-language-server): plain scalars typed.

``portal validate`` reads every scalar as the text that was written; an editor
types plain scalars with the YAML 1.2 core schema (``5`` is a number, ``true`` a
boolean, ``2026-01-15`` text) and checks them against the JSON Schema. This is
that reading, for tests that compare the two verdicts.

Files the YAML layer refuses (tags, aliases, duplicated keys, syntax errors,
other encodings) raise :class:`OutsideJsonSchema`: JSON Schema never sees them.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_OCT = re.compile(r"^0o[0-7]+$")
_HEX = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")


class OutsideJsonSchema(Exception):
    """The file is refused before any value exists (YAML-level rule)."""


def core_scalar(text: str) -> Any:
    if _NULL.match(text):
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT.match(text):
        return int(text)
    if _OCT.match(text):
        return int(text[2:], 8)
    if _HEX.match(text):
        return int(text[2:], 16)
    if _FLOAT.match(text):
        return float(text)
    return text


def editor_values(data: bytes) -> Any:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise OutsideJsonSchema(f"not UTF-8: {exc}") from None
    try:
        events = iter(list(yaml.parse(text, Loader=yaml.CSafeLoader)))
    except yaml.YAMLError as exc:
        raise OutsideJsonSchema(f"YAML syntax: {exc}") from None

    def node(event: Any) -> Any:
        if isinstance(event, yaml.AliasEvent):
            raise OutsideJsonSchema("alias")
        if getattr(event, "tag", None) not in (None, "!"):
            raise OutsideJsonSchema(f"tag {event.tag}")
        if isinstance(event, yaml.ScalarEvent):
            return core_scalar(event.value) if event.implicit[0] else event.value
        if isinstance(event, yaml.SequenceStartEvent):
            items = []
            while not isinstance(item := next(events), yaml.SequenceEndEvent):
                items.append(node(item))
            return items
        mapping: dict[Any, Any] = {}
        while not isinstance(key_event := next(events), yaml.MappingEndEvent):
            key = node(key_event)
            if key in mapping:
                raise OutsideJsonSchema(f"duplicate key {key}")
            mapping[key if isinstance(key, str) else str(key)] = node(next(events))
        return mapping

    next(events)  # stream start
    start = next(events)
    if isinstance(start, yaml.StreamEndEvent):
        return None
    return node(next(events))
