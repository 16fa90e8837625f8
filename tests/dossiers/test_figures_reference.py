"""Every figure of data contract section 6 against the independent computation of reference.py."""

from __future__ import annotations

import math

import pytest

from generator.dossiers.pipeline import dossier_figures
from generator.dossiers.read import DossierSpec
from generator.dossiers.working_days import read_calendar
from generator.load.catalogue_files import read_catalogue
from generator.paths import PortalPaths
from generator.validate.catalogue import validate_catalogue

from . import bulk, reference



@pytest.fixture(scope="module")
def computed(tmp_path_factory):
    root, reference_csv = bulk.fixture_portal(tmp_path_factory.mktemp("dossiers"))
    catalogue, problems = validate_catalogue(read_catalogue(PortalPaths.at(root))[0])
    assert problems == []
    calendar, problems = read_calendar(root)
    assert problems == []
    figures, problems = dossier_figures(DossierSpec(root), catalogue, calendar)
    assert [p for p in problems if p.is_error] == []
    expected = reference.read([root / "dossiers" / "cases.csv", reference_csv])
    return figures, expected, problems


def test_personal_columns_are_warned_by_name(computed):
    _, _, problems = computed
    assert sorted((p.file, p.column, p.message) for p in problems) == [
        ("dossiers/bulk.parquet", 14, "Cột 'address' chứa dữ liệu cá nhân: cổng không đọc cột này."),
        ("dossiers/cases.csv", 2, "Cột 'ChuHoSo' chứa dữ liệu cá nhân: cổng không đọc cột này."),
        ("dossiers/cases.csv", 3, "Cột 'SoDienThoai' chứa dữ liệu cá nhân: cổng không đọc cột này."),
    ]
    assert {p.code for p in problems} == {"dossier-personal-column"}


def test_as_of(computed):
    figures, dossiers, _ = computed
    assert figures.as_of.to_pydatetime() == reference.as_of(dossiers)


def test_monthly_rows(computed):
    figures, dossiers, _ = computed
    expected = reference.monthly_rows(dossiers)
    got = {}
    for row in figures.rows.to_dict("records"):
        values = {k: int(row[k]) for k in expected[next(iter(expected))] if k != "avg_processing_days"}
        values["avg_processing_days"] = None if math.isnan(row["avg_processing_days"]) else row["avg_processing_days"]
        got[(row["period"], row["agency"], row["procedure"])] = values
    assert got == expected
    assert set(figures.rows["source"]) == {"dossiers"}


def _close(a, b):
    return (a is None and b is None) or (a is not None and b is not None and abs(a - b) < 1e-12)


@pytest.mark.parametrize("dimension", ["province", "level", "field", "agency", "procedure", "agency_procedure"])
def test_span_figures(computed, dimension):
    figures, dossiers, _ = computed
    table = figures.figures[figures.figures["dimension"] == dimension]
    spans = [s for s in figures.spans if dimension != "agency_procedure" or s.kind == "last12"]
    assert spans
    names = ("median_days", "p90_days", "over_limit_rate", "apology_rate", "paid_online_rate", "satisfaction")
    for span in spans:
        expected = reference.span_figures(dossiers, span.first, span.last, dimension)
        rows = table[(table["span_kind"] == span.kind) & (table["span"] == span.key)]
        got = {r["key"]: r for r in rows.to_dict("records")}
        for key, want in expected.items():
            if want["resolved"] == 0 and key not in got:
                continue
            row = got[key]
            assert row["resolved"] == want["resolved"], (span.key, key)
            for name in names:
                value = None if math.isnan(row[name]) else float(row[name])
                assert _close(value, want[name]), (span.key, key, name, value, want[name])


def test_withheld_small_cell(computed):
    figures, _, _ = computed
    t = figures.figures
    row = t[(t["span_kind"] == "last12") & (t["dimension"] == "procedure") & (t["key"] == "2.000300")].iloc[0]
    assert 0 < row["resolved"] < 20 and math.isnan(row["median_days"]) and math.isnan(row["p90_days"])
    assert not t[(t["span_kind"] == "last12") & (t["dimension"] == "procedure") & (t["key"] == "1.000100")]["median_days"].isna().any()


def test_overdue_now(computed):
    figures, dossiers, _ = computed
    got = {(r["agency"], r["procedure"]): {k: int(r[k]) for k in ("overdue", "days_0_5", "days_6_20", "days_over_20")}
           for r in figures.overdue_now.to_dict("records")}
    expected = reference.overdue_now(dossiers)
    assert got == expected
    assert all(expected[k]["days_0_5"] and expected[k]["days_6_20"] and expected[k]["days_over_20"]
               for k in [("so-thu", "1.000100")])
    assert set(figures.overdue_now["as_of"]) == {"2025-06-20"}  # a day, not the latest dossier's time


def test_fixture_covers_the_cases(computed):
    """The export really holds what the definitions turn on (guards the fixture itself)."""
    _, dossiers, _ = computed
    resolved = [d for d in dossiers if d.outcome == "resolved"]
    assert {d.channel for d in dossiers} == {"online", "direct", "postal"}
    assert {d.outcome for d in dossiers} == {"resolved", "withdrawn", "refused", None}
    assert {d.kind() for d in resolved} == {"early", "on_time", "late"}
    assert any(d.requests == 1 for d in resolved) and any(d.requests == 2 and d.finished <= d.due for d in resolved)
    assert any(d.finished.date() == d.due.date() and d.finished > d.due for d in resolved)  # due day, after due time
    assert any(d.supplement_days and d.processing_days() == 0 for d in resolved) or any(d.supplement_days for d in resolved)
    assert any(reference.LIMITS[d.procedure][1] == "calendar_days" and d.over_limit() for d in resolved)
