"""National scale (``python -m benchmarks --dossiers N[,N…] --dask``): the dossier aggregation on a LocalCluster.

For each N: a partitioned Parquet dataset of N synthetic dossiers (``year=2025/month=MM/part-K.parquet``,
row groups of 250,000) for a 2,000-procedure synthetic portal, written to the work folder (never committed);
then, each in its own child process, ``portal aggregate`` on a LocalCluster of ``--workers`` processes (wall,
each worker's peak memory and CPU time) and the single-process path on the same data (wall, CPU, peak
memory), up to ``--single-up-to`` dossiers. Growth per dossier and an estimate for 150 million dossiers a year follow from the
measured throughput.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from .dossier_dataset import write_dossier_dataset
from .measure import run_child
from .synthetic import generate_portal

NATIONAL_YEAR = 150_000_000


def measure_national(sizes: list[int], workers: int, work: Path, single_up_to: int | None = None,
                     procedures: int = 2000) -> list[dict]:
    """``single_up_to``: the largest N also measured in one process (None: every N; 0: none)."""
    root = work / "national-portal"
    if not (root / "procedures").is_dir():
        generate_portal(root, procedures, months=1, communes=100)
    results = []
    for n in sizes:
        dataset = work / f"national-dossiers-{n}"
        if not dataset.is_dir():
            summary = write_dossier_dataset(dataset, root, n)
            print(f"[dossiers={n:,}] dataset: {summary.files} files, {summary.bytes / 1e6:.0f} MB", file=sys.stderr)
        size = sum(p.stat().st_size for p in dataset.rglob("*.parquet"))
        out = work / f"aggregates-{n}"
        dask = run_child("dask", str(root), str(dataset), str(out), str(workers), str(work / f"dask-{n}.json"),
                         module="benchmarks.dask_measure")
        result = {"n": n, "workers": workers, "dataset_bytes": size, "load_before": round(os.getloadavg()[0], 1),
                  "dask": {"wall": round(dask.wall, 2), "client_cpu": round(dask.cpu, 2), **dask.result}}
        print(f"[dossiers={n:,}] dask {dask.wall:.1f} s (load {os.getloadavg()[0]:.1f}), worker peaks {dask.result.get('worker_peak_rss_mb')} MB",
              file=sys.stderr)
        if single_up_to is None or n <= single_up_to:
            try:
                alone = run_child("single", str(root), str(dataset), str(work / f"single-{n}.json"),
                                  module="benchmarks.dask_measure")
                # the child's own peak (VmHWM) when it reported one, else wait4's ru_maxrss
                result["single"] = {"wall": round(alone.wall, 2), "cpu": round(alone.cpu, 2),
                                    "peak_rss_mb": round(alone.peak_rss_mb, 1), **alone.result}
                print(f"[dossiers={n:,}] single process {alone.wall:.1f} s, {result['single']['peak_rss_mb']:.0f} MB "
                      f"(load {os.getloadavg()[0]:.1f})", file=sys.stderr)
            except RuntimeError as exc:  # e.g. killed for lack of memory
                result["single"] = {"failed": str(exc)[-500:]}
        shutil.rmtree(out, ignore_errors=True)
        results.append(result)
    return results


def national_table(results: list[dict]) -> str:
    lines = ["| dossiers | pieces | dataset | Dask wall | check pass | aggregate pass | workers' CPU | peak per worker | "
             "µs wall per dossier | single-process wall (CPU) | single-process peak |", "|---:|" + "---:|" * 10]
    for r in results:
        d, s = r["dask"], r.get("single", {})
        single = (f"{s['wall']:.1f} s ({s['cpu']:.1f} s)", f"{s['peak_rss_mb']:,.0f} MB") if "wall" in s \
            else ("failed", "—") if s else ("—", "—")
        cpu = f"{sum(d['worker_cpu']):.1f} s" if d.get("worker_cpu") else "—"
        lines.append(
            f"| {r['n']:,} | {d.get('pieces', '—')} | {r['dataset_bytes'] / 1e6:.0f} MB | **{d['wall']:.1f} s** | "
            f"{d['passes'].get('check', 0):.1f} s | {d['passes'].get('aggregate', 0):.1f} s | {cpu} | "
            f"{max(d['worker_peak_rss_mb']):,.0f} MB | {d['wall'] / r['n'] * 1e6:.1f} | {single[0]} | {single[1]} |")
    if len(results) > 1:
        first, last = results[0], results[-1]
        growth = (last["dask"]["wall"] / last["n"]) / (first["dask"]["wall"] / first["n"])
        lines += ["", f"Time per dossier at {last['n']:,} / at {first['n']:,}: **{growth:.2f}×**"]
    lines += ["", estimate(results[-1])]
    return "\n".join(lines)


def _duration(seconds: float) -> str:
    return f"{seconds / 60:.0f} min" if seconds >= 90 else f"{seconds:.0f} s"


def estimate(last: dict) -> str:
    """150 million dossiers on N workers, from the measured wall time and from the workers' CPU time."""
    per_worker = last["n"] / last["dask"]["wall"] / last["workers"]  # dossiers per second per worker, wall
    text = (f"Throughput at {last['n']:,}: {per_worker:,.0f} dossiers per second per worker (wall, on this shared "
            f"machine). Estimate for {NATIONAL_YEAR / 1e6:.0f} million dossiers: "
            + ", ".join(f"{w} workers ≈ {_duration(NATIONAL_YEAR / per_worker / w)}" for w in (8, 32, 64)))
    if last["dask"].get("worker_cpu"):
        per_cpu = last["n"] / sum(last["dask"]["worker_cpu"])  # dossiers per CPU second of the workers
        text += (f"; from the workers' CPU time ({per_cpu:,.0f} dossiers per CPU second, i.e. on dedicated cores): "
                 + ", ".join(f"{w} workers ≈ {_duration(NATIONAL_YEAR / per_cpu / w)}" for w in (8, 32, 64)))
    return text + " (an estimate: linear scaling assumed; storage bandwidth and the scheduler were not measured beyond 2 workers)."
