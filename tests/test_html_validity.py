"""Valid HTML: the W3C Nu HTML Checker (vnu.jar from the npm package ``vnu-jar``, run
with the machine's Java) finds no error in the markup the project's templates
produce, on one page of every page family (tests/page_families.py); a control page with
known errors proves the checker ran, and its exit code is checked as well as its output. The few errors that come from Material's own base templates are listed
here and in the README with the reason they stay."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import REPO
from .page_families import LONG, families, file_of

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

# A page with one error of each kind the checker must report (a positive control: a checker that
# checks nothing, or crashes, cannot pass).
CONTROL = """<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>x</title></head>
<body><p><div>khối trong đoạn</div></p><img src="a.png"></body></html>
"""
CONTROL_ERRORS = {"An “img” element must have an “alt” attribute, except under certain conditions. For details, consult guidance on providing text alternatives for images."}


def _is_theme_error(message: dict) -> bool:
    text, extract = message.get("message", ""), message.get("extract", "")
    return any(text.startswith(start) and marker in extract for start, marker in THEME_ERRORS)


def _run_checker(java: str, files: list[Path]) -> tuple[int, list[dict]]:
    run = subprocess.run([java, "-jar", str(VNU), "--format", "json", "--errors-only", *map(str, files)],
                         capture_output=True, text=True, timeout=600)
    output = run.stderr.strip() or run.stdout.strip()
    assert output, f"the HTML checker printed nothing (exit code {run.returncode}): it did not check the pages"
    return run.returncode, json.loads(output)["messages"]


def test_project_markup_has_no_html_error(built_sample: Path, built_variant: Path, tmp_path: Path):
    """One page of every family (tests/page_families.py), the checker's exit code and output both read."""
    java = shutil.which("java")
    if not java or not VNU.is_file():
        pytest.fail("The HTML checker needs Java and node_modules/vnu-jar: run `bash scripts/test.sh` "
                    "(apt-get install default-jre-headless; npm ci).", pytrace=False)
    pages = {name: file_of(built_variant if site == LONG else built_sample, url)
             for name, (site, url) in families(built_sample, built_variant, redirects=True).items()}
    control = tmp_path / "control.html"
    control.write_text(CONTROL, encoding="utf-8")
    code, messages = _run_checker(java, [control, *pages.values()])
    errors = [m for m in messages if m.get("type") == "error" or m.get("subType") == "fatal"]
    control_errors = {m.get("message") for m in errors if m.get("url", "").endswith("/control.html")}
    assert CONTROL_ERRORS <= control_errors and len(control_errors) >= 2, (
        f"the checker did not report the control page's errors: {control_errors}")
    assert code == 1, f"the checker found errors but exited with {code} (1 expected)"
    errors = [m for m in errors if not m.get("url", "").endswith("/control.html")]
    ours = [
        f"{m.get('url', '').split('/site/')[-1]}:{m.get('lastLine')}: {m.get('message')} | {m.get('extract', '').strip()[:120]}"
        for m in errors if not _is_theme_error(m)
    ]
    assert not ours, "\n".join(ours)
    assert len(errors) <= 4 * len(pages)  # the theme's own: at most a handful per page
    # without the control page and with the theme's errors filtered, the checker itself must say "valid"
    theme = "|".join(re.escape(start) + ".*" for start, _ in THEME_ERRORS)
    run = subprocess.run([java, "-jar", str(VNU), "--errors-only", "--filterpattern", theme, *map(str, pages.values())],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, f"the HTML checker exited with {run.returncode}:\n{(run.stderr or run.stdout)[:3000]}"


def test_english_interface_markup_has_no_html_error(built_english: Path):
    java = shutil.which("java")
    if not java or not VNU.is_file():
        pytest.fail("The HTML checker needs Java and node_modules/vnu-jar: run `bash scripts/test.sh`.", pytrace=False)
    pages = sorted(p for p in built_english.rglob("*.html") if "md-footer" in p.read_text(encoding="utf-8"))
    assert len(pages) >= 15
    _, messages = _run_checker(java, pages)
    ours = [f"{m.get('url', '').split('/site/')[-1]}:{m.get('lastLine')}: {m.get('message')}"
            for m in messages if (m.get("type") == "error" or m.get("subType") == "fatal") and not _is_theme_error(m)]
    assert not ours, "\n".join(ours)
