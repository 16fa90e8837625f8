"""Periods the figures are computed for: each month, quarter and year, and the last 12 months.

Months are numbered ``year × 12 + month − 1`` so that spans are integer ranges.
A span is clamped to the months the data covers: the year 2026 whose data
stops in October is January–October 2026 (``complete`` is False), and its
pending dossiers are those at the end of October.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..periods import month_of, period_of  # noqa: F401 - month_of: part of this module's vocabulary

MONTH, QUARTER, YEAR, LAST_12 = "month", "quarter", "year", "last12"
SPAN_KINDS = (MONTH, QUARTER, YEAR, LAST_12)
LAST_12_KEY = "12-thang-gan-nhat"


@dataclass(frozen=True)
class Span:
    kind: str  # month | quarter | year | last12
    key: str  # "2025-06" | "2025-q2" | "2025" | "12-thang-gan-nhat": stable, used in URLs and open data
    first: int  # first month with data in the span (month number)
    last: int  # last month with data in the span
    complete: bool  # the whole calendar span lies inside the data

    @property
    def first_period(self) -> str:
        return period_of(self.first)

    @property
    def last_period(self) -> str:
        return period_of(self.last)

    @property
    def months(self) -> int:
        return self.last - self.first + 1

    @property
    def year(self) -> int:
        return self.last // 12

    @property
    def quarter(self) -> int:
        return (self.last % 12) // 3 + 1

    @property
    def month_in_year(self) -> int:
        return self.last % 12 + 1


def _clamped(kind: str, key: str, start: int, end: int, first_data: int, last_data: int) -> Span | None:
    first, last = max(start, first_data), min(end, last_data)
    if first > last:
        return None
    return Span(kind, key, first, last, start >= first_data and end <= last_data)


def spans_between(first_data: int, last_data: int) -> list[Span]:
    """Every month, quarter and year touching ``first_data..last_data``, then the last 12 months."""
    spans: list[Span] = []
    for month in range(first_data, last_data + 1):
        spans.append(Span(MONTH, period_of(month), month, month, True))
    first_quarter, last_quarter = first_data // 3, last_data // 3
    for quarter in range(first_quarter, last_quarter + 1):
        year, index = divmod(quarter, 4)
        span = _clamped(QUARTER, f"{year}-q{index + 1}", quarter * 3, quarter * 3 + 2, first_data, last_data)
        if span:
            spans.append(span)
    for year in range(first_data // 12, last_data // 12 + 1):
        span = _clamped(YEAR, str(year), year * 12, year * 12 + 11, first_data, last_data)
        if span:
            spans.append(span)
    span = _clamped(LAST_12, LAST_12_KEY, last_data - 11, last_data, first_data, last_data)
    if span:
        spans.append(span)
    return spans
