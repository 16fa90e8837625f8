"""Unit tests of the dossier core: dates, working days, quantiles, decomposability."""

from __future__ import annotations

import datetime as dt
import math
import pickle
import statistics

import holidays
import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from generator.dossiers.aggregate import AggregationContext, combine_partials, partial_aggregates
from generator.dossiers.check import CheckContext, check_dossiers
from generator.dossiers.dates import parse_datetimes
from generator.dossiers.finish import finish, quantiles
from generator.dossiers.working_days import WorkCalendar, parse_calendar


@pytest.mark.parametrize("text, expected", [
    ("2026-03-02T14:30:00+07:00", "2026-03-02T14:30:00"),
    ("2026-03-02T07:30:00Z", "2026-03-02T14:30:00"),
    ("2026-03-02T14:30:00-05:00", "2026-03-03T02:30:00"),
    ("2026-03-02T14:30:00.250+0700", "2026-03-02T14:30:00"),
    ("2026-03-02 14:30", "2026-03-02T14:30:00"),
    ("2026-03-02 14:30:59", "2026-03-02T14:30:59"),
    ("20260302143000", "2026-03-02T14:30:00"),
    ("2026-03-02", "2026-03-02T00:00:00"),
    ("2024-02-29", "2024-02-29T00:00:00"),
])
def test_date_formats(text, expected):
    times, ok = parse_datetimes(pa.array([text]))
    assert ok.tolist() == [True]
    assert str(times[0]) == expected


@pytest.mark.parametrize("text", ["2026-02-30", "2025-02-29", "2026-13-01", "2026-03-02 24:00", "2026-03-02 14:61",
                                  "20260230000000", "02/03/2026", "hôm qua", "2026-03-02T14:30:00+25:00"])
def test_malformed_dates(text):
    times, ok = parse_datetimes(pa.array([text, "2026-03-02"]))
    assert ok.tolist() == [False, True]
    assert np.isnat(times[0])


def _loop_count(start: dt.date, end: dt.date, off: set, worked: set) -> int:
    """Working days d with start < d ≤ end, one day at a time."""
    vn = holidays.country_holidays("VN", years=range(start.year, end.year + 1))
    days, d = 0, start + dt.timedelta(days=1)
    while d <= end:
        if d in worked or d in vn.weekend_workdays or (d.weekday() < 5 and d not in vn and d not in off):
            days += 1
        d += dt.timedelta(days=1)
    return days


def test_working_days_match_a_day_by_day_loop():
    calendar, problems = parse_calendar(b"days_off: [2025-05-02]\nworking_days: [2025-04-26]\n")
    assert problems == []
    rng = np.random.default_rng(7)
    starts = np.datetime64("2024-01-01") + rng.integers(0, 1050, 300).astype("timedelta64[D]")
    ends = starts + rng.integers(0, 90, 300).astype("timedelta64[D]")
    got = calendar.after_until(starts, ends)
    for s, e, g in zip(starts.tolist(), ends.tolist(), got):
        assert g == _loop_count(s, e, {dt.date(2025, 5, 2)}, {dt.date(2025, 4, 26)}), (s, e)
    assert pickle.loads(pickle.dumps(calendar)).after_until(starts, ends).tolist() == got.tolist()


@pytest.mark.parametrize("text, code, line", [
    (b"days_off: [2025-5-2]\n", "calendar-bad-date", 1),
    (b"days_off: [2025-05-02]\nworking_day: [2025-04-26]\n", "calendar-unknown-key", 2),
    (b"days_off: 2025-05-02\n", "calendar-not-list", 1),
    (b"days_off: [2025-05-02]\nworking_days:\n  - 2025-05-02\n", "calendar-conflict", 3),
    (b"days_off: [2025-05-02\n", "yaml-syntax", 2),
])
def test_malformed_calendar(text, code, line):
    _, problems = parse_calendar(text)
    assert [(p.code, p.line) for p in problems][:1] == [(code, line)]


def _nearest_rank(values, q):
    ordered = sorted(values)
    return ordered[math.ceil(q * len(ordered)) - 1]


def test_quantiles_exact():
    rng = np.random.default_rng(3)
    values = {key: list(rng.integers(0, 40, size)) for key, size in (("a", 1), ("b", 2), ("c", 21), ("d", 100))}
    keys = [k for k, v in values.items() for _ in v]
    days = [d for v in values.values() for d in v]
    result = quantiles(pd.DataFrame({"key": keys}), np.array(days), np.ones(len(days), np.int64)).set_index("key")
    for key, v in values.items():
        assert result.loc[key, "median_days"] == statistics.median(v)
        assert result.loc[key, "p90_days"] == _nearest_rank(v, 0.9)
        assert result.loc[key, "n"] == len(v)


def _random_frame(n: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    received = np.datetime64("2025-01-01T08:00") + rng.integers(0, 300 * 24 * 60, n).astype("timedelta64[m]")
    due = received + rng.integers(0, 20 * 24 * 60, n).astype("timedelta64[m]")
    finished = received + rng.integers(0, 40 * 24 * 60, n).astype("timedelta64[m]")
    pending = rng.random(n) < 0.15
    text = lambda t: pd.Series(t).dt.strftime("%Y-%m-%d %H:%M").fillna("")  # noqa: E731
    raw = pd.DataFrame({
        "dossier_id": [f"HS{seed}-{i}" for i in range(n)], "agency": rng.choice(["a", "b"], n),
        "procedure": rng.choice(["1.1", "1.2", "1.3"], n), "channel": rng.choice(["1", "2", "3"], n),
        "received_at": text(received), "due_at": text(due),
        "finished_at": text(np.where(pending, np.datetime64("NaT"), finished)),
        "supplement_requests": rng.choice(["0", "1", "2"], n), "supplement_days": rng.choice(["0", "2"], n),
        "apology": rng.choice(["true", "false"], n), "paid_online": rng.choice(["true", "false"], n),
        "rating": rng.choice(["", "satisfied", "dissatisfied"], n),
    })
    raw["outcome"] = np.where(pending, "", rng.choice(["resolved", "withdrawn", "refused"], n))
    raw["_row"] = np.arange(2, n + 2)
    typed, problems = check_dossiers(raw, "x.csv", CheckContext(frozenset({"a", "b"}), frozenset({"1.1", "1.2", "1.3"})))
    assert problems == []
    return typed


def test_partials_are_decomposable():
    frame = _random_frame(3000, 1)
    as_of = max(frame["received_at"].max(), frame["finished_at"].max())
    ctx = AggregationContext(pd.Timestamp(as_of), WorkCalendar.build(), {"1.1": (5, "working_days"), "1.2": (10, "calendar_days")},
                             frozenset({"1.1"}))
    whole = combine_partials([partial_aggregates(frame, ctx)])
    parts = combine_partials([combine_partials([partial_aggregates(frame.iloc[:1000], ctx)]),
                              partial_aggregates(frame.iloc[1000:2500], ctx), partial_aggregates(frame.iloc[2500:], ctx)])
    for name in ("months", "histogram", "overdue_now"):
        pd.testing.assert_frame_equal(getattr(whole, name), getattr(parts, name))
        assert all(str(t) == "int64" for c, t in getattr(whole, name).dtypes.items() if c not in ("agency", "procedure"))
    result = finish(pickle.loads(pickle.dumps(parts)), pickle.loads(pickle.dumps(ctx)))
    rows = result.rows
    received = rows[["carried_over", "received_online", "received_direct", "received_postal"]].sum(axis=1)
    accounted = rows[["resolved_early", "resolved_on_time", "resolved_late", "pending_on_time", "pending_overdue",
                      "withdrawn"]].sum(axis=1)
    assert (received == accounted).all()
    assert (rows["source"] == "dossiers").all()


def test_sparse_counting_equals_dense(monkeypatch):
    """Partitions with very many agency × procedure × month cells keep only the cells that occur: same counts."""
    from generator.dossiers import aggregate

    frame = _random_frame(2000, 5)
    as_of = max(frame["received_at"].max(), frame["finished_at"].max())
    ctx = AggregationContext(pd.Timestamp(as_of), WorkCalendar.build(), {"1.1": (5, "working_days")})
    dense = partial_aggregates(frame, ctx)
    monkeypatch.setattr(aggregate._Counter, "DENSE_CELLS", 0)
    sparse = partial_aggregates(frame, ctx)
    pd.testing.assert_frame_equal(dense.months, sparse.months)


def test_parquet_typed_columns_read_as_their_text(tmp_path):
    """Timestamps (with and without a zone), integers and booleans in Parquet mean what their text means."""
    import pyarrow.parquet as pq

    from generator.dossiers.read import DossierSource, read_dossier_source

    utc = dt.timezone.utc
    table = pa.table({
        "dossier_id": ["A", "B"], "agency": ["a", "a"], "procedure": ["1.1", "1.1"], "channel": pa.array([2, 1], pa.int8()),
        "received_at": pa.array([dt.datetime(2025, 4, 1, 8), dt.datetime(2025, 4, 2, 9)], pa.timestamp("ms")),
        "due_at": pa.array([dt.datetime(2025, 4, 8, 10, tzinfo=utc), dt.datetime(2025, 4, 9, 10, tzinfo=utc)], pa.timestamp("s", "UTC")),
        "finished_at": pa.array([dt.date(2025, 4, 3), None], pa.date32()),
        "outcome": pa.array([9, None], pa.int16()), "supplement_requests": pa.array([1, None], pa.int32()),
        "apology": pa.array([True, None]), "paid_online": pa.array([2, 0], pa.int8()),
    })
    pq.write_table(table, tmp_path / "x.parquet")
    raw = read_dossier_source(DossierSource("x.parquet", str(tmp_path / "x.parquet"), "parquet"))
    typed, problems = check_dossiers(raw, "x.parquet", CheckContext(frozenset({"a"}), frozenset({"1.1"})))
    assert problems == []
    assert typed["channel"].tolist() == [0, 1]
    assert [str(t) for t in typed["due_at"]] == ["2025-04-08 17:00:00", "2025-04-09 17:00:00"]
    assert str(typed["finished_at"][0]) == "2025-04-03 00:00:00" and pd.isna(typed["finished_at"][1])
    assert typed["outcome"].tolist() == [0, -1] and typed["supplement_requests"].tolist() == [1, 0]
    assert typed["apology"].tolist() == [True, False] and typed["paid_online"].tolist() == [True, False]


def test_a_plain_pandas_partition_without_optional_columns_is_checked():
    """What a Dask partition may look like: numpy/object columns, only the required ones, no attrs."""
    raw = pd.DataFrame({"dossier_id": ["A", "B"], "agency": ["a", "a"], "procedure": ["1.1", "1.1"],
                        "channel": ["online", "3"], "received_at": pd.to_datetime(["2025-04-01 08:00", "2025-04-02 09:00"]),
                        "due_at": ["2025-04-08 17:00", "20250409170000"], "_row": [7, 8]})
    typed, problems = check_dossiers(raw, "part.parquet", CheckContext(frozenset({"a"}), frozenset({"1.1"})))
    assert problems == []
    assert typed["_row"].tolist() == [7, 8] and typed["channel"].tolist() == [0, 2]
    assert typed["finished_at"].isna().all() and typed["outcome"].tolist() == [-1, -1]
