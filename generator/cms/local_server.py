"""``decap-server``, Decap's local proxy, for ``portal serve --cms``.

The form at ``http://127.0.0.1:8000/quan-tri/`` then reads and writes the files of the
portal folder itself (``MODE=fs``: no login, no git; the preview follows each save).
It listens on 127.0.0.1 only and accepts requests from the preview's origin only.
Every setting is passed in the environment and the server runs in an empty folder, so a
``.env`` file in the portal (untrusted input) cannot change them.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from ..errors import BuildFailed, build_problem
from ..paths import PortalPaths
from .admin_site import CHECKOUT

SERVER = Path("node_modules/decap-server/dist/index.js")
STARTUP_SECONDS = 60


def find_decap_server(paths: PortalPaths) -> Path:
    for base in (paths.root, CHECKOUT):
        if (base / SERVER).is_file():
            return base / SERVER
    raise BuildFailed([build_problem(
        "cms-server-missing", "Không tìm thấy decap-server trong node_modules.",
        "Chạy 'npm ci --ignore-scripts' ở thư mục gốc của cổng rồi chạy lại 'portal serve --cms'.")])


def _die_with_parent() -> None:
    """Linux: decap-server gets SIGTERM when portal serve ends, however it ends (even killed)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _answers(url: str) -> bool:
    request = urllib.request.Request(
        url, data=json.dumps({"action": "info", "params": {}}).encode(), headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=2) as response:  # noqa: S310 - our own 127.0.0.1 server
            return response.status == 200
    except OSError:
        return False


class DecapServer:
    """A running decap-server; ``stop()`` ends it (and only it)."""

    def __init__(self, paths: PortalPaths, port: int, origin: str):
        node = shutil.which("node") or shutil.which("nodejs")
        if not node:
            raise BuildFailed([build_problem(
                "cms-node-missing", "Cần Node.js để chạy decap-server (portal serve --cms).",
                "Cài gói 'nodejs' (Debian: apt-get install nodejs) rồi chạy lại.")])
        self.url = f"http://127.0.0.1:{port}/api/v1"
        self._workdir = tempfile.mkdtemp(prefix="portal-decap-")
        env = {
            "PATH": os.environ.get("PATH", ""),
            "PORT": str(port),
            "BIND_HOST": "127.0.0.1",
            "MODE": "fs",
            "GIT_REPO_DIRECTORY": str(paths.root),
            "ORIGIN": origin,
            "LOG_LEVEL": "warn",
        }
        self.process = subprocess.Popen(  # noqa: S603 - fixed program, no shell
            [node, str(find_decap_server(paths))], cwd=self._workdir, env=env,
            stdin=subprocess.DEVNULL, preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
        )
        deadline = time.monotonic() + STARTUP_SECONDS
        while not _answers(self.url):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise BuildFailed([build_problem(
                    "cms-server-failed", f"decap-server không khởi động được trên cổng {port}.",
                    "Cổng có thể đã bị chương trình khác dùng: chọn cổng khác bằng --cms-port.")])
            time.sleep(0.3)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self._workdir, ignore_errors=True)
