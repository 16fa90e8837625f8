"""Agency rankings: by on-time rate and by overdue dossiers, never a misleading 100 % from two dossiers.

An agency that resolved fewer than ``min_resolved`` dossiers in the span is
listed with its figures but not ranked (``rank`` is None, ``too_few`` True):
its rate is shown, flagged as standing on too few dossiers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable

from ..collation import sort_key
from .published import SpanFigures

NameOf = Callable[[str], str]


def _by_id(agency_id: str) -> str:
    return agency_id


@dataclass(frozen=True)
class RankedAgency:
    agency_id: str
    figures: SpanFigures
    rank: int | None  # 1 = best; ties share a rank (1, 2, 2, 4); None = not ranked
    too_few: bool = False


def _competition_ranks(values: list[tuple]) -> list[int]:
    ranks, previous = [], None
    for position, value in enumerate(values, start=1):
        ranks.append(ranks[-1] if value == previous else position)
        previous = value
    return ranks


def rank_by_on_time(agency_figures: Iterable[SpanFigures], min_resolved: int, name_of: NameOf = _by_id) -> list[RankedAgency]:
    """Best on-time rate first; ties by more resolved dossiers, then by name in Vietnamese order;
    agencies below the minimum listed after."""
    figures = list(agency_figures)
    rankable = sorted((f for f in figures if f.resolved >= min_resolved),
                      key=lambda f: (-(f.on_time_rate or 0.0), -f.resolved, sort_key(name_of(f.key)), f.key))
    ranks = _competition_ranks([(round(f.on_time_rate or 0.0, 6),) for f in rankable])
    result = [RankedAgency(f.key, f, rank) for f, rank in zip(rankable, ranks)]
    too_few = sorted((f for f in figures if f.resolved < min_resolved), key=lambda f: (-f.resolved, sort_key(name_of(f.key)), f.key))
    return result + [RankedAgency(f.key, f, None, True) for f in too_few]


def rank_by_overdue(agency_figures: Iterable[SpanFigures], name_of: NameOf = _by_id) -> list[RankedAgency]:
    """Most overdue dossiers first (a count, so every agency is ranked; ties: more received, then name);
    agencies with none are left out."""
    with_overdue = sorted((f for f in agency_figures if f.overdue > 0),
                          key=lambda f: (-f.overdue, -f.received, sort_key(name_of(f.key)), f.key))
    ranks = _competition_ranks([(f.overdue,) for f in with_overdue])
    return [RankedAgency(f.key, f, rank) for f, rank in zip(with_overdue, ranks)]
