"""Reproducible builds: two builds of one commit are byte-identical; sitemap dates and robots.txt."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import os
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from generator.commands.build import build

from .gitutil import commit_all, init_repo

SITE_URL = "https://congkhai.example.gov.vn/"
NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
AGENCY = Path("procedures/ubnd-xa-vi-du")


def digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def with_site_url(root: Path) -> None:
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("site_name:", f"site_url: {SITE_URL}\nsite_name:", 1), encoding="utf-8")


@pytest.fixture
def git_portal(starter_portal: Path, monkeypatch) -> Path:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    with_site_url(starter_portal)
    init_repo(starter_portal, "2026-02-10T09:00:00+07:00")
    procedure = starter_portal / AGENCY / "dang-ky-khai-sinh.yaml"
    procedure.write_text(procedure.read_text(encoding="utf-8").replace("updated: 2026-01-15", "updated: 2026-03-01"), encoding="utf-8")
    commit_all(starter_portal, "Cập nhật", "2026-03-02T08:30:00+07:00")
    return starter_portal


def sitemap_dates(site: Path) -> dict[str, str]:
    root = ET.parse(site / "sitemap.xml").getroot()
    return {u.findtext(f"{NS}loc"): u.findtext(f"{NS}lastmod") for u in root.findall(f"{NS}url")}


def test_two_builds_of_one_commit_are_byte_identical(git_portal: Path, tmp_path: Path):
    first = build(git_portal, out=tmp_path / "one", strict=True).output
    shutil.rmtree(git_portal / ".portal-cache")  # a fresh checkout has no cache
    os.utime(git_portal / "mkdocs.yml")
    second = build(git_portal, out=tmp_path / "two", strict=True).output
    assert digest(first) == digest(second)
    assert len(digest(first)) > 20
    assert "SOURCE_DATE_EPOCH" not in os.environ  # set for the build only


def test_build_date_is_the_last_commit_and_procedures_carry_their_own(git_portal: Path, tmp_path: Path):
    site = build(git_portal, out=tmp_path / "site").output
    dates = sitemap_dates(site)
    assert dates[SITE_URL] == "2026-03-02"  # the last commit (01:30 UTC)
    assert dates[SITE_URL + "thu-tuc/1-001193-dang-ky-khai-sinh/"] == "2026-03-01"  # its `updated`


def test_sitemap_gz_is_deterministic_and_matches(git_portal: Path, tmp_path: Path):
    site = build(git_portal, out=tmp_path / "site").output
    packed = (site / "sitemap.xml.gz").read_bytes()
    assert packed[4:8] == b"\0\0\0\0"  # gzip MTIME
    assert gzip.decompress(packed) == (site / "sitemap.xml").read_bytes()


def test_environment_source_date_epoch_wins(git_portal: Path, tmp_path: Path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime(2030, 5, 6, tzinfo=dt.timezone.utc).timestamp())))
    site = build(git_portal, out=tmp_path / "site").output
    assert sitemap_dates(site)[SITE_URL] == "2030-05-06"


def test_without_git_builds_are_identical_and_dated_by_the_data(starter_portal: Path, tmp_path: Path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    with_site_url(starter_portal)
    first = build(starter_portal, out=tmp_path / "one").output
    second = build(starter_portal, out=tmp_path / "two").output
    assert digest(first) == digest(second)
    assert sitemap_dates(first)[SITE_URL] == "2026-01-14"  # newest `updated` (2026-01-15) at midnight in Vietnam, in UTC


def test_robots_txt(starter_portal: Path, tmp_path: Path):
    site = build(starter_portal, out=tmp_path / "plain").output
    assert (site / "robots.txt").read_text(encoding="utf-8") == "User-agent: *\nAllow: /\n"
    with_site_url(starter_portal)
    site = build(starter_portal, out=tmp_path / "with-url").output
    assert (site / "robots.txt").read_text(encoding="utf-8").endswith(f"Sitemap: {SITE_URL}sitemap.xml\n")
    (starter_portal / "content" / "robots.txt").write_text("User-agent: *\nDisallow: /nhap/\n", encoding="utf-8")
    site = build(starter_portal, out=tmp_path / "own").output
    assert (site / "robots.txt").read_text(encoding="utf-8") == "User-agent: *\nDisallow: /nhap/\n"


def test_404_page_is_vietnamese(starter_portal: Path, tmp_path: Path):
    site = build(starter_portal, out=tmp_path / "site").output
    page = (site / "404.html").read_text(encoding="utf-8")
    assert "Không tìm thấy trang (lỗi 404)" in page and "Danh mục thủ tục hành chính" in page
