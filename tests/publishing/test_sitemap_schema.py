"""sitemap.xml against the sitemaps.org schema (issue 13, item 5), checked by xmllint.

The XSD is the one npm ``sitemap`` ships (``node_modules/sitemap/schema/sitemap.xsd``);
``xmllint`` comes from Debian's ``libxml2-utils``. ``bash scripts/test.sh`` installs both."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.commands.build import build

from ..conftest import REPO

XSD = REPO / "node_modules" / "sitemap" / "schema" / "sitemap.xsd"


def xmllint(document: Path) -> subprocess.CompletedProcess:
    tool = shutil.which("xmllint")
    if not tool or not XSD.is_file():
        pytest.fail("xmllint (Debian libxml2-utils) and node_modules/sitemap (npm ci) are needed: "
                    "run `bash scripts/test.sh`", pytrace=False)
    return subprocess.run([tool, "--noout", "--nonet", "--schema", str(XSD), str(document)],
                          capture_output=True, text=True, timeout=120)


def test_the_schema_refuses_an_empty_urlset(tmp_path: Path):
    empty = tmp_path / "sitemap.xml"
    empty.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>\n',
                     encoding="utf-8")
    result = xmllint(empty)
    assert result.returncode != 0 and "fails to validate" in result.stderr


def test_the_sample_sitemap_is_valid_and_lists_every_page(built_sample: Path, sample_copy: Path):
    result = xmllint(built_sample / "sitemap.xml")
    assert result.returncode == 0, result.stderr
    site_url = re.search(r"^site_url:\s*(\S+)", (sample_copy / "mkdocs.yml").read_text(encoding="utf-8"), re.M).group(1)
    locs = re.findall(r"<loc>(.*?)</loc>", (built_sample / "sitemap.xml").read_text(encoding="utf-8"))
    assert len(locs) > 100 and all(loc.startswith(site_url) for loc in locs)
    assert f"{site_url}thu-tuc/1-001193-dang-ky-khai-sinh/" in locs
    robots = (built_sample / "robots.txt").read_text(encoding="utf-8")
    assert robots.endswith(f"Sitemap: {site_url}sitemap.xml\n")


def test_without_site_url_no_sitemap_is_published(starter_portal: Path, tmp_path: Path):
    assert "site_url" not in (starter_portal / "mkdocs.yml").read_text(encoding="utf-8")
    site = build(starter_portal, out=tmp_path / "site", strict=True).output
    assert not (site / "sitemap.xml").exists() and not (site / "sitemap.xml.gz").exists()
    assert (site / "robots.txt").read_text(encoding="utf-8") == "User-agent: *\nAllow: /\n"
