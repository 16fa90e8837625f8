"""Script injection through editors' page metadata: front matter ``title``, ``nav_title`` and
``description`` and a page's first heading land in ``<title>``, ``<meta name="description">``,
the navigation of every page and the search index. They must arrive there as text.

Checked twice: the built HTML holds no markup from them (an independent HTML parser), and real
Chromium runs none of them and shows them as the text the editor typed."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.commands.build import build

from .conftest import DESKTOP, serve
from .test_xss import markup_problems

DESCRIPTION = '"><script>window.__xss=21</script>'
TITLE = 'Trang <img src=x onerror="window.__xss=22"> thử'
NAV_TITLE = "<img src=x onerror=window.__xss=23>Mục"
HEADING = "# &lt;/title&gt;&lt;img src=x onerror=window.__xss=24&gt;"
SECTION = "<svg onload=window.__xss=25>Hướng dẫn"


def _inject(portal: Path) -> None:
    content = portal / "content"
    (content / "tieu-de.md").write_text(
        f"---\ntitle: '{TITLE}'\nnav_title: '{NAV_TITLE}'\ndescription: '{DESCRIPTION}'\n---\n\n# Tiêu đề\n\nNội dung.\n",
        encoding="utf-8")
    (content / "tieu-de-h1.md").write_text(f"{HEADING}\n\nNội dung của trang.\n", encoding="utf-8")
    index = content / "huong-dan" / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("nav_title: Hướng dẫn", f"nav_title: '{SECTION}'"),
                     encoding="utf-8")


@pytest.fixture(scope="module")
def meta_site(tmp_path_factory) -> Path:
    from generator.commands.new import new_portal

    portal = new_portal(tmp_path_factory.mktemp("meta-xss") / "portal")
    _inject(portal)
    return build(portal).output


class _Head(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title, self.description, self._in_title = "", None, False

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "title":
            self._in_title = True
        if tag == "meta" and values.get("name") == "description":
            self.description = values.get("content")

    def handle_endtag(self, tag):
        self._in_title = self._in_title and tag != "title"

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def _head(page: Path) -> _Head:
    parser = _Head()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def test_metadata_never_reaches_the_html_as_markup(meta_site: Path):
    pages = list(meta_site.rglob("*.html"))
    assert len(pages) > 10
    problems = {p.relative_to(meta_site).as_posix(): markup_problems(p.read_text(encoding="utf-8")) for p in pages}
    assert not {page: found for page, found in problems.items() if found}


def test_metadata_is_shown_as_the_text_the_editor_typed(meta_site: Path):
    titled = _head(meta_site / "tieu-de" / "index.html")
    assert titled.title.startswith("Trang thử - ")  # tags are taken out of titles: they are plain text
    assert titled.description == '">'
    from_heading = _head(meta_site / "tieu-de-h1" / "index.html")
    assert from_heading.title.startswith("</title><img src=x onerror=window.__xss=24> - ")  # as the heading reads
    index = json.loads((meta_site / "tim-kiem" / "chi-muc.json").read_text(encoding="utf-8"))
    titles = {url: title for url, title, _, _ in index["docs"]}
    assert titles["tieu-de/"] == "Trang thử"
    assert titles["tieu-de-h1/"] == "</title><img src=x onerror=window.__xss=24>"  # plain text: shown as text


def test_metadata_never_runs_in_the_browser(browser, meta_site: Path):
    events: list[str] = []
    for server in serve(meta_site):
        context = browser.new_context(viewport=DESKTOP)
        page = context.new_page()
        page.on("dialog", lambda dialog: (events.append(f"dialog: {dialog.message}"), dialog.dismiss()))
        for url in ["", "tieu-de/", "tieu-de-h1/", "huong-dan/", "thu-tuc/"]:
            page.goto(server.url(url), wait_until="networkidle")
            found = page.evaluate("""() => ({
                marker: window.__xss,
                injected: document.querySelectorAll('[onerror], [onload], head script:not([src])').length,
                title: document.title,
                nav: [...document.querySelectorAll('.md-nav__link, .md-tabs__link')].map(a => a.textContent.trim()),
            })""")
            if found["marker"] is not None or found["injected"]:
                events.append(f"{url}: {found}")
            assert "Hướng dẫn" in found["nav"], found["nav"]  # the section's tab, on every page
            if url == "tieu-de/":
                assert "Mục" in found["nav"], found["nav"]  # navigation.prune: the section's pages on its own pages
            if url == "tieu-de-h1/":
                assert found["title"].startswith("</title><img src=x onerror=window.__xss=24> - ")
        context.close()
    assert not events, events
