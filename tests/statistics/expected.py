"""The figures the fixture portal must publish, computed without the product.

Everything here is read from the fixture's own files with the standard library
and plain PyYAML: the statistics rows with the ``csv`` module, the grouping of
procedures into fields and of agencies into levels from ``procedures/*.yaml``
(``yaml.BaseLoader``: every scalar stays text, so ``code: 1.001540`` is the
code "1.001540"). Nothing is imported from ``generator``; the definitions are
the data contract's section 4, written out again by hand.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import yaml

from .conftest import PORTAL, fixture_rows

FLOWS = ("received_online", "received_direct", "received_postal", "resolved_early", "resolved_on_time",
         "resolved_late", "withdrawn")
RATES = ("on_time_rate", "online_rate", "postal_rate", "avg_processing_days")
LAST_12 = "12-thang-gan-nhat"


@dataclass(frozen=True)
class Catalogue:
    fields: dict[str, str]  # procedure code → field
    levels: dict[str, str]  # agency id → level
    agency_names: dict[str, str]
    procedure_names: dict[str, str]


def read_catalogue(portal: Path = PORTAL) -> Catalogue:
    fields, levels, agency_names, procedure_names = {}, {}, {}, {}
    for agency_file in sorted((portal / "procedures").glob("*/agency.yaml")):
        agency = yaml.load(agency_file.read_text("utf-8"), Loader=yaml.BaseLoader)
        levels[agency_file.parent.name] = agency["level"]
        agency_names[agency_file.parent.name] = agency["name"]
        for file in sorted(agency_file.parent.rglob("*.yaml")):
            if file.name == "agency.yaml" or file.name.startswith(("_", ".")):
                continue
            procedure = yaml.load(file.read_text("utf-8"), Loader=yaml.BaseLoader)
            fields[procedure["code"]] = procedure["field"]
            procedure_names[procedure["code"]] = procedure["name"]
    return Catalogue(fields, levels, agency_names, procedure_names)


CATALOGUE = read_catalogue()


def key_of(dimension: str, catalogue: Catalogue = CATALOGUE):
    """The key a monthly row counts under in ``dimension`` (None: the row is left out)."""
    return {
        "province": lambda r: "all",
        "level": lambda r: catalogue.levels[r["agency"]],
        "agency": lambda r: r["agency"],
        "field": lambda r: catalogue.fields[r["procedure"]] if r["procedure"] else None,
        "procedure": lambda r: r["procedure"] or None,
    }[dimension]


DIMENSIONS = ("province", "level", "field", "agency", "procedure")


def _month(period: str) -> int:
    return int(period[:4]) * 12 + int(period[5:7]) - 1


def _period(month: int) -> str:
    return f"{month // 12:04d}-{month % 12 + 1:02d}"


def data_months(rows: list[dict] | None = None) -> list[str]:
    periods = {r["period"] for r in (rows or fixture_rows())}
    first, last = _month(min(periods)), _month(max(periods))
    return [_period(m) for m in range(first, last + 1)]


def span_bounds(key: str, rows: list[dict] | None = None) -> tuple[str, str]:
    """First and last month of a span key (``2025-06``, ``2025-q2``, ``2025``, ``12-thang-gan-nhat``),
    clamped to the months the data covers."""
    months = data_months(rows)
    if key == LAST_12:
        inside = months[-12:]
    elif "-q" in key:
        year, quarter = key.split("-q")
        inside = [m for m in months if m[:4] == year and (int(m[5:]) - 1) // 3 + 1 == int(quarter)]
    elif len(key) == 4:
        inside = [m for m in months if m[:4] == key]
    else:
        inside = [key] if key in months else []
    return inside[0], inside[-1]


def empty() -> dict:
    figures = dict.fromkeys(("received", "carried_over", "received_new", "resolved", "resolved_in_time", "pending",
                             "overdue", "avg_days_resolved", *FLOWS, "pending_on_time", "pending_overdue"), 0)
    figures.update(dict.fromkeys(RATES))
    return figures


def expected_figures(first: str, last: str, dimension: str, rows: list[dict] | None = None) -> dict[str, dict]:
    """Every figure of every key of ``dimension`` over ``first..last``: flows summed, carried over taken at
    the first month, pending at the last, the mean time weighted by the resolved dossiers of the rows that
    give one."""
    group = key_of(dimension)
    sums: dict[str, dict] = defaultdict(lambda: defaultdict(float))
    for row in rows or fixture_rows():
        key = group(row)
        if key is None or not first <= row["period"] <= last:
            continue
        total = sums[key]
        for column in FLOWS:
            total[column] += int(row[column] or 0)
        if row["period"] == first:
            total["carried_over"] += int(row["carried_over"])
        if row["period"] == last:
            total["pending_on_time"] += int(row["pending_on_time"])
            total["pending_overdue"] += int(row["pending_overdue"])
        resolved = int(row["resolved_early"]) + int(row["resolved_on_time"]) + int(row["resolved_late"])
        if row["avg_processing_days"]:
            total["weight"] += resolved
            total["product"] += float(row["avg_processing_days"].replace(",", ".")) * resolved
    result = {}
    for key, s in sums.items():
        new = s["received_online"] + s["received_direct"] + s["received_postal"]
        resolved = s["resolved_early"] + s["resolved_on_time"] + s["resolved_late"]
        figures = {column: s[column] for column in FLOWS + ("pending_on_time", "pending_overdue", "carried_over")}
        figures.update({
            "received": s["carried_over"] + new,
            "received_new": new,
            "resolved": resolved,
            "resolved_in_time": s["resolved_early"] + s["resolved_on_time"],
            "pending": s["pending_on_time"] + s["pending_overdue"],
            "overdue": s["resolved_late"] + s["pending_overdue"],
            "on_time_rate": (s["resolved_early"] + s["resolved_on_time"]) / resolved if resolved else None,
            "online_rate": s["received_online"] / new if new else None,
            "postal_rate": s["received_postal"] / new if new else None,
            "avg_processing_days": s["product"] / s["weight"] if s["weight"] else None,
            "avg_days_resolved": s["weight"],
        })
        result[key] = figures
    return result


def expected_series(first: str, last: str, rows: list[dict] | None = None) -> dict[str, dict]:
    """Overdue figures per series ``agency/procedure`` (procedure "" when not itemised)."""
    result: dict[str, dict] = {}
    for row in rows or fixture_rows():
        if not first <= row["period"] <= last:
            continue
        entry = result.setdefault(f"{row['agency']}/{row['procedure']}",
                                  {"resolved_late": 0, "pending_overdue": 0, "resolved": 0})
        entry["resolved_late"] += int(row["resolved_late"])
        entry["resolved"] += int(row["resolved_early"]) + int(row["resolved_on_time"]) + int(row["resolved_late"])
        if row["period"] == last:
            entry["pending_overdue"] += int(row["pending_overdue"])
    for entry in result.values():
        entry["overdue"] = entry["resolved_late"] + entry["pending_overdue"]
    return result
