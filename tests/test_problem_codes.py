"""The registry of problem codes (generator/problem_codes.py) is complete, and what `build` reports is records too."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

from generator.problem_codes import PROBLEM_CODES, markdown_table
from generator.validate.model_errors import CODES as PYDANTIC_CODES

REPO = Path(__file__).resolve().parent.parent
SOURCE = REPO / "generator"
CODE = re.compile(r"^[a-z]+(-[a-z0-9]+)*$")
# Calls that take a problem code, and the index of the argument that holds it.
CODE_ARGUMENT = {"Problem": 3, "build_problem": 0, "rows": 1, "_Refused": 0, "problem": 0}


def _codes_in_source() -> dict[str, str]:
    """Every literal code passed where a problem is made (also inside a tuple of literals looped over)."""
    found: dict[str, str] = {}
    for path in sorted(SOURCE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name not in CODE_ARGUMENT:
                continue
            index = CODE_ARGUMENT[name]
            argument = node.args[index] if len(node.args) > index else next(
                (k.value for k in node.keywords if k.arg == "code"), None)
            if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                found.setdefault(argument.value, f"{path.relative_to(REPO)}:{node.lineno}")
        for node in ast.walk(tree):  # (mask, build, "code", column) tuples of statistics_rules
            if isinstance(node, ast.Tuple) and len(node.elts) == 4 and isinstance(node.elts[2], ast.Constant):
                value = node.elts[2].value
                if isinstance(value, str) and CODE.match(value) and "-" in value:
                    found.setdefault(value, f"{path.relative_to(REPO)}:{node.lineno}")
    for code in PYDANTIC_CODES.values():
        found.setdefault(code, "generator/validate/model_errors.py")
    found.setdefault("invalid-value", "generator/validate/model_errors.py")  # the fallback of CODES.get
    return found


def test_every_code_the_source_reports_is_registered():
    unregistered = {code: where for code, where in _codes_in_source().items() if code not in PROBLEM_CODES}
    assert not unregistered, f"add these codes to generator/problem_codes.py: {unregistered}"


def test_every_registered_code_is_reported_somewhere():
    text = "\n".join(p.read_text(encoding="utf-8") for p in SOURCE.rglob("*.py") if p.name != "problem_codes.py")
    dead = [code for code in PROBLEM_CODES if f'"{code}"' not in text]
    assert not dead, f"registered but never reported (remove, or keep only if the code is reserved): {dead}"


def test_codes_are_kebab_case_with_a_stage_and_a_meaning():
    for code, (stage, meaning) in PROBLEM_CODES.items():
        assert CODE.match(code), code
        assert stage and meaning, code


def test_the_documented_table_is_the_registry():
    documented = (REPO / "docs" / "problem-codes.md").read_text(encoding="utf-8")
    assert documented == markdown_table(), "run: python -m generator.problem_codes > docs/problem-codes.md"


def test_build_reports_broken_links_as_json_records(starter_portal: Path):
    (starter_portal / "content" / "lien-ket.md").write_text('# Liên kết\n\n[hỏng](../co-quan/khong-co/)\n', encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "generator", "build", str(starter_portal), "--format", "json"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    records = json.loads(result.stdout)  # stdout holds the records only
    assert [(r["code"], r["severity"], r["file"]) for r in records] == [("broken-link", "warning", "site/lien-ket/index.html")]
    assert records[0]["line"] > 0 and "../co-quan/khong-co/" in records[0]["message"]

    strict = subprocess.run([sys.executable, "-m", "generator", "build", str(starter_portal), "--strict", "--format", "github"],
                            capture_output=True, text=True)
    assert strict.returncode == 1
    assert re.fullmatch(r"::error file=site/lien-ket/index\.html,line=\d+,title=broken-link::Liên kết hỏng '\.\./co-quan/khong-co/'"
                        r": không có tệp/trang đích\.%0ACách sửa: .+\n", strict.stdout), strict.stdout


def test_every_failure_is_raised_with_problem_records_never_a_string():
    """``BuildFailed("text")`` once reached the CLI as a list of characters (portal serve --cms without
    node_modules crashed in errors.py): every ProblemsFound is given a list of Problems."""
    raised_with_text = []
    for path in sorted(SOURCE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("BuildFailed", "InvalidInput", "ProblemsFound") \
                    and node.args and isinstance(node.args[0], (ast.Constant, ast.JoinedStr, ast.BinOp)):
                raised_with_text.append(f"{path.relative_to(REPO)}:{node.lineno}")
    assert raised_with_text == []


def test_serve_cms_without_node_is_one_problem_not_a_traceback(tmp_path, monkeypatch):
    from generator.cms.local_server import DecapServer
    from generator.commands.new import new_portal
    from generator.errors import BuildFailed
    from generator.paths import PortalPaths

    import pytest

    monkeypatch.setenv("PATH", str(tmp_path))  # no node on it
    with pytest.raises(BuildFailed) as caught:
        DecapServer(PortalPaths.at(new_portal(tmp_path / "portal")), 8081, "http://127.0.0.1:8000")
    assert [(p.code, p.message, p.hint) for p in caught.value.problems] == [(
        "cms-node-missing", "Cần Node.js để chạy decap-server (portal serve --cms).",
        "Cài gói 'nodejs' (Debian: apt-get install nodejs) rồi chạy lại.")]
