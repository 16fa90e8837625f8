"""The seams between ``portal aggregate`` and :mod:`generator.dossiers`: contexts, problems, stored partials.

Everything the Dask path needs from the single-process path goes through here, so that the two stay one
implementation: the check and aggregation contexts are built by the dossiers package from the portal;
problems capped per piece are capped again per file, exactly as if the file had been checked whole.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Iterable

from ..dossiers import check as dossier_check
from ..errors import Problem

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


# --- contexts (until the dossiers package builds them itself) -------------------------------------

def read_catalogue(paths, strict: bool = False):
    """The portal as ``portal validate`` reads it (catalogue, settings, calendar); the dossiers are not read."""
    from ..portal import read_portal

    return read_portal(paths, strict=strict)


def contexts_of_portal(portal):
    """(CheckContext, as_of → AggregationContext) for ``portal``."""
    from ..dossiers.aggregate import AggregationContext
    from ..dossiers.working_days import read_calendar
    from ..errors import InvalidInput

    catalogue = portal.catalogue
    calendar, problems = read_calendar(portal.paths.root)
    if any(p.is_error for p in problems):
        raise InvalidInput(problems)
    check_context = dossier_check.CheckContext(frozenset(catalogue.agencies),
                                               frozenset(p.code for p in catalogue.procedures))
    limits = {p.code: (p.processing_time.days, p.processing_time.unit) for p in catalogue.procedures}
    fees = frozenset(p.code for p in catalogue.procedures if not p.is_free)

    def context_for(as_of):
        return AggregationContext(as_of, calendar, limits, fees)

    return check_context, context_for


def unreadable(source, error) -> Problem:
    return Problem(source.name, 0, 0, "dossier-unreadable", f"Không đọc được tệp hồ sơ: {error}.",
                   hint="Xuất lại tệp dạng Parquet hoặc CSV (UTF-8).")
