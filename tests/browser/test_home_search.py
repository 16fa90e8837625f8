"""The home page's large search field opens the site search (issue 13, item 9)."""

from __future__ import annotations


import pytest

from .conftest import VIEWPORTS, settled_result_links


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_typing_in_the_home_field_opens_the_search_with_the_text(browser, sample_server, viewport):
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    page = context.new_page()
    page.goto(sample_server.url(""), wait_until="networkidle")
    field = page.locator("#tt-home-query")
    box = field.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 200  # a large target, on a phone too
    field.click()
    field.press_sequentially("khai sinh")
    page.wait_for_selector(".md-search-result__item")
    assert page.evaluate("document.getElementById('__search').checked")
    query = page.locator("input[data-md-component=search-query]")
    assert query.input_value() == "khai sinh"
    assert page.evaluate("document.activeElement.dataset.mdComponent") == "search-query"
    hrefs = settled_result_links(page)
    context.close()
    assert any("dang-ky-khai-sinh" in h for h in hrefs), hrefs


def test_the_home_form_without_javascript_opens_the_search_by_address(browser, sample_server):
    context = browser.new_context()
    page = context.new_page()
    page.goto(sample_server.url("?q=ho+chieu"), wait_until="networkidle")
    page.wait_for_selector(".md-search-result__item")
    assert page.locator("input[data-md-component=search-query]").input_value() == "ho chieu"
    context.close()
