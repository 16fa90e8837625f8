"""One MkDocs build on several cores: the pages' conversion and rendering shared among worker processes.

The parent (the build) derives the site's frame as every process does (files, navigation), cleans the site
folder and copies the static files while :mod:`.page_worker` processes convert their shares of the pages
(page ``i`` goes to worker ``i mod n``, so each gets long and short pages alike). It then hands every
worker the other pages' states (titles, front matter, tables of contents, anchors), writes the theme's
templates (``404.html``, ``sitemap.xml``) with the whole navigation, lets the workers render and write
their pages, and checks the anchors of all pages itself, as ``mkdocs build`` does. Warnings are logged
again in the parent in the order a single-process build logs them, so ``--strict`` and the problem
report are the same. The test builds the sample both ways and compares every file's bytes.

The workers are fresh interpreters, not forks (:mod:`.worker_process`).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from mkdocs import exceptions as mkdocs_errors
from mkdocs import utils as mkdocs_utils
from mkdocs.commands import build as mkdocs_build_module
from mkdocs.structure.files import InclusionLevel

from ..engines import engine_in_use
from .engine_pages import log_again, ready_to_render, site_frame, take_state
from .worker_process import WorkerEnded, WorkerProcess

MIN_PAGES_FOR_WORKERS = 400  # below this a build takes a few seconds; a worker costs ~0.4 s to start (0.1 s
# interpreter and imports, 0.3 s for the files and navigation every process derives)
MAX_WORKERS = 8


def engine_jobs(requested: int | None, pages: int) -> int:
    """How many processes build the pages: ``requested`` (``--jobs``), or else one per core the build may
    use (up to :data:`MAX_WORKERS`) when the site has :data:`MIN_PAGES_FOR_WORKERS` pages or more."""
    if requested is not None:
        return max(1, requested)
    if pages < MIN_PAGES_FOR_WORKERS:
        return 1
    return max(1, min(MAX_WORKERS, usable_cores()))


def usable_cores() -> int:
    """The cores this process may run on (its affinity on Linux, which a CI container may narrow)."""
    affinity = getattr(os, "sched_getaffinity", None)
    return len(affinity(0)) if affinity else (os.cpu_count() or 1)


def _answer(worker: WorkerProcess, expected: str) -> Any:
    try:
        answer = worker.receive()
    except WorkerEnded as ended:
        raise mkdocs_errors.Abort(f"một tiến trình dựng trang dừng giữa chừng: {ended}") from None
    if answer[0] == "failed":
        log_again(answer[2])
        raise mkdocs_errors.Abort(answer[1])
    assert answer[0] == expected
    return answer[1]


def _send(worker: WorkerProcess, job: dict[str, Any]) -> None:
    try:
        worker.send(job)
    except WorkerEnded as ended:
        raise mkdocs_errors.Abort(f"một tiến trình dựng trang dừng giữa chừng: {ended}") from None


def build_with_workers(config: Any, config_file: Path, jobs: int) -> None:
    """``mkdocs build`` of ``config`` (loaded from ``config_file``) with its pages built by ``jobs`` worker
    processes. Raises MkDocs' ``Abort`` as ``build`` does (a failed page, ``strict`` and a warning)."""
    logger = logging.getLogger("mkdocs")
    warning_counter = mkdocs_utils.CountHandler()
    warning_counter.setLevel(logging.WARNING)
    if config.strict:
        logger.addHandler(warning_counter)
    workers = [WorkerProcess("generator.site.page_worker") for _ in range(jobs)]  # their imports run while the parent reads the site
    try:
        mkdocs_utils.clean_directory(config.site_dir)
        frame = site_frame(config)
        shares = [list(range(k, len(frame.pages), jobs)) for k in range(jobs)]
        for worker, share in zip(workers, shares):
            _send(worker, {"engine": engine_in_use(), "config_file": str(config_file),
                         "site_dir": str(config.site_dir), "indexes": share})
        frame.files.copy_static_files(inclusion=InclusionLevel.is_included)  # while the workers convert
        converted: dict[int, tuple[dict, list]] = {}
        for worker in workers:
            converted.update(_answer(worker, "converted"))
        for index in range(len(frame.pages)):
            state, records = converted[index]
            log_again(records)
            take_state(frame.pages[index], state, frame.files)
        ready_to_render(frame)
        for template in config.theme.static_templates:  # before any page, as in a single build
            mkdocs_build_module._build_theme_template(template, frame.env, frame.files, config, frame.nav)
        for template in config.extra_templates:
            mkdocs_build_module._build_extra_template(template, frame.files, config, frame.nav)
        for worker, share in zip(workers, shares):
            own = set(share)
            _send(worker, {"states": {i: converted[i][0] for i in converted if i not in own}})
        rendered: dict[int, list] = {}
        for worker in workers:
            rendered.update(_answer(worker, "rendered"))
        for index in range(len(frame.pages)):
            log_again(rendered[index])
        for page in frame.pages:
            page.validate_anchor_links(files=frame.files, log_level=config.validation.links.anchors)
        config.plugins.on_post_build(config=config)
        if counts := warning_counter.get_counts():
            raise mkdocs_errors.Abort(f"Aborted with {', '.join(f'{v} {k.lower()}s' for k, v in counts)} in strict mode!")
    finally:
        logger.removeHandler(warning_counter)
        for worker in workers:
            worker.close()
