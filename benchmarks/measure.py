"""Measurements, each in a child process so that CPU time and peak memory belong to it alone.

The parent runs ``python -m benchmarks.measure <task> …`` and reads the
child's resource usage with :func:`os.wait4` (``ru_maxrss`` of that child
only); the child writes what it measured from the inside (stage timings) to a
JSON file.

Tasks:

* ``build ROOT OUT RESULT`` — the full ``portal build``; every stage timed by
  wrapping the pipeline's functions (the build itself is unchanged);
* ``mkdocs CONFIG OUT RESULT`` — a bare ``mkdocs build`` of the staged
  Markdown and config (the same pages, the same theme and plugins);
* ``floor DOCS OUT RESULT`` — python-markdown + Jinja2 over the same staged
  Markdown with a trivial template: what rendering these pages costs at least;
* ``stats ROOT RESULT`` — the statistics alone: load, validate, aggregate.
"""

from __future__ import annotations

import dataclasses
import gzip
import json
import os
import statistics as pystats
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
REPO = Path(__file__).resolve().parent.parent


@dataclass
class ChildRun:
    wall: float  # seconds
    cpu: float  # user + system seconds of the child
    peak_rss_mb: float
    result: dict[str, Any] = field(default_factory=dict)


def run_child(task: str, *args: str, timeout: float = 3600, module: str = "benchmarks.measure") -> ChildRun:
    """``python -m <module> task args…`` with its own CPU and peak memory."""
    result_file = Path(args[-1])
    result_file.unlink(missing_ok=True)
    env = {**os.environ, "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", module, task, *args], cwd=REPO, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    deadline = start + timeout
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            process.kill()
            raise TimeoutError(f"{task} took more than {timeout} s")
        time.sleep(0.02)
    wall = time.perf_counter() - start
    output = process.stdout.read().decode("utf-8", "replace") if process.stdout else ""
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"benchmark task {task} failed ({process.returncode}):\n{output[-4000:]}")
    result = json.loads(result_file.read_text()) if result_file.exists() else {}
    return ChildRun(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, result)


# --- output statistics -------------------------------------------------------------------------

def _gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))  # what a web server typically sends


def site_stats(site: Path, procedure_dirs: list[str] | None = None) -> dict[str, Any]:
    """Size, file count, largest page, search payload and procedure page sizes of a built site."""
    total, files, largest = 0, 0, ("", 0)
    by_folder: dict[str, int] = {}
    for path in site.rglob("*"):
        if path.is_file():
            size = path.stat().st_size
            total += size
            files += 1
            top = path.relative_to(site).parts[0] if len(path.relative_to(site).parts) > 1 else "."
            by_folder[top] = by_folder.get(top, 0) + size
            if path.suffix == ".html" and size > largest[1]:
                largest = (path.relative_to(site).as_posix(), size)
    # the site's own index and script (generator/render/search_index.py); Material's, in a site built without them
    own = site / "tim-kiem" / "chi-muc.json"
    index = own if own.exists() else site / "search" / "search_index.json"
    index_bytes = index.read_bytes() if index.exists() else b""
    if own.exists():
        scripts = [site / "assets" / "javascripts" / "portal-search.js"]
    else:
        worker_files = sorted((site / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
        lunr = site / "assets" / "javascripts" / "lunr" / "min"
        lang = _search_lang(index_bytes)
        scripts = worker_files + [lunr / "lunr.stemmer.support.min.js"] + [lunr / f"lunr.{code}.min.js" for code in lang if code != "en"]
    script_bytes = b"".join(p.read_bytes() for p in scripts if p.exists())
    procedure_sizes = []
    for name in procedure_dirs or []:
        page = site / name / "index.html"
        if page.exists():
            procedure_sizes.append(page.stat().st_size)
    return {
        "output_bytes": total,
        "output_files": files,
        "output_by_folder": dict(sorted(by_folder.items(), key=lambda item: -item[1])),  # like du, top folders
        "largest_page": largest[0],
        "largest_page_bytes": largest[1],
        "search_index_bytes": len(index_bytes),
        "search_index_gzip": _gzip_size(index_bytes),
        "search_first_gzip": _gzip_size(index_bytes) + _gzip_size(script_bytes),  # index + its script(s)
        "search_first_bytes": len(index_bytes) + len(script_bytes),
        "procedure_page_median": int(pystats.median(procedure_sizes)) if procedure_sizes else 0,
        "procedure_page_max": max(procedure_sizes, default=0),
    }


def _search_lang(index_bytes: bytes) -> list[str]:
    try:
        lang = json.loads(index_bytes)["config"]["lang"]
    except (ValueError, KeyError, TypeError):
        return []
    return lang if isinstance(lang, list) else [lang]


def procedure_page_dirs(staged_docs: Path) -> list[str]:
    """Site folders of the procedure pages (``thu-tuc/<code>-<name>/``) staged for MkDocs."""
    from generator import urls

    return sorted(f"{urls.PROCEDURES}/{p.stem}" for p in (staged_docs / urls.PROCEDURES).glob("*.md")
                  if p.stem not in ("index", "truc-tuyen-toan-trinh", "buu-chinh-cong-ich"))


# --- child tasks -------------------------------------------------------------------------------

class _Timed:
    """Wraps functions in their modules' namespaces and adds up the seconds spent in each stage."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._active = 0

    def wrap(self, module: Any, name: str, stage: str) -> None:
        setattr(module, name, self.timed(getattr(module, name), stage))

    def timed(self, original: Callable, stage: str) -> Callable:
        def timed(*args, **kwargs):
            if self._active:  # nested: counted by the outer stage
                return original(*args, **kwargs)
            self._active += 1
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self._active -= 1
                self.seconds[stage] = self.seconds.get(stage, 0.0) + time.perf_counter() - start

        return timed


def _task_build(root: str, out: str, result: str) -> None:
    from generator import portal as portal_module
    from generator import pipeline as pipeline_module
    from generator.commands import build as build_module

    timed = _Timed()
    timed.wrap(portal_module, "read_catalogue", "load")
    timed.wrap(portal_module, "read_content", "load")
    timed.wrap(portal_module, "read_statistics_files", "statistics_load")
    timed.wrap(portal_module, "validate_catalogue", "validate")
    plain = pipeline_module.BUILD_STAGES  # the statistics rules are a stage function (pipeline.Stages)
    pipeline_module.BUILD_STAGES = dataclasses.replace(plain, load=dataclasses.replace(
        plain.load, validate_statistics=timed.timed(plain.load.validate_statistics, "statistics_validate")))
    timed.wrap(pipeline_module, "portal_figures", "statistics_aggregate")
    if hasattr(build_module, "write_search_index"):
        timed.wrap(build_module, "write_search_index", "search_index")
    timed.wrap(build_module, "run_mkdocs", "mkdocs")
    report = build_module.build(root, out)
    stages = dict(timed.seconds)
    stages["render"] = report.timings.get("render", 0.0)
    stages["stage"] = report.timings.get("stage", 0.0)
    Path(result).write_text(json.dumps({
        "timings": report.timings, "stages": stages, "pages": report.pages, "procedures": report.procedures,
        "warnings": len(report.warnings), "mkdocs_warnings": len(report.mkdocs_warnings),
    }))


def _task_mkdocs(config: str, out: str, result: str) -> None:
    import logging

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    start = time.perf_counter()
    build(load_config(config_file=config, site_dir=out))
    Path(result).write_text(json.dumps({"seconds": time.perf_counter() - start}))


def _task_floor(docs: str, out: str, result: str) -> None:
    """python-markdown (the same extensions as the portal) + a trivial Jinja2 page, for every staged page."""
    import jinja2
    import markdown

    start = time.perf_counter()
    template = jinja2.Environment(autoescape=False).from_string(
        "<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>{{ title }}</title></head>"
        "<body><main>{{ body }}</main></body></html>")
    md = markdown.Markdown(extensions=["admonition", "attr_list", "md_in_html", "tables", "toc", "meta"])
    base, target = Path(docs), Path(out)
    pages = 0
    for source in sorted(base.rglob("*.md")):
        md.reset()
        body = md.convert(source.read_text(encoding="utf-8"))
        title = (getattr(md, "Meta", {}).get("title") or [source.stem])[0]
        dest = target / source.relative_to(base).with_suffix("") / "index.html"
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(template.render(title=title, body=body), encoding="utf-8")
        pages += 1
    Path(result).write_text(json.dumps({"seconds": time.perf_counter() - start, "pages": pages}))


def _task_stats(root: str, result: str) -> None:
    from generator.figures.published import publish_statistics
    from generator.load.catalogue_files import read_catalogue
    from generator.load.statistics_files import read_statistics_files
    from generator.paths import PortalPaths
    from generator.validate.catalogue import validate_catalogue
    from generator.validate.statistics_rules import validate_statistics

    paths = PortalPaths.at(root)
    raw, _ = read_catalogue(paths)
    catalogue, _ = validate_catalogue(raw)
    agency_ids = {parsed.agency_id for parsed in raw.agencies}
    codes = {str(parsed.data["code"]) for parsed in raw.procedures}
    times: dict[str, float] = {}
    start = time.perf_counter()
    tables, problems = read_statistics_files(paths)
    times["load"] = time.perf_counter() - start
    start = time.perf_counter()
    rows, problems = validate_statistics(tables, agency_ids, codes)
    times["validate"] = time.perf_counter() - start
    start = time.perf_counter()
    published = publish_statistics(rows.rows, catalogue, rows.warnings_by_month, rows.files)
    times["aggregate"] = time.perf_counter() - start
    Path(result).write_text(json.dumps({
        "times": times, "rows": int(len(rows.rows)), "problems": len(problems),
        "figures": int(len(published.table)) if published else 0,
    }))


def _task_dossiers(root: str, result: str) -> None:
    from .dossiers import task

    task(root, result)


TASKS = {"build": _task_build, "mkdocs": _task_mkdocs, "floor": _task_floor, "stats": _task_stats,
         "dossiers": _task_dossiers}


def main(argv: list[str]) -> None:
    TASKS[argv[0]](*argv[1:])


if __name__ == "__main__":
    main(sys.argv[1:])


__all__ = ["ChildRun", "run_child", "site_stats", "procedure_page_dirs", "asdict"]
