"""Valid HTML: the W3C Nu HTML Checker (vnu.jar from the npm package ``vnu-jar``, run
with the machine's Java) finds no error in the markup the project's templates
produce. The few errors that come from Material's own base templates are listed
here and in the README with the reason they stay."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import REPO

VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# (message starts with, the markup it points at contains): Material's base templates, not ours.
THEME_ERRORS = [
    # base.html: the drawer and search toggles are checkboxes with autocomplete="off", which
    # Material sets so Firefox does not restore a toggle's state on reload.
    ("Attribute “autocomplete” is only allowed when the input type is", 'class="md-toggle"'),
    # partials/nav-item.html: section labels get tabindex="" when not focusable.
    ("Bad value “” for attribute “tabindex” on element “label”", 'class="md-nav__link'),
    # partials/toc.html: the table of contents' title is a label for the hidden __toc toggle.
    ("The value of the “for” attribute of the “label” element must be the ID of a non-hidden form control", 'for="__toc"'),
]

PAGES = [
    "index.html", "thu-tuc/index.html", "thu-tuc/truc-tuyen-toan-trinh/index.html",
    "thu-tuc/1-001193-dang-ky-khai-sinh/index.html", "thu-tuc/1-001193/index.html",
    "co-quan/index.html", "co-quan/so-tu-phap/index.html", "linh-vuc/ho-tich/index.html", "muc-do/index.html",
    "huong-dan/dich-vu-cong-truc-tuyen/index.html", "huong-dan/ho-so-tre-han/index.html", "404.html",
    "thong-ke/index.html", "thong-ke/xep-hang/index.html", "du-lieu/index.html", "thay-doi/index.html",
]


def _is_theme_error(message: dict) -> bool:
    text, extract = message.get("message", ""), message.get("extract", "")
    return any(text.startswith(start) and marker in extract for start, marker in THEME_ERRORS)


def test_project_markup_has_no_html_error(built_sample: Path):
    pages = [built_sample / p for p in PAGES if (built_sample / p).is_file()]
    assert len(pages) >= 12, "the sample portal is missing pages the checker should see"
    _assert_no_project_error(pages)


def test_english_interface_markup_has_no_html_error(built_english: Path):
    pages = sorted(p for p in built_english.rglob("*.html") if "md-footer" in p.read_text(encoding="utf-8"))
    assert len(pages) >= 15
    _assert_no_project_error(pages)


def _assert_no_project_error(pages: list[Path]) -> None:
    java = shutil.which("java")
    if not java or not VNU.is_file():
        pytest.fail("The HTML checker needs Java and node_modules/vnu-jar: run `bash scripts/test.sh` "
                    "(apt-get install default-jre-headless; npm ci).", pytrace=False)
    run = subprocess.run(
        [java, "-jar", str(VNU), "--format", "json", "--errors-only", *map(str, pages)],
        capture_output=True, text=True, timeout=300,
    )
    messages = json.loads(run.stderr or run.stdout or '{"messages": []}')["messages"]
    errors = [m for m in messages if m.get("type") == "error" or m.get("subType") == "fatal"]
    ours = [
        f"{m.get('url', '').split('/site/')[-1]}:{m.get('lastLine')}: {m.get('message')} | {m.get('extract', '').strip()[:120]}"
        for m in errors if not _is_theme_error(m)
    ]
    assert not ours, "\n".join(ours)
    assert len(errors) <= 4 * len(pages)  # the theme's own: at most a handful per page
