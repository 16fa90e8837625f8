"""Recent changes: a page, an Atom feed, each procedure's history, and redirects from old names.

Pure: the changes computed before render (:mod:`generator.changes.procedure_changes`) and the
catalogue's history (plain data) in, :class:`Page` objects out. Feed ids are ``tag:`` URIs made of
the site's name, the procedure code, the kind and the day: they do not change when ``site_url`` is set.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Iterable

from ..contract import CODE_PATTERN
from ..load.git_history import CatalogueHistory
from ..models import Catalogue, Procedure
from .. import urls
from ..changes.catalogue_imports import CatalogueImport
from ..changes.procedure_changes import CatalogueChanges, Item
from .page_plan import Page

CHANGES = urls.CHANGES
CHANGES_PAGE = f"{CHANGES}/index.md"
FEED_FILE = f"{CHANGES}/feed.xml"
PAGE_LIMIT = 200  # changes listed on the page
FEED_LIMIT = 50  # entries in the feed
TAG = "tag:thutuc-portal,2026:"  # RFC 4151; the rest names the portal and the change
_CODE = re.compile(CODE_PATTERN)


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
