"""The home page's large search field (issue 13, item 9): results under it as the citizen types."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from .conftest import VIEWPORTS, settled_result_links


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_typing_in_the_home_field_shows_results_under_it(browser, sample_server, viewport):
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    page = context.new_page()
    page.goto(sample_server.url(""), wait_until="networkidle")
    field = page.locator("#tt-home-query")
    box = field.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 200  # a large target, on a phone too
    field.click()
    field.press_sequentially("khai sinh")
    page.wait_for_selector("#tt-home-results .tt-search-result")
    assert field.input_value() == "khai sinh"
    assert page.evaluate("document.activeElement.id") == "tt-home-query"  # the citizen keeps typing there
    status = page.locator("#tt-home-results [data-tt-status]")
    hrefs = settled_result_links(page)
    counted = status.text_content()
    first_kind = page.locator("#tt-home-results .tt-search-result__kind").first.text_content()
    field.press("Enter")
    page.wait_for_url(lambda u: urlsplit(u).path.lstrip("/").startswith("thu-tuc/1-001193-"))
    context.close()
    assert any("dang-ky-khai-sinh" in h for h in hrefs), hrefs
    assert counted.endswith(" kết quả") and int(counted.split()[0]) >= 3, counted
    assert first_kind == "Thủ tục"


def test_the_results_page_reads_the_query_from_its_address(browser, sample_server):
    context = browser.new_context()
    page = context.new_page()
    page.goto(sample_server.url("tim-kiem/?q=ho+chieu"), wait_until="networkidle")
    page.wait_for_selector("#tt-search-results .tt-search-result")
    value = page.locator("#tt-search-query").input_value()
    first = settled_result_links(page, count=1)
    context.close()
    assert value == "ho chieu"
    assert first[0].lstrip("/").startswith("thu-tuc/2-002105-")


def test_the_home_form_without_javascript_goes_to_the_results_page(browser, sample_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(sample_server.url(""), wait_until="networkidle")
    page.locator("#tt-home-query").fill("ho chieu")
    page.locator("#tt-home-query").press("Enter")
    page.wait_for_url(lambda u: urlsplit(u).path.lstrip("/") == "tim-kiem/" and "q=ho+chieu" in u)
    context.close()


def test_nothing_found_says_so(browser, sample_server):
    context = browser.new_context()
    page = context.new_page()
    page.goto(sample_server.url("tim-kiem/?q=zzzqqq"), wait_until="networkidle")
    status = page.locator("#tt-search-results [data-tt-status]")
    page.wait_for_function("() => document.querySelector('#tt-search-results [data-tt-status]').textContent !== ''")
    text = status.text_content()
    count = page.locator(".tt-search-result").count()
    context.close()
    assert text == "Không tìm thấy kết quả cho “zzzqqq”. Hãy gõ ít từ hơn hoặc tra cứu theo danh mục."
    assert count == 0
