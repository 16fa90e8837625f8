"""portal validate/build --dossiers PATH: a folder, a glob or an fsspec URL; calendar.yaml refused with its line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator import cli

FIXTURE = Path(__file__).parent / "fixtures" / "portal"


@pytest.fixture
def portal(tmp_path):
    root = tmp_path / "portal"
    shutil.copytree(FIXTURE, root)
    outside = tmp_path / "exports" / "2025"
    outside.mkdir(parents=True)
    shutil.move(str(root / "dossiers" / "cases.csv"), outside / "cases.csv")
    return root, outside


@pytest.mark.parametrize("given", ["folder", "glob", "url"])
def test_dossiers_outside_the_portal(portal, given, capsys):
    root, outside = portal
    location = {"folder": str(outside.parent), "glob": str(outside.parent / "*" / "*.csv"),
                "url": (outside / "cases.csv").as_uri()}[given]
    assert cli.main(["validate", str(root), "--dossiers", location, "--format", "json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert {r["code"] for r in records} == {"dossier-personal-column"}
    assert all(r["file"].endswith("cases.csv") for r in records)


def test_nothing_found_is_an_error(portal, capsys):
    root, outside = portal
    assert cli.main(["validate", str(root), "--dossiers", str(outside / "*.parquet"), "--format", "json"]) == 1
    records = json.loads(capsys.readouterr().out)
    assert [(r["code"], r["message"]) for r in records] == [
        ("dossier-source-not-found", f"Không tìm thấy tệp hồ sơ (.parquet, .csv) nào ở '{outside / '*.parquet'}'.")]


def test_malformed_calendar_stops_the_build(portal, tmp_path, capsys):
    root, outside = portal
    (root / "calendar.yaml").write_text("days_off:\n  - 2025-05-02\n  - 02/05/2025\n", encoding="utf-8")
    assert cli.main(["build", str(root), "--out", str(tmp_path / "out"), "--dossiers", str(outside)]) == 1
    captured = capsys.readouterr()
    out = captured.out + captured.err
    assert ("calendar.yaml:3:5: lỗi [calendar-bad-date] 'days_off': '02/05/2025' không phải là một ngày hợp lệ "
            "(cần dạng YYYY-MM-DD).") in out
    assert not (tmp_path / "out").exists()
