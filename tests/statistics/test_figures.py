"""Figures checked against an independent computation: plain Python sums over the fixture's CSV rows.

The expected values (tests/statistics/expected.py) never call pandas or generator: rows are
read with the csv module, fields and levels with plain PyYAML from the fixture's catalogue, and
summed by hand following the contract's section 4 (pending taken at the span's last month,
carried over at its first). The figures tested are those the build computes (``portal_figures``).
"""

from __future__ import annotations

import math

import pytest

from generator.figures.aggregate import overdue_by_series
from generator.pipeline import portal_figures
from generator.figures.rankings import rank_by_on_time, rank_by_overdue
from generator.figures.published import SpanFigures
from generator.figures.spans import Span, month_of, spans_between
from generator.paths import PortalPaths
from generator.portal import read_portal

from .conftest import PORTAL, fixture_rows
from .expected import CATALOGUE, DIMENSIONS, expected_figures

FIGURE_COLUMNS_EXPECTED = [
    "received", "carried_over", "received_new", "received_online", "received_direct", "received_postal",
    "resolved", "resolved_early", "resolved_on_time", "resolved_late",
    "pending", "pending_on_time", "pending_overdue", "withdrawn",
    "overdue", "on_time_rate", "online_rate", "postal_rate", "avg_processing_days", "avg_days_resolved",
]

# (span kind, span key, first period, last period) as the data covers 2025-01 … 2025-07
SPANS = [
    ("month", "2025-01", "2025-01", "2025-01"),
    ("month", "2025-06", "2025-06", "2025-06"),
    ("month", "2025-07", "2025-07", "2025-07"),
    ("quarter", "2025-q1", "2025-01", "2025-03"),
    ("quarter", "2025-q2", "2025-04", "2025-06"),
    ("quarter", "2025-q3", "2025-07", "2025-07"),
    ("year", "2025", "2025-01", "2025-07"),
    ("last12", "12-thang-gan-nhat", "2025-01", "2025-07"),
]


@pytest.fixture(scope="module")
def computed():
    """The figures as the build computes them: from the portal read and validated, grouped by its catalogue."""
    portal = read_portal(PortalPaths.at(PORTAL))
    published = portal_figures(portal)
    return portal.statistics.rows, published.spans, published.table


def _same(actual, wanted) -> bool:
    if wanted is None:
        return actual is None or (isinstance(actual, float) and math.isnan(actual))
    return math.isclose(float(actual), float(wanted), rel_tol=1e-9, abs_tol=1e-12)


def test_figures_equal_an_independent_computation():
    """Every figure of every key, span and dimension; fields and levels as the fixture's YAML files say
    (read with plain PyYAML). Computed inside the test, not in a shared fixture, so that mutation testing
    knows this test runs the figures code."""
    figures = portal_figures(read_portal(PortalPaths.at(PORTAL))).table
    problems = []
    for kind, key, first, last in SPANS:
        for dimension in DIMENSIONS:
            expected = expected_figures(first, last, dimension)
            actual = figures[(figures.span_kind == kind) & (figures.span == key) & (figures.dimension == dimension)]
            if sorted(actual["key"]) != sorted(expected):
                problems.append(f"{kind} {key}, by {dimension}: keys {sorted(actual['key'])}, the catalogue's YAML "
                                f"and the rows give {sorted(expected)}")
            for record in actual.to_dict("records"):
                if (record["first_period"], record["last_period"], record["complete"]) != (first, last, kind == "month" or key in ("2025-q1", "2025-q2")):
                    problems.append(f"{kind} {key}: covers {record['first_period']}..{record['last_period']} "
                                    f"(complete {record['complete']})")
                for name, value in expected.get(record["key"], {}).items():
                    if name != "resolved_in_time" and not _same(record[name], value):
                        problems.append(f"{kind} {key}, {dimension} '{record['key']}': {name} is {record[name]}, "
                                        f"the data gives {value}")
    assert not problems, "\n".join(problems[:30])
    assert list(figures.columns) == ["span_kind", "span", "first_period", "last_period", "complete", "dimension", "key",
                                     *FIGURE_COLUMNS_EXPECTED]
    order = [(r.span_kind, r.span, r.dimension, r.key) for r in figures.itertuples()]
    kinds, dims = ["month", "quarter", "year", "last12"], ["province", "level", "field", "agency", "procedure"]
    assert order == sorted(order, key=lambda o: (kinds.index(o[0]), o[1], dims.index(o[2]), o[3])), (
        "figures are sorted by span kind, span, dimension (province … procedure) and key")
    assert list(figures.index) == list(range(len(figures)))


def test_groupings_are_those_of_the_catalogue_files():
    """The catalogue the build reads groups procedures and agencies as the YAML files say."""
    portal = read_portal(PortalPaths.at(PORTAL))
    assert {p.code: p.field for p in portal.catalogue.procedures} == CATALOGUE.fields
    assert {a.id: a.level for a in portal.catalogue.agencies.values()} == CATALOGUE.levels
    assert len(set(CATALOGUE.fields.values())) > 1 and len(set(CATALOGUE.levels.values())) > 1, (
        "the fixture needs several fields and levels, or a mix-up between them would go unseen")


def test_quarter_takes_carried_over_at_its_first_month_and_pending_at_its_last(computed):
    _, _, figures = computed
    q1 = figures[(figures.span == "2025-q1") & (figures.dimension == "province")].iloc[0]
    # so-a/2.000100 starts in February with 3 carried over: not counted for the quarter
    assert q1["carried_over"] == 4
    q2 = figures[(figures.span == "2025-q2") & (figures.dimension == "agency") & (figures.key == "xa-b")].iloc[0]
    # xa-b has no June row: no pending dossiers at the end of Q2 (validation warned: missing-month)
    assert (q2["pending"], q2["resolved"]) == (0, 15 + 12 + 11 + 12 + 17 + 7)
    june = figures[(figures.span == "2025-06") & (figures.dimension == "province")].iloc[0]
    assert figures[(figures.span == "2025-q2") & (figures.dimension == "province")].iloc[0]["pending"] == june["pending"]


def test_hand_computed_quarter_of_an_agency_without_procedures(computed):
    _, _, figures = computed
    xa_c = figures[(figures.span == "2025-q1") & (figures.dimension == "agency") & (figures.key == "xa-c")].iloc[0]
    assert (xa_c["carried_over"], xa_c["received_new"], xa_c["resolved"], xa_c["pending"], xa_c["withdrawn"]) == (0, 10, 3, 6, 1)
    assert xa_c["on_time_rate"] == 1.0
    assert math.isnan(xa_c["avg_processing_days"])  # no row gives a time: no mean, not 0
    march = figures[(figures.span == "2025-03") & (figures.dimension == "agency") & (figures.key == "xa-c")].iloc[0]
    assert march["resolved"] == 0 and math.isnan(march["on_time_rate"])  # shown "—", never 0 %


def test_procedure_and_field_figures_leave_out_rows_not_itemised(computed):
    _, _, figures = computed
    month = figures[figures.span == "2025-01"]
    assert "" not in set(month[month.dimension == "procedure"]["key"])
    province = month[month.dimension == "province"].iloc[0]
    by_field = month[month.dimension == "field"]
    xa_c = month[(month.dimension == "agency") & (month.key == "xa-c")].iloc[0]
    assert by_field["received"].sum() + xa_c["received"] == province["received"]


def test_spans_are_clamped_to_the_data_and_flag_incomplete_ones():
    spans = spans_between(month_of("2024-11"), month_of("2025-07"))
    by_key = {(s.kind, s.key): s for s in spans}
    assert [s.key for s in spans if s.kind == "quarter"] == ["2024-q4", "2025-q1", "2025-q2", "2025-q3"]
    assert by_key[("quarter", "2024-q4")].complete is False and by_key[("quarter", "2024-q4")].first_period == "2024-11"
    assert by_key[("quarter", "2025-q2")].complete is True
    assert (by_key[("year", "2025")].first_period, by_key[("year", "2025")].last_period) == ("2025-01", "2025-07")
    last12 = by_key[("last12", "12-thang-gan-nhat")]
    assert (last12.first_period, last12.last_period, last12.complete) == ("2024-11", "2025-07", False)
    full = spans_between(month_of("2023-01"), month_of("2025-07"))
    last12 = [s for s in full if s.kind == "last12"][0]
    assert (last12.first_period, last12.last_period, last12.complete) == ("2024-08", "2025-07", True)


def test_overdue_by_series_largest_first(computed):
    rows, spans, _ = computed
    july = [s for s in spans if s.key == "2025-07"][0]
    table = overdue_by_series(rows, july)
    expected = []
    for row in fixture_rows():
        if row["period"] == "2025-07":
            overdue = int(row["resolved_late"]) + int(row["pending_overdue"])
            if overdue:
                expected.append((-overdue, row["agency"], row["procedure"]))
    assert [(-o, a, p) for o, a, p in sorted(expected)] == list(zip(table.overdue, table.agency, table.procedure))


def _figures(key: str, resolved: int, in_time: int, overdue: int = 0) -> SpanFigures:
    span = Span("month", "2025-01", 1, 1, True)
    return SpanFigures(span, "agency", key, resolved=resolved, resolved_early=in_time, overdue=overdue, received=resolved,
                   on_time_rate=in_time / resolved if resolved else None)


def test_ranking_lists_small_agencies_without_ranking_them():
    ranked = rank_by_on_time([_figures("a", 100, 90), _figures("b", 2, 2), _figures("c", 50, 45),
                              _figures("d", 40, 30), _figures("e", 0, 0)], min_resolved=20)
    assert [(r.agency_id, r.rank, r.too_few) for r in ranked] == [
        ("a", 1, False), ("c", 1, False), ("d", 3, False), ("b", None, True), ("e", None, True),
    ]


def test_overdue_ranking_counts_only_agencies_with_overdue_dossiers():
    ranked = rank_by_overdue([_figures("a", 10, 10, 0), _figures("b", 10, 5, 7), _figures("c", 10, 5, 7), _figures("d", 3, 0, 9)])
    assert [(r.agency_id, r.rank) for r in ranked] == [("d", 1), ("b", 2), ("c", 2)]
