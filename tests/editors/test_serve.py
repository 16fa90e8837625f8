"""`portal serve` over HTTP: the site, then a page naming the problem when data breaks, then the site again."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Callable

import pytest

START_TIMEOUT = 90
CHANGE_TIMEOUT = 60
AGENCY = Path("procedures/ubnd-xa-vi-du")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8", errors="replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", errors="replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError, socket.timeout):
        return 0, ""


def wait_for(url: str, accept: Callable[[int, str], bool], timeout: float, process: subprocess.Popen) -> str:
    deadline = time.monotonic() + timeout
    status, body = 0, ""
    while time.monotonic() < deadline:
        assert process.poll() is None, "portal serve exited"
        status, body = fetch(url)
        if accept(status, body):
            return body
        time.sleep(0.3)
    raise AssertionError(f"{url}: not as expected within {timeout} s (last status {status}): {body[:500]}")


@pytest.fixture
def served(starter_portal: Path):
    port = free_port()
    log = open(starter_portal.parent / "serve.log", "wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", str(starter_portal), "--dev-addr", f"127.0.0.1:{port}"],
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    try:
        yield starter_portal, f"http://127.0.0.1:{port}/", process
    finally:
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=10)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
        log.close()


def test_serve_shows_problems_then_recovers(served):
    root, base, process = served
    procedure_page = base + "thu-tuc/1-001193-dang-ky-khai-sinh/"
    wait_for(procedure_page, lambda s, b: s == 200 and "Đăng ký khai sinh" in b, START_TIMEOUT, process)

    source = root / AGENCY / "dang-ky-khai-sinh.yaml"
    good = source.read_text(encoding="utf-8")
    source.write_text(good.replace("fees: []", "fees:\n  - name: Lệ phí\n    amount: 200.000"), encoding="utf-8")
    page = wait_for(base, lambda s, b: s == 200 and "Dữ liệu có" in b, CHANGE_TIMEOUT, process)
    assert "procedures/ubnd-xa-vi-du/dang-ky-khai-sinh.yaml:10:13" in page
    assert "200.000" in page and "Cách sửa" in page
    status, _ = fetch(procedure_page)
    assert status == 404, "a page built from the previous (valid) data is still served: the preview must not go stale"

    source.write_text(good, encoding="utf-8")
    wait_for(procedure_page, lambda s, b: s == 200 and "Đăng ký khai sinh" in b, CHANGE_TIMEOUT, process)
    home = wait_for(base, lambda s, b: s == 200 and "Dữ liệu có" not in b, CHANGE_TIMEOUT, process)
    assert "thu-tuc/" in home


def test_preview_serves_the_search_index(served):
    """The preview serves the build's own index (tim-kiem/chi-muc.json), not Material's full-text one."""
    import json

    root, base, process = served
    index = json.loads(wait_for(base + "tim-kiem/chi-muc.json", lambda s, b: s == 200 and "docs" in b,
                                START_TIMEOUT, process))
    entry = next(doc for doc in index["docs"] if doc[0].startswith("thu-tuc/1-001193-dang-ky-khai-sinh/"))
    assert entry[1:3] == ["Đăng ký khai sinh", "p"]
    status, _ = fetch(base + "search/search_index.json")
    assert status == 404  # Material's search plugin is off in the preview too


def test_the_preview_sanitises_editors_pages_as_a_build_does(served):
    """An editor's raw HTML is taken out of the page the preview serves too, also after an edit."""
    root, base, process = served
    guide_url = base + "huong-dan/dich-vu-cong-truc-tuyen/"
    wait_for(guide_url, lambda s, b: s == 200 and "portal-content:" in b, START_TIMEOUT, process)

    guide = root / "content" / "huong-dan" / "dich-vu-cong-truc-tuyen.md"
    guide.write_text(guide.read_text(encoding="utf-8") + '\n\nĐã sửa <script>window.__xss=1</script>'
                     '<img src=x onerror="window.__xss=2">\n', encoding="utf-8")
    page = wait_for(guide_url, lambda s, b: s == 200 and "Đã sửa" in b, CHANGE_TIMEOUT, process)

    assert "window.__xss" not in page and "onerror" not in page


def test_sigterm_stops_the_preview_and_removes_its_temporary_site(starter_portal: Path, tmp_path: Path):
    # a service manager or `kill` ends the preview with SIGTERM: it must clean up as Ctrl-C does
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", str(starter_portal), "--dev-addr", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "TMPDIR": str(temporary)},
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/", lambda s, b: s == 200, START_TIMEOUT, process)
        assert [p.name for p in temporary.iterdir() if p.name.startswith("portal-serve-")], "no temporary site?"
        process.send_signal(signal.SIGTERM)
        _, errors = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
    assert process.returncode == 0, errors.decode(errors="replace")[-2000:]
    assert "Traceback" not in errors.decode(errors="replace")
    assert sorted(p.name for p in temporary.iterdir() if p.name.startswith("portal-serve-")) == []
