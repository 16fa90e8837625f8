"""``portal serve``: a live preview that follows the editors' files.

The portal is staged once, then MkDocs' own live-reload server serves the
staged folder. A watcher re-stages when a YAML, CSV, content or template file
changes; only files whose content changed are rewritten, so MkDocs rebuilds and
the browser reloads quickly. When the data is invalid, the preview shows a page
listing every problem (file, line, message) instead of a stale site, and
recovers as soon as the files are fixed.
"""

from __future__ import annotations

import html
import os
import sys
import threading
import time
from pathlib import Path

from mkdocs.commands.serve import serve as mkdocs_serve

from ..errors import BuildFailed, InvalidInput, Problem
from ..paths import SHIPPED_THEME, PortalPaths
from ..portal import read_portal
from ..render.site_files import render_site
from ..site.staging import stage, staged_config, theme_files

DEBOUNCE_SECONDS = 0.3


def problems_page(problems: list[Problem]) -> bytes:
    """A Markdown page (raw HTML body) listing the problems, shown in place of the site."""
    items = "\n".join(
        f"<li><code>{html.escape(p.file)}:{p.line}:{p.column}</code> {html.escape(p.message)}"
        + (f"<br><small>Cách sửa: {html.escape(p.hint)}</small>" if p.hint else "")
        + "</li>"
        for p in problems
    )
    errors = sum(1 for p in problems if p.is_error)
    return (
        "---\ntitle: Dữ liệu có lỗi\n---\n\n"
        f'<div class="admonition danger" role="alert"><p class="admonition-title">Dữ liệu có {errors} lỗi: '
        "trang chưa được cập nhật</p><p>Sửa các lỗi dưới đây rồi lưu tệp; trang xem trước sẽ tự tải lại.</p></div>\n\n"
        f'<ol class="tt-problems">\n{items}\n</ol>\n'
    ).encode("utf-8")


def restage(paths: PortalPaths) -> list[Problem]:
    """Validate and stage the portal; on invalid data stage the problems page. Returns the problems."""
    theme = theme_files([paths.template_overrides / "theme", SHIPPED_THEME])
    try:
        site = render_site(read_portal(paths))
    except InvalidInput as exc:
        stage(paths, {"index.md": problems_page(exc.problems)}, theme, staged_config(paths, None, False))
        return exc.problems
    stage(paths, site.docs, theme, staged_config(paths, site.nav, False))
    return []


def _report(problems: list[Problem]) -> None:
    stamp = time.strftime("%H:%M:%S")
    if problems:
        print(f"[{stamp}] Dữ liệu có lỗi — trang xem trước hiển thị danh sách lỗi:", file=sys.stderr)
        for problem in problems:
            print(problem.format(), file=sys.stderr)
    else:
        print(f"[{stamp}] Dữ liệu hợp lệ — đã cập nhật trang xem trước.", file=sys.stderr)


def _watch_inputs(paths: PortalPaths, stop: threading.Event) -> None:
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
                    _report(restage(paths))
                    os.utime(paths.staged_mkdocs_config)  # also reload when only mkdocs.yml changed
                except BuildFailed as exc:
                    print(f"Lỗi: {exc}", file=sys.stderr)
    finally:
        observer.stop()
        observer.join()


def serve(root: str | Path = ".", dev_addr: str = "127.0.0.1:8000") -> None:
    paths = PortalPaths.at(root)
    _report(restage(paths))
    stop = threading.Event()
    watcher = threading.Thread(target=_watch_inputs, args=(paths, stop), daemon=True)
    watcher.start()
    try:
        mkdocs_serve(config_file=str(paths.staged_mkdocs_config), dev_addr=dev_addr, livereload=True)
    finally:
        stop.set()
        watcher.join(timeout=5)
