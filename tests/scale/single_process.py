"""The single-process path of ``portal build --dossiers`` (issue 11's own pipeline functions), for comparison."""

from __future__ import annotations

from pathlib import Path

from generator.dossiers.pipeline import aggregate_checked, check_context, read_checked
from generator.dossiers.read import DossierSpec, list_dossier_sources
from generator.dossiers.working_days import read_calendar
from generator.paths import PortalPaths
from generator.scale.wiring import dossier_settings, read_catalogue


def single_process(root: Path, location: str):
    """(combined partials, as-of, problems): every file read whole, in this process."""
    paths = PortalPaths.at(root)
    settings, catalogue, _warnings = read_catalogue(paths)
    frames, problems = read_checked(list_dossier_sources(DossierSpec(paths.root, location)), check_context(catalogue))
    if any(p.is_error for p in problems):
        return None, None, problems
    calendar, _ = read_calendar(paths.root)
    partials, context = aggregate_checked(frames, catalogue, calendar, dossier_settings(settings))
    return partials, context.as_of, problems
