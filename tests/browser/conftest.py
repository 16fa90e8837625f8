"""Real headless Chromium against a built portal served over http on localhost.

One browser per test session (per xdist worker); the site is built once per
session by ``built_sample`` and served by a stdlib ThreadingHTTPServer on
127.0.0.1 with a free port. Playwright drives Debian's ``chromium`` through
``executable_path`` and never downloads a browser: when chromium is missing the
tests fail with a message saying how to install it (``bash scripts/test.sh``
does).
"""

from __future__ import annotations

import time

import functools
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator

import pytest

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic", "--disable-dev-shm-usage",
]
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.fail("Debian's chromium is needed for the browser tests: run `bash scripts/test.sh` "
                    "(installs it) or `apt-get install chromium`.", pytrace=False)
    return path


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass


class SiteServer:
    """A built site served on 127.0.0.1; ``url("thu-tuc/")`` gives a page's address."""

    def __init__(self, root: Path):
        self.root = root
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(root)))
        self.host = f"127.0.0.1:{self._server.server_address[1]}"
        self.base = f"http://{self.host}/"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def url(self, path: str = "") -> str:
        return self.base + path.lstrip("/")

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def serve(root: Path) -> Iterator[SiteServer]:
    server = SiteServer(root)
    try:
        yield server
    finally:
        server.close()


@pytest.fixture(scope="session")
def sample_server(built_sample: Path) -> Iterator[SiteServer]:
    yield from serve(built_sample)


@pytest.fixture(scope="session")
def variant_server(built_variant: Path) -> Iterator[SiteServer]:
    """The sample with long lists and procedures written without diacritics (tests/conftest.py)."""
    yield from serve(built_variant)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()


def settle(page) -> None:
    """Wait until no CSS transition or animation runs (axe measures colours mid-fade otherwise)."""
    page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')", timeout=5000)


def settled_result_links(page, count: int = 3, steady: float = 0.8, timeout: float = 10.0) -> list[str]:
    """The first ``count`` search result links (as site paths) once they have stopped changing for ``steady``
    seconds: each keystroke's query replaces the list, and on a loaded machine the last keystroke's results
    can arrive well after the first list. (One result list is filled at a time: the header's, the home
    page's or the results page's, see assets/javascripts/portal-search.js.)"""
    from urllib.parse import urlsplit

    deadline, previous, since = time.monotonic() + timeout, None, time.monotonic()
    while True:
        current = page.evaluate("n => [...document.querySelectorAll('.tt-search-result > .tt-search-result__link')]"
                                ".slice(0, n).map(a => a.getAttribute('href'))", count)
        now = time.monotonic()
        if current != previous:
            previous, since = current, now
        elif (current and now - since >= steady) or now > deadline:
            return [urlsplit(href).path for href in current]
        page.wait_for_timeout(100)
