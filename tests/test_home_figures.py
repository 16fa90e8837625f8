"""The home page says how the province performs (issue 13, item 9): the latest month's on-time
rate, the dossiers overdue now and the online share, each linked to its page; figures computed
here from the sample's CSV files and its dossier records (tests/dossiers/reference.py, the plain-Python
computation of section 6), independently of the generator."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pyarrow.parquet as pq

from .dossiers import reference


def _latest_month_totals(portal: Path) -> tuple[str, dict[str, int]]:
    rows = []
    for file in (portal / "statistics").rglob("*.csv"):
        with open(file, encoding="utf-8-sig", newline="") as f:
            text = f.read()
        rows += list(csv.DictReader(text.splitlines(), delimiter=";" if ";" in text.splitlines()[0] else ","))
    rows += _dossier_month_rows(portal)
    latest = max(r["period"] for r in rows)
    columns = ("received_online", "received_direct", "received_postal", "resolved_early", "resolved_on_time",
               "resolved_late", "pending_overdue")
    return latest, {c: sum(int(r[c]) for r in rows if r["period"] == latest) for c in columns}


def _dossier_month_rows(portal: Path) -> list[dict]:
    """The monthly rows of section 6 from the sample's Parquet export (read with pyarrow, not the generator)."""
    dossiers = []
    for file in sorted((portal / "dossiers").rglob("*.parquet")):
        for r in pq.read_table(file).to_pylist():
            finished = r["finished_at"]
            dossiers.append(reference.Dossier(
                r["agency"], r["procedure"], reference.CHANNEL[str(r["channel"])], r["received_at"], r["due_at"], finished,
                reference.OUTCOME[str(r["outcome"])] if finished else None, int(r["supplement_requests"] or 0),
                int(r["supplement_days"] or 0), bool(r["apology"]), bool(r["paid_online"]), r["rating"] or ""))
    return [{"period": period, **counts} for (period, _, _), counts in reference.monthly_rows(dossiers).items()] if dossiers else []


def _percent(ratio: float) -> str:
    return f"{ratio * 100:.1f}".replace(".", ",") + "\u00a0%"


def test_home_page_shows_the_latest_month_with_links(built_sample: Path, sample_copy: Path):
    latest, totals = _latest_month_totals(sample_copy)
    year, month = latest.split("-")
    resolved = totals["resolved_early"] + totals["resolved_on_time"] + totals["resolved_late"]
    received = totals["received_online"] + totals["received_direct"] + totals["received_postal"]
    home = (built_sample / "index.html").read_text(encoding="utf-8")
    assert f"Kết quả giải quyết hồ sơ, tháng {int(month)}/{year}" in home
    figures = re.findall(r'<li><a href="([^"]+)"><strong>([^<]+)</strong> ([^<]+)</a></li>',
                         home.split('id="ket-qua-giai-quyet"', 1)[1].split("</ul>", 1)[0])
    assert figures == [
        ("thong-ke/xep-hang/", _percent((totals["resolved_early"] + totals["resolved_on_time"]) / resolved), "hồ sơ giải quyết đúng hạn"),
        ("thong-ke/qua-han/", f"{totals['pending_overdue']:,}".replace(",", "."), "hồ sơ đang quá hạn"),
        (f"thong-ke/thang/{latest}/", _percent(totals["received_online"] / received), "hồ sơ nộp trực tuyến"),
    ]
    for href, _, _ in figures:
        assert (built_sample / href / "index.html").is_file(), href


def test_home_page_has_a_large_search_form(built_sample: Path):
    home = (built_sample / "index.html").read_text(encoding="utf-8")
    form = re.search(r'<form class="tt-home-search" role="search" aria-label="Tìm thủ tục hành chính" method="get" '
                     r'action="tim-kiem/"[^>]*>(.*?)</form>', home, re.S).group(1)
    assert '<label class="tt-home-search__label" for="tt-home-query">Tìm thủ tục hành chính</label>' in form
    assert 'name="q"' in form and 'type="submit"' in form  # without JavaScript: tim-kiem/?q=… (the results page)


def test_a_portal_without_statistics_shows_no_figures(starter_portal: Path, tmp_path: Path):
    from generator.commands.build import build

    for csv_file in (starter_portal / "statistics").glob("*.csv"):
        csv_file.unlink()
    site = build(starter_portal, out=tmp_path / "site", strict=True).output
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "ket-qua-giai-quyet" not in home and 'class="tt-home-search"' in home
