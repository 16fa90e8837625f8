"""Publish atomically: build beside the output folder, swap it in only on success.

A failed or interrupted build leaves the previously published folder exactly as
it was; at worst a hidden ``.<name>.building-*`` folder is left beside it and is
removed by the next build.
"""

from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from ..errors import BuildFailed
from ..paths import PortalPaths


def check_output_folder(out: Path, paths: PortalPaths) -> None:
    """Refuse an output folder whose replacement would delete the editors' own files."""
    out = out.resolve()
    if out == paths.root or paths.root.is_relative_to(out):
        raise BuildFailed(f"Thư mục xuất '{out}' chứa cả cổng; hãy chọn một thư mục riêng, ví dụ 'site'.")
    for inside in (paths.procedures, paths.content, paths.statistics, paths.mkdocs_config, paths.cache):
        if inside.exists() and (out == inside or out.is_relative_to(inside) or inside.is_relative_to(out)):
            raise BuildFailed(f"Thư mục xuất '{out}' trùng với dữ liệu của cổng ({inside.name}); hãy chọn thư mục khác.")
    if out.is_dir() and any(out.iterdir()) and not (out / "index.html").is_file():
        raise BuildFailed(
            f"Thư mục xuất '{out}' đã có tệp nhưng không phải một trang đã dựng; hãy chọn thư mục trống hoặc thư mục 'site'."
        )


def _remove_leftovers(out: Path) -> None:
    for leftover in out.parent.glob(f".{out.name}.building-*"):
        shutil.rmtree(leftover, ignore_errors=True)
    for leftover in out.parent.glob(f".{out.name}.old-*"):
        shutil.rmtree(leftover, ignore_errors=True)


@contextmanager
def atomic_output(out: Path) -> Iterator[Path]:
    """Yield a fresh folder to build into; on success it replaces ``out``."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(out)
    building = out.parent / f".{out.name}.building-{os.getpid()}"
    building.mkdir()
    try:
        yield building
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    if out.exists():
        os.rename(out, old)
    os.rename(building, out)
    shutil.rmtree(old, ignore_errors=True)
