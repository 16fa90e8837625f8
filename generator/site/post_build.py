"""After MkDocs, before the site is published: robots.txt, sitemap dates, and the link check.

Runs inside the atomic block of ``portal build``: when it raises (``--strict``
and a broken link), the building folder is thrown away and the published site
stays as it was.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import BuildFailed, Problem, Severity
from ..portal import Portal
from .. import urls
from ..changes.procedure_changes import CatalogueChanges
from .link_check import check_links
from .sitemap import remove_sitemap, set_lastmod, write_robots

def write_search_index(site_dir: Path, data: bytes) -> int:
    """Write the site's own search index (``RenderedSite.search_index``) into a built site; its size."""
    target = site_dir / urls.SEARCH_INDEX
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return len(data)


def finish_site(site_dir: Path, portal: Portal, changes: CatalogueChanges, strict: bool, shown_as: str = "site") -> list[Problem]:
    """Returns the broken internal links as warnings; with ``strict`` they fail the build instead.
    ``shown_as``: the output folder as messages name it (the site is built in a temporary folder)."""
    write_robots(site_dir, portal.settings.url)
    if portal.settings.url:
        base = portal.settings.url.rstrip("/") + "/"
        lastmod = {
            base + urls.procedure_url(p.code, p.name): changes.by_code[p.code][0].day
            for p in portal.catalogue.procedures if changes.by_code.get(p.code)
        }
        set_lastmod(site_dir, lastmod)
    else:
        remove_sitemap(site_dir)
    severity = Severity.ERROR if strict else Severity.WARNING
    broken = [link.problem(shown_as, severity) for link in check_links(site_dir)]
    if broken and strict:
        raise BuildFailed(broken)
    return broken
