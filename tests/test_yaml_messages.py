"""Every refusal of the safe YAML reader, word for word: code, line, column, message and hint.

An editor only sees these messages, so each one is asserted exactly (a message
left in libyaml's English, or a hint lost, is a failure here).
"""

from __future__ import annotations

import pytest

from generator.load.text_files import SourceText
from generator.load.yaml_nodes import MappingNode, Position, ScalarNode, SequenceNode, parse_yaml, to_python

SYNTAX_HINT = ("Kiểm tra thụt lề (dùng dấu cách, không dùng Tab), dấu ':' sau tên trường, "
               "và đặt văn bản có dấu ':' hoặc '#' trong ngoặc kép.")

SYNTAX = [
    ("a:\n  b: 1\n c: 2\n", 3, 2, "thụt lề không khớp với các dòng trên, hoặc thiếu dấu ':' sau tên trường"),
    ("name: a: b\n", 1, 8, "có dấu ':' ở chỗ không được phép (văn bản chứa ':' phải đặt trong ngoặc kép)"),
    ("a:\n\tb: 1\n", 2, 1, "có ký tự không được phép (thường là phím Tab: YAML chỉ thụt lề bằng dấu cách; "
                          "hoặc '@', '`' ở đầu giá trị)"),
    ("a: 1\nb\n", 3, 1, "thiếu dấu ':' sau tên trường"),
    ('a: "abc\n', 2, 1, "tệp kết thúc giữa chừng (thiếu dấu ngoặc kép hoặc ngoặc đóng?)"),
    ("a:\n  - b\n  c: d\n", 3, 3, "thụt lề của danh sách không khớp (mỗi mục bắt đầu bằng '- ' ở cùng một cột)"),
    ("a: [1, 2\n", 2, 1, "thiếu dấu ']' đóng danh sách"),
    ("a: {b: 1\n", 2, 1, "thiếu dấu '}' đóng nhóm"),
    ("a: !x!y 1\n", 1, 4, "có thẻ YAML không được phép (bắt đầu bằng '!')"),
]


def problems_of(text: str):
    node, problems = parse_yaml(SourceText("procedures/a/x.yaml", text))
    return node, [(p.file, p.line, p.column, p.code, p.message, p.hint) for p in problems]


@pytest.mark.parametrize("text, line, column, detail", SYNTAX, ids=[d[:30] for *_, d in SYNTAX])
def test_each_syntax_error_is_said_in_vietnamese_where_it_is(text, line, column, detail):
    node, problems = problems_of(text)
    assert node is None
    assert problems == [("procedures/a/x.yaml", line, column, "yaml-syntax", f"Lỗi cú pháp YAML: {detail}.", SYNTAX_HINT)]


REFUSALS = [
    ("name: a\nfield: b\nname: c\n", 3, 1, "duplicate-key", "Trường 'name' được viết hai lần (lần đầu ở dòng 1).",
     "Giữ một lần duy nhất và xoá dòng trùng; giá trị sau sẽ không tự ghi đè."),
    ("a: &x 1\nb: *x\n", 2, 4, "yaml-alias", "Không được dùng bí danh YAML ('*x').",
     "Viết đầy đủ giá trị thay vì tham chiếu '&'/'*'."),
    ("name: !!python/object/apply:os.system ['true']\n", 1, 7, "yaml-tag",
     "Thẻ YAML '!!python/object/apply:os.system' không được phép.",
     "Xoá thẻ bắt đầu bằng '!' ; nếu đó là văn bản, hãy đặt nó trong ngoặc kép."),
    ("name: !custom x\n", 1, 7, "yaml-tag", "Thẻ YAML '!custom' không được phép.",
     "Xoá thẻ bắt đầu bằng '!' ; nếu đó là văn bản, hãy đặt nó trong ngoặc kép."),
    ("name: a\n---\nname: b\n", 2, 1, "yaml-many-documents",
     "Tệp có nhiều tài liệu YAML (dấu '---' ở giữa tệp); mỗi tệp chỉ được chứa một.",
     "Tách mỗi thủ tục ra một tệp riêng, hoặc xoá dòng '---' thừa."),
    ("? [a, b]\n: 1\n", 1, 3, "yaml-key", "Tên trường phải là một chữ đơn giản.",
     "Viết tên trường rồi dấu ':' , ví dụ 'name: Đăng ký khai sinh'."),
    ("~: 1\n", 1, 1, "yaml-key", "Tên trường phải là một chữ đơn giản.",
     "Viết tên trường rồi dấu ':' , ví dụ 'name: Đăng ký khai sinh'."),
]


@pytest.mark.parametrize("text, line, column, code, message, hint", REFUSALS, ids=[r[3] + str(i) for i, r in enumerate(REFUSALS)])
def test_each_refusal_names_code_position_message_and_hint(text, line, column, code, message, hint):
    node, problems = problems_of(text)
    assert node is None
    assert problems == [("procedures/a/x.yaml", line, column, code, message, hint)]


def test_a_quoted_or_tagged_null_looking_scalar_stays_text():
    node, problems = problems_of("a: ''\nb: \"~\"\nd: nulls\ne: NULL\n")
    assert problems == []
    assert to_python(node) == {"a": "", "b": "~", "d": "nulls", "e": None}


def test_the_tree_keeps_every_position():
    node, problems = problems_of("name: x\nsteps:\n  - a\n  - b: 1\n")
    assert problems == []
    assert node == MappingNode(
        {"name": ScalarNode("x", Position(1, 7)),
         "steps": SequenceNode([ScalarNode("a", Position(3, 5)),
                                MappingNode({"b": ScalarNode("1", Position(4, 8))}, Position(4, 5),
                                            {"b": Position(4, 5)})], Position(3, 3))},
        Position(1, 1), {"name": Position(1, 1), "steps": Position(2, 1)})
    positions: dict = {}
    assert to_python(node, ("root",), positions) == {"name": "x", "steps": ["a", {"b": "1"}]}
    assert positions == {
        ("root",): Position(1, 1),
        ("__key__", "root", "name"): Position(1, 1), ("root", "name"): Position(1, 7),
        ("__key__", "root", "steps"): Position(2, 1), ("root", "steps"): Position(3, 3),
        ("root", "steps", 0): Position(3, 5), ("root", "steps", 1): Position(4, 5),
        ("__key__", "root", "steps", 1, "b"): Position(4, 5), ("root", "steps", 1, "b"): Position(4, 8),
    }


def test_to_python_of_nothing_is_none_and_keeps_no_position():
    positions: dict = {}
    assert to_python(None, (), positions) is None and positions == {}
    assert to_python(ScalarNode("x", Position(2, 3))) == "x"


def test_a_document_of_comments_only_is_empty():
    assert problems_of("# chỉ có chú thích\n") == (None, [])
