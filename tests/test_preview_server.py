"""The preview's watcher and dev server, without a browser: what a save triggers."""

from __future__ import annotations

import socket
import threading
from pathlib import Path

from mkdocs.livereload import LiveReloadServer

from generator.paths import PortalPaths
from generator.preview.dev_server import request_rebuild
from generator.preview.watcher import is_input


def test_every_input_of_the_site_is_watched_and_the_generators_own_folders_are_not(starter_portal: Path):
    paths = PortalPaths.at(starter_portal)
    root = paths.root
    for name in ("procedures/so-a/tt-1.yaml", "statistics/2025.csv", "dossiers/ho-so-2025.parquet",
                 "dossiers/nam-2025/thang-1.csv", "content/gioi-thieu.md", "site_templates/pages/procedure.md.j2",
                 "mkdocs.yml", "calendar.yaml"):
        assert is_input(paths, root / name), name
    for name in (".portal-cache/docs/index.md", "site/index.html", "README.md", ".git/index"):
        assert not is_input(paths, root / name), name


def test_a_requested_rebuild_runs_the_builder(tmp_path: Path):
    """The watcher asks MkDocs' live-reload server to rebuild (it no longer polls the staged folder)."""
    built = threading.Event()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = LiveReloadServer(builder=built.set, host="127.0.0.1", port=port, root=str(tmp_path))
    serving = threading.Thread(target=server.serve, daemon=True)
    serving.start()
    try:
        request_rebuild(server)
        assert built.wait(10), "the server did not rebuild"
    finally:
        server.shutdown()
        serving.join(10)


def test_the_watcher_restages_once_the_events_of_a_save_stop():
    """A save is several events: the watcher waits until none came for QUIET_SECONDS, not a fixed delay."""
    import time

    from generator.preview.watcher import settle

    changed = threading.Event()
    changed.set()
    start = time.monotonic()
    settle(changed, quiet=0.05, longest=5)
    assert 0.04 < time.monotonic() - start < 1.0 and not changed.is_set()

    def keep_saving() -> None:  # an event every 20 ms for 0.4 s
        for _ in range(20):
            time.sleep(0.02)
            changed.set()

    saver = threading.Thread(target=keep_saving)
    start = time.monotonic()
    saver.start()
    settle(changed, quiet=0.05, longest=5)
    waited = time.monotonic() - start
    saver.join()
    assert waited >= 0.4  # not before the events stopped
    changed.set()
    saver = threading.Thread(target=lambda: [time.sleep(0.02) or changed.set() for _ in range(100)])
    start = time.monotonic()
    saver.start()
    settle(changed, quiet=0.05, longest=0.3)
    waited = time.monotonic() - start
    saver.join()
    assert 0.3 <= waited < 1.5  # events that never stop: at most ``longest``


def test_a_full_build_moves_what_it_keeps_out_of_the_collectors_reach():
    import gc

    from generator.preview.dev_server import keep_out_of_collections

    kept = [[index] for index in range(1000)]
    try:
        keep_out_of_collections()
        assert gc.get_freeze_count() >= len(kept)
        frozen = gc.get_freeze_count()
        keep_out_of_collections()  # again (a change of the layout): what was frozen is collected first
        assert gc.get_freeze_count() <= frozen + 100
    finally:
        gc.unfreeze()
