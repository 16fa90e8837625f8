"""Synthetic dossier records as a partitioned Parquet dataset (``year=YYYY/month=MM/part-K-I.parquet``).

For the national-scale benchmark (``python -m benchmarks --dossiers N --dask``) and its tests: the records of
:func:`benchmarks.synthetic_dossiers.synthetic_dossiers` (the single-process benchmark's own generator) for the
procedures of a portal, drawn in chunks of at most ``chunk`` dossiers (each over the whole year, with its own
seed and id prefix) and written hive-partitioned by the year and month of ``received_at``, so writing 10 million
dossiers needs no more memory than one chunk. Deterministic. Illustrative only: no real person, no real dossier.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds

from .synthetic_dossiers import Line, synthetic_dossiers

FIRST = dt.date(2025, 1, 1)
CHUNK = 1_000_000
ROW_GROUP = 250_000


@dataclass(frozen=True)
class DatasetSummary:
    folder: Path
    dossiers: int
    files: int
    bytes: int


def portal_lines(root: Path) -> list[Line]:
    """One :class:`Line` per procedure of the portal at ``root`` (its agency, legal limit, fee; uneven volumes)."""
    from generator.load.catalogue_files import read_catalogue
    from generator.paths import PortalPaths
    from generator.validate.catalogue import validate_catalogue

    catalogue, _ = validate_catalogue(read_catalogue(PortalPaths.at(root))[0])
    return [Line(p.agency_id, p.code, float(p.processing_time.days), p.processing_time.unit == "calendar_days",
                 not p.is_free, weight=1.0 + (i % 7) ** 2) for i, p in enumerate(catalogue.procedures)]


def write_dossier_dataset(folder: Path, root: Path, dossiers: int, months: int = 12, seed: int = 2025,
                          chunk: int = CHUNK, row_group: int = ROW_GROUP) -> DatasetSummary:
    """``dossiers`` synthetic records for the portal at ``root``, hive-partitioned by year and month."""
    lines = portal_lines(root)
    folder.mkdir(parents=True, exist_ok=True)
    for index, start in enumerate(range(0, dossiers, chunk)):
        table = synthetic_dossiers(lines, min(chunk, dossiers - start), FIRST, months, seed + index,
                                   id_prefix=f"MINHHOA{index:03d}")
        received = table.column("received_at")
        table = table.append_column("year", pc.year(received).cast(pa.int16())) \
                     .append_column("month", pc.month(received).cast(pa.int8()))
        ds.write_dataset(table, folder, format="parquet", partitioning=["year", "month"], partitioning_flavor="hive",
                         basename_template=f"part-{index}-{{i}}.parquet", existing_data_behavior="overwrite_or_ignore",
                         max_rows_per_group=row_group, min_rows_per_group=min(row_group, 1024))
    files = sorted(folder.rglob("*.parquet"))
    return DatasetSummary(folder, dossiers, len(files), sum(p.stat().st_size for p in files))
