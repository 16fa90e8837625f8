"""The figures as pages look them up (PublishedStatistics), and small hand-computed cases.

Fast unit tests (no MkDocs): they are also the tests mutation testing runs
(scripts/mutation.sh). Every expected value is written out by hand or comes
from tests/statistics/expected.py, never from the product.
"""

from __future__ import annotations

import math

from generator.figures.aggregate import compute_figures, overdue_by_series
from generator.pipeline import portal_figures
from generator.figures.rankings import rank_by_on_time, rank_by_overdue
from generator.figures.spans import month_of, spans_between
from generator.paths import PortalPaths
from generator.portal import read_portal

from .conftest import HEADER, PORTAL, check_csv, fixture_rows
from .expected import data_months, empty, expected_figures, expected_series, span_bounds

FIGURES = ("received", "carried_over", "received_new", "received_online", "received_direct", "received_postal",
           "resolved", "resolved_early", "resolved_on_time", "resolved_late", "pending", "pending_on_time",
           "pending_overdue", "withdrawn", "overdue", "on_time_rate", "online_rate", "postal_rate",
           "avg_processing_days", "avg_days_resolved")


def _published():
    return portal_figures(read_portal(PortalPaths.at(PORTAL)))


def _as_dict(figures) -> dict:
    return {name: getattr(figures, name) for name in FIGURES}


def _close(a: dict, b: dict) -> list[str]:
    wrong = []
    for name in FIGURES:
        x, y = a[name], b[name]
        if (x is None) != (y is None) or (x is not None and not math.isclose(x, y, rel_tol=1e-9)):
            wrong.append(f"{name}: {x} ≠ {y}")
    return wrong


def test_lookups_give_the_figures_of_each_span_dimension_and_key():
    stats = _published()
    assert [s.key for s in stats.months] == data_months()
    assert [s.key for s in stats.quarters] == ["2025-q1", "2025-q2", "2025-q3"]
    assert [s.key for s in stats.years] == ["2025"] and stats.latest.key == "2025-07"
    assert stats.last12.key == "12-thang-gan-nhat" and [s.key for s in stats.spans_of("last12")] == ["12-thang-gan-nhat"]
    assert [s.key for s in stats.recent_months(3)] == ["2025-05", "2025-06", "2025-07"]
    assert len(stats.recent_months()) == 7
    q2 = stats.quarters[1]
    assert [s.key for s in stats.months_of(q2)] == ["2025-04", "2025-05", "2025-06"]
    problems = []
    for span in stats.spans:
        for dimension in ("province", "level", "field", "agency", "procedure"):
            expected = expected_figures(*span_bounds(span.key), dimension)
            shown = {f.key: f for f in stats.in_span(span, dimension)}
            if sorted(shown) != sorted(expected):
                problems.append(f"{span.key} {dimension}: in_span keys {sorted(shown)} ≠ {sorted(expected)}")
            for key, wanted in expected.items():
                got = stats.get(span, dimension, key)
                if got is None or (got.span, got.dimension, got.key) != (span, dimension, key):
                    problems.append(f"{span.key} {dimension} {key}: get() gave {got}")
                    continue
                problems += [f"{span.key} {dimension} {key}: {p}" for p in _close(_as_dict(got), wanted)]
                if got.resolved_in_time != wanted["resolved_in_time"]:
                    problems.append(f"{span.key} {dimension} {key}: resolved_in_time {got.resolved_in_time}")
    assert not problems, "\n".join(problems[:30])
    assert stats.get(stats.latest) == stats.get(stats.latest, "province", "all")


def test_missing_figures_are_empty_not_absent_and_keys_are_listed():
    stats = _published()
    june = next(s for s in stats.months if s.key == "2025-06")
    assert stats.get(june, "agency", "xa-b") is None  # xa-b sent no June row
    blank = stats.get_or_empty(june, "agency", "xa-b")
    assert (blank.span, blank.dimension, blank.key) == (june, "agency", "xa-b")
    assert _as_dict(blank) == {name: empty().get(name, 0) for name in FIGURES}
    assert blank.balanced and stats.get_or_empty(june).received == expected_figures("2025-06", "2025-06", "province")["all"]["received"]
    series = stats.series(stats.months, "agency", "xa-b")
    assert [f.span.key for f in series] == data_months()
    assert [f.received for f in series] == [expected_figures(m, m, "agency").get("xa-b", empty())["received"] for m in data_months()]
    assert stats.series(stats.months[:2]) == [stats.get(stats.months[0]), stats.get(stats.months[1])]
    assert stats.keys("agency") == ["so-a", "xa-b", "xa-c"]
    assert stats.keys("procedure") == ["1.000900", "1.001540", "2.000100"]
    assert stats.has("agency", "xa-c") and not stats.has("agency", "xa-z") and not stats.has("field", "xa-c")
    assert stats.warnings_in(stats.last12) == 2 and stats.warnings_in(june) == 1
    assert stats.warnings_in(stats.quarters[0]) == 0 and stats.warnings_in(stats.quarters[2]) == 1
    assert stats.files == ("statistics/2025-h1.csv", "statistics/thang-7/2025-07.csv")


def test_a_month_balances_and_a_span_sums_its_months():
    stats = _published()
    for month in stats.months:
        assert stats.get(month).balanced, month.key
    year = stats.years[0]
    assert stats.get(year).resolved == sum(stats.get(m).resolved for m in stats.months)
    assert stats.get(year).carried_over == stats.get(stats.months[0]).carried_over
    assert stats.get(year).pending == stats.get(stats.months[-1]).pending


def test_overdue_by_series_largest_first_with_every_column():
    rows = read_portal(PortalPaths.at(PORTAL)).statistics.rows
    for first, last in (("2025-07", "2025-07"), ("2025-01", "2025-07"), ("2025-04", "2025-06")):
        span = next(s for s in spans_between(month_of("2025-01"), month_of("2025-07"))
                    if (s.first_period, s.last_period) == (first, last))
        table = overdue_by_series(rows, span)
        expected = sorted(((k, v) for k, v in expected_series(first, last).items() if v["overdue"]),
                          key=lambda item: (-item[1]["overdue"], item[0]))
        shown = [(f"{r.agency}/{r.procedure}", {"resolved_late": r.resolved_late, "pending_overdue": r.pending_overdue,
                                                "resolved": r.resolved, "overdue": r.overdue})
                 for r in table.itertuples()]
        assert shown == expected, (first, last)
        assert list(table.index) == list(range(len(table)))
        assert all(str(table[c].dtype) == "int64" for c in ("resolved_late", "resolved", "pending_overdue", "overdue"))


def _rows(*lines: str):
    rows, problems = check_csv(HEADER + "\n" + "\n".join(lines) + "\n")
    assert not [p for p in problems if p.is_error], problems
    return rows.rows


def test_one_dossier_is_enough_for_a_rate_and_a_mean():
    rows = _rows("2025-01,so-a,1.001540,0,1,0,0,0,1,0,0,0,0,2.5", "2025-01,xa-b,,0,0,0,0,0,0,0,0,0,0,")
    spans = spans_between(month_of("2025-01"), month_of("2025-01"))
    figures = compute_figures(rows, spans, {"1.001540": "Xây dựng"}, {"so-a": "province", "xa-b": "commune"})
    month = figures[(figures.span_kind == "month")]
    one = month[(month.dimension == "agency") & (month.key == "so-a")].iloc[0]
    assert (one.on_time_rate, one.online_rate, one.postal_rate, one.avg_processing_days, one.avg_days_resolved) == (1.0, 1.0, 0.0, 2.5, 1)
    none = month[(month.dimension == "agency") & (month.key == "xa-b")].iloc[0]
    assert math.isnan(none.on_time_rate) and math.isnan(none.online_rate) and math.isnan(none.avg_processing_days)
    assert sorted(month[month.dimension == "field"].key) == ["Xây dựng"]
    assert sorted(month[month.dimension == "level"].key) == ["commune", "province"]
    assert str(month.received.dtype) == "int64" and str(month.on_time_rate.dtype) == "float64"


def test_the_mean_time_leaves_out_rows_without_one_and_weighs_by_resolved():
    rows = _rows("2025-01,so-a,1.001540,0,10,0,0,4,0,0,6,0,0,2", "2025-01,so-a,2.000100,0,10,0,0,0,6,0,4,0,0,7",
                 "2025-01,xa-b,,0,10,0,0,5,5,0,0,0,0,")
    spans = spans_between(month_of("2025-01"), month_of("2025-01"))
    figures = compute_figures(rows, spans, {}, {"so-a": "province", "xa-b": "commune"})
    province = figures[(figures.span_kind == "month") & (figures.dimension == "province")].iloc[0]
    assert province.avg_processing_days == (4 * 2 + 6 * 7) / 10 and province.avg_days_resolved == 10
    assert province.resolved == 20
    assert figures[figures.dimension == "field"].empty  # no procedure has a field: no field figures


def test_no_rows_or_no_spans_give_an_empty_table_with_every_column():
    rows = _rows("2025-01,so-a,,0,1,0,0,1,0,0,0,0,0,")
    for frame in (compute_figures(rows.iloc[:0], spans_between(1, 1), {}, {}), compute_figures(rows, [], {}, {})):
        assert frame.empty and list(frame.columns) == ["span_kind", "span", "first_period", "last_period", "complete",
                                                       "dimension", "key", *FIGURES]


def test_rankings_of_the_fixture_month():
    stats = _published()
    july = stats.latest
    agencies = list(stats.in_span(july, "agency"))
    wanted = expected_figures("2025-07", "2025-07", "agency")
    ranked = rank_by_on_time(agencies, min_resolved=20)
    rankable = sorted((k for k, v in wanted.items() if v["resolved"] >= 20), key=lambda k: -wanted[k]["on_time_rate"])
    assert [r.agency_id for r in ranked if not r.too_few] == rankable
    assert [r.rank for r in ranked] == [1] * (len(rankable) > 0) + list(range(2, len(rankable) + 1)) + [None] * (len(ranked) - len(rankable))
    overdue = rank_by_overdue(agencies)
    assert [r.agency_id for r in overdue] == sorted((k for k, v in wanted.items() if v["overdue"]), key=lambda k: -wanted[k]["overdue"])
    assert fixture_rows()  # the fixture has rows at all


# --- cases written for survivors of mutation testing (tests/MUTATION.md) -------------------------

def test_the_preview_cache_reuses_the_figures_until_their_inputs_change():
    import dataclasses

    from generator.preview.memo import MemoisedStages

    portal = read_portal(PortalPaths.at(PORTAL))
    memo = MemoisedStages()
    first = portal_figures(portal, memo.stages)
    assert portal_figures(portal, memo.stages) is first and (memo.cache.hits, memo.cache.misses) == (1, 1)
    assert first.rows is portal.statistics.rows and first.files == portal.statistics.files
    moved = dataclasses.replace(portal.catalogue, procedures=tuple(
        dataclasses.replace(p, field="Hộ tịch") if p.code == "1.001540" else p for p in portal.catalogue.procedures))
    again = portal_figures(dataclasses.replace(portal, catalogue=moved), memo.stages)
    assert again is not first and memo.cache.misses == 2
    assert "Xây dựng" not in again.keys("field") and "Xây dựng" in first.keys("field")
    assert portal_figures(dataclasses.replace(portal, statistics=None), memo.stages) is None


def test_a_key_never_seen_gives_nothing():
    stats = _published()
    assert stats.get(stats.latest, "agency", "xa-z") is None
    assert stats.get_or_empty(stats.latest, "agency", "xa-z").received == 0


def test_the_last_12_months_leave_out_older_rows_and_a_whole_year_is_complete():
    lines = [f"{2024 + (m - 1) // 12}-{(m - 1) % 12 + 1:02d},so-a,,0,{m},0,0,{m},0,0,0,0,0," for m in range(1, 14)]
    rows = _rows(*lines)  # 2024-01 … 2025-01: 13 months, 1 … 13 received
    spans = spans_between(month_of("2024-01"), month_of("2025-01"))
    figures = compute_figures(rows, spans, {}, {"so-a": "province"})
    last12 = figures[(figures.span_kind == "last12") & (figures.dimension == "province")].iloc[0]
    assert (last12.first_period, last12.last_period, last12.received, bool(last12.complete)) == ("2024-02", "2025-01", sum(range(2, 14)), True)
    year = figures[(figures.span_kind == "year") & (figures.span == "2024") & (figures.dimension == "province")].iloc[0]
    assert (year.first_period, year.last_period, bool(year.complete), year.received) == ("2024-01", "2024-12", True, sum(range(1, 13)))
    assert [s.key for s in spans if s.kind == "year"] == ["2024", "2025"]
    # every row belongs to a span (no row left with an unknown span) and each span has its 3 keys
    assert set(zip(figures.span_kind, figures.span)) == {(s.kind, s.key) for s in spans}
    assert len(figures) == 3 * len(spans)  # province, level and agency: one key each
    from generator.figures.published import PublishedStatistics

    stats = PublishedStatistics(rows, figures, spans)
    assert [s.key for s in stats.recent_months()] == [f"2024-{m:02d}" for m in range(2, 13)] + ["2025-01"]
    assert [s.key for s in spans if s.kind == "quarter"] == ["2024-q1", "2024-q2", "2024-q3", "2024-q4", "2025-q1"]


def test_overdue_by_series_leaves_out_series_without_overdue_and_breaks_ties_by_agency_then_procedure():
    rows = _rows("2025-01,so-a,2.000100,0,2,0,0,0,0,1,0,1,0,", "2025-01,so-a,1.001540,0,2,0,0,0,0,1,0,1,0,",
                 "2025-01,xa-b,1.000900,0,2,0,0,0,0,2,0,0,0,", "2025-01,xa-b,,0,2,0,0,2,0,0,0,0,0,")
    span = spans_between(month_of("2025-01"), month_of("2025-01"))[0]
    table = overdue_by_series(rows, span)
    assert list(table.columns) == ["agency", "procedure", "resolved_late", "resolved", "pending_overdue", "overdue"]
    assert [(r.agency, r.procedure, r.overdue) for r in table.itertuples()] == [
        ("so-a", "1.001540", 2), ("so-a", "2.000100", 2), ("xa-b", "1.000900", 2)]


def _agency(key: str, resolved: int, in_time: int, overdue: int = 0, received: int | None = None):
    from generator.figures.published import SpanFigures
    from generator.figures.spans import Span

    return SpanFigures(Span("month", "2025-01", 1, 1, True), "agency", key, resolved=resolved, resolved_early=in_time,
                   overdue=overdue, received=resolved if received is None else received,
                   on_time_rate=in_time / resolved if resolved else None)


def test_ranking_at_the_minimum_and_with_no_minimum():
    at_minimum = [_agency("a", 20, 10), _agency("b", 19, 19)]
    ranked = rank_by_on_time(at_minimum, min_resolved=20)
    assert [(r.agency_id, r.rank, r.too_few) for r in ranked] == [("a", 1, False), ("b", None, True)]
    assert [r.figures for r in ranked] == [at_minimum[0], at_minimum[1]]
    nothing = [_agency("x", 0, 0), _agency("y", 4, 1)]
    assert [(r.agency_id, r.rank) for r in rank_by_on_time(nothing, min_resolved=0)] == [("y", 1), ("x", 2)]
    # no dossier resolved ranks like 0 %: tied with an agency that resolved none in time
    tied = [_agency("x", 0, 0), _agency("z", 4, 0)]
    assert [(r.agency_id, r.rank) for r in rank_by_on_time(tied, min_resolved=0)] == [("z", 1), ("x", 1)]
    # rates equal to 6 decimals share a rank (a difference below 0.0001 % is no difference)
    close = [_agency("a", 3, 1), _agency("b", 10_000_000, 3_333_334)]
    assert [(r.agency_id, r.rank) for r in rank_by_on_time(close, min_resolved=0)] == [("b", 1), ("a", 1)]
    best = [_agency("x", 0, 0), _agency("a", 4, 4)]
    assert [(r.agency_id, r.rank) for r in rank_by_on_time(best, min_resolved=0)] == [("a", 1), ("x", 2)]
    overdue = [_agency("p", 10, 5, 3, received=50), _agency("q", 10, 5, 3, received=80)]
    ranked = rank_by_overdue(overdue)
    assert [(r.agency_id, r.rank) for r in ranked] == [("q", 1), ("p", 1)]
    assert [r.figures for r in ranked] == [overdue[1], overdue[0]]
