"""Read and validate a whole portal: the first two stages of every command.

Everything is read and checked before anything is written; all problems are
collected and raised once as :class:`~generator.errors.InvalidInput`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Callable

from .build_date import build_day
from .config import SiteSettings
from .validate.settings import read_settings
from .dossiers.of_portal import PortalDossiers
from .dossiers.pipeline import DossierSettings
from .errors import InvalidInput, Problem
from .load.catalogue_files import ParseFile, parse_catalogue_file, read_catalogue
from .load.git_history import CatalogueHistory, read_history
from .load.content_pages import ContentFile, read_content
from .load.safe_files import walk_files
from .load.statistics_files import ReadTable, read_statistics_file, read_statistics_files
from .models import Catalogue
from .paths import PortalPaths
from .site.own_folders import own_folder_problems
from .scale.stored import stored_or_read
from .validate.catalogue import CheckProcedure, check_procedure, validate_catalogue
from .validate.content_front_matter import front_matter_problems
from .validate.statistics_rules import StatisticsRows, validate_statistics
from .validate.ui_strings import check_ui_strings


@dataclass(frozen=True)
class LoadStages:
    """The units of work of load + validate, as :func:`read_portal` calls them. ``portal build`` and
    ``portal validate`` use these functions as they are; ``portal serve`` hands in versions that
    remember their results while their inputs stay the same (``generator/preview/memo.py``)."""

    parse_catalogue_file: ParseFile = parse_catalogue_file  # one agency or procedure file
    check_procedure: CheckProcedure = check_procedure  # one parsed procedure file → Procedure
    read_statistics_file: ReadTable = read_statistics_file  # one CSV or Excel file
    validate_statistics: Callable = validate_statistics  # (tables, agency ids, codes, today) → rows, problems
    read_dossiers: Callable = stored_or_read  # the dossier figures (scale/stored.py)


@dataclass(frozen=True)
class Portal:
    paths: PortalPaths
    settings: SiteSettings
    catalogue: Catalogue
    content: list[ContentFile]
    warnings: list[Problem] = field(default_factory=list)
    statistics: StatisticsRows | None = None  # None: the portal has no statistics/ files
    dossiers: PortalDossiers | None = None  # None: no dossier records (dossiers/ or --dossiers)

    @cached_property
    def history(self) -> CatalogueHistory:
        """The catalogue's git history, read on first use (``portal validate`` never needs it); empty without git."""
        return read_history(self.paths.root)


def read_portal(paths: PortalPaths, strict: bool = False, dossiers: str | None = None, aggregates: str | None = None,
                stages: LoadStages = LoadStages()) -> Portal:
    """Load → validate. With ``strict``, warnings count as errors. ``stages``: see :class:`LoadStages`."""
    settings, problems = read_settings(paths)
    if settings is not None:  # the UI language and its strings file (a bad override is a Problem, not a traceback)
        problems += check_ui_strings(paths, settings.portal.locale, settings.theme_language)
    raw, load_problems = read_catalogue(paths, stages.parse_catalogue_file)
    catalogue, rule_problems = validate_catalogue(raw, stages.check_procedure)
    content, content_problems = read_content(paths)
    content_problems += front_matter_problems(paths, content)
    tables, table_problems = read_statistics_files(paths, stages.read_statistics_file)
    # codes and ids as written, so that a procedure file with an error does not also fail its statistics rows
    agency_ids = {parsed.agency_id for parsed in raw.agencies}
    codes = {str(parsed.data["code"]) for parsed in raw.procedures if isinstance(parsed.data.get("code"), str)}
    today = build_day(paths.root) if tables else None  # the latest month allowed is the next one
    statistics, statistics_problems = stages.validate_statistics(tables, agency_ids, codes, today)
    problems += load_problems + rule_problems + content_problems + table_problems + statistics_problems
    walk_files(paths.root, paths.template_overrides, problems)  # templates and theme: no link out of the portal
    problems += own_folder_problems(paths)  # what the build writes into must be the generator's own folders
    portal_dossiers = None
    if not any(p.is_error for p in load_problems + rule_problems):  # dossiers are checked against a valid catalogue
        limits = settings.portal if settings else None
        dossier_settings = DossierSettings(limits.min_dossiers_quantile, limits.min_dossiers_share) if limits else DossierSettings()
        reported = statistics.rows if tables and not statistics.empty else None
        # the records (--dossiers, dossiers/) or the counts `portal aggregate` stored (generator/scale/stored.py)
        portal_dossiers, dossier_problems = stages.read_dossiers(paths, catalogue, dossier_settings, reported,
                                                               statistics.files if tables else (), dossiers, aggregates)
        problems += dossier_problems

    errors = [p for p in problems if p.is_error or strict]
    if errors or settings is None:
        raise InvalidInput(problems)
    warnings = [p for p in problems if not p.is_error]
    return Portal(paths, settings, catalogue, content, warnings, statistics if tables else None, portal_dossiers)
