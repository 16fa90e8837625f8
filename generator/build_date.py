"""The build date: one notion of "today" for every stage.

``SOURCE_DATE_EPOCH`` when set (reproducible builds; tests set it), else the
time of the portal's last git commit. Those two always agree between
``portal validate`` and ``portal build`` of one commit. Without either, the
output's dates fall back to the data's own date (:func:`generator.site.sitemap.data_epoch`,
so that a copy without git still builds byte-identically) while validation
falls back to the clock: the statistics' latest allowed month must not depend
on how recently an editor changed an ``updated`` date.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Callable

from .load.git_history import last_commit_time
from .models import Catalogue

VIETNAM = dt.timezone(dt.timedelta(hours=7))
FALLBACK_EPOCH = 946684800  # 2000-01-01T00:00:00Z: the date of a portal with no commit and no dated procedure


def recorded_epoch(root: Path) -> int | None:
    """``SOURCE_DATE_EPOCH`` from the environment, else the last commit's time, else None."""
    given = os.environ.get("SOURCE_DATE_EPOCH", "")
    if given.isdigit():
        return int(given)
    return last_commit_time(root)


def build_day(root: Path, clock: Callable[[], dt.date] | None = None) -> dt.date:
    """The build date in Vietnam time: the recorded epoch, else ``clock()`` (default: today in Vietnam)."""
    epoch = recorded_epoch(root)
    if epoch is not None:
        return dt.datetime.fromtimestamp(epoch, VIETNAM).date()
    return clock() if clock else dt.datetime.now(VIETNAM).date()


def data_epoch(catalogue: Catalogue) -> int:
    """Midnight (Vietnam time) of the newest ``updated`` date, or the fixed fallback."""
    dates = [p.updated for p in catalogue.procedures if p.updated]
    if not dates:
        return FALLBACK_EPOCH
    return int(dt.datetime.combine(max(dates), dt.time(0, 0), VIETNAM).timestamp())


def build_epoch(root: Path, catalogue: Catalogue) -> int:
    """The output's date (``SOURCE_DATE_EPOCH`` of the engine): the recorded epoch, else the data's own date,
    so that a copy without git still builds byte-identically."""
    return recorded_epoch(root) or data_epoch(catalogue)
