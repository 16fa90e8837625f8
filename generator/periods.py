"""Month numbers, the shared vocabulary of periods: ``YYYY-MM`` ↔ ``year × 12 + month − 1``.

Months are numbered so that spans are integer ranges (``figures/spans.py``) and a table's months
compare as integers (``validate/statistics_rules.py``). Every stage uses these, defined once here.
"""

from __future__ import annotations

import pandas as pd


def period_of(month: int) -> str:
    """Month number → ``YYYY-MM``."""
    return f"{month // 12:04d}-{month % 12 + 1:02d}"


def month_of(period: str) -> int:
    """``YYYY-MM`` → month number."""
    return int(period[:4]) * 12 + int(period[5:7]) - 1


def month_numbers(periods: pd.Series) -> pd.Series:
    """A column of checked ``YYYY-MM`` texts → their month numbers (int64), vectorised."""
    return periods.str.slice(0, 4).astype("int64") * 12 + periods.str.slice(5, 7).astype("int64") - 1
