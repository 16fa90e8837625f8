"""The dossier aggregation on a Dask cluster, with the single-process path's own functions.

Nothing here computes a figure: every piece goes through ``check_dossiers``, ``as_of_partial`` and
``partial_aggregates`` of :mod:`generator.dossiers` on a worker; partials are tree-reduced with
``combine_partials``; ``finish`` runs on the client (in ``portal build``). Two passes over the data:

1. read + check every piece: the problems (capped), the latest date-time (combined by ``max``) and the
   pieces' dossier-id hashes, kept on the workers; a duplicate id across pieces is decided by a
   hash-partitioned ``value_counts`` (a Dask shuffle, so no worker ever holds every id), then located;
2. only when there is no error: read + check + ``partial_aggregates`` per piece, combined by a tree of
   ``combine_partials`` (``SPLIT_EVERY`` partials per task), so a worker holds a few pieces at a time.

A task that fails because its worker died is retried by Dask on another worker; a run that still fails
raises :class:`AggregationFailed` and writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

import dask.dataframe as dd
import numpy as np
import pandas as pd
from distributed import Client, Future, progress, wait

from ..dossiers import aggregate as dossier_aggregate
from ..dossiers import check as dossier_check
from ..dossiers.read import DossierReadError
from ..errors import PortalError, Problem
from . import wiring
from .dataset import Piece, read_piece

SPLIT_EVERY = 8
HASHES_PER_PARTITION = 2_000_000  # a value count of 2 M hashes: ~200 MB of a worker at its peak


class AggregationFailed(PortalError):
    """The cluster could not finish the run (a task kept failing); nothing was written."""


@dataclass(frozen=True)
class Inspection:
    """What pass 1 learns from one piece."""

    name: str
    rows: int
    as_of: pd.Timestamp | None
    problems: tuple[Problem, ...]
    hashes: np.ndarray  # the dossier-id hashes of the piece's valid rows (uint64)
    hash_rows: np.ndarray  # their row numbers in the file


# --- on the workers ------------------------------------------------------------------------------

def _checked(piece: Piece, check_context) -> tuple[pd.DataFrame, list[Problem]]:
    """Read + ``check_dossiers``; a file that cannot be read is one problem, as in the single-process path."""
    try:
        raw = read_piece(piece)
    except DossierReadError as exc:
        return dossier_check._typed_empty(), [wiring.unreadable(piece.source, exc)]
    frame, problems = dossier_check.check_dossiers(raw, piece.name, check_context)
    if piece.first_row == 1:  # the header's personal columns, once per file
        problems = dossier_check.check_header(piece.name, raw.attrs.get("header", [])) + problems
    return frame, problems


def inspect_piece(piece: Piece, check_context) -> Inspection:
    frame, problems = _checked(piece, check_context)
    as_of = dossier_aggregate.as_of_partial(frame) if len(frame) else None
    return Inspection(piece.name, len(frame), None if as_of is None or pd.isna(as_of) else pd.Timestamp(as_of),
                      tuple(problems), frame["id_hash"].to_numpy(dtype=np.uint64), frame["_row"].to_numpy(dtype=np.int64))


def _hashes(inspection: Inspection) -> pd.Series:
    return pd.Series(inspection.hashes, dtype="uint64", name="hash")


def _located(inspection: Inspection, duplicated: np.ndarray) -> pd.DataFrame:
    """The piece's rows whose id occurs elsewhere too, as ``duplicate_problems`` wants them."""
    hit = np.isin(inspection.hashes, duplicated)
    return pd.DataFrame({"id_hash": inspection.hashes[hit], "_source": inspection.name,
                         "_row": inspection.hash_rows[hit]})


def partials_of_piece(piece: Piece, check_context, aggregation_context):
    frame, _problems = _checked(piece, check_context)
    return dossier_aggregate.partial_aggregates(frame, aggregation_context)


def combine(parts: Sequence):
    return dossier_aggregate.combine_partials(list(parts))


# --- on the client -------------------------------------------------------------------------------

def _watch(futures: list[Future], show_progress: bool) -> None:
    if show_progress:
        progress(futures, notebook=False)
    wait(futures)


def _results(client: Client, futures: list[Future], what: str) -> list:
    try:
        return client.gather(futures)
    except PortalError:
        raise
    except Exception as exc:  # a task that failed on every retry (worker deaths, out of memory)
        raise AggregationFailed(
            f"Cụm Dask không hoàn thành được bước {what}: {type(exc).__name__}: {exc}. Chưa ghi gì; hãy chạy lại "
            "(nếu tiến trình làm việc hết bộ nhớ: thêm bộ nhớ hoặc chia tệp Parquet thành các nhóm dòng nhỏ hơn)."
        ) from exc


@dataclass(frozen=True)
class FirstPass:
    rows: int
    as_of: pd.Timestamp | None
    problems: list[Problem]


def first_pass(client: Client, pieces: Sequence[Piece], check_context, show_progress: bool = False) -> FirstPass:
    """Check every piece; the latest date-time; duplicate ids across pieces, located by file and row."""
    context = client.scatter(check_context, broadcast=True, hash=False)
    futures = client.map(inspect_piece, pieces, check_context=context)
    _watch(futures, show_progress)
    summaries = _results(client, client.map(_summary, futures), "kiểm tra hồ sơ")
    problems = [problem for _rows, _as_of, found in summaries for problem in found]
    stamps = [as_of for _rows, as_of, _found in summaries if as_of is not None]
    rows = sum(count for count, _as_of, _found in summaries)
    duplicated = _duplicated(client, futures, rows)
    if len(duplicated):
        where = _results(client, client.map(_located, futures, duplicated=duplicated), "tìm mã hồ sơ trùng")
        problems += dossier_check.duplicate_problems(where, repeated=duplicated)
    del futures
    return FirstPass(rows, max(stamps) if stamps else None, wiring.recap(problems))


def _summary(inspection: Inspection) -> tuple[int, pd.Timestamp | None, tuple[Problem, ...]]:
    return inspection.rows, inspection.as_of, inspection.problems


def _duplicated(client: Client, inspections: list[Future], rows: int) -> np.ndarray:
    """The hashes seen more than once over all pieces: ``value_counts`` over a hash-partitioned shuffle
    (one output partition per ``HASHES_PER_PARTITION`` dossiers: few tasks, and no worker holds every id)."""
    hashes = dd.from_delayed([client.submit(_hashes, f) for f in inspections], meta=pd.Series(dtype="uint64", name="hash"),
                             verify_meta=False)
    try:
        counts = hashes.value_counts(split_out=max(1, -(-rows // HASHES_PER_PARTITION)))
        repeated = counts[counts > 1].compute()  # filtered on the cluster: only repeated hashes reach the client
    except Exception as exc:
        raise AggregationFailed(f"Cụm Dask không hoàn thành được bước tìm mã hồ sơ trùng: {exc}. Chưa ghi gì.") from exc
    return np.sort(repeated.index.to_numpy(dtype=np.uint64))


def second_pass(client: Client, pieces: Sequence[Piece], check_context, aggregation_context,
                show_progress: bool = False):
    """``partial_aggregates`` per piece, tree-reduced with ``combine_partials``: one DossierPartials."""
    check_ref = client.scatter(check_context, broadcast=True, hash=False)
    aggregation_ref = client.scatter(aggregation_context, broadcast=True, hash=False)
    level = client.map(partials_of_piece, pieces, check_context=check_ref, aggregation_context=aggregation_ref)
    while len(level) > 1:  # only the last level is referenced here: the scheduler frees a piece's counts once combined
        level = [client.submit(combine, level[i:i + SPLIT_EVERY]) for i in range(0, len(level), SPLIT_EVERY)]
    _watch(level, show_progress)  # the progress bar follows every task the result depends on
    return _results(client, level, "tổng hợp số liệu")[0]


def aggregate_on_cluster(client: Client, pieces: Sequence[Piece], check_context,
                         aggregation_context_for: Callable[[pd.Timestamp], object], show_progress: bool = False):
    """(first pass, combined partials or None when the first pass found errors)."""
    found = first_pass(client, pieces, check_context, show_progress)
    if any(problem.is_error for problem in found.problems) or found.as_of is None:
        return found, None, None
    context = aggregation_context_for(found.as_of)
    return found, second_pass(client, pieces, check_context, context, show_progress), context
