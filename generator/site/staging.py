"""Stage the MkDocs input: generated pages + editors' content + merged theme + config.

Only files whose content changed are written (unchanged files keep their
modification time, so ``mkdocs serve`` rebuilds only what changed), and files
that are no longer planned are removed. Every path written is checked to stay
inside the staging folder.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

from ..errors import BuildFailed, InvalidInput, build_problem
from ..load.mkdocs_yaml import config_problems
from ..load.safe_files import walk_files
from ..paths import CACHE_DIR_NAME, PortalPaths
from ..urls import GENERATED_SECTIONS
from .own_folders import link_refusal, prepare_cache


def _plain_path_inside(base: Path, rel: str) -> str:
    """``rel`` written plainly (``./a//b.md`` → ``a/b.md``), refusing any ``rel`` that could lead outside
    ``base`` (checked on the text: the staging folder is the generator's own, with no links in it). The same
    test as on ``PurePosixPath(rel)``'s parts (empty and ``.`` parts dropped), without one object per file."""
    parts = [part for part in rel.split("/") if part not in ("", ".")]
    if rel.startswith("/") or not parts or ".." in parts or "\\" in rel:
        raise BuildFailed([build_problem(
            "staging-path-outside", f"Không ghi tệp '{rel}': đường dẫn ra ngoài thư mục {base}.",
            "Hãy đổi tên tệp (không dùng '..' hay '\\').")])
    return "/".join(parts)


def write_if_changed(path: Path, data: bytes) -> bool:
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
    # O_NOFOLLOW: a link put in place of a staged file is never written through
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0), 0o666)
    with os.fdopen(descriptor, "wb") as stream:
        stream.write(data)
    return True


def _existing(base: Path) -> tuple[list[str], list[str]]:
    """(files, folders) under ``base``, relative POSIX paths, links never followed; a link anywhere in it is
    refused. One ``scandir`` per folder: the entries' types come with the listing (no stat per file)."""
    files: list[str] = []
    folders: list[str] = []
    links: list[Path] = []
    todo = [(str(base), "")]
    while todo:
        folder, prefix = todo.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                rel = prefix + entry.name
                if entry.is_symlink():
                    links.append(Path(entry.path))
                elif entry.is_dir(follow_symlinks=False):
                    folders.append(rel)
                    todo.append((entry.path, rel + "/"))
                else:
                    files.append(rel)
    if links:
        root = base.parent.parent if base.parent.name == CACHE_DIR_NAME else base.parent
        raise InvalidInput([link_refusal(root, link) for link in sorted(links)])
    return files, folders


def sync_tree(base: Path, files: dict[str, bytes | Path], written_before: dict[str, object] | None = None) -> int:
    """Make ``base`` hold exactly ``files`` (relative path → bytes, or a file to copy).

    ``base`` and everything in it must be real files and folders: a symlink there is refused (nothing
    is ever written or removed through one). ``written_before`` (``portal serve``): what the previous
    call wrote, by path. A page whose bytes are the very same object as last time (the preview's page
    memo returns it unchanged) is not read back from disk to be compared. Returns how many files were
    written."""
    if base.is_symlink():
        raise InvalidInput([link_refusal(base.parent.parent if base.parent.name == CACHE_DIR_NAME else base.parent, base)])
    base.mkdir(parents=True, exist_ok=True)
    existing_files, existing_folders = _existing(base)
    present = set(existing_files)
    files = {_plain_path_inside(base, rel): data for rel, data in files.items()}  # every path checked before anything is written
    written = 0
    for rel, data in sorted(files.items()):
        if written_before is not None and written_before.get(rel) is data and rel in present:
            continue
        written += write_if_changed(base / rel, data.read_bytes() if isinstance(data, Path) else data)
    if written_before is not None:
        written_before.clear()
        written_before.update(files)
    for existing in existing_files:
        if existing not in files:
            (base / existing).unlink()
    occupied = {rel.rsplit("/", i)[0] for rel in files for i in range(1, rel.count("/") + 1)}  # a/b/c.md: a, a/b
    for rel in sorted(existing_folders, reverse=True):  # the deepest first
        if rel not in occupied:  # holds none of ``files``: empty now that the stale files are gone
            (base / rel).rmdir()
    return written


def theme_files(theme_dirs: list[Path], root: Path | None = None) -> dict[str, bytes]:
    """Merge theme folders; earlier folders win (portal overrides before shipped theme).

    Links are followed only when they stay inside ``root`` (the portal; a folder outside it, such as
    the shipped theme, is its own boundary): the others are left out (``portal validate`` reports them)."""
    merged: dict[str, bytes] = {}
    for directory in reversed(theme_dirs):
        if directory.is_dir():
            boundary = root if root is not None and directory.is_relative_to(root) else directory.resolve()
            for file in walk_files(boundary, directory, [], skip=lambda name: name == "__pycache__"):
                merged[file.relative_to(directory).as_posix()] = file.read_bytes()
    return merged


SEARCH_PLUGINS = frozenset({"search", "material/search"})


def plugins_without_search(paths: PortalPaths) -> list[Any]:
    """The portal's ``plugins`` (after its ``INHERIT``) without Material's search, which MkDocs also adds
    when ``plugins`` is not set: the site has its own index (``render/search_index.py``), so no build
    indexes every page's full text. Every other plugin is kept as the editors configured it. Called
    only once ``mkdocs.yml`` passed ``config_problems`` (its tags are safe to load)."""
    from mkdocs.utils.yaml import yaml_load

    with open(paths.mkdocs_config, "rb") as stream:
        plugins = (yaml_load(stream) or {}).get("plugins", [])
    entries = [{name: value} for name, value in plugins.items()] if isinstance(plugins, dict) else list(plugins or [])
    return [entry for entry in entries
            if not (SEARCH_PLUGINS & set(entry) if isinstance(entry, dict) else entry in SEARCH_PLUGINS)]


def staged_config(paths: PortalPaths, nav: list[Any] | None, strict: bool) -> bytes:
    """A config that inherits the portal's mkdocs.yml and points MkDocs at the staged folders."""
    overrides: dict[str, Any] = {
        # a mkdocs.yml that could run code on loading is never inherited (the preview then shows its problems)
        "INHERIT": "../mkdocs.yml",
        "docs_dir": "docs",
        "theme": {"custom_dir": "theme"},
        "strict": strict,
        "not_in_nav": "\n".join(f"/{section}/" for section in GENERATED_SECTIONS),
        # no hooks: the generator's logic runs in its own stages (editors' pages are sanitised by
        # site/content_sanitiser.py after the engine), and hooks of the portal's mkdocs.yml are not inherited
        "hooks": [],
    }
    if config_problems(paths.root, paths.mkdocs_config):
        del overrides["INHERIT"]
        overrides["plugins"] = []
        overrides = {"site_name": "Dữ liệu có lỗi", **overrides, "theme": {"name": "material", "custom_dir": "theme"}}
    else:
        overrides["plugins"] = plugins_without_search(paths)
    if nav is not None:
        overrides["nav"] = nav
    header = "# Generated by `portal build` from ../mkdocs.yml: do not edit, it is rewritten on every build.\n"
    return (header + yaml.safe_dump(overrides, allow_unicode=True, sort_keys=False)).encode("utf-8")


def stage(paths: PortalPaths, docs: dict[str, bytes | Path], theme: dict[str, bytes], config: bytes,
          written_before: dict[str, object] | None = None) -> int:
    """Write the staged docs, theme and config. ``written_before``: see :func:`sync_tree`.

    Raises :class:`InvalidInput` when the cache or a folder in it is a link, or when the cache was not
    made by the generator (see :mod:`generator.site.own_folders`)."""
    prepare_cache(paths)
    written = sync_tree(paths.staged_docs, docs, written_before)
    written += sync_tree(paths.staged_theme, theme)
    written += write_if_changed(paths.staged_mkdocs_config, config)
    gitignore = paths.cache / ".gitignore"
    write_if_changed(gitignore, b"*\n")
    return written
