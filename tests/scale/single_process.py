"""The single-process path of the dossiers package, file by file (each file read whole), for comparison."""

from __future__ import annotations

from pathlib import Path

from generator.dossiers import aggregate as dossier_aggregate
from generator.dossiers import check as dossier_check
from generator.dossiers.read import DossierSpec, list_dossier_sources, read_dossier_source
from generator.paths import PortalPaths
from generator.scale.wiring import contexts_of_portal, read_catalogue


def single_process(root: Path, location: str):
    """(combined partials, as-of, problems) computed in this process, one whole file at a time."""
    portal = read_catalogue(PortalPaths.at(root))
    check_context, context_for = contexts_of_portal(portal)
    frames, problems = [], []
    for source in list_dossier_sources(DossierSpec(PortalPaths.at(root).root, location)):
        raw = read_dossier_source(source)
        frame, found = dossier_check.check_dossiers(raw, source.name, check_context)
        problems += dossier_check.check_header(source.name, raw.attrs["header"]) + found
        frames.append(frame)
    problems += dossier_check.duplicate_problems(frames)
    as_of = max(stamp for stamp in map(dossier_aggregate.as_of_partial, frames) if stamp is not None)
    context = context_for(as_of)
    partials = dossier_aggregate.combine_partials([dossier_aggregate.partial_aggregates(f, context) for f in frames])
    return partials, as_of, problems
