"""The seams between ``portal aggregate`` and :mod:`generator.dossiers`: contexts, problems, stored partials.

Everything the Dask path needs from the single-process path goes through here, so that the two stay one
implementation: the check and aggregation contexts are built by the dossiers package from the portal;
problems capped per piece are capped again per file, exactly as if the file had been checked whole.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Iterable

from ..config import SiteSettings
from ..validate.settings import read_settings
from ..dossiers import check as dossier_check
from ..dossiers import pipeline
from ..dossiers.pipeline import DossierSettings
from ..dossiers.read import DossierSource
from ..dossiers.working_days import read_calendar
from ..errors import InvalidInput, Problem
from ..load.catalogue_files import read_catalogue as load_catalogue
from ..models import Catalogue
from ..paths import PortalPaths
from ..validate.catalogue import validate_catalogue

_MORE = re.compile(r"^… và (\d+) ")


def _more(problem: Problem) -> int | None:
    """How many further rows a "… and N more" line stands for; None for a problem of one row."""
    match = _MORE.match(problem.message) if problem.line == 0 else None
    return int(match.group(1)) if match else None


def recap(problems: Iterable[Problem]) -> list[Problem]:
    """Problems of many pieces → at most ``MAX_PER_KIND`` rows per (file, code, column), then one "… and N more".

    Each piece was capped on its own; a file of several pieces gets the rows with the lowest numbers and one
    count of the rest, the same problems as ``check_dossiers`` gives for the whole file. Repeats (a missing
    column found in every row group of a file) are said once."""
    limit = dossier_check.MAX_PER_KIND
    groups: dict[tuple, list[Problem]] = defaultdict(list)
    for problem in dict.fromkeys(problems):  # drops exact repeats, keeps the order
        groups[(problem.file, problem.code, problem.field, problem.severity)].append(problem)
    kept: list[Problem] = []
    for group in groups.values():
        summaries = [p for p in group if _more(p) is not None]
        rows = sorted((p for p in group if _more(p) is None), key=lambda p: (p.line, p.column, p.message))
        extra = sum(_more(p) for p in summaries) + max(0, len(rows) - limit)
        kept += rows[:limit]
        if extra and summaries:
            template = summaries[0]
            kept.append(Problem(template.file, 0, 0, template.code, _MORE.sub(f"… và {extra} ", template.message, 1),
                                template.field, template.hint, template.severity))
        elif extra:  # more than the cap over several pieces, none of which was capped itself
            kept.append(Problem(group[0].file, 0, 0, group[0].code, _more_message(group[0], extra),
                                group[0].field, "Sửa các dòng đã nêu rồi chạy lại để xem tiếp.", group[0].severity))
    return kept


def _more_message(problem: Problem, extra: int) -> str:
    from ..dossiers.columns import labelled

    word = "hàng" if problem.file.lower().endswith((".parquet", ".pq")) else "dòng"
    return f"… và {extra} {word} khác có cùng lỗi [{problem.code}] ở cột {labelled(problem.field)}."


# --- contexts ------------------------------------------------------------------------------------

def read_catalogue(paths: PortalPaths, strict: bool = False) -> tuple[SiteSettings, Catalogue, list[Problem]]:
    """Settings and catalogue, validated as ``portal validate`` does (the dossiers and statistics are not read)."""
    settings, problems = read_settings(paths)
    raw, load_problems = load_catalogue(paths)
    catalogue, rule_problems = validate_catalogue(raw)
    problems += load_problems + rule_problems
    if settings is None or any(p.is_error or strict for p in problems):
        raise InvalidInput(problems)
    return settings, catalogue, problems


def dossier_settings(settings: SiteSettings) -> DossierSettings:
    return DossierSettings(settings.portal.min_dossiers_quantile, settings.portal.min_dossiers_share)


def contexts(paths: PortalPaths, settings: SiteSettings, catalogue: Catalogue):
    """(CheckContext, as_of → AggregationContext), built by the dossiers package; the calendar checked first."""
    calendar, problems = read_calendar(paths.root)
    if any(p.is_error for p in problems):
        raise InvalidInput(problems)
    check_context = pipeline.check_context(catalogue)
    return check_context, lambda as_of: pipeline.aggregation_context(catalogue, calendar, as_of, dossier_settings(settings))


def unreadable(source: DossierSource, error: Exception) -> Problem:
    return pipeline._unreadable(source, str(error))
