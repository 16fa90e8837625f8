"""Reported monthly rows against the rows computed from dossiers: what is compared, replaced, warned."""

from __future__ import annotations

import pandas as pd

from generator.dossiers.reconcile import compare_rows, difference_warnings, replaced_totals
from generator.figures.from_dossiers import merged_rows
from generator.statistics_columns import COUNT_COLUMNS


def _row(period, agency, procedure, **counts):
    values = dict.fromkeys(COUNT_COLUMNS, 0) | counts
    return {"period": period, "month": int(period[:4]) * 12 + int(period[5:]) - 1, "agency": agency,
            "procedure": procedure, **values, "avg_processing_days": float("nan")}


def test_merge_replaces_same_keys_and_covered_totals():
    reported = pd.DataFrame([_row("2025-04", "a", "1.1", received_online=3, resolved_early=3),
                             _row("2025-04", "a", "", received_direct=5, pending_on_time=5),
                             _row("2025-04", "b", "", received_direct=2, resolved_late=2),
                             _row("2025-03", "a", "1.1", received_online=1, resolved_on_time=1)])
    computed = pd.DataFrame([_row("2025-04", "a", "1.1", received_online=4, resolved_early=4)]).assign(source="dossiers")
    merged = merged_rows(reported, computed)
    assert [(r["period"], r["agency"], r["procedure"], r["source"]) for r in merged.to_dict("records")] == [
        ("2025-03", "a", "1.1", "reported"), ("2025-04", "a", "1.1", "dossiers"), ("2025-04", "b", "", "reported")]
    comparison = compare_rows(reported, computed)
    assert len(comparison) == len(COUNT_COLUMNS)
    warnings = difference_warnings(comparison, ("statistics/x.csv",), ["dossiers/d.parquet"])
    assert [w.field for w in warnings] == ["received_online", "resolved_early"]
    replaced = replaced_totals(reported, computed, ("statistics/x.csv",))
    assert [(w.code, w.message) for w in replaced] == [(
        "dossier-replaces-reported",
        "Tháng 2025-04, cơ quan a: dòng số liệu báo cáo không tách theo thủ tục (statistics/x.csv) không được dùng "
        "vì cổng đã tính số của tháng này từ dữ liệu hồ sơ (dossiers/).")]
