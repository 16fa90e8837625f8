"""Dossier records of a portal, as ``read_portal`` loads them: calendar, sources, checks, partial counts.

``ROOT/dossiers/`` (or ``--dossiers PATH``) and ``ROOT/calendar.yaml``. Errors abort the build like any other
input error; the reconciliation with committed monthly rows gives warnings.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..errors import Problem
from ..models import Catalogue
from ..paths import PortalPaths
from .aggregate import AggregationContext, DossierPartials
from .finish import DossierFigures, finish
from .pipeline import DossierSettings, aggregate_checked, check_context, read_checked, source_not_found
from .read import DossierSpec, list_dossier_sources
from .reconcile import compare_rows, difference_warnings, replaced_totals
from .working_days import read_calendar


@dataclass(frozen=True, eq=False)
class PortalDossiers:
    """What the statistics stage needs: the combined counts, their context, the figures of the dossiers' own months."""

    partials: DossierPartials
    context: AggregationContext
    figures: DossierFigures
    sources: tuple[str, ...]
    comparison: pd.DataFrame  # reported vs computed (see reconcile.compare_rows)


def read_dossiers(paths: PortalPaths, catalogue: Catalogue, settings: DossierSettings, reported: pd.DataFrame | None,
                  reported_files: tuple[str, ...] = (), location: str | None = None) -> tuple[PortalDossiers | None, list[Problem]]:
    calendar, problems = read_calendar(paths.root)
    sources = list_dossier_sources(DossierSpec(paths.root, location))
    if not sources:
        return None, problems + ([source_not_found(location)] if location else [])
    frames, found = read_checked(sources, check_context(catalogue))
    problems += found
    combined = None if any(p.is_error for p in problems) else aggregate_checked(frames, catalogue, calendar, settings)
    del frames
    if combined is None:
        return None, problems
    partials, ctx = combined
    figures = finish(partials, ctx)
    names = [s.name for s in sources]
    reported = reported if reported is not None else figures.rows.iloc[0:0]
    comparison = compare_rows(reported, figures.rows)
    problems += difference_warnings(comparison, reported_files, names)
    problems += replaced_totals(reported, figures.rows, reported_files)
    return PortalDossiers(partials, ctx, figures, tuple(names), comparison), problems
