"""A seeded bulk export for the reference tests: the same dossiers as CSV (for the reference) and Parquet."""

from __future__ import annotations

import shutil

import csv
import datetime as dt
import random
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

HEADER = ["dossier_id", "agency", "procedure", "channel", "received_at", "due_at", "finished_at", "outcome",
          "supplement_requests", "supplement_days", "apology", "paid_online", "rating", "address"]
FORMATS = ("%Y-%m-%dT%H:%M:%S+07:00", "%Y-%m-%d %H:%M", "%Y%m%d%H%M%S")
LAST = dt.datetime(2025, 6, 20, 12, 0)


def dossiers(seed: int = 11) -> list[dict]:
    rng = random.Random(seed)
    plan = [("so-thu", "1.000100", 420), ("so-thu", "1.000200", 180), ("xa-mau", "2.000300", 9)]
    found, number = [], 0
    for agency, procedure, count in plan:
        for _ in range(count):
            number += 1
            received = dt.datetime(2025, 3, 1, 7) + dt.timedelta(minutes=rng.randrange(0, 106 * 24 * 60))
            due = (received + dt.timedelta(days=rng.randrange(3, 16))).replace(hour=17, minute=0)
            finished = received + dt.timedelta(minutes=rng.randrange(30, 25 * 24 * 60))
            pending = finished > LAST or rng.random() < 0.05
            found.append({
                "dossier_id": f"HS-BULK-{number:05d}", "agency": agency, "procedure": procedure,
                "channel": rng.choice(["online", "direct", "postal", "1", "2", "3"]),
                "received": received, "due": due, "finished": None if pending else finished,
                "outcome": "" if pending else rng.choice(["resolved"] * 8 + ["9", "10", "withdrawn", "7", "refused", "8", "3"]),
                "supplement_requests": rng.choice(["0", "0", "0", "1", "2", ""]),
                "supplement_days": rng.choice(["0", "0", "1", "3", ""]),
                "apology": rng.choice(["true", "false", ""]), "paid_online": rng.choice(["true", "false", "1", "0", "2"]),
                "rating": rng.choice(["", "", "satisfied", "neutral", "dissatisfied"]),
                "address": f"Số {number} đường Bí Mật",
            })
    return found


def write_csv(records: list[dict], path: Path) -> None:
    with open(path, "w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(HEADER)
        for i, r in enumerate(records):
            form = FORMATS[i % len(FORMATS)]
            writer.writerow([r["dossier_id"], r["agency"], r["procedure"], r["channel"], r["received"].strftime(form),
                             r["due"].strftime(form), r["finished"].strftime(form) if r["finished"] else "", r["outcome"],
                             r["supplement_requests"], r["supplement_days"], r["apology"], r["paid_online"], r["rating"],
                             r["address"]])


def write_parquet(records: list[dict], path: Path) -> None:
    """received_at as a naive (local) timestamp, due_at as an instant in UTC, the rest as text."""
    utc = dt.timezone.utc
    local = dt.timezone(dt.timedelta(hours=7))
    table = pa.table({
        "dossier_id": [r["dossier_id"] for r in records], "agency": [r["agency"] for r in records],
        "procedure": [r["procedure"] for r in records], "channel": [r["channel"] for r in records],
        "received_at": pa.array([r["received"] for r in records], pa.timestamp("s")),
        "due_at": pa.array([r["due"].replace(tzinfo=local).astimezone(utc) for r in records], pa.timestamp("s", "UTC")),
        "finished_at": [r["finished"].strftime("%Y-%m-%d %H:%M") if r["finished"] else "" for r in records],
        "outcome": [r["outcome"] for r in records],
        **{name: [r[name] for r in records] for name in ("supplement_requests", "supplement_days", "apology",
                                                          "paid_online", "rating", "address")},
    })
    pq.write_table(table, path)


FIXTURE = Path(__file__).parent / "fixtures" / "portal"


def fixture_portal(folder: Path) -> tuple[Path, Path]:
    """The fixture portal copied to ``folder/portal`` with the bulk records added as Parquet, and the same
    records written as CSV beside it (``folder/bulk.csv``) for the plain-Python reference."""
    root = folder / "portal"
    shutil.copytree(FIXTURE, root)
    records = dossiers()
    write_parquet(records, root / "dossiers" / "bulk.parquet")
    write_csv(records, folder / "bulk.csv")
    return root, folder / "bulk.csv"
