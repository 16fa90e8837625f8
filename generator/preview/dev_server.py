"""Our ``mkdocs serve --dirty``: MkDocs' live-reload server over the staged folder, rebuilding when the
watcher has restaged, with dirty builds that also drop the output of removed pages.

MkDocs' dirty build re-renders only pages whose Markdown is newer than their HTML; staging rewrites only
files whose content changed, so an edit to one procedure rebuilds its page and the few pages that list it
instead of the whole site. MkDocs' own ``serve`` polls every watched file every half second; here the
watcher asks for the rebuild as soon as it has restaged (:func:`request_rebuild`), so the staged folder
(thousands of files) is never polled.
"""

from __future__ import annotations

import gc
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit

from ..cms.preview_admin import write_preview_admin
from ..paths import PortalPaths
from ..site.content_sanitiser import sanitise_editor_pages
from ..site.post_build import write_search_index
from .memo import TemplatesInMemory
from .restage import STAGING, Preview


def remove_stale_output(docs: Path, site_dir: Path, before: set[str], now: set[str], directory_urls: bool) -> None:
    """A dirty build never deletes: remove the built output of every staged file that is gone (a renamed
    procedure's old page, every page while the problems page is shown), so nothing stale is served."""
    from mkdocs.structure.files import File

    for rel in before - now:
        target = Path(File(rel, str(docs), str(site_dir), directory_urls).abs_dest_path)
        target.unlink(missing_ok=True)


def keep_out_of_collections() -> None:
    """Move every object alive after a full build out of the garbage collector's reach (``gc.freeze``).

    The remembered stages keep millions of objects (parsed files, figures, rendered pages) alive for the
    whole session; the collector's full pass went through all of them every other save (0.6 s of CPU at
    2,000 procedures). Only objects made since are collected; frozen objects are still freed when nothing
    refers to them. Done again after each full build (the first, and after a change of the layout), after a
    collection, so that cycles left from before are not kept."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def request_rebuild(server) -> None:  # noqa: ANN001 - mkdocs.livereload.LiveReloadServer
    """What the server's own file watcher does on a change (mkdocs/livereload/__init__.py, ``watch``)."""
    with server._rebuild_cond:
        server._want_rebuild = True
        server._rebuild_cond.notify_all()


class LighterRebuilds:
    """What a rebuild after one save can skip, unless the layout (config, theme) changed:

    * compiling the theme's templates again: their bytecode is kept in memory, as the restage does for ours;
    * listing the theme's files (Material ships thousands of icons) to copy them: the first build's list is kept;
    * the 404 page and MkDocs' sitemap, both rendered over the whole site at every build (the 404 page of the
      last full build is served)."""

    def __init__(self) -> None:
        self.templates = TemplatesInMemory()
        self._listed: dict[tuple, list[str]] = {}

    def apply(self, config, full: bool) -> None:  # noqa: ANN001 - MkDocsConfig
        get_env = config.theme.get_env
        if full:
            self._listed.clear()

        def env_with_remembered_templates():  # noqa: ANN202 - jinja2.Environment
            env = get_env()
            env.bytecode_cache = self.templates
            list_templates = env.list_templates

            def listed(extensions=None, filter_func=None):  # noqa: ANN001, ANN202 - Jinja's signature
                key = (tuple(extensions or ()), getattr(filter_func, "__code__", filter_func))
                if key not in self._listed:
                    self._listed[key] = list_templates(extensions=extensions, filter_func=filter_func)
                return self._listed[key]

            env.list_templates = listed
            return env

        config.theme.get_env = env_with_remembered_templates
        if not full and self._listed:  # the theme's files were listed with the 404 page and sitemap left out
            config.theme.static_templates = set()


def serve_dirty(paths: PortalPaths, dev_addr: str, preview: Preview, cms_port: int | None = None,
                started: Callable[[Callable[[], None]], None] = lambda rebuild: None) -> None:
    """Serve until interrupted. ``started(rebuild)`` receives the function that asks for a rebuild."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.livereload import LiveReloadServer

    site_dir = Path(tempfile.mkdtemp(prefix="portal-serve-"))
    config_file = str(paths.staged_mkdocs_config)

    def get_config():  # noqa: ANN202 - MkDocsConfig
        return load_config(config_file=config_file, site_dir=str(site_dir), dev_addr=dev_addr)

    config = get_config()
    config.plugins.on_startup(command="serve", dirty=True)
    host, port = config.dev_addr
    mount_path = urlsplit(config.site_url or "/").path
    serve_url = f"http://{host}:{port}{mount_path}"
    config.site_url = serve_url
    staged: set[str] = set()
    lighter = LighterRebuilds()

    def builder(config=None) -> None:  # noqa: ANN001 - MkDocsConfig
        nonlocal staged
        if config is None:
            config = get_config()
            config.site_url = serve_url
        docs = paths.staged_docs
        with STAGING:
            full = not staged or preview.layout_changed
            lighter.apply(config, full=full)
            preview.layout_changed = False
            now = set(preview.staged)  # exactly what the staged docs folder holds (staging.sync_tree)
            remove_stale_output(docs, site_dir, staged, now, config.use_directory_urls)
            staged = now
            mkdocs_build(config, serve_url=serve_url, dirty=True)
            sanitise_preview_pages(site_dir, preview.editor_pages, config.use_directory_urls)  # as portal build does
            if preview.portal is not None:  # the same index as a build
                write_search_index(site_dir, preview.search_index)
            if cms_port is not None:  # portal serve --cms: /quan-tri/ saving through decap-server
                write_preview_admin(site_dir, paths, preview.portal, cms_port)
            if full:
                keep_out_of_collections()

    server = LiveReloadServer(builder=builder, host=host, port=port, root=str(site_dir), mount_path=mount_path)
    server.build_delay = 0  # MkDocs waits this long for more changes: the watcher already has (watcher.settle)

    def error_handler(code: int) -> bytes | None:
        page = site_dir / f"{code}.html"
        return page.read_bytes() if code in (404, 500) and page.is_file() else None

    server.error_handler = error_handler
    try:
        builder(config)
        for item in config.watch:  # the portal's own `watch:` entries, if any (MkDocs polls them)
            server.watch(item)
        server = config.plugins.on_serve(server, config=config, builder=builder)
        started(lambda: request_rebuild(server))
        try:
            server.serve()
        except KeyboardInterrupt:
            pass
        finally:
            server.shutdown()
    finally:
        config.plugins.on_shutdown()
        shutil.rmtree(site_dir, ignore_errors=True)


def sanitise_preview_pages(site_dir: Path, editor_pages: dict[str, str], directory_urls: bool) -> None:
    """The editors' pages sanitised as ``portal build`` does (``site/content_sanitiser.py``); a page that
    cannot be is not served, and the problem is printed."""
    from mkdocs.structure.files import File

    built = {src: Path(File(src, "", str(site_dir), directory_urls).abs_dest_path) for src in editor_pages.values()}
    for problem in sanitise_editor_pages(site_dir, editor_pages, built.values()):
        print(problem.format(), file=sys.stderr)
        built[problem.file].unlink(missing_ok=True)
