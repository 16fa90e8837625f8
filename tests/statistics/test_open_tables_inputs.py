"""The open data tables (``generator/figures/open_tables.py``) on hand-made inputs: what the fixture portals'
data cannot tell apart (unsorted overdue rows, dossier figures with many decimals or for a few keys only, a
monthly row without ``source``, narrow or nullable pandas types, missing values of a coded column). Fast.
The fixtures' tables cell by cell: ``test_open_tables.py``."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from generator.figures import open_tables
from generator.figures.open_tables import OpenTable, figures_table, monthly_table, overdue_table
from generator.paths import PortalPaths
from generator.pipeline import portal_figures
from generator.portal import read_portal

from .conftest import PORTAL as STATS_PORTAL
from .test_open_tables import COUNTS, _rows


@pytest.fixture(scope="module")
def stats():
    portal = read_portal(PortalPaths.at(STATS_PORTAL))
    return portal, portal_figures(portal)


def test_a_column_by_name_and_the_coded_columns():
    """``OpenTable.column`` finds a column by its field's name whatever its form (list, coded, memoryview)."""
    coded = open_tables.Coded(("a", "b"), [1, 0, 1])
    table = OpenTable("co-quan", [{"name": "x", "type": "string"}, {"name": "y", "type": "string"}],
                      ["x"], (["p", "q", "r"], coded))
    assert table.column("y") == ["b", "a", "b"] and table.column("x") == ["p", "q", "r"] and len(table) == 3
    assert coded[0] == "b" and len(coded) == 3
    assert len(OpenTable("co-quan", [], [], ())) == 0  # a table without columns has no rows
    with pytest.raises(ValueError):
        table.column("z")


def test_a_monthly_row_without_source_is_reported():
    """A row whose ``source`` is missing is a committed one; NaN counts never appear, a missing mean is NaN."""

    counts = {c: [1, 2] for c in COUNTS}
    rows = pd.DataFrame({"period": ["2025-01", "2025-01"], "agency": ["so-a", "so-a"], "procedure": ["", "1.0"],
                         **counts, "avg_processing_days": [2.3456, None], "source": [None, "dossiers"]})
    table = monthly_table(rows)
    assert table.column("procedure") == ["-", "1.0"] and table.column("source") == ["reported", "dossiers"]
    assert table.column("withdrawn") == [1, 2] and all(type(v) is int for v in table.column("withdrawn"))
    days = table.column("avg_processing_days")
    assert days[0] == 2.35
    assert math.isnan(days[1])


def test_the_dossier_figures_are_rounded_and_every_figures_row_stays(stats):
    """Dossier figures for one key only: every other row keeps its figures with empty dossier columns (a left
    join), days rounded to 2 decimals and shares to 6."""

    figures = stats[1].table
    first = figures.iloc[0]
    keys = {k: [first[k]] for k in ("span_kind", "span", "dimension", "key")}
    values = {"median_days": [2.34567], "p90_days": [7.891], "over_limit_rate": [0.123456789],
              "apology_rate": [0.5], "paid_online_rate": [1 / 3], "satisfaction": [-0.1234567]}
    table = figures_table(figures, pd.DataFrame({**keys, **values}))
    assert len(table) == len(figures) == len(figures_table(figures, None))
    wanted = {"median_days": 2.35, "p90_days": 7.89, "over_limit_rate": 0.123457, "apology_rate": 0.5,
              "paid_online_rate": 0.333333, "satisfaction": -0.123457}
    for name, value in wanted.items():
        column = table.column(name)
        assert abs(column[0] - value) < 1e-12, (name, column[0])
        assert all(math.isnan(v) for v in column[1:]), name


def test_overdue_rows_are_ordered_by_agency_then_procedure():

    frame = pd.DataFrame({"agency": ["xa-b", "so-a", "so-a", "xa-a"], "procedure": ["1.0", "2.0", "1.5", "3.0"],
                          "overdue": [1, 2, 3, 4], "days_0_5": [1, 0, 3, 0], "days_6_20": [0, 2, 0, 1],
                          "days_over_20": [0, 0, 0, 3]})
    assert _rows(overdue_table(frame, "2025-06-20")) == [
        ("2025-06-20", "so-a", "1.5", 3, 3, 0, 0), ("2025-06-20", "so-a", "2.0", 2, 0, 2, 0),
        ("2025-06-20", "xa-a", "3.0", 4, 0, 1, 3), ("2025-06-20", "xa-b", "1.0", 1, 1, 0, 0)]


def test_a_coded_column_publishes_missing_values_as_none():

    coded = open_tables._coded(pd.Series(["a", None, "b", np.nan, "a"]), {"b": "B"})
    assert coded.tolist() == ["a", None, "B", None, "a"]
    assert all(type(v) is str for v in coded.tolist() if v is not None)
    assert open_tables._coded(pd.Series(["a", None, "a"], dtype="string")).tolist() == ["a", None, "a"]  # pd.NA
    assert open_tables._coded(pd.Series([1.5, np.nan, 1.5])).tolist() == [1.5, None, 1.5]
    assert open_tables._coded(pd.Series([True, False])).tolist() == [True, False]


def test_number_columns_are_64_bit_whatever_the_input_types():
    """Counts as 64-bit integers and times as 64-bit floats with NaN for missing (what render reads), also from
    narrower or nullable pandas types."""
    counts = {c: pd.array([1, 2], dtype="int32") for c in COUNTS}
    rows = pd.DataFrame({"period": ["2025-01", "2025-02"], "agency": ["so-a", "so-a"], "procedure": ["1.0", "1.0"],
                         **counts, "avg_processing_days": pd.array([2.3456, pd.NA], dtype="Float64")})
    table = monthly_table(rows)
    narrow = monthly_table(rows.astype({"avg_processing_days": "float32"}))
    assert narrow.column("avg_processing_days")[0] == 2.35  # not float32's 2.3499999
    names = [f["name"] for f in table.fields]
    for name in COUNTS:
        column = table.columns[names.index(name)]
        assert isinstance(column, memoryview) and column.format in ("l", "q") and column.itemsize == 8, name
        assert column.tolist() == [1, 2], name
    days = table.columns[names.index("avg_processing_days")]
    assert isinstance(days, memoryview) and days.format == "d"
    assert days[0] == 2.35 and math.isnan(days[1])
