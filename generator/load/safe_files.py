"""Find the files of a portal without ever leaving it: the one place that decides what may be read.

Every commit is untrusted: a symlink can point at ``/etc/passwd``, at the CI runner's home or at
``.git/config`` (which holds the checkout's token), and a file name can hold a backslash or a control
character. Every reader of editors' folders (``procedures/``, ``statistics/``, ``content/``,
``site_templates/``, and any later one such as ``dossiers/``) lists its files with :func:`walk_files`
and checks single files with :func:`check_file`:

* a link whose target stays inside the portal root, outside hidden folders (``.git``,
  ``.portal-cache`` …), is followed like the file or folder it points to;
* any other link is refused with a ``link-outside`` problem naming the link and the folder it points
  to (never the target's content), and nothing behind it is read;
* a file or folder name that the site cannot publish under the same name (see :func:`name_problem`)
  is refused with a ``file-name`` problem, by ``portal validate`` as by ``portal build``.
"""

from __future__ import annotations

import os
import stat
import unicodedata
from pathlib import Path
from typing import Callable

from ..errors import Problem

_JOINERS = frozenset("\u200c\u200d")  # zero-width (non-)joiner: part of some scripts' spelling


def printable(text: str) -> str:
    """``text`` with invisible characters and undecodable bytes written as escapes (``\\x07``, ``\\u202e``),
    so that a message shows what the name holds and any output (JSON, a terminal, CI logs) can print it."""
    shown = []
    for char in text:
        code = ord(char)
        if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape)
            shown.append(f"\\x{code - 0xDC00:02x}")
        elif unicodedata.category(char) in ("Cc", "Cf", "Cs") and char not in _JOINERS:
            shown.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            shown.append(char)
    return "".join(shown)


def _shown(root: Path, path: Path) -> str:
    try:
        return printable(path.relative_to(root).as_posix())
    except ValueError:
        return printable(path.as_posix())


def name_problem(root: Path, path: Path) -> Problem | None:
    """Why the last part of ``path`` cannot be published under its own name, or None.

    Refused: a backslash (a folder separator on Windows, refused when staging), control characters
    (invisible, and they break logs and git's output), invisible format characters such as the
    right-to-left override (a name that reads differently from what it is; ZWJ/ZWNJ are allowed)
    and names that are not valid UTF-8."""
    name = path.name
    bad = None
    if "\\" in name:
        bad = "dấu '\\'"
    elif any(unicodedata.category(char) == "Cc" for char in name):
        bad = "ký tự điều khiển (không nhìn thấy được)"
    elif any(unicodedata.category(char) == "Cf" and char not in _JOINERS for char in name):
        bad = "ký tự định dạng vô hình (ví dụ ký tự đảo chiều chữ U+202E)"
    else:
        try:
            name.encode("utf-8")
        except UnicodeEncodeError:
            bad = "byte không phải UTF-8"
    if bad is None:
        return None
    return Problem(
        _shown(root, path), 0, 0, "file-name",
        f"Tên tệp hoặc thư mục có {bad}; trang web không thể đăng tệp dưới tên này.",
        hint="Đổi tên, chỉ dùng chữ, số, '-', '_' và '.', ví dụ 'huong-dan/nop-ho-so.md'.",
    )


def link_problem(root: Path, path: Path) -> Problem | None:
    """A problem when ``path`` (a link, or a path through one) leads outside ``root`` or into a hidden folder."""
    target = path.resolve()
    try:
        inside = target.relative_to(root)
    except ValueError:
        inside = None
    if inside is not None and not any(part.startswith(".") for part in inside.parts):
        return None
    folder = printable(str(target if target.is_dir() else target.parent))
    where = "ra ngoài thư mục cổng" if inside is None else "vào một thư mục ẩn của cổng"
    return Problem(
        _shown(root, path), 0, 0, "link-outside",
        f"'{_shown(root, path)}' là liên kết (symlink) trỏ {where}, tới thư mục '{folder}'; "
        "hệ thống không đọc tệp qua liên kết này.",
        hint="Thay liên kết bằng tệp thật (chép tệp vào cổng), hoặc xoá liên kết.",
    )


def check_file(root: Path, path: Path) -> Problem | None:
    """One file the generator is about to read (e.g. ``mkdocs.yml``, ``calendar.yaml``): None when it may be read.

    Every part of the path below ``root`` is checked, so a link anywhere on the way is caught."""
    if not path.is_relative_to(root):
        return link_problem(root, path)
    current = root
    for part in path.relative_to(root).parts:
        current = current / part
        problem = name_problem(root, current) or (link_problem(root, current) if current.is_symlink() else None)
        if problem is not None:
            return problem
    return None


def walk_files(root: Path, folder: Path, problems: list[Problem],
               skip: Callable[[str], bool] = lambda name: False) -> list[Path]:
    """Every regular file under ``folder`` (sorted, as paths below ``folder``), never leaving ``root``.

    ``skip(name)``: file and folder names not to look at (nor into), e.g. hidden ones. Problems about
    links and names are appended to ``problems``; what they concern is left out."""
    found: list[Path] = []
    if not folder.exists() and not folder.is_symlink():
        return found
    problem = check_file(root, folder)
    if problem is not None:
        problems.append(problem)
        return found
    seen: set[Path] = set()

    def visit(directory: Path) -> None:
        real = directory.resolve()
        if real in seen:  # a link back to a folder already listed: no loop, no file twice
            return
        seen.add(real)
        for entry in sorted(os.scandir(directory), key=lambda e: e.name):
            if skip(entry.name):
                continue
            path = directory / entry.name
            problem = name_problem(root, path)
            if problem is None and entry.is_symlink():
                problem = link_problem(root, path)
            if problem is not None:
                problems.append(problem)
                continue
            try:
                mode = os.stat(path).st_mode
            except OSError:  # a dangling link (inside the portal): nothing to read
                continue
            if stat.S_ISDIR(mode):
                visit(path)
            elif stat.S_ISREG(mode):  # never a FIFO or a device: reading one would hang or leak
                found.append(path)

    visit(folder)
    return sorted(found)


def hidden_or_private(prefixes: tuple[str, ...]) -> Callable[[str], bool]:
    """A ``skip`` for :func:`walk_files`: names starting with one of ``prefixes``."""
    return lambda name: name.startswith(prefixes)
