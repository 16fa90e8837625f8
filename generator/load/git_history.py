"""What git knows about the catalogue: when each procedure file appeared, changed, was renamed.

Two ``git log`` runs over ``procedures/``, whatever the number of files (no
per-file git calls):

1. ``--name-status`` of every commit: the date each file first appeared and the
   dates it changed, following renames and moves;
2. ``-G'^(code|name|status|updated):' --diff-filter=MR -p --unified=0``: only
   the modified files whose ``code:``, ``name:``, ``status:`` or ``updated:``
   line changed, and only those lines — the previous names that old page
   addresses were made of (for redirects), and the dated amendments.

History follows the first parent (the main branch as published; a merged pull
request counts on the day it was merged). Dates are the committer's, with the
committer's UTC offset, so the same commit gives the same result on any machine.

No git, or a portal that is not in a git repository, gives an empty history,
never an error: the site is then built from ``updated``/``status`` alone.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

GIT_TIMEOUT_SECONDS = 120
_RECORD, _FIELD = "\x1e", "\x1f"
_HEADER = "%x1e%H%x1f%cI"


@dataclass(frozen=True)
class FileChange:
    """One commit's change to one procedure file."""

    commit: str
    when: dt.datetime  # committer date, with the committer's UTC offset
    kind: str  # "added" | "modified" | "renamed" | "deleted"
    path: str  # relative to the portal root, as of this commit
    old_path: str | None = None  # for "renamed"


@dataclass(frozen=True)
class ValueChange:
    """A top-level ``code:``, ``name:``, ``status:`` or ``updated:`` line changed by a commit."""

    commit: str
    when: dt.datetime
    field: str
    old: str | None  # None: the line was added
    new: str | None  # None: the line was removed


@dataclass
class CatalogueHistory:
    """Changes per procedure file, keyed by its *current* path (renames followed)."""

    available: bool = False
    changes: dict[str, list[FileChange]] = field(default_factory=dict)  # oldest first
    values: dict[str, list[ValueChange]] = field(default_factory=dict)  # path → changes of tracked lines, oldest first
    deleted: list[FileChange] = field(default_factory=list)  # files no longer in the catalogue

    def of(self, path: str) -> list[FileChange]:
        return self.changes.get(path, [])

    def first_seen(self, path: str) -> dt.datetime | None:
        changes = self.of(path)
        return changes[0].when if changes else None

    def previous(self, path: str, key: str) -> list[str]:
        """Earlier values of ``code`` or ``name`` (oldest first), for redirects from old addresses."""
        found: list[str] = []
        for change in self.values.get(path, []):
            if change.field == key and change.old and change.old not in found:
                found.append(change.old)
        return found


def _git(root: Path, *args: str) -> str | None:
    if shutil.which("git") is None:
        return None
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    try:
        result = subprocess.run(
            ["git", "-c", "core.quotepath=false", "-C", str(root), *args],
            capture_output=True, timeout=GIT_TIMEOUT_SECONDS, env=env, check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if result.returncode != 0:
        return None
    return result.stdout.decode("utf-8", errors="replace")


def last_commit_time(root: Path) -> int | None:
    """Seconds since the epoch of the last commit (what ``SOURCE_DATE_EPOCH`` is set to)."""
    out = _git(root, "log", "-1", "--format=%ct")
    return int(out.strip()) if out and out.strip().isdigit() else None


def _parse_name_status(text: str, folder: str) -> list[tuple[str, dt.datetime, list[tuple[str, ...]]]]:
    """Commits newest first: (hash, date, [(status, path[, new_path]), …]).

    ``git log -z --name-status`` separates every field by NUL, the only byte a file name cannot hold:
    the text is split on NUL alone, and paths are taken by position after their status (one path, two
    for a rename or copy), so a name may hold any other byte — newlines, ``\x1e``, ``\x1f`` — and is
    never mistaken for a commit header."""
    commits: list[tuple[str, dt.datetime, list[tuple[str, ...]]]] = []
    tokens = text.split("\0")
    i = 0
    while i < len(tokens):
        token = tokens[i].lstrip("\n")
        i += 1
        if token.startswith(_RECORD):  # a header: only where a status could start, never inside an entry
            commit, _, when = token[1:].partition(_FIELD)
            commits.append((commit, dt.datetime.fromisoformat(when.strip()), []))
            continue
        status = token.strip()
        if not status or not commits:
            continue
        width = 2 if status[0] in "RC" else 1
        commits[-1][2].append((status[0], *tokens[i:i + width]))
        i += width
    return commits


def _is_catalogue_file(path: str, folder: str) -> bool:
    return path.startswith(folder + "/") and path.endswith((".yaml", ".yml"))


def _build_changes(commits: list, folder: str) -> CatalogueHistory:
    """Walk commits oldest first; a file's record moves with it on every rename."""
    history = CatalogueHistory(available=True)
    live: dict[str, list[FileChange]] = {}
    for commit, when, entries in reversed(commits):
        for status, *paths in entries:
            if status == "R" and len(paths) == 2:
                old, new = paths
                record = live.pop(old, [])
                if _is_catalogue_file(new, folder):
                    record.append(FileChange(commit, when, "renamed", new, old))
                    live[new] = record
                continue
            path = paths[-1] if paths else ""
            if not _is_catalogue_file(path, folder):
                continue
            if status in ("A", "C"):
                live[path] = [FileChange(commit, when, "added", path)]
            elif status == "M" or status == "T":
                live.setdefault(path, []).append(FileChange(commit, when, "modified", path))
            elif status == "D":
                record = live.pop(path, [])
                history.deleted.append(FileChange(commit, when, "deleted", path))
    history.changes = live
    return history


def _scalar(line: str) -> tuple[str, str] | None:
    """``name: Đăng ký khai sinh`` (one line of a diff) → ("name", "Đăng ký khai sinh")."""
    try:
        value = yaml.load(line, Loader=yaml.BaseLoader)  # every scalar as text, like the catalogue reader
    except yaml.YAMLError:
        return None
    if not isinstance(value, dict) or len(value) != 1:
        return None
    [(key, text)] = value.items()
    if not isinstance(text, str) or not text.strip():
        return None
    return key, unicodedata.normalize("NFC", text.strip())


TRACKED = ("code", "name", "status", "updated")


def _parse_value_changes(text: str) -> list[tuple[str, ValueChange]]:
    """(path as of that commit, change) for each changed top-level tracked line, newest commit first."""
    found: list[tuple[str, ValueChange]] = []
    pending: dict[tuple[str, str], dict[str, str | None]] = {}
    commit = when = path = None

    def flush() -> None:
        for (file, key), sides in pending.items():
            if sides.get("-") != sides.get("+"):
                found.append((file, ValueChange(commit, when, key, sides.get("-"), sides.get("+"))))
        pending.clear()

    for line in text.split("\n"):
        if line.startswith(_RECORD):
            flush()
            commit, stamp = line[1:].split(_FIELD)
            when = dt.datetime.fromisoformat(stamp.strip())
            path = None
        elif line.startswith("+++ "):
            target = line[4:].rstrip("\t")
            path = target[2:] if target.startswith("b/") else None
        elif line[:1] in ("+", "-") and not line.startswith(("---", "+++")) and path and when:
            parsed = _scalar(line[1:])
            if parsed and parsed[0] in TRACKED:
                pending.setdefault((path, parsed[0]), {})[line[0]] = parsed[1]
    flush()
    return found


def read_history(root: str | Path, folder: str = "procedures") -> CatalogueHistory:
    """The catalogue's git history, or an empty one (``available=False``) without git."""
    root = Path(root)
    common = ["--first-parent", "--diff-merges=first-parent", "-M", "--relative", "--no-color", "--no-ext-diff", "--no-textconv"]
    log = _git(root, "log", f"--format={_HEADER}", "--name-status", "-z", *common, "--", f"{folder}/")
    if log is None:
        return CatalogueHistory()
    history = _build_changes(_parse_name_status(log, folder), folder)

    patches = _git(
        root, "log", f"--format={_HEADER}", "-p", "--unified=0", "--diff-filter=MR", f"-G^({'|'.join(TRACKED)}):",
        *common, "--", f"{folder}/",
    )
    if patches:
        renamed_to = _rename_map(history)
        for path, change in reversed(_parse_value_changes(patches)):  # oldest first
            current = renamed_to.get(path, path)
            if current in history.changes:
                history.values.setdefault(current, []).append(change)
    return history


def _rename_map(history: CatalogueHistory) -> dict[str, str]:
    """Every path a current file has had → its current path."""
    mapping = {}
    for current, changes in history.changes.items():
        for change in changes:
            mapping[change.path] = current
            if change.old_path:
                mapping[change.old_path] = current
    return mapping
