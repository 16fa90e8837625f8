"""Material's own interface text, as a Vietnamese reader sees it (issue 13, item 2).

Material's ``vi`` translation leaves "Initializing search" in English, calls back-to-top
"Trở lại mục lục" ("back to the table of contents") and the footer says "Made with
Material for MkDocs". The footer names the publishing authority and its contact instead,
taken from ``extra.portal`` in mkdocs.yml (read here independently of the generator)."""

from __future__ import annotations

import html
import re
from pathlib import Path

import yaml

ENGLISH_OR_WRONG = ("Initializing search", "Made with", "Material for MkDocs", "Trở lại mục lục", "Contributors", "Permanent link",
                    "RSS feed")


def _settings(root: Path) -> dict:
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    text = re.sub(r"!!python/name:\S+", "null", text)
    return yaml.safe_load(text)["extra"]["portal"]


def test_no_english_or_wrong_theme_text_on_any_page(built_sample: Path):
    pages = sorted(built_sample.rglob("*.html"))
    assert len(pages) > 100
    for page in pages:
        text = page.read_text(encoding="utf-8")
        if "md-footer" not in text:  # redirect stubs
            continue
        found = [s for s in ENGLISH_OR_WRONG if s in text]
        assert not found, f"{page.relative_to(built_sample)}: {found}"
    home = (built_sample / "index.html").read_text(encoding="utf-8")
    assert "Lên đầu trang" in home
    assert "Tìm thủ tục, cơ quan, hướng dẫn" in home  # the header search form's label (generator/render/search_form.py)


def test_footer_names_the_authority_and_its_contact(built_sample: Path, sample_copy: Path):
    portal = _settings(sample_copy)
    contact = portal["contact"]
    home = (built_sample / "index.html").read_text(encoding="utf-8")
    footer = html.unescape(home.split('<div class="md-copyright">', 1)[1].split("</footer>", 1)[0])
    assert f"Cơ quan chủ quản: {portal['authority']}" in footer
    assert contact["address"] in footer
    assert f'href="tel:{re.sub(r"[^0-9+]", "", contact["phone"])}">{contact["phone"]}</a>' in footer
    assert f'href="mailto:{contact["email"]}">{contact["email"]}</a>' in footer


def test_not_found_page_text_comes_from_the_strings_file(built_sample: Path):
    page = (built_sample / "404.html").read_text(encoding="utf-8")
    strings = yaml.safe_load((Path(__file__).parent.parent / "site_templates/strings/vi.yaml").read_text(encoding="utf-8"))
    assert f"<h1>{strings['not_found']['title']}</h1>" in page
    assert strings["not_found"]["home"] in page
