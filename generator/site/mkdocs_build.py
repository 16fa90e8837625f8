"""Run a real MkDocs build of the staged portal and collect what MkDocs warns about."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs import exceptions as mkdocs_errors
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from ..errors import BuildFailed

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def run_mkdocs(config_file: Path, site_dir: Path) -> list[str]:
    """Build into ``site_dir``; return MkDocs' warnings. Raises :class:`BuildFailed` on failure."""
    logger = logging.getLogger("mkdocs")
    collector = _Collect()
    previous_level, previous_propagate = logger.level, logger.propagate
    logger.addHandler(collector)
    logger.setLevel(logging.WARNING)
    logger.propagate = False
    try:
        config = load_config(config_file=str(config_file), site_dir=str(site_dir))
        mkdocs_build(config)
    except (mkdocs_errors.MkDocsException, mkdocs_errors.Abort) as exc:
        details = "\n".join(f"  - {m}" for m in collector.messages)
        raise BuildFailed(f"MkDocs không dựng được trang: {exc}\n{details}".rstrip()) from None
    finally:
        logger.removeHandler(collector)
        logger.setLevel(previous_level)
        logger.propagate = previous_propagate
    return collector.messages
