"""Editors' tools in the repository and in every `portal new` portal: schema mapping, pre-commit, `portal schema`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.schema_export import SCHEMA_FILES, render_schema

from ..conftest import REPO


def check_vscode_settings(root: Path) -> None:
    settings = json.loads((root / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    assert "procedures/**/*.yaml" in mapping["./schemas/procedure.schema.json"]
    assert "procedures/*/agency.yaml" in mapping["./schemas/agency.schema.json"]
    for schema_path in mapping:
        assert (root / schema_path).is_file(), schema_path
    extensions = json.loads((root / ".vscode" / "extensions.json").read_text(encoding="utf-8"))
    assert "redhat.vscode-yaml" in extensions["recommendations"]


def check_pre_commit(root: Path) -> None:
    config = yaml.safe_load((root / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    [hook] = [h for repo in config["repos"] for h in repo["hooks"]]
    assert hook["entry"] == "portal validate"
    assert hook["pass_filenames"] is False and hook["language"] == "system"


@pytest.mark.parametrize("root", ["repo", "new"])
def test_vscode_and_pre_commit_are_set_up(root: str, starter_portal: Path):
    folder = REPO if root == "repo" else starter_portal
    check_vscode_settings(folder)
    check_pre_commit(folder)


def test_new_portal_has_current_schemas_and_agency_modeline(starter_portal: Path):
    for name in SCHEMA_FILES:
        assert (starter_portal / "schemas" / name).read_text(encoding="utf-8") == render_schema(name)
    for agency in (starter_portal / "procedures").glob("*/agency.yaml"):
        first = agency.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../../schemas/agency.schema.json"
        assert (agency.parent / "../../schemas/agency.schema.json").resolve().is_file()


def test_pre_commit_hook_command_fails_on_bad_data(starter_portal: Path):
    """What the hook runs, in the portal folder as pre-commit does: exit 1 on an error, 0 when valid."""
    config = yaml.safe_load((starter_portal / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    entry = config["repos"][0]["hooks"][0]["entry"].split()
    command = [sys.executable, "-m", "generator"] + entry[1:]
    assert subprocess.run(command, cwd=starter_portal, capture_output=True).returncode == 0
    (starter_portal / "procedures" / "ubnd-xa-vi-du" / "hong.yaml").write_text("code: [\n", encoding="utf-8")
    assert subprocess.run(command, cwd=starter_portal, capture_output=True).returncode == 1


def test_portal_schema_command_writes_and_checks(tmp_path: Path):
    run = lambda *args: subprocess.run([sys.executable, "-m", "generator", "schema", *args], capture_output=True, text=True)
    assert run(str(tmp_path), "--check").returncode == 1
    assert run(str(tmp_path)).returncode == 0
    assert run(str(tmp_path), "--check").returncode == 0
    (tmp_path / "schemas" / "agency.schema.json").write_text("{}", encoding="utf-8")
    stale = run(str(tmp_path), "--check")
    assert stale.returncode == 1 and "agency.schema.json" in stale.stderr
