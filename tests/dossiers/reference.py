"""An independent, plain-Python computation of the figures of data contract section 6.

Nothing from ``generator`` is imported: CSV files are read with the csv module, dates with ``datetime``, working
days counted one day at a time with the ``holidays`` package and the fixture's calendar swaps.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import re
import statistics
from dataclasses import dataclass

import holidays

LOCAL = dt.timezone(dt.timedelta(hours=7))
DAYS_OFF = {dt.date(2025, 5, 2)}
WORKED = {dt.date(2025, 4, 26)}
LIMITS = {"1.000100": (5, "working_days"), "1.000200": (10, "calendar_days"), "2.000300": (0.5, "working_days")}
WITH_FEE = {"1.000100"}
FIELDS = {"1.000100": "Thử nghiệm", "1.000200": "Thử nghiệm", "2.000300": "Chứng thực"}
LEVELS = {"so-thu": "province", "xa-mau": "commune"}
CHANNEL = {"online": "online", "2": "online", "direct": "direct", "1": "direct", "postal": "postal", "3": "postal"}
OUTCOME = {"resolved": "resolved", "9": "resolved", "10": "resolved", "withdrawn": "withdrawn", "7": "withdrawn",
           "refused": "refused", "3": "refused", "8": "refused"}
TRUE = {"true", "1", "2", "yes"}
VN = holidays.country_holidays("VN", years=range(2024, 2027))


def parse(text: str) -> dt.datetime | None:
    text = text.strip()
    if not text:
        return None
    if re.fullmatch(r"\d{14}", text):
        return dt.datetime.strptime(text, "%Y%m%d%H%M%S")
    value = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    if value.tzinfo is not None:
        value = value.astimezone(LOCAL).replace(tzinfo=None)
    return value


def working(day: dt.date) -> bool:
    worked = day in WORKED or day in VN.weekend_workdays
    return worked or (day.weekday() < 5 and day not in VN and day not in DAYS_OFF)


def working_after_until(start: dt.date, end: dt.date) -> int:
    count, day = 0, start + dt.timedelta(days=1)
    while day <= end:
        count += working(day)
        day += dt.timedelta(days=1)
    return count


@dataclass
class Dossier:
    agency: str
    procedure: str
    channel: str
    received: dt.datetime
    due: dt.datetime
    finished: dt.datetime | None
    outcome: str | None
    requests: int
    supplement_days: int
    apology: bool
    paid_online: bool
    rating: str

    @property
    def always_late(self) -> bool:
        return self.requests > 1

    def processing_days(self) -> int:
        return max(working_after_until(self.received.date(), self.finished.date()) - self.supplement_days, 0)

    def over_limit(self) -> bool:
        days, unit = LIMITS[self.procedure]
        if unit == "calendar_days":
            spent = (self.finished.date() - self.received.date()).days - self.supplement_days
        else:
            spent = self.processing_days()
        return spent > days

    def kind(self) -> str:
        if self.finished > self.due or self.always_late:
            return "late"
        return "early" if self.finished.date() < self.due.date() else "on_time"


def read(paths) -> list[Dossier]:
    found = []
    for path in paths:
        with open(path, newline="", encoding="utf-8-sig") as stream:
            for row in csv.DictReader(stream):
                finished = parse(row.get("finished_at", ""))
                found.append(Dossier(
                    row["agency"], row["procedure"], CHANNEL[row["channel"].strip().lower()], parse(row["received_at"]),
                    parse(row["due_at"]), finished, OUTCOME[row["outcome"].strip().lower()] if finished else None,
                    int(row.get("supplement_requests") or 0), int(row.get("supplement_days") or 0),
                    row.get("apology", "").strip().lower() in TRUE, row.get("paid_online", "").strip().lower() in TRUE,
                    row.get("rating", "").strip().lower()))
    return found


def month_of(value: dt.datetime) -> int:
    return value.year * 12 + value.month - 1


def month_start(month: int) -> dt.datetime:
    return dt.datetime(month // 12, month % 12 + 1, 1)


def as_of(dossiers) -> dt.datetime:
    return max(max(d.received for d in dossiers), max(d.finished for d in dossiers if d.finished))


def _pending_at(d: Dossier, month: int, now: dt.datetime) -> tuple[bool, bool]:
    """(pending at the end of month, overdue then)."""
    end = now if month == month_of(now) else month_start(month + 1)
    if month == month_of(now):
        pending = d.received <= end and (d.finished is None or d.finished > end)
    else:
        pending = d.received < end and (d.finished is None or d.finished >= end)
    return pending, pending and (d.due < end or d.always_late)


def monthly_rows(dossiers) -> dict[tuple[str, str, str], dict]:
    now = as_of(dossiers)
    rows = {}
    for pair in sorted({(d.agency, d.procedure) for d in dossiers}):
        mine = [d for d in dossiers if (d.agency, d.procedure) == pair]
        for month in range(min(month_of(d.received) for d in mine), month_of(now) + 1):
            start = month_start(month)
            row = dict.fromkeys(("carried_over", "received_online", "received_direct", "received_postal",
                                 "resolved_early", "resolved_on_time", "resolved_late", "pending_on_time",
                                 "pending_overdue", "withdrawn"), 0)
            days = []
            for d in mine:
                if d.received < start and not (d.finished is not None and d.finished < start):
                    row["carried_over"] += 1
                if month_of(d.received) == month:
                    row["received_" + d.channel] += 1
                if d.finished is not None and month_of(d.finished) == month:
                    if d.outcome == "resolved":
                        row["resolved_" + d.kind()] += 1
                        days.append(d.processing_days())
                    else:
                        row["withdrawn"] += 1
                pending, overdue = _pending_at(d, month, now)
                if pending:
                    row["pending_overdue" if overdue else "pending_on_time"] += 1
            if any(row.values()):
                row["avg_processing_days"] = round(sum(days) / len(days), 1) if days else None
                rows[(f"{month // 12:04d}-{month % 12 + 1:02d}", *pair)] = row
    return rows


def key_of(d: Dossier, dimension: str) -> str:
    return {"province": "all", "agency": d.agency, "procedure": d.procedure, "field": FIELDS[d.procedure],
            "level": LEVELS[d.agency], "agency_procedure": f"{d.agency}/{d.procedure}"}[dimension]


def span_figures(dossiers, first: int, last: int, dimension: str, min_quantile=20, min_share=10) -> dict[str, dict]:
    now = as_of(dossiers)
    out = {}
    for key in sorted({key_of(d, dimension) for d in dossiers}):
        mine = [d for d in dossiers if key_of(d, dimension) == key]
        resolved = [d for d in mine if d.outcome == "resolved" and first <= month_of(d.finished) <= last]
        times = sorted(d.processing_days() for d in resolved)
        late = [d for d in resolved if d.kind() == "late"]
        overdue_end = [d for d in mine if _pending_at(d, last, now)[1]]
        apology_base = late + overdue_end
        fee = [d for d in resolved if d.procedure in WITH_FEE]
        rated = [d for d in resolved if d.rating]
        n = len(times)
        figures = {
            "resolved": n,
            "median_days": float(statistics.median(times)) if n >= min_quantile else None,
            "p90_days": float(times[math.ceil(0.9 * n) - 1]) if n >= min_quantile else None,
            "over_limit_rate": sum(d.over_limit() for d in resolved) / n if n >= min_share else None,
            "apology_rate": sum(d.apology for d in apology_base) / len(apology_base) if len(apology_base) >= min_share else None,
            "paid_online_rate": sum(d.paid_online for d in fee) / len(fee) if len(fee) >= min_share else None,
            "satisfaction": (1 - (len(late) / n + sum(d.rating == "dissatisfied" for d in rated) / len(rated)))
            if n >= min_share and len(rated) >= min_share else None,
        }
        if n or apology_base or mine:
            out[key] = figures
    return out


def overdue_now(dossiers) -> dict[tuple[str, str], dict]:
    now = as_of(dossiers)
    out = {}
    for d in dossiers:
        if d.finished is None and (d.due < now or d.always_late):
            past = working_after_until(d.due.date(), now.date())
            entry = out.setdefault((d.agency, d.procedure), {"overdue": 0, "days_0_5": 0, "days_6_20": 0, "days_over_20": 0})
            entry["overdue"] += 1
            entry["days_0_5" if past <= 5 else "days_6_20" if past <= 20 else "days_over_20"] += 1
    return out
