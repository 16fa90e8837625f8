"""The change feed after a catalogue's first import into git (issue 13, item 6).

The whole sample catalogue committed at once used to give 50 "Công bố mới" entries dated
by the commit, pushing the real amendments and abolitions out of the feed. Now the import
is one entry, and each procedure's entries carry its own dates from the data."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from ..conftest import REPO, copy_portal
from .gitutil import init_repo
from .test_changes import ATOM, _site, parse_feed

IMPORT_DAY = "2026-11-20"


@pytest.fixture
def imported_sample(tmp_path: Path) -> Path:
    root = copy_portal(REPO, tmp_path / "portal")
    init_repo(root, f"{IMPORT_DAY}T09:00:00+07:00")
    return root


def _procedures(root: Path) -> dict[str, dict]:
    found = {}
    for file in (root / "procedures").rglob("*.yaml"):
        if file.name != "agency.yaml" and not file.name.startswith("_"):
            data = yaml.load(file.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
            found[data["name"]] = data
    return found


def test_the_first_import_is_one_entry_and_the_rest_carry_the_data_dates(imported_sample: Path):
    procedures = _procedures(imported_sample)
    _, site = _site(imported_sample)
    feed = parse_feed(site.docs["thay-doi/feed.xml"])
    entries = feed.findall(f"{ATOM}entry")
    kinds = [e.find(f"{ATOM}category").get("term") for e in entries]
    assert kinds.count("imported") == 1
    [imported] = [e for e in entries if e.find(f"{ATOM}category").get("term") == "imported"]
    assert imported.find(f"{ATOM}title").text == \
        f"Đưa danh mục lên cổng: {len(procedures)} thủ tục hành chính được đưa lên cổng cùng lúc"
    assert imported.find(f"{ATOM}updated").text == f"{IMPORT_DAY}T09:00:00+07:00"
    assert imported.find(f"{ATOM}link").get("href") == "https://thutuc.sonha.example/thu-tuc/"  # the sample has a site_url
    for entry in entries:
        if entry is imported:
            continue
        kind = entry.find(f"{ATOM}category").get("term")
        name = entry.find(f"{ATOM}title").text.split(": ", 1)[1]
        data = procedures[name]
        day = dt.date.fromisoformat(entry.find(f"{ATOM}updated").text[:10])
        assert entry.find(f"{ATOM}updated").text.endswith("T00:00:00+07:00")  # a date from the data, not a commit
        if kind == "added":  # the announcing decision's date, as written in announced_by
            assert f"ngày {day.day:02d}/{day.month}/{day.year}" in data["announced_by"] or \
                f"ngày {day.day}/{day.month}/{day.year}" in data["announced_by"], (name, day)
        else:
            assert day.isoformat() == data["updated"], name
            assert kind == (data.get("status") if data.get("status") in ("amended", "abolished") else "updated"), name
    # the real amendments and abolitions are in the feed, not pushed out by the import
    for data in procedures.values():
        if data.get("status") in ("amended", "abolished"):
            assert f"{'Sửa đổi, bổ sung' if data['status'] == 'amended' else 'Bãi bỏ'}: {data['name']}" in \
                [e.find(f"{ATOM}title").text for e in entries]


def test_the_changes_page_shows_the_import_once(imported_sample: Path):
    _, site = _site(imported_sample)
    page = site.docs["thay-doi/index.md"].decode("utf-8")
    assert page.count("được đưa lên cổng cùng lúc") == 1
    assert page.count('<span class="tt-badge tt-badge--added">Công bố mới</span>') <= len(_procedures(imported_sample))
    procedure = site.docs["thu-tuc/1-001193-dang-ky-khai-sinh.md"].decode("utf-8")
    assert f'datetime="{IMPORT_DAY}"' not in procedure  # a procedure's history has no "new" dated by the import
