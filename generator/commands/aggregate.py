"""``portal aggregate``: the dossier aggregation on a Dask cluster, for national volumes.

Reads the portal's catalogue (for the agencies, procedures, limits and fees the checks need), checks every
dossier on the cluster, and — only when no dossier is wrong — writes the combined partial aggregates to the
aggregates folder (default ``ROOT/.portal-cache/dossier-aggregates``), atomically. ``portal build`` then
publishes the figures from that folder without reading the dossiers again (:func:`load_aggregates`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..dossiers import aggregate as dossier_aggregate
from ..dossiers.pipeline import source_not_found
from ..dossiers.read import DossierSpec
from ..errors import InvalidInput, Problem
from ..site.own_folders import prepare_cache
from ..paths import PortalPaths
from ..scale import store
from ..scale.cluster import dask_client
from ..scale.dataset import list_pieces
from ..scale.run import aggregate_on_cluster
from ..scale.stored import local_sources_stamp, partials_fingerprint
from ..scale.wiring import contexts, read_catalogue


@dataclass
class AggregateReport:
    output: Path
    dossiers: int
    pieces: int
    as_of: str
    warnings: list[Problem] = field(default_factory=list)


def aggregate(root: str | Path = ".", dossiers: str | None = None, scheduler: str | None = None,
              workers: int | None = None, out: str | Path | None = None, strict: bool = False,
              say: Callable[[str], None] = print, show_progress: bool = False,
              dashboard_address: str = ":8787") -> AggregateReport:
    """Raises InvalidInput (the dossiers' problems, all at once) or PortalError; either way ``out`` is untouched."""
    paths = PortalPaths.at(root)
    output = Path(out).resolve() if out else store.default_aggregates(paths)
    store.check_aggregates_folder(output, paths)
    settings, catalogue, catalogue_warnings = read_catalogue(paths, strict)
    check_context, context_for = contexts(paths, settings, catalogue)
    pieces = list_pieces(DossierSpec(paths.root, dossiers))
    if not pieces:
        raise InvalidInput([source_not_found(dossiers or "dossiers/")])
    say(f"{len(pieces)} phần dữ liệu (nhóm dòng Parquet hoặc tệp CSV) từ {len({p.name for p in pieces})} tệp.")
    with dask_client(scheduler, workers, say, dashboard_address) as client:
        found, partials, context = aggregate_on_cluster(client, pieces, check_context, context_for, show_progress)
    warnings = catalogue_warnings + [p for p in found.problems if not p.is_error]
    errors = [p for p in found.problems if p.is_error]
    if errors or (strict and warnings):
        raise InvalidInput(found.problems)
    if partials is None:  # files, but not one dossier in them
        raise InvalidInput([source_not_found(dossiers or "dossiers/")])
    if output.is_relative_to(paths.cache):
        prepare_cache(paths)  # the generator's own folder, with its marker (never a link)
    with store.atomic_aggregates(output) as building:
        dossier_aggregate.write_partials(partials, building / store.PARTIALS_DIR)
        store.write_meta(building, {
            "as_of": context.as_of.isoformat(), "dossiers": found.rows, "pieces": len(pieces),
            "context": partials_fingerprint(check_context, context),
            "sources": sorted({piece.name for piece in pieces}), "local_sources": local_sources_stamp(paths, dossiers),
        })
    return AggregateReport(output, found.rows, len(pieces), context.as_of.isoformat(), warnings)
