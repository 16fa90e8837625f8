"""Run a real MkDocs build of the staged portal and collect what MkDocs warns about."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs import exceptions as mkdocs_errors
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from ..errors import BuildFailed, Problem, Severity, build_problem
from .engine_pages import engine_supports_shares
from .parallel_build import build_with_workers

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _warnings(messages: list[str], severity: Severity) -> list[Problem]:
    return [build_problem("mkdocs-warning", f"MkDocs: {message}", severity=severity) for message in messages]


def run_mkdocs(config_file: Path, site_dir: Path, jobs: int = 1) -> list[Problem]:
    """Build into ``site_dir``; return MkDocs' warnings as problems. Raises :class:`BuildFailed` on failure
    (with ``strict: true`` in the staged config MkDocs itself fails on a warning: each becomes an error).

    ``jobs`` > 1: the pages are converted and rendered by that many worker processes
    (:mod:`.parallel_build`), unless a plugin is configured or the engine's page functions moved; the
    output is the same."""
    logger = logging.getLogger("mkdocs")
    collector = _Collect()
    previous_level, previous_propagate = logger.level, logger.propagate
    logger.addHandler(collector)
    logger.setLevel(logging.WARNING)
    logger.propagate = False
    try:
        config = load_config(config_file=str(config_file), site_dir=str(site_dir))
        if jobs > 1 and engine_supports_shares(config):
            build_with_workers(config, config_file, jobs)
        else:
            mkdocs_build(config)
    except (mkdocs_errors.MkDocsException, mkdocs_errors.Abort) as exc:
        failed = build_problem("mkdocs-failed", f"MkDocs không dựng được trang: {exc}",
                               "Xem các cảnh báo của MkDocs đi kèm; thường là một liên kết hay một tệp trong content/.")
        raise BuildFailed([failed, *_warnings(collector.messages, Severity.ERROR)]) from None
    finally:
        logger.removeHandler(collector)
        logger.setLevel(previous_level)
        logger.propagate = previous_propagate
    return _warnings(collector.messages, Severity.WARNING)
