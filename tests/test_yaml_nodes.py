"""The safe YAML reader: YAML 1.2 meanings, positions, and refusals."""

from generator.load.text_files import SourceText, decode_source
from generator.load.yaml_nodes import MappingNode, parse_yaml, to_python


def read(text: str):
    node, problems = parse_yaml(SourceText("f.yaml", text))
    positions: dict = {}
    return (to_python(node, (), positions) if node is not None else None), problems, positions


def test_scalars_stay_text_as_written():
    data, problems, _ = read("code: 1.000100\nanswer: no\nmode: on\nn: 010\ntime: 1:30\n")
    assert problems == []
    assert data == {"code": "1.000100", "answer": "no", "mode": "on", "n": "010", "time": "1:30"}


def test_only_yaml12_nulls_are_none():
    data, _, _ = read("a:\nb: ~\nc: null\nd: 'null'\ne: Null\nf: none\n")
    assert data == {"a": None, "b": None, "c": None, "d": "null", "e": None, "f": "none"}


def test_positions_point_at_values_and_keys():
    _, _, positions = read("name: x\nfees:\n  - name: a\n    amount: 5\n")
    assert (positions[("fees", 0, "amount")].line, positions[("fees", 0, "amount")].column) == (4, 13)
    assert positions[("__key__", "fees", 0, "amount")].line == 4
    assert positions[("__key__", "fees", 0, "amount")].column == 5


def test_duplicate_key_is_an_error_not_an_overwrite():
    _, problems, _ = read("name: a\nfield: b\nname: c\n")
    assert [(p.code, p.line, p.column) for p in problems] == [("duplicate-key", 3, 1)]
    assert problems[0].message == "Trường 'name' được viết hai lần (lần đầu ở dòng 1)."


def test_alias_refused_before_expansion():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 9) + "]\n" for i in range(8)
    )
    _, problems, _ = read(bomb)
    assert [p.code for p in problems] == ["yaml-alias"]
    assert problems[0].line == 2


def test_python_tag_refused():
    _, problems, _ = read("name: !!python/object/apply:os.system ['true']\n")
    assert [p.code for p in problems] == ["yaml-tag"]
    assert "!!python/object/apply:os.system" in problems[0].message


def test_local_tag_refused():
    _, problems, _ = read("name: !custom x\n")
    assert [p.code for p in problems] == ["yaml-tag"]


def test_second_document_refused():
    _, problems, _ = read("name: a\n---\nname: b\n")
    assert [(p.code, p.line) for p in problems] == [("yaml-many-documents", 2)]


def test_tab_indentation_explained_in_vietnamese():
    _, problems, _ = read("a:\n\tb: 1\n")
    assert problems[0].code == "yaml-syntax"
    assert "Tab" in problems[0].message
    assert problems[0].line == 2


def test_empty_file_is_none():
    node, problems = parse_yaml(SourceText("f.yaml", ""))
    assert node is None and problems == []


def test_mapping_node_type():
    node, _ = parse_yaml(SourceText("f.yaml", "a: 1\n"))
    assert isinstance(node, MappingNode)


def test_bom_tolerated_and_text_normalised_to_nfc():
    decomposed = "Đăng ky\u0301".encode("utf-8")  # "ký" written as y + combining acute
    source = decode_source(b"\xef\xbb\xbf" + decomposed, "f.yaml")
    assert source.text == "Đăng ký"


def test_other_encodings_refused_with_position():
    problem = decode_source("name: Đông".encode("cp1258"), "p/x.yaml")
    assert problem.code == "encoding"
    assert (problem.file, problem.line, problem.column) == ("p/x.yaml", 1, 7)
    assert "UTF-8" in problem.hint
