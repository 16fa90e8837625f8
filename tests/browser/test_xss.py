"""Script injection: payloads in every text field and in editors' Markdown never reach
the HTML as markup and never run in the browser."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from generator.commands.build import build

from .conftest import DESKTOP, serve

PAYLOADS = [
    "<script>window.__xss=1</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '<img src=x onerror="window.__xss=2">',
    "<svg onload=window.__xss=3>",
    "[a](javascript:window.__xss=4)",
    "[a](JaVaScRiPt:window.__xss=5)",
    "[a](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;window.__xss=6">a</a>',
    '<a href="  javascript:window.__xss=7">a</a>',
    '<iframe src="https://evil.example"></iframe>',
    '<p style="background:url(javascript:window.__xss=8)">x</p>',
    "<details open ontoggle=window.__xss=9>",
    '"><script>window.__xss=10</script>',
    "</script><script>window.__xss=11</script>",
    "&lt;script&gt;window.__xss=12&lt;/script&gt;",
    '<a href="DATA:text/html,<script>window.__xss=13</script>">a</a>',
]


# to the results page: relative (./ on that page), or from the site's root path on 404.html
_OWN_SEARCH = re.compile(r"(\.\./)*tim-kiem/|\./|/(?:[\w.-]+/)*tim-kiem/")


class _Markup(HTMLParser):
    """Collects the markup (not the text) a page would give the browser."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script" and not (values.get("src") or "").startswith(("../", "assets/", "/assets/")) and values.get("type") not in ("application/json", "application/ld+json"):
            self.problems.append(f"<script {values}>")
        if tag in ("iframe", "object", "embed", "base") or (tag == "form" and not _OWN_SEARCH.fullmatch(values.get("action") or "")):
            self.problems.append(f"<{tag}>")  # the only form is the site's own search: a GET to tim-kiem/
        for name, value in attrs:
            value = (value or "").strip().lower()
            if name.startswith("on") or name == "style" or name == "srcdoc":
                self.problems.append(f"<{tag} {name}=…>")
            if name in ("href", "src", "action", "formaction", "xlink:href") and value.startswith(("javascript:", "data:", "vbscript:")):
                self.problems.append(f"<{tag} {name}={value[:30]}>")
            if tag == "img" and name == "src" and ("//" in value):
                self.problems.append(f"<img src={value[:30]}>")


def markup_problems(html: str) -> list[str]:
    parser = _Markup()
    parser.feed(html)
    return parser.problems


def _inject(portal: Path) -> None:
    folder = portal / "procedures" / "ubnd-xa-vi-du"
    cycle = iter(PAYLOADS * 10)
    agency = yaml.load((folder / "agency.yaml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    for key in ("name", "address", "phone", "hours"):
        agency[key] = f"{agency.get(key, 'x')} {next(cycle)}"
    (folder / "agency.yaml").write_text(yaml.safe_dump(agency, allow_unicode=True), encoding="utf-8")
    source = folder / "dang-ky-khai-sinh.yaml"
    p = yaml.load(source.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    for key in ("name", "field", "result", "announced_by"):
        p[key] = f"{p.get(key, 'x')} {next(cycle)}"
    p["processing_time"]["note"] = next(cycle)
    p["documents"] = [{"name": f"Tờ khai {next(cycle)}", "form": next(cycle), "note": next(cycle)}]
    p["steps"] = [f"Bước {next(cycle)}" for _ in range(3)]
    p["requirements"] = [next(cycle) for _ in range(2)]
    p["legal_basis"] = [next(cycle) for _ in range(2)]
    p["fees"] = [{"name": f"Lệ phí {next(cycle)}", "amount": "1000", "note": next(cycle)}]
    p["description"] = "\n\n".join(PAYLOADS)
    source.write_text(yaml.safe_dump(p, allow_unicode=True), encoding="utf-8")
    guide = portal / "content" / "huong-dan" / "dich-vu-cong-truc-tuyen.md"
    guide.write_text(guide.read_text(encoding="utf-8") + "\n\n" + "\n\n".join(PAYLOADS) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def injected_site(tmp_path_factory) -> Path:
    from generator.commands.new import new_portal

    portal = new_portal(tmp_path_factory.mktemp("xss") / "portal")
    _inject(portal)
    return build(portal).output


def test_payloads_never_reach_the_html(injected_site: Path):
    pages = list(injected_site.rglob("*.html"))
    assert any("thu-tuc" in p.parts for p in pages)
    problems = {page.relative_to(injected_site).as_posix(): markup_problems(page.read_text(encoding="utf-8")) for page in pages}
    assert not {page: found for page, found in problems.items() if found}


def test_payloads_never_run_in_the_browser(browser, injected_site: Path):
    pages = ["", "thu-tuc/1-001193/", "co-quan/ubnd-xa-vi-du/", "huong-dan/dich-vu-cong-truc-tuyen/", "thu-tuc/"]
    events: list[str] = []
    for server in serve(injected_site):
        context = browser.new_context(viewport=DESKTOP)
        page = context.new_page()
        page.on("dialog", lambda dialog: (events.append(f"dialog: {dialog.message}"), dialog.dismiss()))
        for url in pages:
            page.goto(server.url(url), wait_until="networkidle")
            for link in page.locator("article a").all():  # a click must not run script either
                href = (link.get_attribute("href") or "").strip().lower()
                assert not href.startswith(("javascript:", "data:")), href
            box = page.locator("#tt-header-query")
            box.click()
            box.press_sequentially("window")  # injected names shown in search results stay text
            page.wait_for_selector("#tt-header-results .tt-search-result")
            page.wait_for_timeout(300)
            marker = page.evaluate("window.__xss")
            if marker is not None:
                events.append(f"{url}: payload {marker} ran")
        context.close()
    assert not events, events
