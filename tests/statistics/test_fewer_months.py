"""Headings about "the last 12 months" over fewer months of data say how many (issue 13, item 12)."""

from __future__ import annotations

import re
from pathlib import Path

from generator.commands.build import build


def _months_in(portal: Path) -> int:
    periods = set()
    for csv in (portal / "statistics").glob("*.csv"):
        for line in csv.read_text(encoding="utf-8-sig").splitlines()[1:]:
            periods.add(line.split(",", 1)[0])
    return len(periods)


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_a_portal_with_three_months_never_claims_twelve(starter_portal: Path):
    months = _months_in(starter_portal)
    assert months == 3
    out = build(starter_portal, strict=True).output
    overview = _text((out / "thong-ke" / "index.html").read_text(encoding="utf-8"))
    assert "3 tháng có số liệu (chưa đủ 12 tháng)" in overview
    assert "Diễn biến 3 tháng có số liệu" in overview
    assert "3 tháng có số liệu (tháng 1/2026 – tháng 3/2026)" in overview
    pages = [out / "thong-ke" / "index.html", out / "thong-ke" / "xep-hang" / "index.html",
             *(out / "thu-tuc").glob("*/index.html"), *(out / "co-quan").glob("*/index.html")]
    for page in pages:
        assert "12 tháng gần nhất" not in _text(page.read_text(encoding="utf-8")), page
    procedure = [p for p in (out / "thu-tuc").glob("*/index.html") if "tinh-hinh-giai-quyet" in p.read_text(encoding="utf-8")]
    assert procedure and "Tình hình giải quyết 3 tháng có số liệu" in _text(procedure[0].read_text(encoding="utf-8"))
