"""Synthetic dossier exports (data contract, section 5): illustrative, no real person. Vectorised numpy.

:func:`synthetic_dossiers` draws ``n`` dossiers over ``months`` months for a list of :class:`Line` (agency ×
procedure with its legal limit, fee and relative volume): received on working days between 7:30 and 17:00,
due after the legal limit in working days (same-day procedures: 17:00, or the next working day when received
after 15:00), most resolved within the limit, a late tail, supplements, pending dossiers at the end, apologies
for most late ones, online payment, ratings. Same seed → same table. Used by the sample portal
(``scripts/sample_dossiers.py``) and by ``python -m benchmarks --dossiers N``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Sequence

import holidays
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

DAY = np.timedelta64(1, "D")


@dataclass(frozen=True)
class Line:
    agency: str
    procedure: str
    limit_days: float
    calendar_days: bool = False
    fee: bool = False
    weight: float = 1.0


def _holidays(first: dt.date, last: dt.date, days_off=(), working_days=()) -> np.ndarray:
    known = set(holidays.country_holidays("VN", years=range(first.year, last.year + 1))) | set(days_off)
    return np.array(sorted(d for d in known - set(working_days) if d.weekday() < 5), dtype="datetime64[D]")


def synthetic_dossiers(lines: Sequence[Line], n: int, first: dt.date, months: int, seed: int = 2025,
                       days_off=(), working_days=(), id_prefix: str = "MINHHOA") -> pa.Table:
    rng = np.random.default_rng(seed)
    start = np.datetime64(first, "D")
    end = (np.datetime64(first, "M") + np.timedelta64(months, "M")).astype("datetime64[D]")
    off = _holidays(first, end.astype(dt.date) + dt.timedelta(days=400), days_off, working_days)
    weights = np.array([line.weight for line in lines], float)
    which = rng.choice(len(lines), size=n, p=weights / weights.sum())
    limit = np.array([line.limit_days for line in lines])[which]
    by_calendar = np.array([line.calendar_days for line in lines])[which]
    fee = np.array([line.fee for line in lines])[which]

    # received: a working day (rolled forward), 7:30–17:00; the last days of the span stay pending
    day = np.busday_offset(start + rng.integers(0, (end - start).astype(int), n).astype("timedelta64[D]"), 0,
                           roll="forward", holidays=off)
    day = np.minimum(day, end - DAY)
    minute = rng.integers(7 * 60 + 30, 17 * 60, n)
    received = day.astype("datetime64[m]") + minute.astype("timedelta64[m]")
    whole = np.ceil(limit).astype(int)
    late_same_day = (whole == 0) & (minute >= 15 * 60)
    due_day = np.where(by_calendar, day + whole.astype("timedelta64[D]"),
                       np.busday_offset(day, whole + late_same_day, roll="forward", holidays=off))
    due = due_day.astype("datetime64[m]") + np.timedelta64(17 * 60, "m")

    # supplements: 10 % once, 2 % twice; the days waited on the applicant lengthen the dossier
    requests = rng.choice([0, 1, 2], size=n, p=[0.88, 0.10, 0.02])
    waited = np.where(requests > 0, rng.integers(1, 6, n), 0)
    # working days taken: most within the limit, a late tail of ~10 %
    late = rng.random(n) < 0.10
    share = rng.beta(2.0, 2.5, n)
    taken = np.where(late, whole + rng.integers(1, np.maximum(whole, 2) + 8, n), np.floor(share * (whole + 0.999)).astype(int))
    finished_day = np.busday_offset(day, taken + waited, roll="forward", holidays=off)
    finish_minute = np.where(taken + waited == 0, np.minimum(minute + rng.integers(20, 240, n), 17 * 60 + 30),
                             rng.integers(8 * 60, 17 * 60, n))
    finished = finished_day.astype("datetime64[m]") + finish_minute.astype("timedelta64[m]")
    as_of = (end - DAY).astype("datetime64[m]") + np.timedelta64(16 * 60 + 30, "m")
    pending = finished > as_of
    outcome_pick = rng.random(n)
    outcome = np.where(outcome_pick < 0.03, "withdrawn", np.where(outcome_pick < 0.05, "refused",
                                                                  np.where(outcome_pick < 0.5, "resolved", "10")))
    channel = rng.choice(np.array(["online", "direct", "postal"]), size=n, p=[0.45, 0.5, 0.05])
    is_late = ~pending & ((finished > due) | (requests > 1))
    apology = np.where(is_late | (pending & (due < as_of)), rng.random(n) < 0.6, False)
    paid = fee & ~pending & (rng.random(n) < np.where(channel == "online", 0.8, 0.2))
    rated = ~pending & (rng.random(n) < 0.4)
    rating = np.where(rated, rng.choice(np.array(["satisfied", "neutral", "dissatisfied"]), size=n, p=[0.8, 0.12, 0.08]), "")

    order = np.argsort(received, kind="stable")
    numbers = pa.array(np.arange(1, n + 1))
    ids = pc.binary_join_element_wise(id_prefix + "-", pc.utf8_lpad(pc.cast(numbers, pa.string()), 8, "0"), "")
    agencies = np.array([line.agency for line in lines])[which]
    procedures = np.array([line.procedure for line in lines])[which]
    return pa.table({
        "dossier_id": ids,
        "agency": pa.array(agencies[order]).dictionary_encode(),
        "procedure": pa.array(procedures[order]).dictionary_encode(),
        "channel": pa.array(channel[order]).dictionary_encode(),
        "received_at": pa.array(received[order].astype("datetime64[s]"), pa.timestamp("s")),
        "due_at": pa.array(due[order].astype("datetime64[s]"), pa.timestamp("s")),
        "finished_at": pa.array(np.where(pending, np.datetime64("NaT"), finished)[order].astype("datetime64[s]"),
                                pa.timestamp("s")),
        "outcome": pa.array(np.where(pending, "", outcome)[order]).dictionary_encode(),
        "supplement_requests": pa.array(requests[order].astype(np.int8)),
        "supplement_days": pa.array(waited[order].astype(np.int8)),
        "apology": pa.array(apology[order]),
        "paid_online": pa.array(paid[order]),
        "rating": pa.array(rating[order]).dictionary_encode(),
    })
