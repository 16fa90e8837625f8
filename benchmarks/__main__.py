"""``python -m benchmarks``: build synthetic portals of several sizes and measure the generator.

For each size N it generates a portal (N procedures, 130 agencies, K months of
statistics with commune rows), then measures in child processes:

1. the full ``portal build`` — wall, CPU, peak memory, time per stage;
2. a bare ``mkdocs build`` of the same staged Markdown and config;
3. the floor: python-markdown + Jinja2 over the same Markdown, trivial template;

and reports output size, the largest page, the search payload (raw and gzip)
and procedure page sizes, with the ratios build/mkdocs and mkdocs/floor.
Optional: the statistics alone (``--only-stats``) and the preview latency of
``portal serve`` (``--preview N``).

Results go to ``<out>/results.json`` and are printed as a Markdown table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

from .measure import ChildRun, procedure_page_dirs, run_child, site_stats
from .synthetic import generate_portal


def _sizes(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part.strip()]


def machine() -> dict[str, str]:
    info = {"python": platform.python_version(), "platform": platform.platform()}
    try:
        lscpu = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
        for line in lscpu.splitlines():
            key, _, value = line.partition(":")
            if key.strip() in ("Model name", "CPU(s)"):
                info[key.strip()] = value.strip()
    except OSError:
        pass
    try:
        with open("/proc/meminfo") as meminfo:
            info["memory"] = f"{int(meminfo.readline().split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    for package in ("mkdocs", "mkdocs-material", "markdown", "jinja2", "pandas", "pyarrow", "pydantic", "pyyaml"):
        try:
            info[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            pass
    return info


def measure_size(n: int, months: int, communes: int, work: Path, floor: bool = True, bare: bool = True) -> dict:
    root = work / f"portal-{n}"
    summary = generate_portal(root, n, months=months, communes=communes)
    print(f"[N={n}] generated {summary.procedures} procedures, {summary.agencies} agencies, "
          f"{summary.statistics_rows:,} statistics rows", file=sys.stderr)
    out = work / f"site-{n}"
    build = run_child("build", str(root), str(out), str(work / f"build-{n}.json"))
    staged = root / ".portal-cache"
    result: dict = {
        "n": n, "months": months, "communes": communes, "agencies": summary.agencies,
        "statistics_rows": summary.statistics_rows,
        "build": _run(build), "stages": build.result.get("stages", {}), "pages": build.result.get("pages"),
        "site": site_stats(out, procedure_page_dirs(staged / "docs")),
    }
    print(f"[N={n}] portal build {build.wall:.1f} s", file=sys.stderr)
    if bare:
        bare_out = work / f"bare-{n}"
        run = run_child("mkdocs", str(staged / "mkdocs.yml"), str(bare_out), str(work / f"mkdocs-{n}.json"))
        result["mkdocs"] = _run(run)
        bare_site = site_stats(bare_out)
        result["mkdocs_site"] = {k: bare_site[k] for k in ("output_bytes", "search_index_bytes", "search_index_gzip")}
        shutil.rmtree(bare_out, ignore_errors=True)
        print(f"[N={n}] bare mkdocs build {run.wall:.1f} s", file=sys.stderr)
    if floor:
        floor_out = work / f"floor-{n}"
        run = run_child("floor", str(staged / "docs"), str(floor_out), str(work / f"floor-{n}.json"))
        result["floor"] = _run(run)
        shutil.rmtree(floor_out, ignore_errors=True)
        print(f"[N={n}] floor {run.wall:.1f} s", file=sys.stderr)
    shutil.rmtree(out, ignore_errors=True)
    return result


def _run(run: ChildRun) -> dict:
    return {"wall": round(run.wall, 2), "cpu": round(run.cpu, 2), "peak_rss_mb": round(run.peak_rss_mb, 1), **run.result}


def measure_stats(n: int, months: int, communes: int, work: Path) -> dict:
    root = work / f"portal-{n}"
    summary = generate_portal(root, n, months=months, communes=communes)
    run = run_child("stats", str(root), str(work / f"stats-{n}.json"))
    return {"n": n, "months": months, "communes": communes, "rows": summary.statistics_rows, **_run(run)}


# --- report -------------------------------------------------------------------------------------

def _mb(size: int) -> str:
    return f"{size / 1e6:.1f} MB" if size >= 1e6 else f"{size / 1e3:.0f} KB"


def table(results: list[dict]) -> str:
    sizes = [r["n"] for r in results]
    rows: list[tuple[str, list[str]]] = []

    def add(label, fn):
        values = []
        for r in results:
            try:
                values.append(fn(r))
            except (KeyError, TypeError, ZeroDivisionError):
                values.append("—")
        rows.append((label, values))

    add("statistics rows", lambda r: f"{r['statistics_rows']:,}")
    add("pages built", lambda r: f"{r['pages']:,}")
    add("**portal build: wall**", lambda r: f"**{r['build']['wall']:.1f} s**")
    add("portal build: CPU", lambda r: f"{r['build']['cpu']:.1f} s")
    add("portal build: peak memory", lambda r: f"{r['build']['peak_rss_mb']:.0f} MB")
    add("wall per procedure", lambda r: f"{r['build']['wall'] / r['n'] * 1000:.1f} ms")
    for stage, label in (("load", "load (YAML, content)"), ("validate", "validate (catalogue)"),
                         ("statistics_load", "statistics: load CSV"), ("statistics_validate", "statistics: validate"),
                         ("statistics_aggregate", "statistics: aggregate"), ("render", "render pages (Jinja2)"),
                         ("stage", "stage (write changed files)"), ("mkdocs", "MkDocs build"),
                         ("search_index", "search index")):
        add(f"&nbsp;&nbsp;{label}", lambda r, s=stage: f"{r['stages'][s]:.2f} s")
    add("&nbsp;&nbsp;post-build (link check, sitemap)", lambda r: f"{r['build']['timings']['post-build']:.2f} s")
    add("bare `mkdocs build` (same pages)", lambda r: f"{r['mkdocs']['wall']:.1f} s")
    add("floor: python-markdown + Jinja2", lambda r: f"{r['floor']['wall']:.1f} s")
    add("**ratio portal build / bare mkdocs**", lambda r: f"**{r['build']['wall'] / r['mkdocs']['wall']:.2f}×**")
    add("ratio bare mkdocs / floor", lambda r: f"{r['mkdocs']['wall'] / r['floor']['wall']:.1f}×")
    add("output size", lambda r: f"{_mb(r['site']['output_bytes'])} ({r['site']['output_files']:,} files)")
    add("output by folder (largest 5)", lambda r: ", ".join(f"`{k}` {_mb(v)}" for k, v in list(r['site']['output_by_folder'].items())[:5]))
    add("largest page", lambda r: f"{_mb(r['site']['largest_page_bytes'])} `{r['site']['largest_page']}`")
    add("search index (raw / gzip)", lambda r: f"{_mb(r['site']['search_index_bytes'])} / {_mb(r['site']['search_index_gzip'])}")
    add("first search download, gzip (index + portal-search.js)", lambda r: _mb(r['site']['search_first_gzip']))
    add("procedure page HTML (median / max)", lambda r: f"{_mb(r['site']['procedure_page_median'])} / {_mb(r['site']['procedure_page_max'])}")
    lines = ["| N procedures | " + " | ".join(f"{n:,}" for n in sizes) + " |", "|---|" + "---:|" * len(sizes)]
    lines += [f"| {label} | " + " | ".join(values) + " |" for label, values in rows]
    if len(results) > 1:
        first, last = results[0], results[-1]
        growth = (last["build"]["wall"] / last["n"]) / (first["build"]["wall"] / first["n"])
        lines.append("")
        lines.append(f"Time per procedure at N={last['n']:,} / at N={first['n']:,}: **{growth:.2f}×**")
    return "\n".join(lines)


def stats_table(results: list[dict]) -> str:
    lines = ["| rows | load CSV | validate | aggregate | total | peak memory | child wall |", "|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        t = r["times"]
        lines.append(f"| {r['rows']:,} | {t['load']:.2f} s | {t['validate']:.2f} s | {t['aggregate']:.2f} s | "
                     f"**{sum(t.values()):.2f} s** | {r['peak_rss_mb']:.0f} MB | {r['wall']:.1f} s |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="500,2000,6000", help="procedure counts, comma-separated (default 500,2000,6000)")
    parser.add_argument("--months", type=int, default=36, help="months of statistics (default 36)")
    parser.add_argument("--communes", type=int, default=100, help="communes reporting statistics (default 100)")
    parser.add_argument("--out", type=Path, default=Path("benchmarks/work"), help="work folder (default benchmarks/work)")
    parser.add_argument("--only-stats", action="store_true", help="only load + validate + aggregate the statistics")
    parser.add_argument("--no-floor", action="store_true", help="skip the python-markdown + Jinja2 floor")
    parser.add_argument("--no-bare", action="store_true", help="skip the bare mkdocs build")
    parser.add_argument("--preview", type=int, default=0, metavar="N",
                        help="also measure portal serve edit→visible latency on the N-procedure portal")
    parser.add_argument("--keep", action="store_true", help="keep the generated portals")
    parser.add_argument("--dossiers", default="", metavar="N[,N…]",
                        help="only read + validate + aggregate N synthetic dossiers (2,000 procedures, 12 months)")
    parser.add_argument("--dask", action="store_true",
                        help="with --dossiers: portal aggregate on a LocalCluster instead (national scale)")
    parser.add_argument("--workers", type=int, default=2, help="with --dask: LocalCluster worker processes (default 2)")
    parser.add_argument("--single-up-to", type=int, metavar="N",
                        help="with --dask: compare with the single-process path only up to N dossiers (0: never)")
    args = parser.parse_args(argv)
    work = args.out.resolve()
    work.mkdir(parents=True, exist_ok=True)
    report: dict = {"date": dt.datetime.now().isoformat(timespec="seconds"), "machine": machine(),
                    "command": "python -m benchmarks " + " ".join(argv if argv is not None else sys.argv[1:])}

    if args.dossiers and args.dask:
        from .national import measure_national, national_table

        report["national"] = measure_national(_sizes(args.dossiers), args.workers, work, args.single_up_to)
        (work / "results.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
        print(national_table(report["national"]))
        return 0
    if args.dossiers:
        from .dossiers import dossiers_table, measure_dossiers

        report["dossiers"] = [measure_dossiers(n, 2000, work) for n in _sizes(args.dossiers)]
        print(dossiers_table(report["dossiers"]))
        (work / "results.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
        return 0
    if args.only_stats:
        report["statistics"] = [measure_stats(n, args.months, args.communes, work) for n in _sizes(args.sizes)]
        print(stats_table(report["statistics"]))
    else:
        report["sizes"] = []
        for n in _sizes(args.sizes):
            report["sizes"].append(measure_size(n, args.months, args.communes, work, not args.no_floor, not args.no_bare))
            (work / "results.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
        print(table(report["sizes"]))
    if args.preview:
        from .preview import measure_preview

        root = work / f"portal-{args.preview}"
        if not (root / "procedures").is_dir():
            generate_portal(root, args.preview, months=args.months, communes=args.communes)
        report["preview"] = measure_preview(root)
        print(f"\nPreview (portal serve, N={args.preview}): " + json.dumps(report["preview"], ensure_ascii=False))
    (work / "results.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
    if not args.keep:
        for n in set(_sizes(args.sizes)) | ({args.preview} if args.preview else set()):
            shutil.rmtree(work / f"portal-{n}", ignore_errors=True)
    print(f"\nResults: {work / 'results.json'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
