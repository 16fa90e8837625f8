"""The figures pages read from dossier records (``figures/from_dossiers.py``), against the plain-Python
computation of tests/dossiers/reference.py, plus the merge of committed and computed monthly rows and
the view's lookups on hand-made tables (fast: no MkDocs build). Each test computes what it checks
itself (mutation testing attributes a module fixture's calls to one test only)."""

from __future__ import annotations

import dataclasses
import math

import pandas as pd
import pytest

from generator.dossiers.finish import FIGURE_COLUMNS
from generator.figures.from_dossiers import DossierFigure, DossierView, dossier_view, merged_rows
from generator.figures.combine import _in_portal
from generator.pipeline import portal_figures
from generator.figures.spans import Span
from generator.paths import PortalPaths
from generator.portal import read_portal

from ..dossiers import bulk, reference
from .conftest import HEADER

RATES = ("median_days", "p90_days", "over_limit_rate", "apology_rate", "paid_online_rate", "satisfaction")


@pytest.fixture(scope="module")
def portal_and_dossiers(tmp_path_factory):
    root, reference_csv = bulk.fixture_portal(tmp_path_factory.mktemp("view"))
    portal = read_portal(PortalPaths.at(root))
    return portal, reference.read([root / "dossiers" / "cases.csv", reference_csv])


def _span(kind: str, key: str, first: int, last: int) -> Span:
    return Span(kind, key, first, last, complete=False)  # whether complete does not change a dossier figure


def _spans(first: int, last: int) -> list[Span]:
    """The spans the pages publish for these months (written out: months, one quarter each, the year, last 12)."""
    months = [_span("month", f"{m // 12:04d}-{m % 12 + 1:02d}", m, m) for m in range(first, last + 1)]
    return months + [_span("quarter", "2025-q2", 24303, 24305), _span("year", "2025", 24302, 24305),
                     _span("last12", "12-thang-gan-nhat", 24302, 24305)]


def _counts(dossiers, first: int, last: int, dimension: str) -> dict[str, dict]:
    """The count figures of a span, by the definitions of data contract section 6."""
    now = reference.as_of(dossiers)
    out = {}
    for key in sorted({reference.key_of(d, dimension) for d in dossiers}):
        mine = [d for d in dossiers if reference.key_of(d, dimension) == key]
        resolved = [d for d in mine if d.outcome == "resolved" and first <= reference.month_of(d.finished) <= last]
        late = [d for d in resolved if d.kind() == "late"]
        base = late + [d for d in mine if reference._pending_at(d, last, now)[1]]
        fee = [d for d in resolved if d.procedure in reference.WITH_FEE]
        rated = [d for d in resolved if d.rating]
        out[key] = {"resolved": len(resolved), "over_limit": sum(d.over_limit() for d in resolved),
                    "apology_base": len(base), "apology": sum(d.apology for d in base), "fee_resolved": len(fee),
                    "paid_online": sum(d.paid_online for d in fee), "late": len(late), "rated": len(rated),
                    "dissatisfied": sum(d.rating == "dissatisfied" for d in rated)}
    return out


def _close(a, b) -> bool:
    return (a is None and b is None) or (a is not None and b is not None and abs(a - b) < 1e-12)


def test_the_figures_of_every_span_dimension_and_key_equal_the_reference(portal_and_dossiers):
    portal, dossiers = portal_and_dossiers
    spans = _spans(24302, 24305)
    view = dossier_view(portal.dossiers, spans)
    assert view.as_of_date == reference.as_of(dossiers).date().isoformat() == "2025-06-20"
    assert (view.min_quantile, view.min_share) == (20, 10)  # the documented defaults
    checked = 0
    for span in spans:
        for dimension in ("province", "level", "field", "agency", "procedure", "agency_procedure"):
            if dimension == "agency_procedure" and span.kind != "last12":
                assert view.get(span, dimension, "so-thu/1.000100") is None  # per agency × procedure: last 12 months only
                continue
            rates = reference.span_figures(dossiers, span.first, span.last, dimension)
            counts = _counts(dossiers, span.first, span.last, dimension)
            for key, want in rates.items():
                figure = view.get(span, dimension, key)
                if figure is None:
                    assert want["resolved"] == 0 and counts[key]["apology_base"] == 0, (span, dimension, key)
                    continue
                assert isinstance(figure, DossierFigure)
                for name, value in counts[key].items():
                    assert getattr(figure, name) == value and type(getattr(figure, name)) is int, (span, key, name)
                for name in RATES:
                    value = getattr(figure, name)
                    assert value is None or type(value) is float, (span, key, name)
                    assert _close(value, want[name]), (span.key, dimension, key, name, value, want[name])
                checked += 1
    assert checked > 60
    assert view.get(spans[0], "agency", "khong-co") is None and view.get(spans[0], "nope", "so-thu") is None


def test_the_processing_time_distribution_of_the_last_12_months(portal_and_dossiers):
    portal, dossiers = portal_and_dossiers
    view = dossier_view(portal.dossiers, _spans(24302, 24305))
    expected: dict[str, dict[int, int]] = {}
    for d in dossiers:
        if d.outcome == "resolved" and 24302 <= reference.month_of(d.finished) <= 24305:
            days = expected.setdefault(d.procedure, {})
            days[d.processing_days()] = days.get(d.processing_days(), 0) + 1
    shown = {p: sorted(h.items()) for p, h in expected.items() if sum(h.values()) >= 20}
    assert sorted(shown) == ["1.000100", "1.000200"]  # 2.000300 has too few dossiers to be shown
    for procedure, histogram in shown.items():
        assert view.distribution_of(procedure) == histogram
        assert all(type(d) is int and type(c) is int for d, c in view.distribution_of(procedure))
    assert view.distribution_of("2.000300") == [] and view.distribution_of("khong-co") == []
    assert list(view.distribution.columns) == ["procedure", "days", "count"]


def test_only_the_last_12_months_make_the_distribution(portal_and_dossiers):
    portal, dossiers = portal_and_dossiers
    spans = [_span("month", "2025-06", 24305, 24305), _span("last12", "12-thang-gan-nhat", 24305, 24305)]
    view = dossier_view(portal.dossiers, spans)
    june = {}
    for d in dossiers:
        if d.outcome == "resolved" and reference.month_of(d.finished) == 24305:
            june.setdefault(d.procedure, []).append(d.processing_days())
    for procedure, days in june.items():
        want = sorted({n: days.count(n) for n in days}.items()) if len(days) >= 20 else []
        assert view.distribution_of(procedure) == want, procedure
    assert dossier_view(portal.dossiers, spans[:1]).distribution.empty  # no last-12 span: no distribution
    assert list(dossier_view(portal.dossiers, spans[:1]).distribution.columns) == ["procedure", "days", "count"]


def test_overdue_now_per_agency_and_procedure(portal_and_dossiers):
    portal, dossiers = portal_and_dossiers
    view = dossier_view(portal.dossiers, _spans(24305, 24305))
    expected = reference.overdue_now(dossiers)
    names = ("overdue", "days_0_5", "days_6_20", "days_over_20")
    got = {(r["agency"], r["procedure"]): {n: int(r[n]) for n in names} for r in view.overdue_rows()}
    assert got == expected
    for agency in ("so-thu", "xa-mau"):
        mine = {k: v for k, v in expected.items() if k[0] == agency}
        assert {(r["agency"], r["procedure"]) for r in view.overdue_rows(agency)} == set(mine)
        assert view.overdue_total(agency) == {n: sum(v[n] for v in mine.values()) for n in names}
    assert [r["overdue"] for r in view.overdue_rows("so-thu", "1.000200")] == [expected[("so-thu", "1.000200")]["overdue"]]
    assert [r["overdue"] for r in view.overdue_rows(procedure="2.000300")] == [expected[("xa-mau", "2.000300")]["overdue"]]
    assert view.overdue_total(procedure="1.000100") == expected[("so-thu", "1.000100")]
    assert view.overdue_total() == {n: sum(v[n] for v in expected.values()) for n in names}
    assert view.overdue_total("khong-co") == dict.fromkeys(names, 0)
    assert all(type(v) is int for v in view.overdue_total().values())
    assert view.compared() == []  # no committed rows to compare with


def test_procedures_of_an_agency_ranked_by_median_longest_first(portal_and_dossiers):
    portal, dossiers = portal_and_dossiers
    spans = _spans(24302, 24305)
    view = dossier_view(portal.dossiers, spans)
    last12 = spans[-1]
    expected = reference.span_figures(dossiers, last12.first, last12.last, "agency_procedure")
    ranked = view.ranked_procedures(last12, "so-thu")
    assert [p for p, _ in ranked] == sorted(
        (k.split("/")[1] for k in expected if k.startswith("so-thu/")),
        key=lambda p: (expected[f"so-thu/{p}"]["median_days"] is None, -(expected[f"so-thu/{p}"]["median_days"] or 0),
                       -(expected[f"so-thu/{p}"]["p90_days"] or 0), p))
    assert [p for p, _ in ranked] == ["1.000200", "1.000100"]  # the same median (7 days): the larger p90 first
    assert [(p, f.median_days) for p, f in ranked] == [(p, expected[f"so-thu/{p}"]["median_days"]) for p, _ in ranked]
    assert [p for p, _ in view.ranked_procedures(last12, "xa-mau")] == ["2.000300"]
    assert view.ranked_procedures(spans[0], "so-thu") == []  # no per-procedure figures for a month
    assert view.ranked_procedures(last12, "so") == []  # a prefix of an agency's name is not the agency


def test_the_portal_figures_list_only_dossier_files_inside_the_portal(portal_and_dossiers):
    portal, _ = portal_and_dossiers
    published = portal_figures(portal)
    assert published.files == ("dossiers/bulk.parquet", "dossiers/cases.csv")
    assert isinstance(published.dossiers, DossierView)
    assert set(published.rows["source"]) == {"dossiers"}
    assert _in_portal(("dossiers/a.csv", "/srv/dossiers/b.csv", "https://x.vn/dossiers/c.csv", "mydossiers/d.csv")) == (
        "dossiers/a.csv",)


# --- the view's lookups on hand-made tables -----------------------------------------------------------------

def _figures_row(span_kind: str, span: str, dimension: str, key: str, **values) -> dict:
    row = {"span_kind": span_kind, "span": span, "dimension": dimension, "key": key}
    row.update({name: (math.nan if name.endswith(("_rate", "_days")) or name == "satisfaction" else 0)
                for name in FIGURE_COLUMNS})
    row.update(values)
    return row


def _view(rows: list[dict]) -> DossierView:
    empty = pd.DataFrame({"agency": [], "procedure": []})
    return DossierView(pd.Timestamp("2025-06-20 16:45:00"), pd.DataFrame(rows), empty,
                       pd.DataFrame({"procedure": [], "days": [], "count": []}),
                       pd.DataFrame([{"period": "2025-04", "agency": "a", "procedure": "p", "column": "resolved_late",
                                      "reported": 3, "computed": 2}]))


LAST12 = _span("last12", "12-thang-gan-nhat", 24302, 24305)


def test_a_hand_made_table_gives_typed_figures_and_none_for_missing_values():
    view = _view([_figures_row("last12", "12-thang-gan-nhat", "agency", "a", resolved=25.0, median_days=4.0,
                               p90_days=9, over_limit_rate=0.25, late=3, satisfaction=None, apology_rate=math.nan)])
    figure = view.get(LAST12, "agency", "a")
    assert figure == DossierFigure(resolved=25, median_days=4.0, p90_days=9.0, over_limit_rate=0.25, late=3)
    assert type(figure.resolved) is int and type(figure.p90_days) is float and figure.satisfaction is None
    assert view.as_of_date == "2025-06-20"  # the day only, never a dossier's time
    assert view.compared() == [{"period": "2025-04", "agency": "a", "procedure": "p", "column": "resolved_late",
                                "reported": 3, "computed": 2}]
    assert view.get(_span("year", "12-thang-gan-nhat", 24302, 24305), "agency", "a") is None  # the span kind counts


def test_ranking_ties_go_to_the_larger_p90_then_the_code_and_withheld_medians_last():
    rows = [_figures_row("last12", "12-thang-gan-nhat", "agency_procedure", f"a/{code}", median_days=median, p90_days=p90)
            for code, median, p90 in (("1.5", 2.0, 3.0), ("1.1", 5.0, 6.0), ("1.3", 5.0, 9.0), ("1.2", 5.0, 9.0),
                                      ("1.0", math.nan, math.nan), ("0.9", 0.0, 0.0), ("0.8", math.nan, 4.0),
                                      ("0.7", 0.0, 0.5), ("0.6", 0.5, 0.5))]
    rows.append(_figures_row("last12", "12-thang-gan-nhat", "agency_procedure", "ab/1.9", median_days=50.0))
    rows.append(_figures_row("last12", "12-thang-gan-nhat", "procedure", "a/1.8", median_days=50.0))
    rows.append(_figures_row("year", "2025", "agency_procedure", "a/1.7", median_days=50.0))
    view = _view(rows)
    assert [(code, f.median_days) for code, f in view.ranked_procedures(LAST12, "a")] == [
        ("1.2", 5.0), ("1.3", 5.0), ("1.1", 5.0), ("1.5", 2.0), ("0.6", 0.5), ("0.7", 0.0), ("0.9", 0.0), ("0.8", None),
        ("1.0", None)]  # 1.2 and 1.3 have equal figures: by code


# --- committed rows and the dossiers' rows ------------------------------------------------------------------

def _rows(*keys: tuple[str, str, str], value: int = 1) -> pd.DataFrame:
    return pd.DataFrame([{"period": p, "agency": a, "procedure": c, "resolved_on_time": value} for p, a, c in keys])


def test_the_dossiers_rows_replace_the_committed_rows_they_cover():
    reported = _rows(("2025-04", "a", "1.1"), ("2025-04", "a", "1.2"), ("2025-04", "a", ""), ("2025-04", "b", ""),
                     ("2025-03", "a", ""), ("2025-04", "b", "1.1"))
    computed = _rows(("2025-04", "a", "1.1"), ("2025-05", "a", "1.3"), value=7).assign(source="dossiers")
    merged = merged_rows(reported, computed)
    assert [(r["period"], r["agency"], r["procedure"], r["resolved_on_time"], r["source"])
            for r in merged.to_dict("records")] == [
        ("2025-03", "a", "", 1, "reported"),  # a month the dossiers do not cover: kept
        ("2025-04", "a", "1.1", 7, "dossiers"),  # the same key: the dossiers' row
        ("2025-04", "a", "1.2", 1, "reported"),  # another procedure of a covered month: kept
        # ("2025-04", "a", "") left out: its dossiers would count twice
        ("2025-04", "b", "", 1, "reported"),  # another agency: kept
        ("2025-04", "b", "1.1", 1, "reported"),
        ("2025-05", "a", "1.3", 7, "dossiers"),
    ]
    assert list(merged.index) == list(range(6))
    assert list(merged.columns) == ["period", "agency", "procedure", "resolved_on_time", "source"]


def test_merging_when_either_side_is_missing_or_empty():
    reported = _rows(("2025-04", "b", "1.1"), ("2025-03", "a", ""))
    computed = _rows(("2025-05", "a", "1.3"), ("2025-04", "a", "1.1"), value=7).assign(source="dossiers")
    computed.index = [5, 9]
    for no_rows in (None, computed.iloc[0:0]):
        merged = merged_rows(reported, no_rows)
        assert merged.to_dict("records") == [{"period": "2025-04", "agency": "b", "procedure": "1.1",
                                              "resolved_on_time": 1, "source": "reported"},
                                             {"period": "2025-03", "agency": "a", "procedure": "", "resolved_on_time": 1,
                                              "source": "reported"}]
    for no_rows in (None, reported.iloc[0:0]):
        merged = merged_rows(no_rows, computed)
        assert merged.to_dict("records") == computed.to_dict("records") and list(merged.index) == [0, 1]
    assert merged_rows(None, None).empty


# --- thresholds, and committed statistics beside the dossiers --------------------------------------------------

def test_the_distribution_threshold_is_the_portals_and_includes_a_procedure_at_it(portal_and_dossiers):
    portal, dossiers = portal_and_dossiers
    last12 = [d for d in dossiers if d.outcome == "resolved" and 24302 <= reference.month_of(d.finished) <= 24305]
    few = sum(d.procedure == "2.000300" for d in last12)
    assert 0 < few < 20
    context = dataclasses.replace(portal.dossiers.context, min_dossiers_quantile=few, min_dossiers_share=few + 3)
    view = dossier_view(dataclasses.replace(portal.dossiers, context=context), _spans(24302, 24305))
    assert (view.min_quantile, view.min_share) == (few, few + 3)  # not the defaults 20 and 10
    days = [d.processing_days() for d in last12 if d.procedure == "2.000300"]
    assert view.distribution_of("2.000300") == sorted({n: days.count(n) for n in days}.items())  # exactly at it: shown


def _statistics(root, text: str) -> None:
    (root / "statistics").mkdir(exist_ok=True)
    (root / "statistics" / "bao-cao.csv").write_text(text, encoding="utf-8")


def test_committed_rows_beside_the_dossiers_keep_their_files_and_warnings(tmp_path):
    root, _ = bulk.fixture_portal(tmp_path)
    # two months before the dossiers begin; February says 0 carried over though January ended with 1 pending
    _statistics(root, HEADER + "\n2025-01,so-thu,,0,1,0,0,0,0,0,1,0,0,\n2025-02,so-thu,,0,1,0,0,1,0,0,0,0,0,\n")
    portal = read_portal(PortalPaths.at(root))
    published = portal_figures(portal)
    assert published.files == ("statistics/bao-cao.csv", "dossiers/bulk.parquet", "dossiers/cases.csv")
    assert published.warnings_by_month == {"2025-02": 1}
    reported = published.rows[published.rows["source"] == "reported"]
    assert reported[["period", "agency", "procedure"]].values.tolist() == [["2025-01", "so-thu", ""], ["2025-02", "so-thu", ""]]
    assert set(published.rows[published.rows["period"] >= "2025-03"]["source"]) == {"dossiers"}


def test_an_empty_statistics_table_beside_the_dossiers_is_not_a_source(tmp_path):
    root, _ = bulk.fixture_portal(tmp_path)
    _statistics(root, HEADER + "\n")
    portal = read_portal(PortalPaths.at(root))
    assert portal.statistics is not None and portal.statistics.empty
    published = portal_figures(portal)
    assert published.files == ("dossiers/bulk.parquet", "dossiers/cases.csv") and published.warnings_by_month == {}
