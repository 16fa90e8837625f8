"""Where ``portal aggregate`` leaves its result, and how ``portal build`` finds it again.

Layout of the aggregates folder (default ``ROOT/.portal-cache/dossier-aggregates/``,
never committed: per-group counts of a few dossiers are not for publication)::

    aggregates.json   format, as-of date-time, number of dossiers and pieces, the
                      fingerprint of what the counts depend on (catalogue limits,
                      fees, calendar, settings)
    partials/         the combined DossierPartials (``write_partials`` / ``read_partials``)

The folder is replaced atomically (built beside it, swapped in by
:func:`generator.site.publish.atomic_output`): a failed or interrupted run
leaves the previous aggregates exactly as they were.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from ..errors import PortalError
from ..paths import PortalPaths
from ..site.publish import atomic_output

FORMAT = 1
META_FILE = "aggregates.json"
PARTIALS_DIR = "partials"


def default_aggregates(paths: PortalPaths) -> Path:
    return paths.cache / "dossier-aggregates"


def check_aggregates_folder(out: Path, paths: PortalPaths) -> None:
    """Refuse a folder whose replacement would delete the portal's own files."""
    out = out.resolve()
    if out == paths.root or paths.root.is_relative_to(out):
        raise PortalError(f"Thư mục '{out}' chứa cả cổng; hãy chọn một thư mục riêng cho số liệu tổng hợp.")
    for inside in (paths.procedures, paths.content, paths.statistics, paths.root / "dossiers", paths.default_output):
        if out == inside or out.is_relative_to(inside) or inside.is_relative_to(out):
            raise PortalError(f"Thư mục '{out}' trùng với dữ liệu của cổng ({inside.name}); hãy chọn thư mục khác.")
    if out.is_dir() and any(out.iterdir()) and not (out / META_FILE).is_file():
        raise PortalError(
            f"Thư mục '{out}' đã có tệp nhưng không phải số liệu tổng hợp hồ sơ; hãy chọn thư mục trống."
        )


def _canonical(value: Any) -> Any:
    """A JSON-able, order-independent form of a context (dataclasses, mappings, sets, arrays, dates)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _canonical(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): _canonical(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, (set, frozenset)):
        return sorted((_canonical(v) for v in value), key=json.dumps)
    if isinstance(value, (list, tuple)):
        return [_canonical(v) for v in value]
    if hasattr(value, "tolist"):  # numpy arrays and scalars
        return _canonical(value.tolist())
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, (dt.date, dt.datetime)) or hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "__dict__"):
        return {k: _canonical(v) for k, v in sorted(vars(value).items()) if not k.startswith("_")}
    return str(value)


def fingerprint(context: Any, leave_out: tuple[str, ...] = ("as_of",)) -> str:
    """What the stored counts depend on, besides the dossiers themselves."""
    data = _canonical(context)
    if isinstance(data, dict):
        data = {k: v for k, v in data.items() if k not in leave_out}
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


@contextmanager
def atomic_aggregates(out: Path) -> Iterator[Path]:
    """A fresh folder to write the aggregates into; it replaces ``out`` only when the block succeeds."""
    with atomic_output(out) as building:
        yield building


def write_meta(folder: Path, meta: dict) -> None:
    (folder / META_FILE).write_text(
        json.dumps({"format": FORMAT, **meta}, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )


def read_meta(folder: Path) -> dict:
    try:
        meta = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise PortalError(f"Không đọc được số liệu tổng hợp hồ sơ tại '{folder}': {exc}") from exc
    if meta.get("format") != FORMAT:
        raise PortalError(
            f"Số liệu tổng hợp hồ sơ tại '{folder}' có định dạng {meta.get('format')!r}, cần {FORMAT}: "
            "hãy chạy lại 'portal aggregate'."
        )
    return meta
