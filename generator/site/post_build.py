"""After MkDocs, before the site is published: robots.txt, sitemap dates, and the link check.

Runs inside the atomic block of ``portal build``: when it raises (``--strict``
and a broken link), the building folder is thrown away and the published site
stays as it was.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import BuildFailed
from ..portal import Portal
from ..render import urls
from ..render.changes_pages import catalogue_changes
from .link_check import check_links
from .sitemap import remove_sitemap, set_lastmod, write_robots

SHOWN_BROKEN_LINKS = 50


def finish_site(site_dir: Path, portal: Portal, strict: bool) -> list[str]:
    """Returns the broken internal links as warnings; with ``strict`` they fail the build instead."""
    write_robots(site_dir, portal.settings.url)
    if portal.settings.url:
        base = portal.settings.url.rstrip("/") + "/"
        changes = catalogue_changes(portal.catalogue, portal.history).by_code
        lastmod = {
            base + urls.procedure_url(p.code, p.name): changes[p.code][0].day
            for p in portal.catalogue.procedures if changes.get(p.code)
        }
        set_lastmod(site_dir, lastmod)
    else:
        remove_sitemap(site_dir)
    broken = [link.format() for link in check_links(site_dir)]
    if broken and strict:
        shown = "\n".join(f"  - {line}" for line in broken[:SHOWN_BROKEN_LINKS])
        more = f"\n  … và {len(broken) - SHOWN_BROKEN_LINKS} liên kết khác" if len(broken) > SHOWN_BROKEN_LINKS else ""
        raise BuildFailed(f"Trang dựng ra có {len(broken)} liên kết nội bộ hỏng (--strict):\n{shown}{more}")
    return broken
