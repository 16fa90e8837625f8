"""``portal build`` from the aggregates ``portal aggregate`` stored, without reading the dossiers again.

Which dossier figures a build uses:

1. ``--dossiers PATH``: the records at PATH, read in this process (issue 11, unchanged);
2. ``--aggregates DIR``, or else the default folder ``ROOT/.portal-cache/dossier-aggregates/`` when it exists:
   the stored counts, finished here with the same ``finish`` as the single-process path;
3. otherwise ``ROOT/dossiers/``, read in this process.

Stored counts are refused (an error, nothing published) when what they depend on has changed since they were
made: the catalogue's agencies, procedures, limits and fees, or ``calendar.yaml``; and, for aggregates made
from ``ROOT/dossiers/``, when a file there was added, removed or changed size.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from ..dossiers.aggregate import read_partials
from ..dossiers.finish import finish
from ..dossiers.of_portal import PortalDossiers, read_dossiers
from ..dossiers.pipeline import DossierSettings, aggregation_context, check_context
from ..dossiers.read import DossierSpec, list_dossier_sources
from ..dossiers.reconcile import compare_rows, difference_warnings
from ..dossiers.working_days import read_calendar
from ..errors import Problem
from ..models import Catalogue
from ..paths import PortalPaths
from . import store

STALE_HINT = "Chạy lại 'portal aggregate' (dữ liệu hoặc danh mục đã đổi từ lần tổng hợp trước), hoặc xoá thư mục đó."


def partials_fingerprint(check, aggregation) -> str:
    """What the stored counts depend on besides the records: ids and codes, limits, fees, the calendar."""
    return store.fingerprint({"check": check, "calendar": aggregation.calendar, "limits": dict(aggregation.limits),
                              "fees": aggregation.fee_procedures})


def local_sources_stamp(paths: PortalPaths, location: str | None) -> list[list] | None:
    """Names and sizes of the files of ``ROOT/dossiers/`` (None for a location given on the command line)."""
    if location is not None:
        return None
    return [[s.name, os.stat(s.location).st_size] for s in list_dossier_sources(DossierSpec(paths.root))]


def _stale(folder: Path, message: str) -> Problem:
    return Problem(folder.as_posix(), 0, 0, "dossier-aggregates-stale", message, hint=STALE_HINT)


def load_stored(folder: Path, paths: PortalPaths, catalogue: Catalogue, settings: DossierSettings,
                reported: pd.DataFrame | None, reported_files: tuple[str, ...]) -> tuple[PortalDossiers | None, list[Problem]]:
    meta = store.read_meta(folder)
    calendar, problems = read_calendar(paths.root)
    if any(p.is_error for p in problems):
        return None, problems
    ctx = aggregation_context(catalogue, calendar, pd.Timestamp(meta["as_of"]), settings)
    if meta.get("context") != partials_fingerprint(check_context(catalogue), ctx):
        return None, problems + [_stale(folder, "Số liệu tổng hợp hồ sơ được lập với danh mục thủ tục, thời hạn, "
                                                "lệ phí hoặc lịch ngày làm việc khác hiện nay.")]
    if meta.get("local_sources") is not None and meta["local_sources"] != local_sources_stamp(paths, None):
        return None, problems + [_stale(folder, "Các tệp trong dossiers/ đã thay đổi sau lần tổng hợp hồ sơ trước.")]
    partials = read_partials(folder / store.PARTIALS_DIR)
    figures = finish(partials, ctx)
    names = list(meta.get("sources", []))
    reported = reported if reported is not None else figures.rows.iloc[0:0]
    comparison = compare_rows(reported, figures.rows)
    problems += difference_warnings(comparison, reported_files, names)
    return PortalDossiers(partials, ctx, figures, tuple(names), comparison), problems


def stored_or_read(paths: PortalPaths, catalogue: Catalogue, settings: DossierSettings, reported: pd.DataFrame | None,
                   reported_files: tuple[str, ...] = (), location: str | None = None,
                   aggregates: str | Path | None = None) -> tuple[PortalDossiers | None, list[Problem]]:
    """The dossier figures of a build, from the records or from stored aggregates (see the module's doc)."""
    folder = Path(aggregates).resolve() if aggregates else store.default_aggregates(paths)
    if location is None and (aggregates or (folder / store.META_FILE).is_file()):
        return load_stored(folder, paths, catalogue, settings, reported, reported_files)
    return read_dossiers(paths, catalogue, settings, reported, reported_files, location)
