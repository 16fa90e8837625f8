"""Synthetic dossier records as a partitioned Parquet dataset (``year=YYYY/month=MM/part-K.parquet``).

For the national-scale benchmark (``python -m benchmarks --dossiers N --dask``): N dossiers over the
(agency, procedure) pairs of a synthetic portal (:func:`benchmarks.synthetic.generate_portal`), one year,
written month by month in chunks of at most ``CHUNK`` rows, so writing 10 million dossiers needs no more
memory than writing one chunk. Deterministic (seeded), realistic shape: channels 55 % online, 40 % at the
desk, 5 % by post; about 8 % resolved late, 3 % withdrawn, 2 % refused, the last weeks still pending;
supplements, apologies, online payments and ratings. Every row is valid for the portal it was made for.
Illustrative only: no real person, no real dossier.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

YEAR = 2025
CHUNK = 1_000_000
ROW_GROUP = 250_000
_CODE = re.compile(r"^code: (\S+)$", re.M)
_DAYS = re.compile(r"^  days: (\d+)$", re.M)


@dataclass(frozen=True)
class DatasetSummary:
    folder: Path
    dossiers: int
    files: int
    bytes: int


def portal_series(root: Path) -> tuple[list[str], list[str], np.ndarray]:
    """(agency ids, procedure codes, legal limits in days) of every procedure file of a synthetic portal."""
    agencies, codes, days = [], [], []
    for path in sorted((root / "procedures").glob("*/*.yaml")):
        if path.name == "agency.yaml":
            continue
        text = path.read_text(encoding="utf-8")
        code, limit = _CODE.search(text), _DAYS.search(text)
        if code and limit:
            agencies.append(path.parent.name)
            codes.append(code.group(1))
            days.append(int(limit.group(1)))
    return agencies, codes, np.array(days, dtype=np.int64)


def _datetimes(days: np.ndarray, minutes: np.ndarray) -> pa.Array:
    seconds = days.astype("datetime64[D]").astype("datetime64[s]") + minutes.astype("timedelta64[m]")
    return pa.array(seconds, type=pa.timestamp("s"))


def _chunk(rng: np.random.Generator, start: int, n: int, month: int, series: tuple, last_day: np.datetime64) -> pa.Table:
    agencies, codes, limits = series
    which = rng.integers(0, len(codes), n)
    first = np.datetime64(f"{YEAR}-{month:02d}-01")
    following = np.datetime64(f"{YEAR + month // 12}-{month % 12 + 1:02d}-01")
    received = np.busday_offset(rng.integers(0, (following - first).astype(int), n).astype("timedelta64[D]") + first,
                                0, roll="forward")
    received = np.minimum(received, last_day)
    limit = limits[which]
    due = np.busday_offset(received, limit, roll="forward")
    requests = rng.choice([0, 1, 2], n, p=[0.9, 0.08, 0.02])
    waited = np.where(requests > 0, rng.integers(1, 6, n), 0)
    late = rng.random(n) < 0.08
    spent = np.where(late, limit + rng.integers(1, 15, n), np.floor(limit * rng.random(n)).astype(np.int64))
    finished = np.busday_offset(received, spent + waited, roll="forward")
    pending = finished > last_day
    outcome = rng.choice(np.array(["resolved", "withdrawn", "refused"], dtype=object), n, p=[0.95, 0.03, 0.02])
    online = rng.random(n)
    channel = np.where(online < 0.55, "online", np.where(online < 0.95, "direct", "postal")).astype(object)
    rated = rng.random(n)
    rating = np.where(rated < 0.24, "satisfied", np.where(rated < 0.28, "neutral",
                      np.where(rated < 0.30, "dissatisfied", ""))).astype(object)
    ids = pc.binary_join_element_wise("HS", pc.utf8_lpad(pa.array(np.arange(start, start + n)).cast(pa.string()), 10, "0"), "")
    received_minutes = rng.integers(7 * 60 + 30, 17 * 60, n)
    finished_minutes = np.where(finished == received, received_minutes + rng.integers(1, 60, n),
                                rng.integers(7 * 60 + 30, 17 * 60, n))
    finished_at = _datetimes(finished, finished_minutes)
    return pa.table({
        "dossier_id": ids,
        "agency": pa.array(np.asarray(agencies, dtype=object)[which], type=pa.string()),
        "procedure": pa.array(np.asarray(codes, dtype=object)[which], type=pa.string()),
        "channel": pa.array(channel, type=pa.string()),
        "received_at": _datetimes(received, received_minutes),
        "due_at": _datetimes(due, np.full(n, 17 * 60)),
        "finished_at": pc.if_else(pa.array(pending), pa.nulls(n, pa.timestamp("s")), finished_at),
        "outcome": pa.array(np.where(pending, None, outcome), type=pa.string()),
        "supplement_requests": pa.array(requests, type=pa.int64()),
        "supplement_days": pa.array(waited, type=pa.int64()),
        "apology": pa.array(late & (rng.random(n) < 0.6)),
        "paid_online": pa.array((channel == "online") & (rng.random(n) < 0.5)),
        "rating": pa.array(np.where(pending, "", rating), type=pa.string()),
    })


def write_dossier_dataset(folder: Path, root: Path, dossiers: int, seed: int = 12, months: int = 12,
                          chunk: int = CHUNK, row_group: int = ROW_GROUP) -> DatasetSummary:
    """``dossiers`` synthetic records for the portal at ``root``, hive-partitioned by year and month."""
    series = portal_series(root)
    if not series[1]:
        raise ValueError(f"no procedure with a time limit in {root}")
    rng = np.random.default_rng(seed)
    last_day = np.busday_offset(np.datetime64(f"{YEAR}-{months:02d}-28"), 0, roll="backward")
    files, written, start = 0, 0, 0
    per_month = [dossiers // months + (1 if m < dossiers % months else 0) for m in range(months)]
    for month, count in enumerate(per_month, start=1):
        part = 0
        while count > 0:
            n = min(chunk, count)
            table = _chunk(rng, start, n, month, series, last_day)
            target = folder / f"year={YEAR}" / f"month={month:02d}" / f"part-{part}.parquet"
            target.parent.mkdir(parents=True, exist_ok=True)
            pq.write_table(table, target, row_group_size=row_group)
            written += target.stat().st_size
            files, part, start, count = files + 1, part + 1, start + n, count - n
    return DatasetSummary(folder, dossiers, files, written)

