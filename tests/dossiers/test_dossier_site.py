"""The built site from dossier records: pages and open data equal the independent computation; nothing personal
is published; reported rows that differ are warned about and shown side by side."""

from __future__ import annotations

import csv
import html
import io
import json
import re

import pytest

from generator.commands.build import build

from . import bulk, reference

FIXTURE = bulk.FIXTURE
REPORTED_HEADER = ["period", "agency", "procedure", "carried_over", "received_online", "received_direct", "received_postal",
                   "resolved_early", "resolved_on_time", "resolved_late", "pending_on_time", "pending_overdue", "withdrawn"]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root, reference_csv = bulk.fixture_portal(tmp_path_factory.mktemp("site"))
    dossiers = reference.read([root / "dossiers" / "cases.csv", reference_csv])
    rows = reference.monthly_rows(dossiers)
    same = dict(rows[("2025-04", "so-thu", "1.000200")])
    differing = dict(rows[("2025-04", "so-thu", "1.000100")])
    differing["resolved_late"] += 1
    differing["pending_on_time"] -= 1
    (root / "statistics").mkdir()
    with open(root / "statistics" / "2025.csv", "w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(REPORTED_HEADER)
        writer.writerow(["2025-02", "so-thu", "", 0, 3, 2, 0, 1, 2, 1, 1, 0, 0])
        for (period, agency, procedure), values in ((("2025-04", "so-thu", "1.000100"), differing),
                                                    (("2025-04", "so-thu", "1.000200"), same)):
            writer.writerow([period, agency, procedure] + [values[c] for c in REPORTED_HEADER[3:]])
    report = build(root, root / "site")
    return root, report, dossiers, rows


def _text(fragment: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()


def _table(page: str, table_id: str) -> list[list[str]]:
    body = re.search(rf'<table[^>]*id="{table_id}".*?<tbody>(.*?)</tbody>', page, re.S).group(1)
    return [[_text(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)] for row in re.findall(r"<tr.*?</tr>", body, re.S)]


def _figure_cells(page: str, table_id: str) -> dict[str, str]:
    body = re.search(rf'<table[^>]*id="{table_id}".*?</table>', page, re.S).group(0)
    return {name: _text(value) for name, value in re.findall(r'<(?:td|span) data-figure="([a-z_0-9]+)">(.*?)</(?:td|span)>', body, re.S)}


def _vi_number(value: float, digits: int = 1) -> str:
    text = f"{value:.{digits}f}".rstrip("0").rstrip(".") if digits else str(int(value))
    return text.replace(".", ",")


def _vi_percent(value: float) -> str:
    return f"{value * 100:.1f}".replace(".", ",") + " %"  # the page has a no-break space; _text folds it


def test_reconciliation_warns_naming_both_sources(site):
    _, report, _, rows = site
    warnings = [w for w in report.warnings if w.code == "dossier-reported-differs"]
    got = rows[("2025-04", "so-thu", "1.000100")]
    assert [(w.file, w.field, w.message) for w in warnings] == [
        ("statistics/2025.csv", "resolved_late",
         f"Tháng 2025-04, cơ quan so-thu, thủ tục 1.000100: cột 'resolved_late' (giải quyết quá hạn) báo cáo "
         f"{got['resolved_late'] + 1} (số liệu báo cáo statistics/2025.csv) nhưng tính từ hồ sơ được {got['resolved_late']} "
         "(hồ sơ dossiers/bulk.parquet, dossiers/cases.csv)."),
        ("statistics/2025.csv", "pending_on_time",
         f"Tháng 2025-04, cơ quan so-thu, thủ tục 1.000100: cột 'pending_on_time' (đang giải quyết trong hạn) báo cáo "
         f"{got['pending_on_time'] - 1} (số liệu báo cáo statistics/2025.csv) nhưng tính từ hồ sơ được {got['pending_on_time']} "
         "(hồ sơ dossiers/bulk.parquet, dossiers/cases.csv)."),
    ]


def test_method_page_shows_reported_beside_computed(site):
    root, _, _, rows = site
    page = (root / "site" / "thong-ke" / "cach-tinh" / "index.html").read_text("utf-8")
    table = _table(page, "bao-cao-va-ho-so-bang")
    late = [r for r in table if r[2] == "1.000100" and r[3] == "Giải quyết quá hạn"]
    assert late == [["2025-04", "Sở Thử nghiệm", "1.000100", "Giải quyết quá hạn",
                     str(rows[("2025-04", "so-thu", "1.000100")]["resolved_late"] + 1),
                     str(rows[("2025-04", "so-thu", "1.000100")]["resolved_late"]), "Khác nhau"]]
    assert sum(1 for r in table if r[-1] == "Khác nhau") == 2 and len(table) == 20


def test_open_data_has_the_names_of_section_7_and_validates(site):
    import frictionless

    root, _, _, rows = site
    folder = root / "site" / "du-lieu"
    report = frictionless.validate(str(folder / "datapackage.json"))
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])[:10]
    names = {r["name"] for r in json.loads((folder / "datapackage.json").read_text("utf-8"))["resources"]}
    assert {"qua-han-hien-tai-csv", "qua-han-hien-tai-json"} <= names
    monthly = list(csv.DictReader(io.StringIO((folder / "thong-ke-hang-thang.csv").read_text("utf-8-sig"))))
    assert list(monthly[0])[-1] == "source"
    by_key = {(r["period"], r["agency"], r["procedure"]): r for r in monthly}
    assert by_key[("2025-02", "so-thu", "-")]["source"] == "reported"
    for key, values in rows.items():
        row = by_key[key]
        assert row["source"] == "dossiers"
        assert {c: int(row[c]) for c in REPORTED_HEADER[3:]} == {c: values[c] for c in REPORTED_HEADER[3:]}
    figures = list(csv.DictReader(io.StringIO((folder / "so-lieu-tong-hop.csv").read_text("utf-8-sig"))))
    assert {"median_days", "p90_days", "over_limit_rate", "apology_rate", "paid_online_rate", "satisfaction"} <= set(figures[0])
    overdue = list(csv.DictReader(io.StringIO((folder / "qua-han-hien-tai.csv").read_text("utf-8-sig"))))
    assert list(overdue[0]) == ["as_of", "agency", "procedure", "overdue", "days_0_5", "days_6_20", "days_over_20"]


def test_open_data_figures_equal_the_reference(site):
    root, _, dossiers, _ = site
    figures = list(csv.DictReader(io.StringIO((root / "site" / "du-lieu" / "so-lieu-tong-hop.csv").read_text("utf-8-sig"))))
    last12 = [r for r in figures if r["span_kind"] == "last12"]
    first, last = reference.month_of(min(d.received for d in dossiers)), reference.month_of(reference.as_of(dossiers))
    for dimension in ("province", "agency", "procedure"):
        expected = reference.span_figures(dossiers, max(first, last - 11), last, dimension)
        for key, want in expected.items():
            row = next(r for r in last12 if r["dimension"] == dimension and r["key"] == key)
            for name, digits in (("median_days", 2), ("p90_days", 2), ("over_limit_rate", 6), ("apology_rate", 6),
                                 ("paid_online_rate", 6), ("satisfaction", 6)):
                got = None if row[name] == "" else float(row[name])
                assert (got is None and want[name] is None) or round(want[name], digits) == got, (dimension, key, name)
    overdue = {(r["agency"], r["procedure"]): {k: int(r[k]) for k in ("overdue", "days_0_5", "days_6_20", "days_over_20")}
               for r in csv.DictReader(io.StringIO((root / "site" / "du-lieu" / "qua-han-hien-tai.csv").read_text("utf-8-sig")))}
    assert overdue == reference.overdue_now(dossiers)


def test_procedure_page_tables_equal_the_reference(site):
    root, _, dossiers, _ = site
    first, last = reference.month_of(min(d.received for d in dossiers)), reference.month_of(reference.as_of(dossiers))
    expected = reference.span_figures(dossiers, max(first, last - 11), last, "procedure")
    overdue = reference.overdue_now(dossiers)
    page = next((root / "site" / "thu-tuc").glob("1-000100-*/index.html")).read_text("utf-8")
    cells = _figure_cells(page, "ho-so-thuc-te")
    want = expected["1.000100"]
    assert cells["median_days"] == f"{_vi_number(want['median_days'])} ngày làm việc"
    assert cells["p90_days"] == f"{_vi_number(want['p90_days'])} ngày làm việc"
    assert cells["over_limit_rate"] == _vi_percent(want["over_limit_rate"])
    assert cells["apology_rate"] == _vi_percent(want["apology_rate"])
    assert cells["paid_online_rate"] == _vi_percent(want["paid_online_rate"])
    for name in ("overdue", "days_0_5", "days_6_20", "days_over_20"):
        assert cells[name] == str(overdue[("so-thu", "1.000100")][name])
    assert cells["legal"] == "5 ngày làm việc"
    assert '<svg class="tt-chart__svg"' in page and 'id="phan-bo-thoi-gian-bang"' in page
    histogram = {}
    for d in dossiers:
        if d.procedure == "1.000100" and d.outcome == "resolved" and first <= reference.month_of(d.finished) <= last:
            histogram[min(d.processing_days(), 21)] = histogram.get(min(d.processing_days(), 21), 0) + 1
    table = _table(page, "phan-bo-thoi-gian-bang")
    got = {int(r[0].rstrip("+")): int(r[1].replace(".", "")) for r in table}
    assert {k: v for k, v in got.items() if v} == histogram


def test_withheld_figures_say_why(site):
    root, _, dossiers, _ = site
    page = next((root / "site" / "thu-tuc").glob("2-000300-*/index.html")).read_text("utf-8")
    cells = _figure_cells(page, "ho-so-thuc-te")
    resolved = sum(1 for d in dossiers if d.procedure == "2.000300" and d.outcome == "resolved")
    assert 0 < resolved < 10
    assert cells["median_days"] == (f"Chưa công bố: dưới 20 hồ sơ đã giải quyết ({resolved} hồ sơ), quá ít để tính thời "
                                    "gian đại diện mà không lộ thông tin của từng hồ sơ.")
    assert cells["over_limit_rate"] == f"Chưa công bố: tỷ lệ chỉ tính khi có từ 10 hồ sơ ({resolved} hồ sơ)."
    assert "paid_online_rate" not in cells  # a free procedure
    assert "phan-bo-thoi-gian-bang" not in page


def test_overdue_now_page_equals_the_reference(site):
    root, _, dossiers, _ = site
    page = (root / "site" / "thong-ke" / "qua-han-hien-tai" / "index.html").read_text("utf-8")
    got = {(r[0], r[1].split()[-1]): [int(x) for x in r[2:]] for r in _table(page, "qua-han-hien-tai-bang")}
    names = {"so-thu": "Sở Thử nghiệm", "xa-mau": "UBND xã Mẫu"}
    expected = {(names[a], p): [v["overdue"], v["days_0_5"], v["days_6_20"], v["days_over_20"]]
                for (a, p), v in reference.overdue_now(dossiers).items()}
    assert got == expected
    assert "Đến ngày 20/06/2025" in page


def test_nothing_personal_or_identifying_is_published(site):
    root, report, _, _ = site
    secrets = set()
    for path in (FIXTURE / "dossiers" / "cases.csv", root.parent / "bulk.csv"):
        with open(path, newline="", encoding="utf-8") as stream:
            for row in csv.DictReader(stream):
                secrets.add(row["dossier_id"])
                for column in ("ChuHoSo", "SoDienThoai", "address"):
                    if row.get(column):
                        secrets.add(row[column])
                for column in ("received_at", "due_at", "finished_at"):
                    value = reference.parse(row[column]) if row[column] else None
                    if value is not None and (value.hour or value.minute):
                        secrets |= {row[column], value.strftime("%Y-%m-%dT%H:%M"), value.strftime("%Y-%m-%d %H:%M"),
                                    value.strftime("%H:%M %d/%m/%Y")}
    assert len(secrets) > 1000
    log = "\n".join(p.format() for p in report.warnings) + "\n".join(report.mkdocs_warnings)
    files = [p for p in (root / "site").rglob("*") if p.is_file()]
    assert (root / "site" / "tim-kiem" / "chi-muc.json") in files  # the search index is checked too
    pattern = re.compile("|".join(re.escape(s) for s in sorted(secrets, key=len, reverse=True)))
    for path in files:
        data = path.read_bytes()
        if path.suffix == ".gz":
            import gzip

            data = gzip.decompress(data)
        text = data.decode("utf-8", errors="ignore")
        found = pattern.search(text)
        assert found is None, (path, found.group(0) if found else None)
    assert pattern.search(log) is None
