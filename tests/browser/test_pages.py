"""What a citizen's browser sees on one page of every page family and template
(tests/page_families.py, including page 2 of a long list), at 360 px and at 1280 px.

Each page is loaded once per viewport (cached for the session); the tests then
check: axe-core finds no WCAG 2.2 A/AA violation, the page requested nothing
from another host, the Content-Security-Policy reported no violation and the
console no error, and nothing scrolls sideways.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from ..page_families import BROWSER_FAMILIES, LONG, families
from .conftest import VIEWPORTS, WCAG_TAGS, settle

OBSERVER = """
window.__portalProblems = [];
document.addEventListener('securitypolicyviolation', e =>
  window.__portalProblems.push('CSP ' + e.violatedDirective + ' blocked ' + e.blockedURI + ' at ' + e.sourceFile + ':' + e.lineNumber));
"""


@dataclass
class PageVisit:
    url: str
    requests: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    violations: list[dict] = field(default_factory=list)
    scroll_width: int = 0
    client_width: int = 0


_visits: dict[tuple[str, str, str], PageVisit] = {}


def visit(browser, server, url: str, viewport: str) -> PageVisit:
    key = (server.base, url, viewport)
    if key in _visits:
        return _visits[key]
    from axe_playwright_python.sync_playwright import Axe

    result = PageVisit(server.url(url))
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    page = context.new_page()
    page.add_init_script(OBSERVER)
    page.on("request", lambda request: result.requests.append(request.url))
    page.on("console", lambda message: message.type in ("error", "warning") and result.console.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: result.console.append(f"pageerror: {error}"))
    page.goto(result.url, wait_until="networkidle")
    settle(page)
    axe = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    result.violations = axe.response["violations"]
    result.scroll_width, result.client_width = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    result.console += page.evaluate("window.__portalProblems")
    context.close()
    _visits[key] = result
    return result


def pytest_generate_tests(metafunc):
    if "template" in metafunc.fixturenames:
        metafunc.parametrize("template", BROWSER_FAMILIES)
    if "viewport" in metafunc.fixturenames:
        metafunc.parametrize("viewport", list(VIEWPORTS))


@pytest.fixture(scope="session")
def family_pages(built_sample: Path, built_variant: Path) -> dict[str, tuple[str, str]]:
    return families(built_sample, built_variant)


@pytest.fixture
def page_visit(browser, sample_server, variant_server, family_pages, template, viewport) -> PageVisit:
    site, url = family_pages[template]
    return visit(browser, variant_server if site == LONG else sample_server, url, viewport)


@pytest.fixture
def server_of(sample_server, variant_server, family_pages, template):
    return variant_server if family_pages[template][0] == LONG else sample_server


def _describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        for node in v["nodes"][:3]:
            lines.append(f"{v['id']} ({v['impact']}): {node['target']} — {node['failureSummary'].splitlines()[-1].strip()}")
    return "\n".join(lines)


def test_axe_finds_no_wcag_violation(page_visit: PageVisit):
    assert not page_visit.violations, f"{page_visit.url}\n{_describe(page_visit.violations)}"


def test_requests_only_its_own_host(page_visit: PageVisit, server_of):
    foreign = [u for u in page_visit.requests if urlsplit(u).scheme not in ("data", "blob") and urlsplit(u).netloc != server_of.host]
    assert not foreign, f"{page_visit.url} requested other hosts: {foreign}"


def test_no_csp_violation_or_console_error(page_visit: PageVisit):
    assert not page_visit.console, f"{page_visit.url}: {page_visit.console}"


def test_nothing_scrolls_sideways(page_visit: PageVisit):
    assert page_visit.scroll_width <= page_visit.client_width, (page_visit.url, page_visit.scroll_width, page_visit.client_width)
