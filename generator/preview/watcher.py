"""Follow the editors' files: restage when a catalogue, statistics, dossier, content or template file, the
calendar or ``mkdocs.yml`` changes (watchdog), then tell the dev server to rebuild."""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path
from typing import Callable

from ..dossiers.working_days import CALENDAR_FILE
from ..errors import Problem, ProblemsFound
from ..paths import PortalPaths
from .restage import STAGING, Preview, restage

QUIET_SECONDS = 0.05  # an editor's save is often several events (write, rename, attributes): wait for them to stop
MAX_WAIT_SECONDS = 1.0  # but restage at the latest this long after the first one


def report(problems: list[Problem]) -> None:
    stamp = time.strftime("%H:%M:%S")
    if problems:
        print(f"[{stamp}] Dữ liệu có lỗi — trang xem trước hiển thị danh sách lỗi:", file=sys.stderr)
        for problem in problems:
            print(problem.format(), file=sys.stderr)
    else:
        print(f"[{stamp}] Dữ liệu hợp lệ — đã cập nhật trang xem trước.", file=sys.stderr)


def watched_folders(paths: PortalPaths) -> tuple[Path, ...]:
    return (paths.procedures, paths.statistics, paths.root / "dossiers", paths.content, paths.template_overrides)


def is_input(paths: PortalPaths, path: Path) -> bool:
    """Whether a change of ``path`` can change the site."""
    return (path in (paths.mkdocs_config, paths.root / CALENDAR_FILE)
            or any(folder in path.parents for folder in watched_folders(paths)))


def settle(changed: threading.Event, quiet: float = QUIET_SECONDS, longest: float = MAX_WAIT_SECONDS) -> None:
    """Return once no change came for ``quiet`` seconds (or ``longest`` seconds passed), ``changed`` cleared."""
    deadline = time.monotonic() + longest
    changed.clear()
    while changed.wait(quiet) and time.monotonic() < deadline:
        changed.clear()
    changed.clear()


def watch_inputs(paths: PortalPaths, stop: threading.Event, preview: Preview,
                 restaged: Callable[[], None] = lambda: None) -> None:
    """Until ``stop``: restage after each burst of changes, then call ``restaged()`` (the dev server's rebuild)."""
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers import Observer

    changed = threading.Event()

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event) -> None:  # noqa: ANN001 - watchdog's type
            if event.event_type in ("opened", "closed_no_write"):
                return
            if is_input(paths, Path(event.src_path).resolve()):
                changed.set()

    observer = Observer()
    for folder in watched_folders(paths):
        if folder.is_dir():
            observer.schedule(Handler(), str(folder), recursive=True)
    observer.schedule(Handler(), str(paths.root), recursive=False)  # mkdocs.yml, calendar.yaml, a new folder
    observer.start()
    try:
        while not stop.is_set():
            if changed.wait(0.5):
                settle(changed)
                try:
                    with STAGING:
                        problems = restage(paths, preview)
                    restaged()
                    report(problems)
                except ProblemsFound as exc:
                    report(exc.problems)
                except Exception as exc:  # noqa: BLE001 - the watcher must outlive any one failed rebuild
                    print(f"Lỗi khi cập nhật trang xem trước ({type(exc).__name__}: {exc}); "
                          "sẽ thử lại ở lần lưu tệp tiếp theo.", file=sys.stderr)
    finally:
        observer.stop()
        observer.join()
