"""Child tasks of the national-scale benchmark (``python -m benchmarks --dossiers N --dask``).

* ``dask ROOT DATASET OUT WORKERS RESULT`` — ``portal aggregate`` on a LocalCluster of WORKERS processes;
  the result file holds each worker's peak memory (``ru_maxrss`` read inside the worker at the end) and
  the time of each pass;
* ``single ROOT DATASET RESULT`` — the single-process path of ``portal build --dossiers`` on the same data
  (read, check, aggregate, finish), for comparison; the parent measures its peak memory.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path


def _peak_rss_mb() -> float:
    """This process's own peak RSS: ``VmHWM`` (reset by exec, unlike ``ru_maxrss``, which keeps the high-water
    mark of the parent image the child was forked from)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run_dask(root: str, dataset: str, out: str, workers: str, result: str) -> None:
    from generator.commands import aggregate as command
    from generator.scale import cluster, run

    peaks: dict[str, float] = {}
    cpu: dict[str, float] = {}  # CPU seconds of each worker process (a fairer measure than wall on a shared machine)
    times: dict[str, float] = {}
    first_pass, second_pass = run.first_pass, run.second_pass

    def timed(name, function):
        def wrapper(client, *args, **kwargs):
            start = time.perf_counter()
            value = function(client, *args, **kwargs)
            times[name] = round(time.perf_counter() - start, 2)
            peaks.update({address: round(mb, 1) for address, mb in client.run(_peak_rss_mb).items()})
            cpu.update({address: round(s, 1) for address, s in client.run(_cpu_seconds).items()})
            return value
        return wrapper

    run.first_pass, run.second_pass = timed("check", first_pass), timed("aggregate", second_pass)
    start = time.perf_counter()
    report = command.aggregate(root, dataset, workers=int(workers), out=out, say=lambda text: print(text, file=sys.stderr),
                               dashboard_address=":0")
    wall = time.perf_counter() - start
    Path(result).write_text(json.dumps({
        "inside_wall": round(wall, 2), "passes": times, "dossiers": report.dossiers, "pieces": report.pieces,
        "worker_peak_rss_mb": sorted(peaks.values()), "worker_cpu": sorted(cpu.values()), "client_peak_rss_mb": round(_peak_rss_mb(), 1),
        "cores": cluster.default_workers(),
    }))


def run_single(root: str, dataset: str, result: str) -> None:
    """What ``portal build --dossiers DATASET`` does with the records: read, check, aggregate, finish (one process)."""
    from generator.dossiers.pipeline import dossier_figures
    from generator.dossiers.read import DossierSpec
    from generator.dossiers.working_days import read_calendar
    from generator.paths import PortalPaths
    from generator.scale.wiring import dossier_settings, read_catalogue

    start = time.perf_counter()
    paths = PortalPaths.at(root)
    settings, catalogue, _warnings = read_catalogue(paths)
    calendar, _problems = read_calendar(paths.root)
    figures, problems = dossier_figures(DossierSpec(paths.root, dataset), catalogue, calendar, dossier_settings(settings))
    if figures is None:
        raise SystemExit(f"no figures: {problems[:3]}")
    Path(result).write_text(json.dumps({"inside_wall": round(time.perf_counter() - start, 2),
                                        "as_of": figures.as_of.isoformat(), "peak_rss_mb": round(_peak_rss_mb(), 1)}))


if __name__ == "__main__":
    task, *arguments = sys.argv[1:]
    {"dask": run_dask, "single": run_single}[task](*arguments)
