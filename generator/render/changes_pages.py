"""Recent changes: a page, an Atom feed, each procedure's history, and redirects from old names.

Pure: validated catalogue + git history (plain data) in, :class:`Page` objects out.

A change comes from the data (``updated`` with ``status``: amended, abolished or
simply updated on that date; the announcing decision's date in ``announced_by``)
and, when the portal is a git repository, from git (the day a procedure first
appeared, the days its file changed, the day its ``status`` changed). A data change
and a git change of the same kind on the same procedure are one change, dated by
the data (the legal date). A commit that adds many procedures at once (the first
import of a catalogue) is one change of the catalogue, not one "new" per procedure
(:mod:`.catalogue_imports`). Feed ids are ``tag:`` URIs made of the site's name, the
procedure code, the kind and the day: they do not change when ``site_url`` is set.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Iterable, Union

from ..contract import CODE_PATTERN
from ..load.git_history import CatalogueHistory
from ..models import Catalogue, Procedure
from .. import urls
from .catalogue_imports import PORTAL_TIMEZONE, CatalogueImport, Dated, announced_on, import_commits
from .page_plan import Page

CHANGES = urls.CHANGES
CHANGES_PAGE = f"{CHANGES}/index.md"
FEED_FILE = f"{CHANGES}/feed.xml"
PAGE_LIMIT = 200  # changes listed on the page
FEED_LIMIT = 50  # entries in the feed
HISTORY_LIMIT = 20  # changes shown on a procedure page
KINDS = ("added", "amended", "abolished", "updated")
TAG = "tag:thutuc-portal,2026:"  # RFC 4151; the rest names the portal and the change
_CODE = re.compile(CODE_PATTERN)


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
    imports = import_commits(catalogue, history)
    skipped = frozenset(imports)
    by_code = {p.code: procedure_changes(p, history, skipped) for p in catalogue.procedures}
    recent = sorted(
        (c for changes in by_code.values() for c in changes),
        key=lambda c: (-c.when.timestamp(), c.code, KINDS.index(c.kind)),
    )
    return CatalogueChanges({code: changes[:HISTORY_LIMIT] for code, changes in by_code.items() if changes}, recent,
                            sorted(imports.values(), key=lambda i: i.when, reverse=True))


def _portal_tag(site_name: str) -> str:
    return TAG + (urls.text_slug(site_name, max_length=80) or "portal")


def _entry_id(site_name: str, change: Item) -> str:
    """Stable: the same change has the same id in every build and every later feed, with or without
    ``site_url``: ``tag:thutuc-portal,2026:<site>:<code>:<kind>:<day>`` (an import: ``…:import:<commit>``)."""
    if isinstance(change, CatalogueImport):
        return f"{_portal_tag(site_name)}:import:{change.commit[:12]}"
    return f"{_portal_tag(site_name)}:{change.code}:{change.kind}:{change.day.isoformat()}"


def _feed_id(site_name: str) -> str:
    return f"{_portal_tag(site_name)}:feed"


def _absolute(site_url: str, site_relative: str, from_url: str) -> str:
    """An absolute URL when the site's address is known, else one relative to ``from_url``."""
    if site_url:
        return f"{site_url.rstrip('/')}/{site_relative}"
    return urls.relative_url(site_relative, from_url)


def plan_change_pages(catalogue: Catalogue, changes: CatalogueChanges, site_url: str, site_name: str,
                      build_epoch: int) -> list[Page]:
    """``thay-doi/`` (the page) and ``thay-doi/feed.xml`` (Atom)."""
    procedures = catalogue.by_code
    page_items = [(c, procedures.get(c.code)) for c in changes.items[:PAGE_LIMIT]]
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
            "id": _entry_id(site_name, change),
            "updated": change.rfc3339,
            "kind": change.kind,
            "procedure": procedure,
            "count": getattr(change, "count", 0),
            "link": _absolute(site_url, urls.procedure_url(procedure.code, procedure.name) if procedure
                              else f"{urls.PROCEDURES}/", feed_folder),
        }
        for change, procedure in page_items[:FEED_LIMIT]
    ]
    updated = changes.latest or dt.datetime.fromtimestamp(build_epoch, dt.timezone.utc)
    feed = {
        "id": _feed_id(site_name),
        "updated": updated.isoformat(),
        "self": _absolute(site_url, feed_url, feed_folder),
        "page": _absolute(site_url, feed_folder, feed_folder),
        "entries": entries,
    }
    return [
        Page(CHANGES_PAGE, "changes.md.j2", {"months": months, "total": len(changes.items), "limit": PAGE_LIMIT}),
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
