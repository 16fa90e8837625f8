"""End to end: build the fixture portal with MkDocs, read the tables back out of the HTML, compare with the figures.

Every cell of every statistics table is compared with figures summed by hand from the
fixture's CSV rows and YAML catalogue (tests/statistics/expected.py), never with the
product's own figures; every table must list exactly the rows the data gives.

Also: the published open data validates against its datapackage.json
(frictionless), codes stay text, output is byte-identical across builds, and
bad statistics stop the build with nothing published.
"""

from __future__ import annotations

import json
from collections import Counter
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.commands.build import build
from generator.errors import InvalidInput
from generator.figures.published import publish_statistics
from generator.paths import PortalPaths
from generator.portal import read_portal
from tests.conftest import copy_portal

from .conftest import PORTAL, fixture_rows
from .expected import CATALOGUE, LAST_12, data_months, empty, expected_figures, expected_series, span_bounds


class Tables(HTMLParser):
    """Every <table id=…>: its rows as {attrs, cells: [(tag, attrs, text)]}."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, dict] = {}
        self._table = self._row = self._cell = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self._table = {"attrs": attrs, "rows": []}
            self.tables[attrs.get("id", f"table-{len(self.tables)}")] = self._table
        elif tag == "tr" and self._table is not None:
            self._row = {"attrs": attrs, "cells": [], "table": self._table}
            self._table["rows"].append(self._row)
        elif tag in ("td", "th") and self._row is not None:
            self._cell = [tag, attrs, ""]
            self._row["cells"].append(self._cell)

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self._cell = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell[2] += data


def tables_of(page: Path) -> dict[str, dict]:
    parser = Tables()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.tables


def number(text: str):
    """Vietnamese text back to a number: ``1.234`` → 1234, ``87,5 %`` → 0.875, ``—`` → None."""
    text = text.strip().replace("\u00a0", " ")
    if text == "—":
        return None
    if text.endswith("%"):
        return float(text[:-1].strip().replace(".", "").replace(",", ".")) / 100
    return float(text.replace(".", "").replace(",", "."))


def by_figure(row: dict) -> dict[str, object]:
    """A row's numbers by figure name: named on the cell, or on its column's header cell."""
    header = row["table"]["rows"][0]["cells"]
    shown = {}
    for index, (tag, attrs, text) in enumerate(row["cells"]):
        name = attrs.get("data-figure") or (header[index][1].get("data-figure") if row is not row["table"]["rows"][0] else None)
        if name:
            shown[name] = number(text)
    return shown


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory):
    root = copy_portal(PORTAL, tmp_path_factory.mktemp("stats") / "portal")
    report = build(root, root / "site")
    portal = read_portal(PortalPaths.at(root))
    rows = portal.statistics
    stats = publish_statistics(rows.rows, portal.catalogue, rows.warnings_by_month, rows.files)
    return root, report, stats


def test_build_reports_the_two_warnings(built):
    _, report, _ = built
    assert sorted(p.code for p in report.warnings) == ["carried-over-mismatch", "missing-month"]


def test_rate_without_dossiers_shows_a_dash(built):
    root, _, _ = built
    tables = tables_of(root / "site" / "thong-ke" / "thang" / "2025-03" / "index.html")
    xa_c = next(r for r in tables["theo-co-quan-bang"]["rows"] if r["attrs"].get("data-key") == "xa-c")
    assert by_figure(xa_c)["on_time_rate"] is None and by_figure(xa_c)["avg_processing_days"] is None


def test_ranking_flags_agencies_with_too_few_dossiers(built):
    root, _, stats = built
    table = tables_of(root / "site" / "thong-ke" / "xep-hang" / "index.html")["xep-hang-dung-han-thang"]
    entries = [(r["attrs"]["data-key"], by_figure(r)["rank"], r["attrs"].get("class")) for r in table["rows"][1:]]
    assert entries == [("so-a", 1, None), ("xa-c", None, "tt-unranked")]  # xa-c resolved 5 dossiers in July
    assert "Dưới 20 hồ sơ: chưa xếp hạng" in (root / "site" / "thong-ke" / "xep-hang" / "index.html").read_text("utf-8")


def test_overdue_page_lists_every_series_with_overdue_dossiers(built):
    root, _, stats = built
    table = tables_of(root / "site" / "thong-ke" / "qua-han" / "index.html")["qua-han-thu-tuc"]
    shown = [(r["attrs"]["data-key"], by_figure(r)["overdue"]) for r in table["rows"][1:]]
    july = stats.rows[stats.rows.period == "2025-07"]
    expected = sorted(((f"{a}/{p}", float(l + o)) for a, p, l, o in
                       zip(july.agency, july.procedure, july.resolved_late, july.pending_overdue) if l + o),
                      key=lambda item: (-item[1], item[0]))
    assert shown == expected


def test_overdue_page_lists_every_agency_with_overdue_dossiers_and_links_its_page(built):
    root, _, stats = built
    page = root / "site" / "thong-ke" / "qua-han" / "index.html"
    table = tables_of(page)["qua-han-co-quan"]
    shown = [r["attrs"]["data-key"] for r in table["rows"][1:]]
    july = stats.months[-1]
    expected = sorted((f for f in stats.in_span(july, "agency") if f.overdue), key=lambda f: (-f.overdue, -f.received, f.key))
    assert shown == [f.key for f in expected] == ["so-a", "xa-c"]  # the cells: test_every_statistics_table_cell…
    text = page.read_text("utf-8")
    assert all(f'<a href="{agency}/">' in text for agency in shown)
    assert 'id="qua-han-con-lai"' not in text  # every series fits on the page: no "N more" sentence


def test_each_agency_overdue_page_lists_every_series_of_the_agency_largest_first(built):
    root, _, stats = built
    july = stats.rows[stats.rows.period == "2025-07"]
    for agency in ("so-a", "xa-c"):
        page = root / "site" / "thong-ke" / "qua-han" / agency / "index.html"
        table = tables_of(page)["qua-han-thu-tuc"]
        shown = [(r["attrs"]["data-key"], by_figure(r)) for r in table["rows"][1:]]
        mine = july[july.agency == agency]
        expected = sorted(((f"{agency}/{p}", {"overdue": l + o, "resolved_late": l, "pending_overdue": o, "resolved": e + t + l})
                           for p, e, t, l, o in zip(mine.procedure, mine.resolved_early, mine.resolved_on_time,
                                                    mine.resolved_late, mine.pending_overdue) if l + o),
                          key=lambda item: (-item[1]["overdue"], item[0]))
        assert shown == expected
        assert '<a href="../../../co-quan/' + agency + '/">' in page.read_text("utf-8")
    assert not (root / "site" / "thong-ke" / "qua-han" / "xa-b").exists()  # nothing overdue in July


def test_agency_and_procedure_pages_carry_their_statistics(built):
    root, _, stats = built
    assert "bang-thang" in tables_of(root / "site" / "co-quan" / "so-a" / "index.html")  # its cells: see below
    page = (root / "site" / "thu-tuc" / "1-001540-cap-phep-a" / "index.html").read_text("utf-8")
    assert "10 ngày làm việc" in page  # legal limit next to the actual mean
    mean = expected_figures(*span_bounds(LAST_12), "procedure")["1.001540"]["avg_processing_days"]
    assert f"{round(mean, 1):.1f} ngày làm việc".replace(".", ",") in page
    assert 'role="img"' in page and "<script" not in page.split('tt-chart__svg', 1)[1].split('</svg>', 1)[0]
    assert page.count("tt-chart__svg") == 2  # received and on-time rate: procedure pages stay small
    assert 'aria-labelledby="bang-thang-c"' in page and '<caption id="bang-thang-c">' in page


def test_method_page_shows_checked_marks_and_warnings_per_month(built):
    root, _, _ = built
    table = tables_of(root / "site" / "thong-ke" / "cach-tinh" / "index.html")["kiem-tra-thang"]
    status = {r["attrs"]["data-span"]: r["cells"][2][2].strip() for r in table["rows"][1:]}
    rows = {r["attrs"]["data-span"]: r["cells"][1][2].strip() for r in table["rows"][1:]}
    committed = Counter(row["period"] for row in fixture_rows())  # read with the csv module
    assert rows == {month: str(count) for month, count in committed.items()}
    assert status["2025-07"] == "Đã kiểm tra, 1 cảnh báo"
    assert status["2025-06"] == "Đã kiểm tra, 1 cảnh báo"
    assert status["2025-05"] == "✓ Đã kiểm tra"


def test_archive_keeps_every_month_quarter_and_year(built):
    root, _, _ = built
    site = root / "site" / "thong-ke"
    for month in range(1, 8):
        assert (site / "thang" / f"2025-{month:02d}" / "index.html").is_file()
    for quarter in ("2025-q1", "2025-q2", "2025-q3"):
        assert (site / "quy" / quarter / "index.html").is_file()
    assert (site / "nam" / "2025" / "index.html").is_file()
    archive = (site / "luu-tru" / "index.html").read_text("utf-8")
    assert archive.count('href="../thang/2025-') == 7


def test_open_data_validates_against_its_datapackage(built):
    import frictionless

    root, _, _ = built
    package = root / "site" / "du-lieu" / "datapackage.json"
    report = frictionless.validate(str(package))
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])[:10]
    names = {r["name"] for r in json.loads(package.read_text("utf-8"))["resources"]}
    assert names == {f"{n}-{f}" for n in ("co-quan", "thu-tuc", "thong-ke-hang-thang", "so-lieu-tong-hop") for f in ("csv", "xlsx", "json")}


def test_large_tables_are_compact_json_that_still_validates(built, tmp_path: Path, monkeypatch):
    """Above SMALL_TABLE rows the JSON is an array of arrays with a header row (a third of the size)."""
    import shutil

    import frictionless

    from generator.pipeline import compute
    from generator.paths import PortalPaths
    from generator.portal import read_portal
    from generator.render import open_data

    root, _, _ = built
    portal = read_portal(PortalPaths.at(root))
    monkeypatch.setattr(open_data, "SMALL_TABLE", 0)
    files = open_data.open_data_files(compute(portal).open_data, "x")
    folder = tmp_path / "du-lieu"
    shutil.copytree(root / "site" / "du-lieu", folder)
    for path, data in files.items():
        (tmp_path / path).write_bytes(data)
    monthly = json.loads((folder / "thong-ke-hang-thang.json").read_text("utf-8"))
    assert monthly[0][:3] == ["period", "agency", "procedure"] and all(isinstance(row, list) for row in monthly)
    assert (folder / "thong-ke-hang-thang.json").read_text("utf-8").count("\n") == len(monthly) + 2  # one row per line
    report = frictionless.validate(str(folder / "datapackage.json"))
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])[:10]


def test_codes_stay_text_in_every_output(built):
    root, _, _ = built
    data = root / "site" / "du-lieu"
    assert "\n1.001540,Cấp phép A," in (data / "thu-tuc.csv").read_text("utf-8")
    assert ",so-a,1.001540," in (data / "thong-ke-hang-thang.csv").read_text("utf-8")
    assert {"1.001540", "2.000100", "1.000900"} <= {r["code"] for r in json.loads((data / "thu-tuc.json").read_text("utf-8"))}
    monthly = json.loads((data / "thong-ke-hang-thang.json").read_text("utf-8"))
    assert all(isinstance(r["procedure"], str) for r in monthly)
    figures = json.loads((data / "so-lieu-tong-hop.json").read_text("utf-8"))
    assert "1.001540" in {r["key"] for r in figures if r["dimension"] == "procedure"}


def test_output_is_byte_identical_across_builds(built, tmp_path: Path):
    root, _, _ = built
    again = build(root, tmp_path / "again").output
    for file in sorted((root / "site" / "du-lieu").iterdir()):
        assert file.read_bytes() == (again / "du-lieu" / file.name).read_bytes(), file.name
    for page in ("thong-ke/index.html", "thong-ke/thang/2025-07/index.html", "co-quan/so-a/index.html"):
        assert (root / "site" / page).read_bytes() == (again / page).read_bytes(), page


def test_bad_statistics_stop_the_build_and_publish_nothing(stats_portal: Path, tmp_path: Path):
    text = (PORTAL.parent / "bad" / "identity.csv").read_text("utf-8").replace("2025-01,", "2024-12,")
    (stats_portal / "statistics" / "sai.csv").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    with pytest.raises(InvalidInput) as error:
        build(stats_portal, out)
    assert [(p.file, p.line, p.code) for p in error.value.problems if p.is_error] == [("statistics/sai.csv", 2, "identity")]
    assert not out.exists()


def test_warnings_fail_a_strict_build(stats_portal: Path, tmp_path: Path):
    with pytest.raises(InvalidInput) as error:
        build(stats_portal, tmp_path / "out", strict=True)
    assert {p.code for p in error.value.problems} == {"carried-over-mismatch", "missing-month"}


def test_command_line_prints_path_line_message_and_exits_1(stats_portal: Path):
    (stats_portal / "statistics" / "sai.csv").write_bytes((PORTAL.parent / "bad" / "period.csv").read_bytes())
    result = subprocess.run([sys.executable, "-m", "generator", "validate", str(stats_portal)],
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert "statistics/sai.csv:3:1: lỗi [period-format] Cột 'period' (tháng báo cáo) phải là một tháng dạng " \
           "NĂM-THÁNG, nhưng đang là '6/2025'." in result.stderr
    assert "Traceback" not in result.stderr


# --- every statistics table of every page, against the independent computation (expected.py) ---------

DETAIL_FIGURES = {"received", "carried_over", "received_online", "received_direct", "received_postal", "resolved",
                  "resolved_early", "resolved_on_time", "resolved_late", "pending", "pending_on_time",
                  "pending_overdue", "withdrawn", "on_time_rate", "overdue", "online_rate", "postal_rate",
                  "avg_processing_days"}
BY_KEY_TABLES = {"theo-cap-bang": "level", "theo-co-quan-bang": "agency", "theo-linh-vuc-bang": "field"}
PERIOD_FOLDERS = {"thang": "month", "quy": "quarter", "nam": "year"}


def _cell_problem(where: str, name: str, shown, wanted) -> str | None:
    """None when the text shown is ``wanted`` as the page rounds it (rates to 0.1 %, days to 0.1 day)."""
    if wanted is None or shown is None:
        return None if wanted is shown else f"{where}: {name} shows {shown}, the data gives {wanted}"
    tolerance = 0.0005 if name.endswith("_rate") else 0.05 if name == "avg_processing_days" else 0
    if abs(shown - wanted) > tolerance + 1e-9:
        return f"{where}: {name} shows {shown}, the data gives {wanted}"
    return None


def _compare_row(where: str, row: dict, wanted: dict, skip=("rank",)) -> list[str]:
    """Every <td> of ``row``: a figure compared with ``wanted``, or reported as a cell nobody checks."""
    header = row["table"]["rows"][0]["cells"]
    problems = []
    for index, (tag, attrs, text) in enumerate(row["cells"]):
        if tag != "td":
            continue
        name = attrs.get("data-figure") or ("series" if "data-series" in attrs else header[index][1].get("data-figure"))
        if name is None:
            problems.append(f"{where}: cell {index + 1} ('{text.strip()}') names no figure, so it is not checked")
        elif name not in skip:
            problem = _cell_problem(where, name, number(text), wanted[name])
            if problem:
                problems.append(problem)
    return problems


def _keys_problem(where: str, shown: list[str], expected) -> list[str]:
    if sorted(shown) == sorted(expected) and len(set(shown)) == len(shown):
        return []
    return [f"{where}: rows {sorted(shown)}, the data gives {sorted(expected)} "
            f"(missing {sorted(set(expected) - set(shown))}, extra {sorted(set(shown) - set(expected))})"]


def _window(page: str) -> list[str]:
    """The months a page's monthly table lists: its span's months on a period page, else the last 12."""
    parts = page.split("/")
    months = data_months()
    if parts[0] == "thong-ke" and len(parts) > 2 and parts[1] in PERIOD_FOLDERS:
        first, last = span_bounds(parts[2])
        return [m for m in months if first <= m <= last]
    return months[-12:]


def _month_label(period: str) -> str:
    return f"tháng {int(period[5:])}/{period[:4]}"


def check_statistics_tables(page: str, tables: dict[str, dict]) -> tuple[list[str], set[str]]:
    """(problems, ids of the tables checked) for one built page (``page``: its folder, e.g. ``thong-ke/quy/2025-q2``)."""
    problems, checked = [], set()
    parts = page.split("/")
    period_key = parts[2] if parts[0] == "thong-ke" and len(parts) > 2 and parts[1] in PERIOD_FOLDERS else None
    for table_id, table in tables.items():
        attrs, body = table["attrs"], [r for r in table["rows"][1:] if r["cells"]]
        where = f"{page} #{table_id}"
        if "data-dimension" in attrs:
            dimension, key = attrs["data-dimension"], attrs["data-key"]
            if "data-span" in attrs:  # a detail table: one span, one row per figure
                wanted = expected_figures(*span_bounds(attrs["data-span"]), dimension).get(key, empty())
                shown = {r["attrs"].get("data-figure"): number(r["cells"][1][2]) for r in body}
                problems += _keys_problem(where, list(shown), DETAIL_FIGURES)
                problems += [p for name in DETAIL_FIGURES & set(shown)
                             if (p := _cell_problem(f"{where} ({attrs['data-span']})", name, shown[name], wanted[name]))]
            else:  # a monthly table: one row per month of the page's window
                months = [r["attrs"].get("data-span") for r in body]
                problems += _keys_problem(where, months, _window(page))
                for row, month in zip(body, months):
                    if month and row["cells"][0][2].strip() != _month_label(month):
                        problems.append(f"{where}: the row of {month} is labelled '{row['cells'][0][2].strip()}'")
                    wanted = expected_figures(month, month, dimension).get(key, empty())
                    problems += _compare_row(f"{where} {month}", row, wanted)
            checked.add(table_id)
        elif table_id in BY_KEY_TABLES and period_key:
            dimension = BY_KEY_TABLES[table_id]
            expected = expected_figures(*span_bounds(period_key), dimension)
            keys = [r["attrs"].get("data-key") for r in body]
            problems += _keys_problem(where, keys, expected)
            for row, key in zip(body, keys):
                label = row["cells"][0][2].strip()
                names = {"agency": CATALOGUE.agency_names, "field": {k: k for k in expected}}.get(dimension)
                if names and label != names.get(key):
                    problems.append(f"{where}: the row of '{key}' is labelled '{label}'")
                problems += _compare_row(f"{where} '{key}'", row, expected.get(key, empty()))
            checked.add(table_id)
        elif table_id.startswith(("xep-hang-", "qua-han-co-quan")):
            span = attrs["data-span"]
            expected = expected_figures(*span_bounds(span), "agency")
            if table_id.startswith("xep-hang-qua-han") or table_id == "qua-han-co-quan":
                expected = {k: v for k, v in expected.items() if v["overdue"] > 0}
            if table_id == "qua-han-co-quan":  # and how many of the agency's series have overdue dossiers
                series = expected_series(*span_bounds(span))
                expected = {k: dict(v, series=sum(1 for name, s in series.items() if name.startswith(k + "/") and s["overdue"]))
                            for k, v in expected.items()}
            keys = [r["attrs"].get("data-key") for r in body]
            problems += _keys_problem(where, keys, expected)
            for row, key in zip(body, keys):
                problems += _compare_row(f"{where} '{key}'", row, expected.get(key, empty()))
            checked.add(table_id)
        elif table_id in ("qua-han-thu-tuc", "thu-tuc-qua-han-bang"):
            span = attrs.get("data-span", LAST_12)
            series = {k: v for k, v in expected_series(*span_bounds(span)).items() if v["overdue"] > 0}
            if table_id == "thu-tuc-qua-han-bang":  # an agency page: its procedures, by code
                agency = parts[1]
                series = {k.split("/", 1)[1]: v for k, v in series.items() if k.startswith(agency + "/")}
            elif len(parts) > 2:  # thong-ke/qua-han/<agency>: that agency's series
                series = {k: v for k, v in series.items() if k.startswith(parts[2] + "/")}
            keys = [r["attrs"].get("data-key") for r in body]
            problems += _keys_problem(where, keys, series)
            for row, key in zip(body, keys):
                row = dict(row, cells=[c for c in row["cells"] if not (c[0] == "td" and "data-figure" not in c[1])])
                problems += _compare_row(f"{where} '{key}'", row, series.get(key, {}))
            checked.add(table_id)
    return problems, checked


def test_every_statistics_table_cell_equals_the_independent_computation(built):
    """Each page's tables, cell by cell, against figures summed by hand from the CSV rows and the catalogue's
    YAML; each table lists exactly the rows the data gives for its span (none missing, none extra)."""
    root, _, _ = built
    site = root / "site"
    problems, checked_by_family = [], {}
    for file in sorted(site.rglob("index.html")):
        page = file.parent.relative_to(site).as_posix()
        found, checked = check_statistics_tables(page, tables_of(file))
        problems += found
        parts = page.split("/")
        family = "/".join(parts[:2]) if len(parts) == 3 and parts[1] in PERIOD_FOLDERS else parts[0]
        checked_by_family.setdefault(family, set()).update(checked)
    assert not problems, "\n".join(problems[:40])
    required = {
        "thong-ke/thang": {"chi-tiet", "theo-cap-bang", "theo-co-quan-bang", "theo-linh-vuc-bang"},
        "thong-ke/quy": {"chi-tiet", "bang-thang", "theo-cap-bang", "theo-co-quan-bang", "theo-linh-vuc-bang"},
        "thong-ke/nam": {"chi-tiet", "bang-thang", "theo-cap-bang", "theo-co-quan-bang", "theo-linh-vuc-bang"},
        "thong-ke": {"chi-tiet-thang", "chi-tiet-12-thang", "bang-thang", "qua-han-co-quan", "qua-han-thu-tuc",
                     "xep-hang-dung-han-thang", "xep-hang-qua-han-thang", "xep-hang-dung-han-12-thang",
                     "xep-hang-qua-han-12-thang"},
        "co-quan": {"bang-thang", "thu-tuc-qua-han-bang"},
        "thu-tuc": {"bang-thang"},
    }
    for family, tables in required.items():
        assert tables <= checked_by_family.get(family, set()), (
            f"{family}: tables {sorted(tables - checked_by_family.get(family, set()))} are no longer on the pages")
