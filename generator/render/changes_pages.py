"""Recent changes: a page, an Atom feed, each procedure's history, and redirects from old names.

Pure: validated catalogue + git history (plain data) in, :class:`Page` objects out.

A change comes from the data (``updated`` with ``status``: amended, abolished or
simply updated on that date) and, when the portal is a git repository, from
git (the day a procedure first appeared, the days its file changed, the day its
``status`` changed). A data change and a git change of the same kind on the
same procedure are one change, dated by the data (the legal date).
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass
from typing import Iterable

from ..contract import CODE_PATTERN
from ..load.git_history import CatalogueHistory
from ..models import Catalogue, Procedure
from . import urls
from .page_plan import Page

CHANGES = urls.CHANGES
CHANGES_PAGE = f"{CHANGES}/index.md"
FEED_FILE = f"{CHANGES}/feed.xml"
PAGE_LIMIT = 200  # changes listed on the page
FEED_LIMIT = 50  # entries in the feed
HISTORY_LIMIT = 20  # changes shown on a procedure page
# Dates without a time (``updated: 2026-01-15``) are midnight in Vietnam.
PORTAL_TIMEZONE = dt.timezone(dt.timedelta(hours=7))
KINDS = ("added", "amended", "abolished", "updated")
_CODE = re.compile(CODE_PATTERN)


@dataclass(frozen=True)
class Change:
    when: dt.datetime  # timezone-aware
    kind: str  # one of KINDS
    code: str
    source: str  # "data" | "git"

    @property
    def day(self) -> dt.date:
        return self.when.astimezone(PORTAL_TIMEZONE).date()

    @property
    def rfc3339(self) -> str:
        return self.when.isoformat()


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0, 0), PORTAL_TIMEZONE)


def _kind(status: str | None) -> str:
    return status if status in ("amended", "abolished") else "updated"


def _date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _git_changes(procedure: Procedure, history: CatalogueHistory) -> list[Change]:
    """Changes from git: the day the file appeared; each ``updated:``/``status:`` edit (dated by the
    ``updated`` it wrote, else by the commit); every other commit as a plain update on its day."""
    file_changes = history.of(procedure.source)
    if not file_changes:
        return []
    changes = [Change(file_changes[0].when, "added", procedure.code, "git")]
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


def procedure_changes(procedure: Procedure, history: CatalogueHistory) -> list[Change]:
    """One procedure's changes, newest first: at most one per (day, kind); no plain update on a day with a named change."""
    changes = _git_changes(procedure, history)
    if procedure.updated is not None:
        changes.append(Change(_midnight(procedure.updated), _kind(procedure.status), procedure.code, "data"))
    named_days = {c.day for c in changes if c.kind != "updated"}
    kept: dict[tuple[dt.date, str], Change] = {}
    for change in sorted(changes, key=lambda c: (c.source != "data", c.when)):  # data first, then earliest
        if change.kind == "updated" and change.day in named_days:
            continue  # a file edit on a day that already has a named change
        kept.setdefault((change.day, change.kind), change)
    return sorted(kept.values(), key=lambda c: (c.when, -KINDS.index(c.kind)), reverse=True)


@dataclass(frozen=True)
class CatalogueChanges:
    by_code: dict[str, list[Change]]  # newest first
    recent: list[Change]  # every change, newest first

    @property
    def latest(self) -> dt.datetime | None:
        return self.recent[0].when if self.recent else None


def catalogue_changes(catalogue: Catalogue, history: CatalogueHistory) -> CatalogueChanges:
    by_code = {p.code: procedure_changes(p, history) for p in catalogue.procedures}
    recent = sorted(
        (c for changes in by_code.values() for c in changes),
        key=lambda c: (-c.when.timestamp(), c.code, KINDS.index(c.kind)),
    )
    return CatalogueChanges({code: changes[:HISTORY_LIMIT] for code, changes in by_code.items() if changes}, recent)


def _entry_id(site_url: str, site_name: str, change: Change) -> str:
    """Stable: the same change has the same id in every build (and in every later feed)."""
    key = f"{change.code}/{change.kind}/{change.day.isoformat()}"
    if site_url:
        return f"{site_url.rstrip('/')}/{urls.procedure_permalink(change.code)}#{key.replace('/', '-')}"
    return uuid.uuid5(uuid.NAMESPACE_URL, f"thutuc-portal:{site_name}:{key}").urn


def _feed_id(site_url: str, site_name: str) -> str:
    if site_url:
        return f"{site_url.rstrip('/')}/{FEED_FILE}"
    return uuid.uuid5(uuid.NAMESPACE_URL, f"thutuc-portal:{site_name}:{FEED_FILE}").urn


def _absolute(site_url: str, site_relative: str, from_url: str) -> str:
    """An absolute URL when the site's address is known, else one relative to ``from_url``."""
    if site_url:
        return f"{site_url.rstrip('/')}/{site_relative}"
    return urls.relative_url(site_relative, from_url)


def plan_change_pages(catalogue: Catalogue, changes: CatalogueChanges, site_url: str, site_name: str,
                      build_epoch: int) -> list[Page]:
    """``thay-doi/`` (the page) and ``thay-doi/feed.xml`` (Atom)."""
    procedures = catalogue.by_code
    page_items = [(c, procedures[c.code]) for c in changes.recent[:PAGE_LIMIT]]
    months: list[tuple[dt.date, list]] = []
    for change, procedure in page_items:
        month = change.day.replace(day=1)
        if not months or months[-1][0] != month:
            months.append((month, []))
        months[-1][1].append((change, procedure))

    feed_url = FEED_FILE
    feed_folder = f"{CHANGES}/"  # relative links in the feed resolve against the feed file's folder
    entries = [
        {
            "id": _entry_id(site_url, site_name, change),
            "updated": change.rfc3339,
            "kind": change.kind,
            "procedure": procedure,
            "link": _absolute(site_url, urls.procedure_url(procedure.code, procedure.name), feed_folder),
        }
        for change, procedure in page_items[:FEED_LIMIT]
    ]
    updated = changes.latest or dt.datetime.fromtimestamp(build_epoch, dt.timezone.utc)
    feed = {
        "id": _feed_id(site_url, site_name),
        "updated": updated.isoformat(),
        "self": _absolute(site_url, feed_url, feed_folder),
        "page": _absolute(site_url, feed_folder, feed_folder),
        "entries": entries,
    }
    return [
        Page(CHANGES_PAGE, "changes.md.j2", {"months": months, "total": len(changes.recent), "limit": PAGE_LIMIT}),
        Page(FEED_FILE, "changes_feed.xml.j2", {"feed": feed}),
    ]


def plan_old_name_redirects(
    catalogue: Catalogue, history: CatalogueHistory, taken: Iterable[str]
) -> list[Page]:
    """``thu-tuc/<old-code>-<old-name>/`` → the current page, for every earlier code or name git remembers.

    Never takes the place of a planned page (``taken``), and an old address that
    two procedures both had is left out (it cannot point at both)."""
    taken = set(taken)
    claims: dict[str, list[Procedure]] = {}
    for procedure in catalogue.procedures:
        old_names, old_codes = history.previous(procedure.source, "name"), history.previous(procedure.source, "code")
        if not old_names and not old_codes:
            continue
        names = {procedure.name, *old_names}
        codes = {procedure.code, *(code for code in old_codes if _CODE.match(code))}
        current = urls.procedure_url(procedure.code, procedure.name)
        addresses = {urls.procedure_url(code, name) for code in codes for name in names}
        addresses |= {urls.procedure_permalink(code) for code in codes}
        for address in addresses - {current, urls.procedure_permalink(procedure.code)}:
            claims.setdefault(address, []).append(procedure)
    pages = []
    for address, owners in sorted(claims.items()):
        path = address + "index.html"
        if len(owners) != 1 or path in taken or address.rstrip("/") + ".md" in taken:
            continue
        [procedure] = owners
        target = urls.procedure_url(procedure.code, procedure.name)
        pages.append(Page(path, "redirect.html.j2", {"target": target, "title": procedure.name}))
    return pages
