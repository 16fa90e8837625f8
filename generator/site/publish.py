"""Publish atomically: build beside the output folder, swap it in only on success.

A failed or interrupted build leaves the previously published folder exactly as
it was; at worst a hidden ``.<name>.building-*`` folder is left beside it and is
removed by the next build.

The swap itself is one ``renameat2(RENAME_EXCHANGE)`` system call on Linux (the
old and new folders trade places atomically: there is no moment without a
published folder). Where that call is missing, two renames are used, and a
build killed between them is repaired by the next one, which puts the
``.<name>.old-*`` folder back before anything else.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from ..errors import BuildFailed, InvalidInput, build_problem
from ..paths import PortalPaths
from .own_folders import output_link_problems


def _refuse(message: str) -> None:
    raise BuildFailed([build_problem("output-folder-unsafe", message, "Dùng --out với một thư mục riêng cho trang dựng ra.")])


def check_output_folder(out: Path, paths: PortalPaths) -> None:
    """Refuse an output folder whose replacement would delete the editors' own files, or that is a link
    (or, inside the portal, reached through one): the swap would then replace a folder elsewhere."""
    linked = output_link_problems(paths, out)
    if linked:
        raise InvalidInput(linked)
    out = _real(out)
    if out == paths.root or paths.root.is_relative_to(out):
        _refuse(f"Thư mục xuất '{out}' chứa cả cổng; hãy chọn một thư mục riêng, ví dụ 'site'.")
    for inside in (paths.procedures, paths.content, paths.statistics, paths.mkdocs_config, paths.cache):
        if inside.exists() and (out == inside or out.is_relative_to(inside) or inside.is_relative_to(out)):
            _refuse(f"Thư mục xuất '{out}' trùng với dữ liệu của cổng ({inside.name}); hãy chọn thư mục khác.")
    if out.is_dir() and any(out.iterdir()) and not (out / "index.html").is_file():
        _refuse(f"Thư mục xuất '{out}' đã có tệp nhưng không phải một trang đã dựng; hãy chọn thư mục trống hoặc thư mục 'site'.")


def _real(out: Path) -> Path:
    """``out`` with its parent folders resolved, but not itself (a link there is refused, never followed)."""
    out = Path(os.path.abspath(out))
    return out.parent.resolve() / out.name


def _remove_leftovers(out: Path) -> None:
    """Leftovers of a killed build. A link of such a name is never the generator's: only the link itself is
    removed (never what it points to), and it is never put back as the site."""
    candidates = [*out.parent.glob(f".{out.name}.old-*"), *out.parent.glob(f".{out.name}.building-*")]
    for link in (p for p in candidates if p.is_symlink()):
        link.unlink()
    olds = sorted((p for p in out.parent.glob(f".{out.name}.old-*")), key=lambda p: p.stat().st_mtime)
    if olds and not out.exists() and not out.is_symlink():  # killed between the two renames: the old site goes back first
        os.rename(olds.pop(), out)
    for leftover in out.parent.glob(f".{out.name}.building-*"):
        shutil.rmtree(leftover, ignore_errors=True)
    for leftover in olds:
        shutil.rmtree(leftover, ignore_errors=True)


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two folders (Linux ``renameat2``); False when the system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.EXDEV):
        return False  # this file system or kernel cannot exchange: fall back to two renames
    raise OSError(code, os.strerror(code), str(a))


@contextmanager
def atomic_output(out: Path) -> Iterator[Path]:
    """Yield a fresh folder to build into; on success it replaces ``out`` (which may not be a link)."""
    out = _real(out)
    if out.is_symlink():
        _refuse(f"Thư mục xuất '{out}' là một liên kết (symlink); hệ thống không ghi qua liên kết.")
    out.parent.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(out)
    building = out.parent / f".{out.name}.building-{os.getpid()}"
    building.mkdir()
    try:
        yield building
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    if out.exists() and _exchange(building, out):
        shutil.rmtree(building, ignore_errors=True)  # now holds the previous site
        return
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    if out.exists():
        os.rename(out, old)
    os.rename(building, out)
    shutil.rmtree(old, ignore_errors=True)
