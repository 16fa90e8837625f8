"""Remember what was read from each input file while the file stays the same (``portal serve``).

The preview re-reads the portal after every save. With 2,000 procedure files
and a million statistics rows, re-parsing everything for a one-line edit costs
seconds; with a :class:`FileCache`, only files whose size, modification time
or inode changed are read again. A file that disappears is simply not asked
for any more, and :meth:`FileCache.sweep` forgets it.

Only the preview's stages (``memo.py``) use it: ``portal build`` and ``portal
validate`` always read every file.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Hashable, TypeVar

T = TypeVar("T")


def file_signature(path: Path) -> tuple[int, int, int, int]:
    """What changes when a file is written, replaced or touched."""
    stat = os.stat(path)
    return (stat.st_mtime_ns, stat.st_ctime_ns, stat.st_size, stat.st_ino)


class SameObjects:
    """Objects compared by identity, element by element: a hashable key part for cached inputs such as
    DataFrames. Holding them keeps them alive, so their identities cannot be reused by new objects."""

    def __init__(self, items) -> None:  # noqa: ANN001 - any iterable
        self.items = list(items)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SameObjects) and len(self.items) == len(other.items) and all(
            a is b for a, b in zip(self.items, other.items))

    def __hash__(self) -> int:
        return hash(tuple(map(id, self.items)))


class FileCache:
    def __init__(self) -> None:
        self._entries: dict[tuple[Hashable, Path], tuple[tuple[int, int, int, int], object]] = {}
        self._latest: dict[Hashable, tuple[Hashable, object]] = {}
        self._asked: set[tuple[Hashable, Path]] = set()  # files asked for since the last sweep
        self.hits = 0
        self.misses = 0

    def get(self, kind: Hashable, path: Path, compute: Callable[[], T]) -> T:
        """``compute()``'s result for ``path``, computed again only if the file changed since last time.

        ``kind`` separates results of different readers of the same file."""
        try:
            signature = file_signature(path)
        except OSError:
            return compute()  # vanished meanwhile: let the reader report it
        key = (kind, path)
        self._asked.add(key)
        entry = self._entries.get(key)
        if entry is not None and entry[0] == signature:
            self.hits += 1
            return entry[1]  # type: ignore[return-value]
        self.misses += 1
        value = compute()
        self._entries[key] = (signature, value)
        return value

    def remember(self, kind: Hashable, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()``'s result, reused while ``key`` stays equal (only the latest key of each kind is kept).

        For results derived from several files, e.g. the validated statistics: key them by the identity of
        the cached inputs (and keep those inputs alive inside the key, so identities are never reused)."""
        entry = self._latest.get(kind)
        if entry is not None and entry[0] == key:
            self.hits += 1
            return entry[1]  # type: ignore[return-value]
        self.misses += 1
        value = compute()
        self._latest[kind] = (key, value)
        return value

    def sweep(self) -> None:
        """Forget the files not asked for since the last sweep (deleted or renamed files)."""
        for key in [key for key in self._entries if key not in self._asked]:
            del self._entries[key]
        self._asked.clear()

    def __len__(self) -> int:
        return len(self._entries)
