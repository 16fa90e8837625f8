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

VIETNAM = dt.timezone(dt.timedelta(hours=7))


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
