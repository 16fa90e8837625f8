"""Change feed: git history, the "Thay đổi gần đây" page, the Atom feed, procedure history, old-name redirects."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from generator.load.git_history import CatalogueHistory, read_history
from generator.paths import PortalPaths
from generator.portal import read_portal
from generator.changes.procedure_changes import catalogue_changes
from generator.render.changes_pages import plan_old_name_redirects
from generator.pipeline import compute
from generator.render.site_files import render_site

from .gitutil import commit_all, init_repo

ATOM = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
AGENCY = Path("procedures/ubnd-xa-vi-du")


def _site(root: Path):
    portal = read_portal(PortalPaths.at(root))
    return portal, render_site(portal, compute(portal))


@pytest.fixture
def history_portal(starter_portal: Path) -> Path:
    """Four commits: created; a second procedure; the first renamed (file and name); the second amended."""
    root = starter_portal
    first = root / AGENCY / "dang-ky-khai-sinh.yaml"
    init_repo(root, "2026-01-05T09:00:00+07:00")
    second = root / AGENCY / "dang-ky-ket-hon.yaml"
    text = first.read_text(encoding="utf-8")
    second.write_text(
        text.replace("code: 1.001193", "code: 1.000894").replace("name: Đăng ký khai sinh", "name: Đăng ký kết hôn")
        .replace("updated: 2026-01-15", "updated: 2026-02-01"),
        encoding="utf-8",
    )
    commit_all(root, "Thêm đăng ký kết hôn", "2026-02-03T10:00:00+07:00")
    renamed = root / AGENCY / "khai-sinh.yaml"
    first.rename(renamed)
    renamed.write_text(text.replace("name: Đăng ký khai sinh", "name: Đăng ký khai sinh cho trẻ em"), encoding="utf-8")
    commit_all(root, "Đổi tên thủ tục khai sinh", "2026-03-02T08:30:00+07:00")
    second.write_text(
        second.read_text(encoding="utf-8").replace("status: active", "status: amended").replace("updated: 2026-02-01", "updated: 2026-03-20"),
        encoding="utf-8",
    )
    commit_all(root, "Sửa đổi thủ tục kết hôn", "2026-04-02T15:00:00+07:00")
    return root


def test_git_history_follows_renames_and_remembers_old_names(history_portal: Path):
    history = read_history(history_portal)
    assert history.available
    renamed = (AGENCY / "khai-sinh.yaml").as_posix()
    assert [c.kind for c in history.of(renamed)] == ["added", "renamed"]
    assert history.first_seen(renamed) == dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    assert history.previous(renamed, "name") == ["Đăng ký khai sinh"]
    assert history.previous(renamed, "code") == []
    marriage = (AGENCY / "dang-ky-ket-hon.yaml").as_posix()
    assert sorted((v.field, v.old, v.new) for v in history.values[marriage]) == [
        ("status", "active", "amended"), ("updated", "2026-02-01", "2026-03-20")]
    assert [c.kind for c in history.of(marriage)] == ["added", "modified"]


def test_no_git_or_not_a_repository_gives_an_empty_history(starter_portal: Path, monkeypatch):
    assert read_history(starter_portal) == CatalogueHistory()  # a plain folder
    monkeypatch.setenv("PATH", "/nonexistent")
    assert read_history(starter_portal) == CatalogueHistory()  # no git at all


def test_procedure_changes_merge_data_and_git(history_portal: Path):
    portal = read_portal(PortalPaths.at(history_portal))
    changes = catalogue_changes(portal.catalogue, portal.history)
    marriage = [(c.kind, c.day.isoformat(), c.source) for c in changes.by_code["1.000894"]]
    # the amendment is dated by `updated` (the legal date), not by the commit that published it (2026-04-02);
    # the day the procedure first appeared comes from git
    assert marriage == [("amended", "2026-03-20", "data"), ("added", "2026-02-03", "git")]
    birth = [(c.kind, c.day.isoformat()) for c in changes.by_code["1.001193"]]
    assert birth == [("updated", "2026-03-02"), ("updated", "2026-01-15"), ("added", "2026-01-05")]
    whens = [c.when for c in changes.recent]
    assert whens == sorted(whens, reverse=True)


def parse_feed(data: bytes) -> ET.Element:
    feed = ET.fromstring(data)
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author"):
        assert feed.find(f"{ATOM}{required}") is not None, required
    assert feed.find(f"{ATOM}author/{ATOM}name").text
    assert RFC3339.match(feed.find(f"{ATOM}updated").text)
    entries = feed.findall(f"{ATOM}entry")
    for entry in entries:
        for required in ("id", "title", "updated"):
            assert (entry.find(f"{ATOM}{required}").text or "").strip(), required
        assert RFC3339.match(entry.find(f"{ATOM}updated").text)
        assert entry.find(f"{ATOM}link[@rel='alternate']").get("href")
    ids = [e.find(f"{ATOM}id").text for e in entries]
    assert len(ids) == len(set(ids))
    updated = [dt.datetime.fromisoformat(e.find(f"{ATOM}updated").text) for e in entries]
    assert updated == sorted(updated, reverse=True)
    if entries:
        assert dt.datetime.fromisoformat(feed.find(f"{ATOM}updated").text) == updated[0]
    return feed


def test_feed_is_valid_atom_newest_first_and_deterministic(history_portal: Path):
    _, site = _site(history_portal)
    feed = parse_feed(site.docs["thay-doi/feed.xml"])
    titles = [e.find(f"{ATOM}title").text for e in feed.findall(f"{ATOM}entry")]
    assert titles[0] == "Sửa đổi, bổ sung: Đăng ký kết hôn"
    assert "Công bố mới: Đăng ký khai sinh cho trẻ em" in titles
    links = {e.find(f"{ATOM}link").get("href") for e in feed.findall(f"{ATOM}entry")}
    assert links == {"../thu-tuc/1-000894-dang-ky-ket-hon/", "../thu-tuc/1-001193-dang-ky-khai-sinh-cho-tre-em/"}
    assert all(e.find(f"{ATOM}id").text.startswith("tag:thutuc-portal,2026:cong-cong-khai-thu-tuc-hanh-chinh:")
               for e in feed.findall(f"{ATOM}entry"))
    _, again = _site(history_portal)
    assert again.docs["thay-doi/feed.xml"] == site.docs["thay-doi/feed.xml"]


def test_feed_links_are_absolute_with_a_site_url_and_ids_do_not_change(history_portal: Path):
    _, before = _site(history_portal)
    ids_before = [e.text for e in parse_feed(before.docs["thay-doi/feed.xml"]).iter(f"{ATOM}id")]
    config = history_portal / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("site_name:", "site_url: https://congkhai.example.gov.vn/\nsite_name:", 1), encoding="utf-8")
    _, site = _site(history_portal)
    feed = parse_feed(site.docs["thay-doi/feed.xml"])
    assert [e.text for e in feed.iter(f"{ATOM}id")] == ids_before  # the feed's and every entry's
    assert feed.find(f"{ATOM}id").text == "tag:thutuc-portal,2026:cong-cong-khai-thu-tuc-hanh-chinh:feed"
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == "https://congkhai.example.gov.vn/thay-doi/feed.xml"
    for entry in feed.findall(f"{ATOM}entry"):
        assert entry.find(f"{ATOM}link").get("href").startswith("https://congkhai.example.gov.vn/thu-tuc/")


def test_changes_page_and_procedure_history(history_portal: Path):
    _, site = _site(history_portal)
    page = site.docs["thay-doi/index.md"].decode("utf-8")
    assert "## Tháng 3/2026 {#thang-2026-03}" in page
    assert page.index("20/03/2026") < page.index("02/03/2026") < page.index("05/01/2026")
    assert '<a href="../thu-tuc/1-000894-dang-ky-ket-hon/">Đăng ký kết hôn</a>' in page
    procedure = site.docs["thu-tuc/1-000894-dang-ky-ket-hon.md"].decode("utf-8")
    history = procedure[procedure.index('<section class="tt-history"'):]
    assert '<time datetime="2026-03-20">20/03/2026</time>: Sửa đổi, bổ sung' in history
    assert '<time datetime="2026-02-03">03/02/2026</time>: Công bố mới' in history


def test_old_name_redirects_to_the_current_page(history_portal: Path):
    _, site = _site(history_portal)
    old = site.docs["thu-tuc/1-001193-dang-ky-khai-sinh/index.html"].decode("utf-8")
    assert 'url=../1-001193-dang-ky-khai-sinh-cho-tre-em/"' in old
    assert "thu-tuc/1-001193-dang-ky-khai-sinh-cho-tre-em.md" in site.docs


def test_old_name_redirect_never_replaces_a_page(history_portal: Path):
    portal = read_portal(PortalPaths.at(history_portal))
    old = "thu-tuc/1-001193-dang-ky-khai-sinh/"
    assert [p.path for p in plan_old_name_redirects(portal.catalogue, portal.history, [])] == [old + "index.html"]
    assert plan_old_name_redirects(portal.catalogue, portal.history, [old + "index.html"]) == []
    assert plan_old_name_redirects(portal.catalogue, portal.history, [old.rstrip("/") + ".md"]) == []


def test_portal_without_git_lists_data_changes_only(starter_portal: Path):
    _, site = _site(starter_portal)
    feed = parse_feed(site.docs["thay-doi/feed.xml"])
    [entry] = feed.findall(f"{ATOM}entry")
    assert entry.find(f"{ATOM}updated").text == "2026-01-15T00:00:00+07:00"
    assert entry.find(f"{ATOM}title").text == "Cập nhật thông tin: Đăng ký khai sinh"


def test_empty_feed_is_still_valid(starter_portal: Path, monkeypatch):
    source = starter_portal / AGENCY / "dang-ky-khai-sinh.yaml"
    source.write_text(source.read_text(encoding="utf-8").replace("updated: 2026-01-15\n", ""), encoding="utf-8")
    for statistics in (starter_portal / "statistics").glob("*.csv"):  # months after this build date are refused
        statistics.unlink()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    _, site = _site(starter_portal)
    feed = parse_feed(site.docs["thay-doi/feed.xml"])
    assert feed.findall(f"{ATOM}entry") == []
    assert feed.find(f"{ATOM}updated").text == "2026-01-01T00:00:00+00:00"
    assert "Chưa có thay đổi nào được ghi nhận." in site.docs["thay-doi/index.md"].decode("utf-8")
