"""``portal serve``: a live preview that follows the editors' files.

The portal is staged once (``preview/restage.py``: the same stages as ``portal build``, remembering what
did not change), then our dirty-build ``mkdocs serve`` serves the staged folder (``preview/dev_server.py``)
while a watcher restages after each save and asks it to rebuild (``preview/watcher.py``).
"""

from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Callable

from ..cms.local_server import DecapServer
from ..site.memory import no_transparent_huge_pages
from ..paths import PortalPaths
from ..preview.dev_server import serve_dirty
from ..preview.restage import Preview, restage
from ..preview.watcher import report, watch_inputs


@contextmanager
def _stopped_by_sigterm():
    """SIGTERM (a service manager, ``kill``, a test's teardown) stops the preview as Ctrl-C does, so that
    its temporary site folder is removed and decap-server stopped (by default the process just ends)."""
    def interrupt(signum, frame) -> None:  # noqa: ANN001
        raise KeyboardInterrupt
    try:
        previous = signal.signal(signal.SIGTERM, interrupt)
    except ValueError:  # not the main thread: leave the signal alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def serve(root: str | Path = ".", dev_addr: str = "127.0.0.1:8000", cms_port: int | None = None) -> None:
    """``cms_port``: also start decap-server on that port and serve the editors' form at /quan-tri/."""
    with _stopped_by_sigterm():
        _serve(root, dev_addr, cms_port)


def _serve(root: str | Path, dev_addr: str, cms_port: int | None) -> None:
    paths = PortalPaths.at(root)
    no_transparent_huge_pages()  # the first build reads every statistics row: see generator/site/memory.py
    decap = DecapServer(paths, cms_port, f"http://{dev_addr}") if cms_port is not None else None
    preview = Preview()
    report(restage(paths, preview))
    rebuild: list[Callable[[], None]] = []  # set once the dev server runs
    stop = threading.Event()
    watcher = threading.Thread(target=watch_inputs, args=(paths, stop, preview, lambda: [r() for r in rebuild]), daemon=True)
    watcher.start()
    try:
        serve_dirty(paths, dev_addr, preview, cms_port, started=rebuild.append)
    finally:
        stop.set()
        watcher.join(timeout=5)
        if decap is not None:
            decap.stop()
