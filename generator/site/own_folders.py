"""The generator's own folders: the staging cache and the published output, checked before any write.

A commit can hold ``.portal-cache`` or ``site`` as a symlink (``.portal-cache/docs -> ../../victim``):
writing there, and removing what was not planned, would change files outside the portal. So:

* the cache, its ``docs/``, ``theme/``, ``mkdocs.yml``, ``.gitignore`` and the output folder are
  never symlinks (``own-folder-link``), and no link inside the cache is ever followed
  (:func:`generator.site.staging.sync_tree`);
* files are only ever removed from a cache the generator made itself: it writes
  :data:`MARKER` when it creates the folder, and a cache without it is left alone
  (``own-folder-foreign``).

``portal validate`` runs the same checks (:func:`own_folder_problems`), so it refuses what a build would.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import InvalidInput, Problem
from ..paths import PortalPaths

MARKER = ".created-by-portal"
MARKER_TEXT = b"This folder is written and emptied by `portal build` / `portal serve`; delete it at any time.\n"


def link_refusal(root: Path, link: Path) -> Problem:
    shown = link.relative_to(root).as_posix() if link.is_relative_to(root) else link.as_posix()
    return Problem(
        shown, 0, 0, "own-folder-link",
        f"'{shown}' là một liên kết (symlink); thư mục này do hệ thống tạo và ghi đè, nên không được là liên kết.",
        hint=f"Xoá liên kết '{shown}' (hệ thống sẽ tự tạo lại thư mục thật); không đưa nó vào kho git.",
    )


def cache_parts(paths: PortalPaths) -> tuple[Path, ...]:
    cache = paths.cache
    return (cache, paths.staged_docs, paths.staged_theme, paths.staged_mkdocs_config, cache / ".gitignore", cache / MARKER)


def own_folder_problems(paths: PortalPaths, with_output: bool = True) -> list[Problem]:
    """What stops the generator from writing its cache (and the default output ``site/``) safely."""
    problems = [link_refusal(paths.root, part) for part in cache_parts(paths) if part.is_symlink()]
    if with_output:
        problems += output_link_problems(paths, paths.default_output)
    if not problems and paths.cache.exists() and not (paths.cache / MARKER).is_file():
        shown = paths.relative(paths.cache)
        problems.append(Problem(
            shown, 0, 0, "own-folder-foreign",
            f"Thư mục '{shown}' không do hệ thống tạo ra (thiếu tệp {MARKER}); hệ thống không xoá tệp trong đó.",
            hint=f"Xoá thư mục '{shown}' (hệ thống sẽ tự tạo lại); không đưa nó vào kho git.",
        ))
    return problems


def output_link_problems(paths: PortalPaths, output: Path) -> list[Problem]:
    """``output`` (absolute, not resolved) may not be a link; inside the portal, no folder on its way may be."""
    output = Path(os.path.abspath(output))
    if output.is_relative_to(paths.root):
        current = paths.root
        for part in output.relative_to(paths.root).parts:
            current = current / part
            if current.is_symlink():
                return [link_refusal(paths.root, current)]
        return []
    return [link_refusal(paths.root, output)] if output.is_symlink() else []


def prepare_cache(paths: PortalPaths) -> None:
    """Make sure the cache is the generator's own real folder (created, with its marker, when missing)."""
    problems = own_folder_problems(paths, with_output=False)  # the output is checked by the build itself
    if problems:
        raise InvalidInput(problems)
    if not paths.cache.exists():
        paths.cache.mkdir()
        (paths.cache / MARKER).write_bytes(MARKER_TEXT)
