"""Preview latency: ``portal serve`` running, one procedure file edited, how long until the page shows it.

Starts ``python -m generator serve ROOT --dev-addr 127.0.0.1:PORT`` (a free
port), waits until it answers, then edits procedure files and polls the
procedure's page over HTTP until the new text is served. Two kinds of edit:

* ``result`` — a text on the page changes, the page keeps its address;
* ``name`` — the procedure is renamed, so its page moves to a new address
  (``thu-tuc/<code>-<new-name>/``) and the agency, field and list pages that
  link to it change too.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from .measure import REPO


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError):
        return None


def _wait_for(url: str, marker: str | None, timeout: float, interval: float = 0.05) -> float | None:
    """Seconds until ``url`` serves a page holding ``marker`` (any page when None), or None on timeout."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        body = _get(url)
        if body is not None and (marker is None or marker in body):
            return time.perf_counter() - start
        time.sleep(interval)
    return None


def _wait_without(url: str, marker: str, timeout: float) -> None:
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        body = _get(url)
        if body is not None and marker not in body:
            return
        time.sleep(0.1)


def _procedure_file(root: Path) -> Path:
    """A provincial procedure file in the middle of the catalogue."""
    files = sorted((root / "procedures").glob("so-*/tt-*.yaml"))
    return files[len(files) // 2]


def _replace_field(path: Path, field: str, value: str) -> None:
    text = path.read_text(encoding="utf-8")
    new, count = re.subn(rf"^{field}: .*$", f'{field}: "{value}"', text, count=1, flags=re.M)
    assert count == 1, f"no {field} in {path}"
    path.write_text(new, encoding="utf-8")


def measure_preview(root: Path, edits: int = 3, startup_timeout: float = 900, edit_timeout: float = 120) -> dict:
    from generator import urls

    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    env = {**os.environ, "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""), "NO_MKDOCS_2_WARNING": "1"}
    log = (root.parent / f"serve-{root.name}.log").open("wb")
    start = time.perf_counter()
    server = subprocess.Popen([sys.executable, "-m", "generator", "serve", str(root), "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    file = _procedure_file(root)
    original = file.read_bytes()
    code = re.search(r"^code: (\S+)$", original.decode("utf-8"), re.M).group(1)
    name = re.search(r'^name: "(.*)"$', original.decode("utf-8"), re.M).group(1)
    results: dict = {"file": file.relative_to(root).as_posix()}
    try:
        started = _wait_for(base, None, startup_timeout, interval=0.5)
        if started is None:
            raise TimeoutError(f"portal serve did not answer within {startup_timeout} s")
        results["startup_seconds"] = time.perf_counter() - start
        page = base + urls.procedure_url(code, name)
        assert _wait_for(page, code, 30) is not None, f"procedure page {page} not served"
        time.sleep(2)  # let the watcher settle after the first build
        for kind in ("result", "name"):
            latencies = []
            for attempt in range(edits):
                marker = f"Kết quả chỉnh sửa {kind} số {attempt + 1} {int(time.time())}"
                if kind == "result":
                    _replace_field(file, "result", marker)
                    target = page
                else:
                    new_name = f"{name} {marker}"
                    _replace_field(file, "name", new_name)
                    target = base + urls.procedure_url(code, new_name)
                seen = _wait_for(target, marker, edit_timeout)
                latencies.append(round(seen, 2) if seen is not None else None)
                file.write_bytes(original)  # back to the original, and let it settle
                _wait_without(page, marker, edit_timeout)
                time.sleep(1.5)
            results[kind] = latencies
            valid = [value for value in latencies if value is not None]
            results[f"{kind}_median"] = statistics.median(valid) if valid else None
    finally:
        file.write_bytes(original)
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()
    return results
