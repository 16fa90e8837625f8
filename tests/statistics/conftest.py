"""Fixtures of the statistics tests: a tiny portal with statistics, and helpers for CSV tables."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from generator.load.statistics_files import read_csv_table
from generator.validate.statistics_rules import validate_statistics
from tests.conftest import copy_portal

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"
PORTAL = FIXTURES / "portal"
AGENCIES = {"so-a", "xa-b", "xa-c"}
CODES = {"1.001540", "2.000100", "1.000900"}
HEADER = ("period,agency,procedure,carried_over,received_online,received_direct,received_postal,"
          "resolved_early,resolved_on_time,resolved_late,pending_on_time,pending_overdue,withdrawn,avg_processing_days")


@pytest.fixture
def stats_portal(tmp_path: Path) -> Path:
    return copy_portal(PORTAL, tmp_path / "portal")


def check_csv(text: str, path: str = "statistics/x.csv", agencies=AGENCIES, codes=CODES, encoding="utf-8"):
    """Read + validate one CSV given as text; returns (rows, problems)."""
    table, problems = read_csv_table(text.encode(encoding), path)
    tables = [table] if table is not None else []
    rows, rule_problems = validate_statistics(tables, set(agencies), set(codes))
    return rows, problems + rule_problems


def fixture_rows() -> list[dict]:
    """The fixture portal's statistics as plain dicts (read with the csv module, not pandas)."""
    rows = []
    for file in sorted((PORTAL / "statistics").rglob("*.csv")):
        if file.name.startswith("_"):
            continue
        text = file.read_text(encoding="utf-8-sig")
        delimiter = ";" if text.splitlines()[0].count(";") > 1 else ","
        for record in csv.DictReader(io.StringIO(text), delimiter=delimiter):
            rows.append(record)
    return rows
