"""One restage of ``portal serve``: the same stages as ``portal build`` (remembering), then the staged folder.

When the data is invalid, the staged site is a single page listing every problem (file, line, message)
instead of a stale site; it recovers as soon as the files are fixed.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time

from ..errors import Problem, ProblemsFound
from ..paths import SHIPPED_THEME, PortalPaths
from ..portal import Portal
from ..render.problems_page import problems_page
from ..site.staging import stage, staged_config, theme_files
from .memo import MemoisedStages

# Held while the watcher restages and while MkDocs builds: a dirty build that saw a page unchanged when
# reading pages and changed when writing them would fail (Material's search gets a page without content).
STAGING = threading.Lock()


class Preview:
    """State kept between restages: the remembering stages, the portal last staged (None while its data is
    invalid; the builder writes its search index), the staged pages by path (``staging.sync_tree``) and the
    digest of the last staged layout (config and theme)."""

    def __init__(self) -> None:
        self.memo = MemoisedStages()
        self.portal: Portal | None = None
        self.editor_pages: dict[str, str] = {}  # RenderedSite.editor_pages: the builder sanitises them
        self.search_index = b""  # RenderedSite.search_index: the builder writes it
        self.staged: dict[str, object] = {}
        self.layout: bytes | None = None
        self.layout_changed = False  # since the dev server's last build (it then renders its 404 page again)


def restage(paths: PortalPaths, preview: Preview | None = None) -> list[Problem]:
    """Validate and stage the portal; on invalid data stage the problems page. Returns the problems.

    When the config or the theme changed since the previous restage, every staged page is touched:
    MkDocs' dirty build then rebuilds them all (their look changed even though their Markdown did not)."""
    preview = preview or Preview()
    theme = theme_files([paths.template_overrides / "theme", SHIPPED_THEME], paths.root)
    try:
        prepared = preview.memo.prepare_site(paths)  # the same stages as portal build
    except ProblemsFound as exc:  # invalid data, or a template that fails: the problems page
        preview.portal, preview.editor_pages = None, {}
        config = staged_config(paths, None, False)
        stage(paths, {"index.md": problems_page(exc.problems)}, theme, config, preview.staged)
        _touch_all_if_layout_changed(paths, theme, config, preview)
        return exc.problems
    site = prepared.site
    config = staged_config(paths, site.nav, False)
    theme = {**theme, **site.theme}  # the strings file's theme texts and the footer
    stage(paths, site.docs, theme, config, preview.staged)
    _touch_all_if_layout_changed(paths, theme, config, preview)
    preview.portal, preview.editor_pages, preview.search_index = prepared.portal, site.editor_pages, site.search_index
    return []


def _touch_all_if_layout_changed(paths: PortalPaths, theme: dict[str, bytes], config: bytes, preview: Preview) -> None:
    layout = hashlib.sha256(config + b"".join(name.encode() + b"\0" + data for name, data in sorted(theme.items()))).digest()
    changed, preview.layout = preview.layout is not None and layout != preview.layout, layout
    if changed:
        preview.layout_changed = True
        now = time.time()
        for page in paths.staged_docs.rglob("*"):
            if page.is_file():
                os.utime(page, (now, now))
