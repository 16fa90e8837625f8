"""What a citizen's browser sees on every page template, at 360 px and at desktop width.

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

from .conftest import VIEWPORTS, WCAG_TAGS, settle

# One page of each template (statistics pages are checked when the portal has them).
TEMPLATES = {
    "home": "",
    "catalogue": "thu-tuc/",
    "fully-online-list": "thu-tuc/truc-tuyen-toan-trinh/",
    "procedure": "thu-tuc/1-001193-dang-ky-khai-sinh/",
    "procedure-abolished-or-amended": None,  # filled from the built site below
    "agencies": "co-quan/",
    "agency": "co-quan/so-tu-phap/",
    "field": "linh-vuc/ho-tich/",
    "guide": "huong-dan/dich-vu-cong-truc-tuyen/",
    "guide-late": "huong-dan/ho-so-tre-han/",
    "statistics": "thong-ke/",
    "statistics-ranking": "thong-ke/xep-hang/",
    "statistics-overdue-now": "thong-ke/qua-han-hien-tai/",  # from the sample's dossier records
    "agency-from-dossiers": "co-quan/ubnd-xa-binh-an/",
    "statistics-method": "thong-ke/cach-tinh/",
    "open-data": "du-lieu/",
    "changes": "thay-doi/",
    "not-found": "404.html",
}

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


_visits: dict[tuple[str, str], PageVisit] = {}


def _pages(built: Path) -> dict[str, str]:
    pages = dict(TEMPLATES)
    changed = sorted(p for p in (built / "thu-tuc").glob("*/index.html") if "tt-status" in p.read_text(encoding="utf-8"))
    pages["procedure-abolished-or-amended"] = changed[0].parent.relative_to(built).as_posix() + "/" if changed else None
    return {name: url for name, url in pages.items() if url is not None and (built / url / "index.html" if not url.endswith(".html") else built / url).is_file()}


def visit(browser, server, url: str, viewport: str) -> PageVisit:
    key = (url, viewport)
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
        metafunc.parametrize("template", list(TEMPLATES))
    if "viewport" in metafunc.fixturenames:
        metafunc.parametrize("viewport", list(VIEWPORTS))


@pytest.fixture
def page_visit(browser, sample_server, built_sample, template, viewport) -> PageVisit:
    url = _pages(built_sample).get(template)
    if url is None:
        pytest.fail(f"the sample portal has no page for the '{template}' template")
    return visit(browser, sample_server, url, viewport)


def _describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        for node in v["nodes"][:3]:
            lines.append(f"{v['id']} ({v['impact']}): {node['target']} — {node['failureSummary'].splitlines()[-1].strip()}")
    return "\n".join(lines)


def test_axe_finds_no_wcag_violation(page_visit: PageVisit):
    assert not page_visit.violations, f"{page_visit.url}\n{_describe(page_visit.violations)}"


def test_requests_only_its_own_host(page_visit: PageVisit, sample_server):
    foreign = [u for u in page_visit.requests if urlsplit(u).scheme not in ("data", "blob") and urlsplit(u).netloc != sample_server.host]
    assert not foreign, f"{page_visit.url} requested other hosts: {foreign}"


def test_no_csp_violation_or_console_error(page_visit: PageVisit):
    assert not page_visit.console, f"{page_visit.url}: {page_visit.console}"


def test_nothing_scrolls_sideways(page_visit: PageVisit):
    assert page_visit.scroll_width <= page_visit.client_width, (page_visit.url, page_visit.scroll_width, page_visit.client_width)
