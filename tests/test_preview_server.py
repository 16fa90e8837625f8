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
