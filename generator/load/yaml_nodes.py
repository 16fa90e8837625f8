"""Safe YAML: a node tree with source positions, read with YAML 1.2 meanings.

PyYAML's libyaml parser gives a stream of events with marks. We build our own
tree from those events so that

* every value keeps its line and column (for messages),
* aliases are refused before anything is expanded (no "billion laughs"),
* explicit tags such as ``!!python/object`` are refused,
* a duplicated key is an error, never a silent overwrite,
* scalars stay text exactly as written (``code: 1.000100`` is "1.000100") and
  only the YAML 1.2 core null (``~``, ``null``, empty) becomes ``None``;
  ``no``, ``on`` and ``010`` are text, not booleans or octals. Typing happens
  later, against the field's declared type;
* nesting (a list in a list, a group in a group …) deeper than
  :data:`MAX_NESTING` levels is refused as the events arrive, before anything
  recursive runs (500 nested ``[`` would otherwise overflow Python's stack).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Union

import yaml

from ..errors import Problem
from .text_files import SourceText

try:  # libyaml is ~6x faster; the pure-Python parser gives the same events.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_NESTING = 50  # levels of lists and groups; the contract needs 3 (procedure → fees → fee)
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")

# libyaml's messages, said plainly. Unknown ones are shown as libyaml wrote them.
_SYNTAX_MESSAGES = {
    "did not find expected key": "thụt lề không khớp với các dòng trên, hoặc thiếu dấu ':' sau tên trường",
    "mapping values are not allowed here": "có dấu ':' ở chỗ không được phép (văn bản chứa ':' phải đặt trong ngoặc kép)",
    # libyaml's wording of the same error (the pure-Python parser says "here")
    "mapping values are not allowed in this context": "có dấu ':' ở chỗ không được phép (văn bản chứa ':' phải đặt "
    "trong ngoặc kép)",
    "found character that cannot start any token": "có ký tự không được phép (thường là phím Tab: YAML chỉ thụt lề "
    "bằng dấu cách; hoặc '@', '`' ở đầu giá trị)",
    "could not find expected ':'": "thiếu dấu ':' sau tên trường",
    "found unexpected end of stream": "tệp kết thúc giữa chừng (thiếu dấu ngoặc kép hoặc ngoặc đóng?)",
    "did not find expected '-' indicator": "thụt lề của danh sách không khớp (mỗi mục bắt đầu bằng '- ' ở cùng một cột)",
    "did not find expected ',' or ']'": "thiếu dấu ']' đóng danh sách",
    "did not find expected ',' or '}'": "thiếu dấu '}' đóng nhóm",
    "found undefined tag handle": "có thẻ YAML không được phép (bắt đầu bằng '!')",
}


@dataclass(frozen=True)
class Position:
    line: int  # 1-based
    column: int  # 1-based


@dataclass
class ScalarNode:
    value: str | None
    position: Position


@dataclass
class SequenceNode:
    items: list["Node"]
    position: Position


@dataclass
class MappingNode:
    # keys are the scalar texts; ``key_positions`` says where each key was written
    items: dict[str, "Node"]
    position: Position
    key_positions: dict[str, Position] = field(default_factory=dict)


Node = Union[ScalarNode, SequenceNode, MappingNode]


class _Refused(Exception):
    def __init__(self, problem_code: str, message: str, hint: str, position: Position):
        self.problem_code, self.message, self.hint, self.position = problem_code, message, hint, position


def _position(mark: Any) -> Position:
    return Position(mark.line + 1, mark.column + 1)


def parse_yaml(source: SourceText) -> tuple[Node | None, list[Problem]]:
    """Parse one YAML document into a :data:`Node` tree, or return the problems."""

    def problem(code: str, message: str, hint: str, position: Position) -> Problem:
        return Problem(source.path, position.line, position.column, code, message, hint=hint)

    try:
        events = yaml.parse(source.text, Loader=_Loader)
        root = _Builder(events).document()
    except _Refused as refused:
        return None, [problem(refused.problem_code, refused.message, refused.hint, refused.position)]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        position = _position(mark) if mark else Position(0, 0)
        detail = exc.problem or exc.context or "cú pháp không hợp lệ"
        detail = _SYNTAX_MESSAGES.get(detail, detail)
        return None, [
            problem(
                "yaml-syntax",
                f"Lỗi cú pháp YAML: {detail}.",
                "Kiểm tra thụt lề (dùng dấu cách, không dùng Tab), dấu ':' sau tên trường, "
                "và đặt văn bản có dấu ':' hoặc '#' trong ngoặc kép.",
                position,
            )
        ]
    except yaml.YAMLError as exc:
        return None, [problem("yaml-syntax", f"Lỗi cú pháp YAML: {exc}.", "", Position(0, 0))]
    return root, []


class _Builder:
    """Turn a PyYAML event stream into Nodes, enforcing the safety rules."""

    def __init__(self, events: Any):
        self._events = iter(events)
        self._depth = 0

    def _enter(self, position: Position) -> None:
        self._depth += 1
        if self._depth > MAX_NESTING:
            raise _Refused(
                "yaml-too-deep",
                f"Dữ liệu lồng nhau quá {MAX_NESTING} tầng (danh sách trong danh sách, nhóm trong nhóm); "
                "quy định dữ liệu chỉ cần vài tầng.",
                "Kiểm tra dấu '[' , '{' hoặc '- ' bị lặp; mỗi trường chỉ cần một giá trị, một danh sách hoặc một nhóm.",
                position,
            )

    def _next(self) -> Any:
        return next(self._events)

    def document(self) -> Node | None:
        self._next()  # StreamStart
        event = self._next()
        if isinstance(event, yaml.StreamEndEvent):
            return None
        root = self._node(self._next())  # after DocumentStart
        self._next()  # DocumentEnd
        event = self._next()
        if not isinstance(event, yaml.StreamEndEvent):
            raise _Refused(
                "yaml-many-documents",
                "Tệp có nhiều tài liệu YAML (dấu '---' ở giữa tệp); mỗi tệp chỉ được chứa một.",
                "Tách mỗi thủ tục ra một tệp riêng, hoặc xoá dòng '---' thừa.",
                _position(event.start_mark),
            )
        return root

    def _check_tag(self, event: Any) -> None:
        tag = getattr(event, "tag", None)
        if tag not in (None, "!"):
            raise _Refused(
                "yaml-tag",
                f"Thẻ YAML '{tag.replace('tag:yaml.org,2002:', '!!')}' không được phép.",
                "Xoá thẻ bắt đầu bằng '!' ; nếu đó là văn bản, hãy đặt nó trong ngoặc kép.",
                _position(event.start_mark),
            )

    def _node(self, event: Any) -> Node:
        if isinstance(event, yaml.AliasEvent):
            raise _Refused(
                "yaml-alias",
                f"Không được dùng bí danh YAML ('*{event.anchor}').",
                "Viết đầy đủ giá trị thay vì tham chiếu '&'/'*'.",
                _position(event.start_mark),
            )
        self._check_tag(event)
        position = _position(event.start_mark)
        if isinstance(event, yaml.ScalarEvent):
            plain = event.implicit[0]  # a plain scalar with no tag
            value = None if plain and _NULL.match(event.value) else event.value
            return ScalarNode(value, position)
        if isinstance(event, yaml.SequenceStartEvent):
            self._enter(position)
            items: list[Node] = []
            while not isinstance(event := self._next(), yaml.SequenceEndEvent):
                items.append(self._node(event))
            self._depth -= 1
            return SequenceNode(items, position)
        if isinstance(event, yaml.MappingStartEvent):
            self._enter(position)
            mapping = MappingNode({}, position)
            while not isinstance(event := self._next(), yaml.MappingEndEvent):
                key_node = self._node(event)
                value = self._node(self._next())
                if not isinstance(key_node, ScalarNode) or key_node.value is None:
                    raise _Refused(
                        "yaml-key",
                        "Tên trường phải là một chữ đơn giản.",
                        "Viết tên trường rồi dấu ':' , ví dụ 'name: Đăng ký khai sinh'.",
                        key_node.position,
                    )
                key = key_node.value
                if key in mapping.items:
                    first = mapping.key_positions[key]
                    raise _Refused(
                        "duplicate-key",
                        f"Trường '{key}' được viết hai lần (lần đầu ở dòng {first.line}).",
                        "Giữ một lần duy nhất và xoá dòng trùng; giá trị sau sẽ không tự ghi đè.",
                        key_node.position,
                    )
                mapping.items[key] = value
                mapping.key_positions[key] = key_node.position
            self._depth -= 1
            return mapping
        raise _Refused("yaml-syntax", "Cấu trúc YAML không đọc được.", "", position)  # pragma: no cover


def to_python(node: Node | None, path: tuple = (), positions: dict | None = None) -> Any:
    """Plain Python values (dict/list/str/None) plus ``positions[path] = Position``.

    ``positions`` maps each value's path, e.g. ``("fees", 0, "amount")``, to where
    it was written, and ``path + ("<key>",)``-style lookups of keys are stored
    under ``("__key__",) + path`` so messages about a key point at the key.
    """
    if positions is None:
        positions = {}
    if node is None:
        return None
    positions[path] = node.position
    if isinstance(node, ScalarNode):
        return node.value
    if isinstance(node, SequenceNode):
        return [to_python(item, path + (i,), positions) for i, item in enumerate(node.items)]
    result = {}
    for key, value in node.items.items():
        positions[("__key__",) + path + (key,)] = node.key_positions[key]
        result[key] = to_python(value, path + (key,), positions)
    return result
