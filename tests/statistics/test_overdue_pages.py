"""``thong-ke/qua-han/`` stays bounded when many series have overdue dossiers: every agency on the main
page, the 50 largest series with a sentence saying how many more there are and where, and one page per
agency with every series of that agency, largest first.

The fixture portal gets 60 generated procedures and July rows for two communes (120 more series, most of
them overdue), so more than 50 series and one agency with more than 50 series have overdue dossiers.
"""

from __future__ import annotations

import re

import pytest

from generator.commands.build import build
from generator.figures.published import publish_statistics
from generator.paths import PortalPaths
from generator.portal import read_portal
from generator.render.statistics_pages import TOP_OVERDUE_SERIES, plan_statistics_pages
from tests.conftest import copy_portal

from .conftest import HEADER, PORTAL
from .test_statistics_site import by_figure, tables_of

GENERATED = 60
COMMUNES = ("xa-b", "xa-c")


def _procedure(code: str, index: int) -> str:
    return (f"code: {code}\nname: Thủ tục thử {index}\nfield: Thử nghiệm\nprocessing_time:\n  days: 3\n"
            "documents:\n  - name: Đơn\nsteps:\n  - Nộp hồ sơ.\nresult: Giấy xác nhận\n")


def _july_rows() -> list[str]:
    """Balanced rows (carried_over 0): received online = on time + late + pending on time + pending overdue."""
    lines = []
    for j, agency in enumerate(COMMUNES):
        for i in range(GENERATED):
            late, overdue, on_time, pending = (i * 7 + j * 3) % 11, (i * 5 + j) % 4, 2 + i % 3, 1
            received = on_time + late + pending + overdue
            lines.append(f"2025-07,{agency},9.{i:06d},0,{received},0,0,0,{on_time},{late},{pending},{overdue},0,1.5")
    return lines


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory):
    root = copy_portal(PORTAL, tmp_path_factory.mktemp("overdue") / "portal")
    for i in range(GENERATED):
        (root / "procedures" / "xa-b" / f"thu-{i:02d}.yaml").write_text(_procedure(f"9.{i:06d}", i), encoding="utf-8")
    (root / "statistics" / "thang-7" / "sinh-them.csv").write_text("\n".join([HEADER, *_july_rows()]) + "\n", encoding="utf-8")
    build(root, root / "site")
    portal = read_portal(PortalPaths.at(root))
    stats = publish_statistics(portal.statistics.rows, portal.catalogue, portal.statistics.warnings_by_month, portal.statistics.files)
    return root, portal, stats


def _expected_series(stats) -> list[tuple[str, dict]]:
    """Every July series with overdue dossiers, from the rows themselves: largest first, ties by agency/procedure."""
    july = stats.rows[stats.rows.period == "2025-07"]
    series = [(a, f"{a}/{p}", {"overdue": l + o, "resolved_late": l, "pending_overdue": o, "resolved": e + t + l})
              for a, p, e, t, l, o in zip(july.agency, july.procedure, july.resolved_early, july.resolved_on_time,
                                           july.resolved_late, july.pending_overdue) if l + o]
    return [(key, figures) for _, key, figures in sorted(series, key=lambda s: (-s[2]["overdue"], s[0], s[1]))]


def _shown(table: dict) -> list[tuple[str, dict]]:
    return [(r["attrs"]["data-key"], by_figure(r)) for r in table["rows"][1:]]


def test_main_page_shows_the_top_50_series_and_says_how_many_more(many):
    root, _, stats = many
    expected = _expected_series(stats)
    assert len(expected) > TOP_OVERDUE_SERIES == 50
    page = root / "site" / "thong-ke" / "qua-han" / "index.html"
    table = tables_of(page)["qua-han-thu-tuc"]
    assert _shown(table) == expected[:TOP_OVERDUE_SERIES]
    text = page.read_text("utf-8")
    more = re.search(r'<p class="tt-note" id="qua-han-con-lai" data-more="(\d+)">(.*?)</p>', text, re.S)
    assert more and int(more.group(1)) == len(expected) - TOP_OVERDUE_SERIES
    sentence = more.group(2)
    assert f"Còn {len(expected) - TOP_OVERDUE_SERIES} thủ tục khác" in sentence
    assert f"tổng cộng {len(expected)}" in sentence
    assert '<a href="../../du-lieu/thong-ke-hang-thang.csv" download>thong-ke-hang-thang.csv</a>' in sentence
    assert "2025-07" in sentence and (root / "site" / "du-lieu" / "thong-ke-hang-thang.csv").is_file()


def test_main_page_lists_every_agency_with_overdue_dossiers(many):
    root, _, stats = many
    july = stats.months[-1]
    table = tables_of(root / "site" / "thong-ke" / "qua-han" / "index.html")["qua-han-co-quan"]
    agencies = {key.split("/")[0] for key, _ in _expected_series(stats)}
    shown = {r["attrs"]["data-key"]: r for r in table["rows"][1:]}
    assert set(shown) == agencies == {"so-a", "xa-b", "xa-c"}
    overdue = [by_figure(r)["overdue"] for r in table["rows"][1:]]
    assert overdue == sorted(overdue, reverse=True)
    for agency, row in shown.items():
        figures = stats.get(july, "agency", agency)
        assert by_figure(row)["overdue"] == figures.overdue
        assert by_figure(row)["resolved_late"] == figures.resolved_late
        assert by_figure(row)["pending_overdue"] == figures.pending_overdue
        assert by_figure(row)["received"] == figures.received
        assert row["cells"][-1][1]["data-series"] == str(sum(1 for key, _ in _expected_series(stats) if key.startswith(agency + "/")))


def test_every_series_is_on_its_agency_page_largest_first(many):
    root, _, stats = many
    expected = _expected_series(stats)
    seen = []
    for agency in ("so-a", "xa-b", "xa-c"):
        page = root / "site" / "thong-ke" / "qua-han" / agency / "index.html"
        shown = _shown(tables_of(page)["qua-han-thu-tuc"])
        assert shown == [item for item in expected if item[0].startswith(agency + "/")]
        seen += shown
    assert sorted(key for key, _ in seen) == sorted(key for key, _ in expected)
    assert len([key for key, _ in seen if key.startswith("xa-c/")]) > TOP_OVERDUE_SERIES  # agency pages are not capped


def test_plan_has_one_overdue_page_per_agency_with_overdue_dossiers(many):
    _, portal, stats = many
    pages = {p.url: p for p in plan_statistics_pages(stats, portal.catalogue, 20)}
    main = pages["thong-ke/qua-han/"]
    assert len(main.context["entries"]) == TOP_OVERDUE_SERIES
    assert main.context["total_series"] == len(_expected_series(stats))
    assert main.context["more_series"] == main.context["total_series"] - TOP_OVERDUE_SERIES
    per_agency = {url: p for url, p in pages.items() if url.startswith("thong-ke/qua-han/") and url != "thong-ke/qua-han/"}
    assert set(per_agency) == {f"thong-ke/qua-han/{a}/" for a in ("so-a", "xa-b", "xa-c")}
    assert sum(len(p.context["entries"]) for p in per_agency.values()) == main.context["total_series"]
    assert main.context["series_counts"] == {p.context["agency"].id: len(p.context["entries"]) for p in per_agency.values()}
