"""``portal serve --cms`` on a copy of the sample portal: real decap-server, real Decap bundle (a fixture for
the browser tests in ``tests/browser/test_cms_editor.py``)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Iterator

import pytest

from tests.conftest import REPO, copy_portal
from tests.editors.test_serve import fetch, free_port, wait_for

START_TIMEOUT = 240  # a first staging + MkDocs build of the sample on a slow, shared machine


class CmsPreview:
    def __init__(self, root: Path, base: str, decap_port: int, process: subprocess.Popen):
        self.root = root
        self.base = base
        self.decap_port = decap_port
        self.process = process

    def url(self, path: str = "") -> str:
        return self.base + path.lstrip("/")


@pytest.fixture(scope="module")
def cms_preview(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CmsPreview]:
    root = copy_portal(REPO, tmp_path_factory.mktemp("cms") / "portal")
    port, decap_port = free_port(), free_port()
    log = open(root.parent / "serve.log", "wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", str(root), "--dev-addr", f"127.0.0.1:{port}",
         "--cms", "--cms-port", str(decap_port)],
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        wait_for(base + "quan-tri/config.yml", lambda status, body: status == 200 and "collections" in body,
                 START_TIMEOUT, process)
        yield CmsPreview(root, base, decap_port, process)
    finally:
        # SIGINT: portal serve stops decap-server itself; then the whole group we started, if anything is left
        try:
            process.send_signal(signal.SIGINT)
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            pass
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait(timeout=10)
        log.close()
        assert fetch(f"http://127.0.0.1:{decap_port}/api/v1")[0] == 0, "decap-server still running after portal serve"
