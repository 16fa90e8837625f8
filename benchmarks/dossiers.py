"""``python -m benchmarks --dossiers N``: read + validate + aggregate N synthetic dossiers.

A 2,000-procedure synthetic province (``benchmarks.synthetic``), N dossiers over 12 months spread over its
agency × procedure lines (``benchmarks.synthetic_dossiers``), one Parquet file. The child process times each
step from the inside; the parent reads its peak memory (``ru_maxrss``).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq

from .measure import run_child
from .synthetic import generate_portal
from .synthetic_dossiers import Line, synthetic_dossiers

FIRST = dt.date(2025, 1, 1)


def write_export(root: Path, n: int, months: int = 12, seed: int = 2025) -> int:
    """The portal's catalogue → N dossiers in ``root/dossiers/export.parquet``; returns the number of lines."""
    from generator.load.catalogue_files import read_catalogue
    from generator.paths import PortalPaths
    from generator.validate.catalogue import validate_catalogue

    catalogue, _ = validate_catalogue(read_catalogue(PortalPaths.at(root))[0])
    lines = []
    for i, p in enumerate(catalogue.procedures):
        lines.append(Line(p.agency_id, p.code, float(p.processing_time.days), p.processing_time.unit == "calendar_days",
                          not p.is_free, weight=1.0 + (i % 7) ** 2))
    table = synthetic_dossiers(lines, n, FIRST, months, seed)
    (root / "dossiers").mkdir(exist_ok=True)
    pq.write_table(table, root / "dossiers" / "export.parquet", compression="zstd", row_group_size=256 * 1024)
    return len(lines)


def task(root: str, result: str) -> None:
    """Child: read + check, aggregate (partials, combine), finish — as ``portal build`` does."""
    from generator.dossiers.finish import finish
    from generator.dossiers.pipeline import aggregate_checked, check_context, read_checked
    from generator.dossiers.read import DossierSpec, list_dossier_sources
    from generator.dossiers.working_days import read_calendar
    from generator.load.catalogue_files import read_catalogue
    from generator.paths import PortalPaths
    from generator.validate.catalogue import validate_catalogue

    paths = PortalPaths.at(root)
    catalogue, _ = validate_catalogue(read_catalogue(paths)[0])
    calendar, _ = read_calendar(paths.root)
    times, cpu = {}, {}
    clock = [time.perf_counter(), time.process_time()]

    def lap(name: str) -> None:
        now = [time.perf_counter(), time.process_time()]
        times[name], cpu[name] = now[0] - clock[0], now[1] - clock[1]
        clock[:] = now

    frames, problems = read_checked(list_dossier_sources(DossierSpec(paths.root)), check_context(catalogue))
    lap("read+validate")
    partials, ctx = aggregate_checked(frames, catalogue, calendar)
    lap("aggregate")
    figures = finish(partials, ctx)
    lap("finish")
    Path(result).write_text(json.dumps({
        "times": times, "cpu": cpu, "dossiers": int(sum(len(f) for f in frames)), "errors": sum(p.is_error for p in problems),
        "monthly_rows": int(len(figures.rows)), "figure_rows": int(len(figures.figures)),
        "histogram_rows": int(len(partials.histogram)),
    }))


def measure_dossiers(n: int, procedures: int, work: Path) -> dict:
    root = work / f"dossiers-{n}"
    generate_portal(root, procedures, months=1, communes=20)
    shutil.rmtree(root / "statistics", ignore_errors=True)
    start = time.perf_counter()
    lines = write_export(root, n)
    print(f"[dossiers={n:,}] wrote the export ({lines:,} lines) in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    size = (root / "dossiers" / "export.parquet").stat().st_size
    run = run_child("dossiers", str(root), str(work / f"dossiers-{n}.json"))
    shutil.rmtree(root, ignore_errors=True)
    inside = run.result
    return {"n": n, "procedures": procedures, "lines": lines, "parquet_bytes": size, "wall": round(run.wall, 2),
            "cpu": round(run.cpu, 2), "peak_rss_mb": round(run.peak_rss_mb, 1), **inside}


def dossiers_table(results: list[dict]) -> str:
    lines = ["| dossiers | Parquet | read + validate | aggregate | finish | total (wall) | total (CPU) | peak memory | child wall |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        t, c = r["times"], r["cpu"]
        lines.append(f"| {r['n']:,} | {r['parquet_bytes'] / 1e6:.1f} MB | {t['read+validate']:.2f} s | {t['aggregate']:.2f} s | "
                     f"{t['finish']:.2f} s | **{sum(t.values()):.2f} s** | {sum(c.values()):.2f} s | {r['peak_rss_mb']:.0f} MB | "
                     f"{r['wall']:.1f} s |")
    return "\n".join(lines)
