"""publish_statistics (the catalogue's grouping) and the overdue rankings (figures.published.publish_grouped → PublishedStatistics.overdue_series and
overdue_series_by_agency), against a plain-Python computation from the same rows.

A series is (agency, procedure); its overdue dossiers in a span are those resolved late in the span's
months plus those pending overdue at its last month. Only series with overdue dossiers are listed,
largest first, ties by agency then procedure; rankings exist for the latest month and the last 12 months.
"""

from __future__ import annotations

import csv
import io

from generator.figures.published import publish_grouped

from .conftest import HEADER, check_csv

FIELDS = {"1.001540": "ho-tich", "2.000100": "dat-dai", "1.000900": "ho-tich"}
LEVELS = {"so-a": "province", "xa-b": "commune", "xa-c": "commune"}


def _text() -> str:
    lines = [HEADER]
    for month in range(1, 15):  # 2024-01 … 2025-02: the last 12 months are 2024-03 … 2025-02
        period = f"{2024 + (month - 1) // 12}-{(month - 1) % 12 + 1:02d}"
        late_a, overdue_a = month % 3, (2 if month == 14 else 0)
        late_b = 1 if month in (1, 2) else 0  # late only in months outside the last 12
        late_c = 1 if month == 14 else 0
        for agency, code, late, pending_overdue in (("so-a", "1.001540", late_a, overdue_a),
                                                     ("xa-b", "2.000100", late_b, 0),
                                                     ("xa-c", "1.000900", late_c, 1 if month == 14 else 0),
                                                     ("xa-b", "1.000900", late_c, 1 if month == 14 else 0),
                                                     ("so-a", "", 1, 0)):
            received = 3 + late + pending_overdue
            lines.append(f"{period},{agency},{code},0,{received},0,0,1,2,{late},0,{pending_overdue},0,")
    return "\n".join(lines) + "\n"


def _expected(first: int, last: int) -> list[tuple]:
    """(agency, procedure, resolved, resolved_late, pending_overdue, overdue) computed with the csv module."""
    series: dict[tuple[str, str], list[int]] = {}
    for row in csv.DictReader(io.StringIO(_text())):
        year, month = map(int, row["period"].split("-"))
        number = (year - 2024) * 12 + month
        if not first <= number <= last:
            continue
        counts = series.setdefault((row["agency"], row["procedure"]), [0, 0, 0])
        counts[0] += int(row["resolved_early"]) + int(row["resolved_on_time"]) + int(row["resolved_late"])
        counts[1] += int(row["resolved_late"])
        if number == last:
            counts[2] += int(row["pending_overdue"])
    listed = [(a, p, r, late, po, late + po) for (a, p), (r, late, po) in series.items() if late + po > 0]
    return sorted(listed, key=lambda t: (-t[5], t[0], t[1]))


def test_overdue_rankings_of_the_latest_month_and_the_last_12_months():
    rows, problems = check_csv(_text())
    assert problems == []
    stats = publish_grouped(rows.rows, FIELDS, LEVELS)
    assert sorted(stats.overdue_series) == [("last12", stats.last12.key), ("month", "2025-02")]
    month, last12 = stats.overdue_series[("month", "2025-02")], stats.overdue_series[("last12", stats.last12.key)]
    assert month == _expected(14, 14)
    assert last12 == _expected(3, 14)
    assert ("xa-b", "2.000100") not in {(r[0], r[1]) for r in last12}  # its late dossiers are older
    assert month[0] == ("so-a", "1.001540", 5, 2, 2, 4)  # 2 late + 2 pending overdue at the month's end
    assert [r[:2] + r[5:] for r in month[1:]] == [("xa-b", "1.000900", 2), ("xa-c", "1.000900", 2), ("so-a", "", 1)]  # ties: agency


def test_overdue_rankings_by_agency_keep_each_agencys_series_largest_first():
    rows, _ = check_csv(_text())
    stats = publish_grouped(rows.rows, FIELDS, LEVELS)
    for key, ranking in stats.overdue_series.items():
        expected: dict[str, list[tuple]] = {}
        for record in ranking:
            expected.setdefault(record[0], []).append(record)
        assert stats.overdue_series_by_agency[key] == expected
    assert sorted(stats.overdue_series_by_agency[("month", "2025-02")]) == ["so-a", "xa-b", "xa-c"]


def test_the_open_tables_are_made_from_the_same_rows_and_figures():
    rows, _ = check_csv(_text())
    stats = publish_grouped(rows.rows, FIELDS, LEVELS)
    assert [t.name for t in stats.open_tables] == ["thong-ke-hang-thang", "so-lieu-tong-hop"]
    assert len(stats.open_tables[0]) == len(rows.rows) == 14 * 5
    assert len(stats.open_tables[1]) == len(stats.table)


def test_publish_statistics_groups_by_the_catalogues_fields_and_levels():
    # the fields and levels read from the fixture's YAML with plain PyYAML, not from the catalogue objects
    import pandas as pd

    from generator.figures.published import publish_statistics
    from generator.paths import PortalPaths
    from generator.portal import read_portal

    from .test_open_tables import STATS_PORTAL, _catalogue_yaml

    agencies, procedures = _catalogue_yaml(STATS_PORTAL)
    fields = {code: p["field"] for code, p in procedures.items()}
    levels = {agency_id: a["level"] for agency_id, a in agencies.items()}
    assert len(set(fields.values())) > 1 and len(set(levels.values())) > 1  # the grouping can go wrong
    portal = read_portal(PortalPaths.at(STATS_PORTAL))
    published = publish_statistics(portal.statistics.rows, portal.catalogue, {"2025-01": 1}, ("statistics/a.csv",))
    expected = publish_grouped(portal.statistics.rows, fields, levels)
    pd.testing.assert_frame_equal(published.table, expected.table, check_exact=True)
    assert published.warnings_by_month == {"2025-01": 1} and published.files == ("statistics/a.csv",)
    assert publish_statistics(portal.statistics.rows.iloc[0:0], portal.catalogue) is None
