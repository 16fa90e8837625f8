"""``portal serve``: a live preview that follows the editors' files.

The portal is staged once, then MkDocs' own live-reload server serves the
staged folder. A watcher re-stages when a YAML, CSV, content or template file
changes; only files whose content changed are rewritten, so MkDocs rebuilds and
the browser reloads quickly. When the data is invalid, the preview shows a page
listing every problem (file, line, message) instead of a stale site, and
recovers as soon as the files are fixed.
"""

from __future__ import annotations

import hashlib
import os
import sys
import threading
import time
from pathlib import Path

from ..cms.local_server import DecapServer
from ..cms.preview_admin import write_preview_admin
from ..errors import Problem, ProblemsFound
from ..load.file_cache import FileCache
from ..paths import SHIPPED_THEME, PortalPaths
from ..pipeline import prepare_site
from ..render.problems_page import problems_page
from ..portal import Portal
from ..site.content_sanitiser import sanitise_editor_pages
from ..site.search_index import write_search_index
from ..site.staging import stage, staged_config, theme_files

DEBOUNCE_SECONDS = 0.3
# Held while the watcher restages and while MkDocs builds: a dirty build that saw a page unchanged when
# reading pages and changed when writing them would fail (Material's search gets a page without content).
STAGING = threading.Lock()


class Preview:
    """State kept between restages: the portal last staged (None while its data is invalid), handed
    to the builder for the search index, and the staged pages by path (see ``staging.sync_tree``)."""

    def __init__(self) -> None:
        self.portal: Portal | None = None
        self.editor_pages: dict[str, str] = {}  # see RenderedSite.editor_pages
        self.staged: dict[str, object] = {}


def restage(paths: PortalPaths, cache: FileCache | None = None, preview: Preview | None = None) -> list[Problem]:
    """Validate and stage the portal; on invalid data stage the problems page. Returns the problems.

    With a ``cache``, files unchanged since the previous restage are not read again. When the
    config or the theme changed, every staged page is touched: MkDocs' dirty build then rebuilds
    them all (their look changed even though their Markdown did not)."""
    theme = theme_files([paths.template_overrides / "theme", SHIPPED_THEME], paths.root)
    try:
        prepared = prepare_site(paths, cache=cache)  # the same stages as portal build
        portal, site = prepared.portal, prepared.site
    except ProblemsFound as exc:  # invalid data, or a template that fails: the problems page
        if preview is not None:
            preview.portal, preview.editor_pages = None, {}
        config = staged_config(paths, None, False)
        stage(paths, {"index.md": problems_page(exc.problems)}, theme, config, preview.staged if preview else None)
        _touch_all_if_layout_changed(paths, theme, config, cache)
        return exc.problems
    config = staged_config(paths, site.nav, False)
    theme = {**theme, **site.theme}  # the strings file's theme texts and the footer
    stage(paths, site.docs, theme, config, preview.staged if preview else None)
    _touch_all_if_layout_changed(paths, theme, config, cache)
    if preview is not None:
        preview.portal, preview.editor_pages = portal, site.editor_pages
    return []


def _touch_all_if_layout_changed(paths: PortalPaths, theme: dict[str, bytes], config: bytes, cache: FileCache | None) -> None:
    if cache is None:
        return
    layout = hashlib.sha256(config + b"".join(name.encode() + b"\0" + data for name, data in sorted(theme.items()))).digest()
    changed: list[bool] = []
    cache.remember("layout", layout, lambda: changed.append(True))  # computed only when the layout is new
    if changed:
        now = time.time()
        for page in paths.staged_docs.rglob("*"):
            if page.is_file():
                os.utime(page, (now, now))


def _report(problems: list[Problem]) -> None:
    stamp = time.strftime("%H:%M:%S")
    if problems:
        print(f"[{stamp}] Dữ liệu có lỗi — trang xem trước hiển thị danh sách lỗi:", file=sys.stderr)
        for problem in problems:
            print(problem.format(), file=sys.stderr)
    else:
        print(f"[{stamp}] Dữ liệu hợp lệ — đã cập nhật trang xem trước.", file=sys.stderr)


def _watch_inputs(paths: PortalPaths, stop: threading.Event, cache: FileCache, preview: Preview) -> None:
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers import Observer

    changed = threading.Event()

    inputs = (paths.procedures, paths.statistics, paths.content, paths.template_overrides)

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event) -> None:  # noqa: ANN001 - watchdog's type
            if event.event_type in ("opened", "closed_no_write"):
                return
            path = Path(event.src_path).resolve()
            if path == paths.mkdocs_config or any(folder in path.parents for folder in inputs):
                changed.set()

    observer = Observer()
    for folder in inputs:
        if folder.is_dir():
            observer.schedule(Handler(), str(folder), recursive=True)
    observer.schedule(Handler(), str(paths.root), recursive=False)  # mkdocs.yml
    observer.start()
    try:
        while not stop.is_set():
            if changed.wait(0.5):
                time.sleep(DEBOUNCE_SECONDS)
                changed.clear()
                try:
                    with STAGING:
                        problems = restage(paths, cache, preview)
                        os.utime(paths.staged_mkdocs_config)  # also reload when only mkdocs.yml changed
                    _report(problems)
                except ProblemsFound as exc:
                    _report(exc.problems)
                except Exception as exc:  # noqa: BLE001 - the watcher must outlive any one failed rebuild
                    print(f"Lỗi khi cập nhật trang xem trước ({type(exc).__name__}: {exc}); "
                          "sẽ thử lại ở lần lưu tệp tiếp theo.", file=sys.stderr)
    finally:
        observer.stop()
        observer.join()


def _remove_stale_output(docs: Path, site_dir: Path, before: set[str], now: set[str], directory_urls: bool) -> None:
    """A dirty build never deletes: remove the built output of every staged file that is gone (a renamed
    procedure's old page, every page while the problems page is shown), so nothing stale is served."""
    from mkdocs.structure.files import File

    for rel in before - now:
        target = Path(File(rel, str(docs), str(site_dir), directory_urls).abs_dest_path)
        target.unlink(missing_ok=True)


def _remove_page_of(site_dir: Path, src: str, directory_urls: bool) -> None:
    """An editor's page that could not be sanitised is not served (as portal build does not publish it)."""
    from mkdocs.structure.files import File

    Path(File(src, "", str(site_dir), directory_urls).abs_dest_path).unlink(missing_ok=True)


def _serve_dirty(paths: PortalPaths, dev_addr: str, preview: Preview, cms_port: int | None = None) -> None:
    """MkDocs' ``serve`` (mkdocs.commands.serve) with dirty builds that also drop removed pages.

    MkDocs' dirty build re-renders only pages whose Markdown is newer than their HTML; staging rewrites
    only files whose content changed, so an edit to one procedure rebuilds its page and the few pages
    that list it instead of the whole site."""
    import shutil
    import tempfile
    from urllib.parse import urlsplit

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

    def builder(config=None) -> None:  # noqa: ANN001 - MkDocsConfig
        nonlocal staged
        if config is None:
            config = get_config()
            config.site_url = serve_url
        docs = paths.staged_docs
        with STAGING:
            now = {p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file()}
            _remove_stale_output(docs, site_dir, staged, now, config.use_directory_urls)
            staged = now
            mkdocs_build(config, serve_url=serve_url, dirty=True)
            for problem in sanitise_editor_pages(site_dir, preview.editor_pages):  # as portal build does
                print(problem.format(), file=sys.stderr)
                _remove_page_of(site_dir, problem.file, config.use_directory_urls)
            if preview.portal is not None:  # the same accent-folded index as a build, over every page
                write_search_index(site_dir, preview.portal)
            if cms_port is not None:  # portal serve --cms: /quan-tri/ saving through decap-server
                write_preview_admin(site_dir, paths, preview.portal, cms_port)

    server = LiveReloadServer(builder=builder, host=host, port=port, root=str(site_dir), mount_path=mount_path)

    def error_handler(code: int) -> bytes | None:
        page = site_dir / f"{code}.html"
        return page.read_bytes() if code in (404, 500) and page.is_file() else None

    server.error_handler = error_handler
    try:
        builder(config)
        server.watch(config.docs_dir)
        server.watch(config_file)
        for item in config.watch:
            server.watch(item)
        server = config.plugins.on_serve(server, config=config, builder=builder)
        try:
            server.serve()
        except KeyboardInterrupt:
            pass
        finally:
            server.shutdown()
    finally:
        config.plugins.on_shutdown()
        shutil.rmtree(site_dir, ignore_errors=True)


def serve(root: str | Path = ".", dev_addr: str = "127.0.0.1:8000", cms_port: int | None = None) -> None:
    """``cms_port``: also start decap-server on that port and serve the editors' form at /quan-tri/."""
    paths = PortalPaths.at(root)
    decap = DecapServer(paths, cms_port, f"http://{dev_addr}") if cms_port is not None else None
    cache = FileCache()  # unchanged input files are not read again on each restage
    preview = Preview()
    _report(restage(paths, cache, preview))
    stop = threading.Event()
    watcher = threading.Thread(target=_watch_inputs, args=(paths, stop, cache, preview), daemon=True)
    watcher.start()
    try:
        # Dirty builds: MkDocs rebuilds only pages whose staged Markdown is newer than their HTML, and
        # staging rewrites only files whose content changed (a renamed procedure also changes its agency,
        # field and list pages, which are therefore rebuilt too). A config or theme change touches every page.
        _serve_dirty(paths, dev_addr, preview, cms_port)
    finally:
        stop.set()
        watcher.join(timeout=5)
        if decap is not None:
            decap.stop()
