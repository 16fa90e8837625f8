"""A dataset of dossier records cut into pieces: one per row group of each Parquet file, one per CSV file.

The sources are those of the single-process path (:func:`generator.dossiers.read.list_dossier_sources`: a folder,
partitioned by ``year=…/month=…`` or not, a glob, or an fsspec URL such as ``s3://…``, ``gs://…``, ``hdfs://…``),
with the same names, so a problem found on a worker names the file and row exactly as ``portal build`` does.
Pieces are listed from the Parquet footers only (no data is read on the client). Every piece knows the 1-based
row number of its first row. Only the contract's columns are ever read.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ..dossiers import read as dossier_read
from ..dossiers.read import DossierReadError, DossierSource, DossierSpec, list_dossier_sources

WHOLE_FILE = -1


@dataclass(frozen=True)
class Piece:
    """One row group of one Parquet file (or a whole CSV file): the unit of work of one task."""

    source: DossierSource
    row_group: int  # WHOLE_FILE for a CSV file or a Parquet file without row groups
    first_row: int  # 1-based row number, within the file, of the piece's first row
    rows: int  # -1 when unknown before reading (CSV)

    @property
    def name(self) -> str:
        return self.source.name


def _row_groups(source: DossierSource) -> list[Piece]:
    try:
        with dossier_read._open(source) as stream:
            metadata = pq.ParquetFile(stream).metadata
    except (pa.ArrowException, OSError):
        return [Piece(source, WHOLE_FILE, 1, -1)]  # the reader reports it the same way as portal build does
    if metadata.num_row_groups == 0:
        return [Piece(source, WHOLE_FILE, 1, 0)]
    pieces, first = [], 1
    for index in range(metadata.num_row_groups):
        rows = metadata.row_group(index).num_rows
        pieces.append(Piece(source, index, first, rows))
        first += rows
    return pieces


def list_pieces(spec: DossierSpec) -> list[Piece]:
    """Every piece of every source, in the sources' order (empty when there is no source)."""
    pieces: list[Piece] = []
    for source in list_dossier_sources(spec):
        pieces += _row_groups(source) if source.format == "parquet" else [Piece(source, WHOLE_FILE, 1, -1)]
    return pieces


def read_piece(piece: Piece) -> pd.DataFrame:
    """The piece's raw text columns + ``_row``, exactly as :func:`read_dossier_source` gives them for its file."""
    if piece.row_group == WHOLE_FILE:
        return dossier_read.read_dossier_source(piece.source)
    with dossier_read._open(piece.source) as stream:
        try:
            parquet = pq.ParquetFile(stream)
            header = list(parquet.schema_arrow.names)
            chosen = dossier_read._select(header)
            table = parquet.read_row_group(piece.row_group, columns=list(chosen.values()))
        except (pa.ArrowException, OSError) as exc:
            raise DossierReadError(str(exc)) from exc
    return dossier_read._frame(table, chosen, header, piece.first_row)
