"""A process of :mod:`.parallel_build`: converts, then renders, its share of the pages of one MkDocs build.

Started by the build (:class:`.worker_process.WorkerProcess`), never by hand. It reads two jobs and
answers each:

1. ``{"engine", "config_file", "site_dir", "indexes"}`` → ``("converted", {index: (state, warnings)})``;
2. ``{"states": {index: state}}`` (the pages the other processes converted) → ``("rendered", {index: warnings})``.

Any failure answers ``("failed", message, warnings)`` and ends the process. The page data it reads is the
staged site that the single-process build reads; nothing in it is executed.
"""

from __future__ import annotations

import logging
import os
import pickle
from typing import BinaryIO

from .worker_process import answer, answer_channel


def _work(jobs: BinaryIO, out: BinaryIO) -> None:
    first = pickle.load(jobs)
    from ..engines import use_engine

    use_engine(first["engine"])  # before anything imports mkdocs: the parent's engine
    from mkdocs.config import load_config

    from .engine_pages import RecordCapture, convert_pages, ready_to_render, render_pages, site_frame, take_state

    logger = logging.getLogger("mkdocs")
    capture = RecordCapture()
    logger.handlers[:] = [capture]
    logger.setLevel(logging.WARNING)
    logger.propagate = False
    try:
        frame = site_frame(load_config(config_file=first["config_file"], site_dir=first["site_dir"]))
        capture.take()  # the config's and the files' warnings: the parent logs its own
        answer(out, ("converted", convert_pages(frame, first["indexes"], capture)))
        second = pickle.load(jobs)
        for index, state in second["states"].items():
            take_state(frame.pages[index], state, frame.files)
        ready_to_render(frame)
        answer(out, ("rendered", render_pages(frame, first["indexes"], capture)))
    except Exception as exc:  # noqa: BLE001 - every failure goes back to the build as a problem
        answer(out, ("failed", f"{type(exc).__name__}: {exc}", capture.take()))


def main() -> None:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    _work(*answer_channel())
