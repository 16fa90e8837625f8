"""Month numbers, the shared vocabulary of periods: ``YYYY-MM`` ↔ ``year × 12 + month − 1``.

Months are numbered so that spans are integer ranges (``figures/spans.py``) and a table's months
compare as integers (``validate/statistics_rules.py``). Every stage uses these, defined once here.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def period_of(month: int) -> str:
    """Month number → ``YYYY-MM``."""
    return f"{month // 12:04d}-{month % 12 + 1:02d}"


def month_of(period: str) -> int:
    """``YYYY-MM`` → month number."""
    return int(period[:4]) * 12 + int(period[5:7]) - 1


def month_numbers(periods: pd.Series) -> pd.Series:
    """A column of checked ``YYYY-MM`` texts → their month numbers (int64), vectorised: each distinct
    period converted once (a million rows have a few dozen; slicing every text made two text columns)."""
    codes, distinct = pd.factorize(periods)
    numbers = np.array([int(p[:4]) * 12 + int(p[5:7]) - 1 for p in distinct], dtype=np.int64)
    return pd.Series(numbers[codes], index=periods.index)
