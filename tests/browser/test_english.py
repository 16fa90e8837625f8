"""The English interface (``portal new --locale en``) passes the same browser checks as the
Vietnamese sample: axe-core WCAG 2.2 A/AA, no request to another host, no CSP violation
or console error, nothing scrolling sideways, at 360 px and desktop width."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

import pytest

from .conftest import SiteServer, serve, settled_result_links
from .test_pages import _describe, visit

PAGES = ["", "thu-tuc/", "thu-tuc/1-001193-dang-ky-khai-sinh/", "co-quan/", "linh-vuc/ho-tich/",
         "thong-ke/", "thong-ke/xep-hang/", "thay-doi/", "du-lieu/", "404.html"]


@pytest.fixture(scope="session")
def english_server(built_english: Path) -> Iterator[SiteServer]:
    yield from serve(built_english)


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
@pytest.mark.parametrize("url", PAGES)
def test_english_pages_pass_the_browser_checks(browser, english_server, built_english, url, viewport):
    assert (built_english / url / "index.html").is_file() or (built_english / url).is_file(), url
    result = visit(browser, english_server, url, viewport)
    assert not result.violations, f"{result.url}\n{_describe(result.violations)}"
    foreign = [u for u in result.requests if urlsplit(u).scheme not in ("data", "blob") and urlsplit(u).netloc != english_server.host]
    assert not foreign, foreign
    assert not result.console, result.console
    assert result.scroll_width <= result.client_width


def test_english_search_works(browser, english_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(english_server.url(""), wait_until="networkidle")
    box = page.locator("#tt-header-query")
    box.click()
    box.press_sequentially("dang ky khai sinh")
    page.wait_for_selector("#tt-header-results .tt-search-result")
    first = settled_result_links(page, count=1)[0]
    found = {
        "form": page.locator("header form[role=search]").get_attribute("aria-label"),
        "kind": page.locator("#tt-header-results .tt-search-result__kind").first.text_content(),
        "count": page.locator("#tt-header-results [data-tt-status]").text_content(),
    }
    context.close()
    assert "1-001193-dang-ky-khai-sinh" in first
    assert found["form"] == "Search procedures" and found["kind"] == "Procedure"
    assert found["count"].endswith(" results"), found
