"""Compute stage: what changed in the catalogue, from the data and its git history.

A change comes from the data (``updated`` with ``status``: amended, abolished or
simply updated on that date; the announcing decision's date in ``announced_by``)
and, when the portal is a git repository, from git (the day a procedure first
appeared, the days its file changed, the day its ``status`` changed). A data change
and a git change of the same kind on the same procedure are one change, dated by
the data (the legal date). A commit that adds many procedures at once (the first
import of a catalogue) is one change of the catalogue, not one "new" per procedure
(:mod:`.catalogue_imports`).

:func:`catalogue_changes` runs once per build, before render (``pipeline.compute``); the change
pages, the feed, each procedure's history and the sitemap dates are written from its result.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Union

from ..load.git_history import CatalogueHistory
from ..models import Catalogue, Procedure
from .catalogue_imports import PORTAL_TIMEZONE, CatalogueImport, Dated, announced_on, import_commits

HISTORY_LIMIT = 20  # changes shown on a procedure page
KINDS = ("added", "amended", "abolished", "updated")


@dataclass(frozen=True)
class Change(Dated):
    when: dt.datetime  # timezone-aware
    kind: str  # one of KINDS
    code: str
    source: str  # "data" | "git"


def _midnight(day: dt.date) -> dt.datetime:
    """Dates without a time (``updated: 2026-01-15``) are midnight in Vietnam."""
    return dt.datetime.combine(day, dt.time(0, 0), PORTAL_TIMEZONE)


def _kind(status: str | None) -> str:
    return status if status in ("amended", "abolished") else "updated"


def _date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _git_changes(procedure: Procedure, history: CatalogueHistory, imports: frozenset[str] = frozenset()) -> list[Change]:
    """Changes from git: the day the file appeared (unless a bulk import in ``imports`` added it); each
    ``updated:``/``status:`` edit (dated by the ``updated`` it wrote, else by the commit); every other
    commit as a plain update on its day."""
    file_changes = history.of(procedure.source)
    if not file_changes:
        return []
    changes = [] if file_changes[0].commit in imports else [Change(file_changes[0].when, "added", procedure.code, "git")]
    values = history.values.get(procedure.source, [])
    status_edits = [v for v in values if v.field == "status"]
    status = status_edits[0].old if status_edits else procedure.status  # the status before the first edit
    explained: set[str] = set()
    by_commit: dict[str, dict[str, str | None]] = {}
    when_of: dict[str, dt.datetime] = {}
    for value in values:
        by_commit.setdefault(value.commit, {})[value.field] = value.new
        when_of[value.commit] = value.when
    for commit, fields in by_commit.items():  # oldest first
        if "status" in fields:
            status = fields["status"]
        day = _date(fields.get("updated"))
        if day is not None:
            changes.append(Change(_midnight(day), _kind(status), procedure.code, "data"))
        elif "status" in fields and _kind(status) != "updated":
            changes.append(Change(when_of[commit], _kind(status), procedure.code, "git"))
        else:
            continue
        explained.add(commit)
    for change in file_changes[1:]:
        if change.commit not in explained:
            changes.append(Change(change.when, "updated", procedure.code, "git"))
    return changes


def procedure_changes(procedure: Procedure, history: CatalogueHistory, imports: frozenset[str] = frozenset()) -> list[Change]:
    """One procedure's changes, newest first: at most one per (day, kind); no plain update on a day with a
    named change; announced on the decision's date when ``announced_by`` gives one (else when git saw it)."""
    changes = _git_changes(procedure, history, imports)
    announced = announced_on(procedure)
    if announced is not None:
        changes = [c for c in changes if c.kind != "added"]
        changes.append(Change(_midnight(announced), "added", procedure.code, "data"))
    if procedure.updated is not None:
        changes.append(Change(_midnight(procedure.updated), _kind(procedure.status), procedure.code, "data"))
    named_days = {c.day for c in changes if c.kind != "updated"}
    kept: dict[tuple[dt.date, str], Change] = {}
    for change in sorted(changes, key=lambda c: (c.source != "data", c.when)):  # data first, then earliest
        if change.kind == "updated" and change.day in named_days:
            continue  # a file edit on a day that already has a named change
        kept.setdefault((change.day, change.kind), change)
    return sorted(kept.values(), key=lambda c: (c.when, -KINDS.index(c.kind)), reverse=True)


Item = Union[Change, CatalogueImport]


@dataclass(frozen=True)
class CatalogueChanges:
    by_code: dict[str, list[Change]]  # newest first
    recent: list[Change]  # every change of a procedure, newest first
    imports: list[CatalogueImport] = field(default_factory=list)  # bulk imports, newest first

    @property
    def items(self) -> list[Item]:
        """Procedure changes and catalogue imports together, newest first (the page and the feed)."""
        return sorted([*self.recent, *self.imports],
                      key=lambda c: (-c.when.timestamp(), c.code, KINDS.index(c.kind) if c.kind in KINDS else -1))

    @property
    def latest(self) -> dt.datetime | None:
        items = self.items
        return items[0].when if items else None


def catalogue_changes(catalogue: Catalogue, history: CatalogueHistory) -> CatalogueChanges:
    """Every procedure's changes (at most ``HISTORY_LIMIT`` each), all changes newest first, and the bulk
    imports, from the validated catalogue and the git history read by load."""
    imports = import_commits(catalogue, history)
    skipped = frozenset(imports)
    by_code = {p.code: procedure_changes(p, history, skipped) for p in catalogue.procedures}
    recent = sorted(
        (c for changes in by_code.values() for c in changes),
        key=lambda c: (-c.when.timestamp(), c.code, KINDS.index(c.kind)),
    )
    return CatalogueChanges({code: changes[:HISTORY_LIMIT] for code, changes in by_code.items() if changes}, recent,
                            sorted(imports.values(), key=lambda i: i.when, reverse=True))
