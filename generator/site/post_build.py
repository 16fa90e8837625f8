"""After MkDocs, before the site is published: robots.txt, sitemap dates, the theme's unused files,
whitespace, and the link check.

Runs inside the atomic block of ``portal build``: when it raises (``--strict``
and a broken link), the building folder is thrown away and the published site
stays as it was.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from ..errors import BuildFailed, Problem, Severity
from ..portal import Portal
from .. import urls
from ..changes.procedure_changes import CatalogueChanges
from .page_pass import compact_and_check
from .sitemap import remove_sitemap, set_lastmod, write_robots

def write_search_index(site_dir: Path, data: bytes) -> int:
    """Write the site's own search index (``RenderedSite.search_index``) into a built site; its size."""
    target = site_dir / urls.SEARCH_INDEX
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return len(data)


def remove_unused_theme_files(site_dir: Path) -> int:
    """Remove the theme's search scripts (:data:`generator.urls.THEME_SEARCH_ASSETS`) and the source maps under
    :data:`~generator.urls.THEME_ASSETS` (2.2 MB with Material 9.7, which no page loads); the bytes removed.
    A page that linked to one of them would be reported by the link check that follows."""
    removed = 0
    for folder in (site_dir / name for name in urls.THEME_SEARCH_ASSETS):
        if folder.is_dir() and not folder.is_symlink():
            removed += sum(os.lstat(Path(d, f)).st_size for d, _, names in os.walk(folder) for f in names)
            shutil.rmtree(folder)
    for folder, _dirs, files in os.walk(site_dir / urls.THEME_ASSETS):  # does not enter linked folders
        for name in sorted(f for f in files if f.endswith(".map")):
            source_map = Path(folder, name)
            if source_map.is_file() and not source_map.is_symlink():
                removed += source_map.stat().st_size
                source_map.unlink()
    return removed


def finish_site(site_dir: Path, portal: Portal, changes: CatalogueChanges, strict: bool, shown_as: str = "site",
                jobs: int = 1) -> list[Problem]:
    """Returns the broken internal links as warnings; with ``strict`` they fail the build instead.
    ``shown_as``: the output folder as messages name it (the site is built in a temporary folder);
    ``jobs``: how many processes compact the pages and scan their links (:mod:`.page_pass`)."""
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
    remove_unused_theme_files(site_dir)
    severity = Severity.ERROR if strict else Severity.WARNING
    # the blank lines and indentation of the theme's templates (12 % of the HTML) out, then the link check
    broken = [link.problem(shown_as, severity) for link in compact_and_check(site_dir, jobs)]
    if broken and strict:
        raise BuildFailed(broken)
    return broken
