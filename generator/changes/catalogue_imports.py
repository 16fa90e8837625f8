"""Bulk imports and announcement dates: what the change feed says instead of "new" for everything.

* A commit that adds :data:`IMPORT_MIN_FILES` or more procedure files at once is the
  import of (part of) a catalogue: one change for the catalogue ("59 procedures put on
  the portal"), not one "newly announced" per procedure dated by the commit.
* A procedure's own announcement date is the date of the decision that announced it,
  written in ``announced_by`` as Vietnamese decisions are cited
  ("Quyết định số 1234/QĐ-UBND ngày 15/3/2024 …").

Pure: the validated catalogue and the git history (plain data) in, plain data out.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass

from ..build_date import VIETNAM as PORTAL_TIMEZONE
from ..load.git_history import CatalogueHistory
from ..models import Catalogue, Procedure

IMPORT_MIN_FILES = 10
_DECISION_DATE = re.compile(r"\bngày\s+(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\b", re.IGNORECASE)


class Dated:
    """Something that happened at ``when`` (timezone-aware): its day in Vietnam, and its RFC 3339 time."""

    when: dt.datetime

    @property
    def day(self) -> dt.date:
        return self.when.astimezone(PORTAL_TIMEZONE).date()

    @property
    def rfc3339(self) -> str:
        return self.when.isoformat()


@dataclass(frozen=True)
class CatalogueImport(Dated):
    """One commit that put many procedures on the portal at once."""

    when: dt.datetime  # the commit's date (timezone-aware)
    commit: str
    count: int  # procedures of today's catalogue first added by this commit
    kind: str = "imported"
    code: str = ""


def import_commits(catalogue: Catalogue, history: CatalogueHistory) -> dict[str, CatalogueImport]:
    """Commits that first added at least :data:`IMPORT_MIN_FILES` of today's procedure files, by hash."""
    firsts = [history.of(p.source)[0] for p in catalogue.procedures if history.of(p.source)]
    counts = Counter(change.commit for change in firsts)
    when = {change.commit: change.when for change in firsts}
    return {commit: CatalogueImport(when[commit], commit, count)
            for commit, count in counts.items() if count >= IMPORT_MIN_FILES}


def announced_on(procedure: Procedure) -> dt.date | None:
    """The date of the announcing decision, from ``announced_by`` (``… ngày 15/3/2024 …``), if it gives one."""
    match = _DECISION_DATE.search(procedure.announced_by or "")
    if not match:
        return None
    day, month, year = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
