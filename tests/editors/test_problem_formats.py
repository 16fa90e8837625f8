"""`portal validate --format json|github`: machine-readable problems for CI and editors' tools."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from generator import cli
from generator.errors import InvalidInput, Problem, Severity
from generator.problem_formats import github_annotation, problems_to_github

from ..conftest import FIXTURES

AGENCY = "procedures/ubnd-xa-vi-du"
RECORD_KEYS = {"file", "line", "column", "code", "message", "field", "hint", "severity"}

ERROR = Problem("procedures/a/x.yaml", 8, 13, "not-whole-number", "Số tiền: '200.000', sai", "fees[0].amount", "Viết 200000")
WARNING = Problem("statistics/2026.csv", 3, 0, "carried-over-mismatch", "Số kỳ trước 5 ≠ 4", severity=Severity.WARNING)
WHOLE_FILE = Problem("procedures/a", 0, 0, "agency-file-missing", "Thiếu agency.yaml")


def test_github_annotation_format_and_escaping():
    assert github_annotation(ERROR) == (
        "::error file=procedures/a/x.yaml,line=8,col=13,title=not-whole-number%3A fees[0].amount"
        "::Số tiền: '200.000', sai%0ACách sửa: Viết 200000"
    )
    assert github_annotation(WARNING) == "::warning file=statistics/2026.csv,line=3,title=carried-over-mismatch::Số kỳ trước 5 ≠ 4"
    assert github_annotation(WHOLE_FILE) == "::error file=procedures/a,title=agency-file-missing::Thiếu agency.yaml"
    assert problems_to_github([]) == ""
    percent = Problem("a%b.yaml", 1, 1, "x", "100% sai\r\n")
    assert github_annotation(percent) == "::error file=a%25b.yaml,line=1,col=1,title=x::100%25 sai%0D%0A"


def test_github_paths_are_relative_to_the_working_folder(tmp_path: Path, monkeypatch):
    """In CI the working folder is the repository root; a portal in a sub-folder gets its prefix."""
    (tmp_path / "cong").mkdir()
    monkeypatch.chdir(tmp_path)
    assert "file=cong/procedures/a/x.yaml," in github_annotation(ERROR, tmp_path / "cong")
    assert "file=procedures/a/x.yaml," in github_annotation(ERROR, Path("/somewhere/else"))


def _invalid_with_warning(monkeypatch):
    def fake_validate(root, strict=False):
        raise InvalidInput([ERROR, WARNING])

    import generator.commands.validate as validate_module

    monkeypatch.setattr(validate_module, "validate", fake_validate)


def test_json_and_github_output_carry_errors_and_warnings(monkeypatch, capsys):
    _invalid_with_warning(monkeypatch)
    assert cli.main(["validate", ".", "--format", "json"]) == 1
    records = json.loads(capsys.readouterr().out)
    assert [r["severity"] for r in records] == ["error", "warning"]
    assert all(set(r) == RECORD_KEYS for r in records)
    assert records[0] == {
        "file": "procedures/a/x.yaml", "line": 8, "column": 13, "code": "not-whole-number",
        "message": "Số tiền: '200.000', sai", "field": "fees[0].amount", "hint": "Viết 200000", "severity": "error",
    }

    assert cli.main(["validate", ".", "--format", "github"]) == 1
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert [line.split(" ", 1)[0] for line in lines] == ["::error", "::warning"]
    assert "1 lỗi, 1 cảnh báo." in captured.err


def test_valid_portal_prints_an_empty_list(starter_portal: Path):
    result = subprocess.run(
        [sys.executable, "-m", "generator", "validate", str(starter_portal), "--format", "json"],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []


def test_command_line_github_format(starter_portal: Path):
    shutil.copy(FIXTURES / "invalid" / "fee-thousands-dot.yaml", starter_portal / AGENCY / "fee-thousands-dot.yaml")
    result = subprocess.run(
        [sys.executable, "-m", "generator", "validate", ".", "--format", "github"],
        capture_output=True, text=True, cwd=starter_portal,
    )
    assert result.returncode == 1
    assert result.stdout.startswith(
        f"::error file={AGENCY}/fee-thousands-dot.yaml,line=8,col=13,title=not-whole-number%3A fees[0].amount::"
    )
    assert "Traceback" not in result.stderr
