"""The post-build pass over the built pages, on several cores: each page compacted, then its links scanned.

:func:`compact_and_check` is :func:`.compact_html.compact_pages` followed by
:func:`.link_check.check_links`; with ``jobs`` > 1 the sorted pages are cut into that many runs, and
each run is compacted and scanned by a worker process (:class:`.worker_process.WorkerProcess` running
:func:`main`), which answers the runs' :class:`.link_check.PageLinks`. The parent then looks up the
anchors between pages and sorts the broken links, as the single pass does, so the report is the same
(the tests build the sample both ways). On the 2,000-procedure benchmark site the pass is 0.8 s of
compaction and 1.4 s of link check on one core.
"""

from __future__ import annotations

import pickle
from pathlib import Path

from ..errors import BuildFailed, build_problem
from .compact_html import compact_file, compact_pages
from .link_check import BrokenLink, LinkScanner, PageLinks, broken_links, check_links, read_page, site_files
from .worker_process import WorkerEnded, WorkerProcess, answer, answer_channel

MIN_PAGES_PER_WORKER = 200  # fewer: starting a process (~0.1 s) costs more than it saves


def compact_and_check(site_dir: Path, jobs: int) -> list[BrokenLink]:
    """Compact every page of ``site_dir`` in place; every broken internal link (by page, then document
    order). Raises :class:`BuildFailed` (``build-worker-failed``) if a worker ends before answering."""
    files, pages = site_files(site_dir)
    jobs = max(1, min(jobs, len(pages) // MIN_PAGES_PER_WORKER))
    if jobs == 1:
        compact_pages(site_dir)
        return check_links(site_dir)
    size = -(-len(pages) // jobs)
    runs = [pages[start:start + size] for start in range(0, len(pages), size)]
    workers = [WorkerProcess("generator.site.page_pass") for _ in runs]
    try:
        for worker, run in zip(workers, runs):
            worker.send({"site_dir": str(site_dir), "files": files, "pages": run})
        scans: list[PageLinks] = []
        for worker in workers:
            scanned = worker.receive()
            if scanned[0] != "scanned":
                raise WorkerEnded(scanned[1])
            scans.extend(scanned[1])
    except WorkerEnded as ended:
        raise BuildFailed([build_problem(
            "build-worker-failed", f"Một tiến trình kiểm tra trang đã dựng dừng giữa chừng: {ended}",
            "Dựng lại; nếu lỗi lặp lại, dựng với --jobs 1 và báo lỗi kèm thông báo này.")]) from None
    finally:
        for worker in workers:
            worker.close()
    return broken_links(site_dir, pages, scans)


def main() -> None:
    """A worker: compacts and scans the pages of one job, answers ``("scanned", [PageLinks, …])``, or
    ``("failed", message)``."""
    jobs, answers = answer_channel()
    try:
        job = pickle.load(jobs)
        site = Path(job["site_dir"])
        scanner = LinkScanner(job["files"])
        scans = []
        for page in job["pages"]:
            compact_file(site / page)
            scans.append(scanner.scan(page, read_page(site / page)))
        answer(answers, ("scanned", scans))
    except Exception as exc:  # noqa: BLE001 - every failure goes back to the build as a problem
        answer(answers, ("failed", f"{type(exc).__name__}: {exc}"))
