"""The open data tables (data contract section 7, ``generator/figures/open_tables.py``) cell by cell, against
an independent computation (fast: no MkDocs build, no subprocess).

* ``co-quan`` and ``thu-tuc``: from the fixtures' YAML files read with plain PyYAML (``BaseLoader``: every
  scalar stays text, so ``code: 1.001540`` is the code "1.001540", as the contract says), not from the
  product's catalogue objects; addresses written out by hand.
* ``thong-ke-hang-thang``: from the statistics CSV files read with the ``csv`` module (statistics fixture) and
  from the plain-Python dossier reference (``tests/dossiers/reference.py``) for the dossier fixture.
* ``so-lieu-tong-hop``: every figure of every span, dimension and key from the sums of ``expected.py``; the
  dossier columns from the reference.
* ``qua-han-hien-tai``: from the reference's overdue-now computation.

Hand-made inputs: ``test_open_tables_inputs.py``. The portals are read once per module (module fixtures);
every test calls the table function it checks itself, so that mutation testing knows which tests run which
function.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
import yaml

from generator.figures.open_tables import (
    OpenTable, agencies_table, catalogue_tables, figures_table, monthly_table, overdue_table, procedures_table,
    statistics_tables,
)
from generator.paths import PortalPaths
from generator.pipeline import compute, portal_figures
from generator.portal import read_portal

from ..dossiers import bulk, reference
from .conftest import PORTAL as STATS_PORTAL, fixture_rows
from .expected import DIMENSIONS, expected_figures

REPO = Path(__file__).resolve().parents[2]
GOLDEN_PORTAL = REPO / "tests" / "fixtures" / "golden_portal"

COUNTS = ("carried_over", "received_online", "received_direct", "received_postal", "resolved_early",
          "resolved_on_time", "resolved_late", "pending_on_time", "pending_overdue", "withdrawn")
FIGURE_COUNTS = ("received", "carried_over", "received_new", "received_online", "received_direct", "received_postal",
                 "resolved", "resolved_early", "resolved_on_time", "resolved_late", "pending", "pending_on_time",
                 "pending_overdue", "withdrawn", "overdue")
RATES = ("on_time_rate", "online_rate", "postal_rate")
DOSSIER_DAYS = ("median_days", "p90_days")
DOSSIER_RATES = ("over_limit_rate", "apology_rate", "paid_online_rate", "satisfaction")
SPAN_KINDS = ("month", "quarter", "year", "last12")
LAST_12 = "12-thang-gan-nhat"
AGENCY_KEY = ({"fields": "agency", "reference": {"resource": "co-quan", "fields": "id"}},)

# Hand-written addresses of the fixtures' procedures (README: /thu-tuc/<code>-<name>/)
GOLDEN_URLS = {
    "1.000100": "thu-tuc/1-000100-cap-giay-phep-thu-nghiem-b-dac-biet-b-moi/",
    "1.000948.H38": "thu-tuc/1-000948-h38-dang-ky-thu-nghiem-cu/",
    "2.000200": "thu-tuc/2-000200-gia-han-giay-phep-thu-nghiem/",
}
STATS_URLS = {
    "1.000900": "thu-tuc/1-000900-chung-thuc-c/",
    "1.001540": "thu-tuc/1-001540-cap-phep-a/",
    "2.000100": "thu-tuc/2-000100-dang-ky-b/",
}


# --- fixtures ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def golden():
    return read_portal(PortalPaths.at(GOLDEN_PORTAL))


@pytest.fixture(scope="module")
def stats():
    portal = read_portal(PortalPaths.at(STATS_PORTAL))
    return portal, portal_figures(portal)


@pytest.fixture(scope="module")
def with_dossiers(tmp_path_factory):
    root, reference_csv = bulk.fixture_portal(tmp_path_factory.mktemp("open-tables"))
    portal = read_portal(PortalPaths.at(root))
    return portal, portal_figures(portal), reference.read([root / "dossiers" / "cases.csv", reference_csv])


# --- helpers -------------------------------------------------------------------------------------

def _field(name, type_, description=None, constraints=None) -> dict:
    field = {"name": name, "type": type_}
    if constraints is not None:
        field["constraints"] = constraints
    if description is not None:
        field["description"] = description
    return field


def _rows(table: OpenTable) -> list[tuple]:
    names = [f["name"] for f in table.fields]
    columns = [table.column(n) for n in names]
    assert len(table.columns) == len(names)
    assert all(len(c) == len(table) for c in columns), table.name
    return list(zip(*columns))


def _is_missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _same_number(actual, wanted) -> bool:
    if wanted is None:
        return _is_missing(actual)
    return type(actual) is float and abs(actual - wanted) < 1e-12


def _check_types(table: OpenTable) -> None:
    """Every cell has the Python type its field's Frictionless type says (None or NaN = missing)."""
    allowed = {"string": (str,), "integer": (int,), "number": (int, float), "boolean": (bool,), "date": (str,)}
    for field in table.fields:
        for value in table.column(field["name"]):
            if _is_missing(value):
                continue
            assert type(value) in allowed[field["type"]], (table.name, field["name"], value)


def _yaml(path: Path) -> dict:
    return yaml.load(path.read_text("utf-8"), Loader=yaml.BaseLoader)


def _catalogue_yaml(root: Path) -> tuple[dict[str, dict], dict[str, dict]]:
    """(agency id → agency.yaml, code → procedure YAML with its agency id) of a portal, with plain PyYAML."""
    agencies, procedures = {}, {}
    for agency_file in sorted((root / "procedures").glob("*/agency.yaml")):
        agency_id = agency_file.parent.name
        if agency_id.startswith(("_", ".")):
            continue
        agencies[agency_id] = _yaml(agency_file)
        for file in sorted(agency_file.parent.rglob("*.yaml")):
            parts = file.relative_to(agency_file.parent).parts
            if file.name == "agency.yaml" and len(parts) == 1 or any(p.startswith(("_", ".")) for p in parts):
                continue
            procedure = _yaml(file)
            procedures[procedure["code"]] = {**procedure, "_agency": agency_id}
    return agencies, procedures


def _true(text: str) -> bool:
    assert text in ("true", "false"), text
    return text == "true"


def _expected_procedure(code: str, p: dict, agencies: dict[str, dict], urls: dict[str, str]) -> tuple:
    days = float(p["processing_time"]["days"])
    postal = p.get("postal")
    if postal is None:
        submit = back = False
    elif isinstance(postal, str):
        submit = back = _true(postal)
    else:
        submit, back = _true(postal.get("submit", "false")), _true(postal.get("return", "false"))
    online = p.get("online")
    return (code, p["name"], p["field"], p.get("level", agencies[p["_agency"]]["level"]), p["_agency"],
            int(days) if days.is_integer() else days, p["processing_time"].get("unit", "working_days"),
            sum(int(f["amount"]) for f in p.get("fees", [])), online["level"] if online else None,
            online.get("url") if online else None, submit, back, p.get("status", "active"), p.get("updated"),
            urls.get(code))


def _check_catalogue(root: Path, portal, urls: dict[str, str] | None = None) -> None:
    """``urls``: the procedures' addresses written out by hand; without, each must begin with its code."""
    agencies, procedures = _catalogue_yaml(root)
    table = agencies_table(portal.catalogue)
    assert table.name == "co-quan" and table.title == "Cơ quan giải quyết thủ tục hành chính"
    assert table.primary_key == ["id"] and table.foreign_keys == ()
    assert table.fields == [
        _field("id", "string", "mã cơ quan (tên thư mục trong procedures/)"), _field("name", "string"),
        _field("level", "string", constraints={"enum": ["central", "province", "district", "commune"]}),
        *(_field(n, "string") for n in ("parent", "address", "phone", "email", "website", "hours", "url"))]
    _check_types(table)
    assert _rows(table) == [
        (i, a["name"], a["level"], a.get("parent"), a.get("address"), a.get("phone"), a.get("email"), a.get("website"),
         a.get("hours"), f"co-quan/{i}/") for i, a in sorted(agencies.items())]

    table = procedures_table(portal.catalogue)
    assert table.name == "thu-tuc" and table.title == "Danh mục thủ tục hành chính"
    assert table.primary_key == ["code"] and table.foreign_keys == AGENCY_KEY
    assert table.fields == [
        _field("code", "string", "mã thủ tục (văn bản, không phải số)"), _field("name", "string"),
        _field("field", "string"), _field("level", "string"), _field("agency", "string"),
        _field("processing_days", "number", "thời hạn giải quyết theo quy định"),
        _field("processing_unit", "string", constraints={"enum": ["working_days", "calendar_days"]}),
        _field("fees_total", "integer", "tổng phí, lệ phí (đồng)"), _field("online_level", "string"),
        _field("online_url", "string"), _field("postal_submit", "boolean"), _field("postal_return", "boolean"),
        _field("status", "string"), _field("updated", "date"), _field("url", "string")]
    _check_types(table)
    rows = _rows(table)
    expected = [_expected_procedure(code, p, agencies, urls or {}) for code, p in sorted(procedures.items())]
    assert [r[:-1] for r in rows] == [e[:-1] for e in expected]
    for row, wanted in zip(rows, expected):
        code_part = "".join(c if c.isalnum() else "-" for c in row[0].lower())
        if urls is not None:
            assert row[-1] == wanted[-1], row
        else:
            assert row[-1].startswith(f"thu-tuc/{code_part}-") and len(row[-1]) > len(code_part) + 10, row
        assert row[-1].endswith("/")


# --- catalogue tables ----------------------------------------------------------------------------

def test_catalogue_tables_of_the_golden_portal(golden):
    """Every optional field given: fees summed, online level and address, postal mapping and ``true``,
    status, updated, a local code with letters, a level other than the agency's."""
    _check_catalogue(GOLDEN_PORTAL, golden, GOLDEN_URLS)
    rows = _rows(procedures_table(golden.catalogue))
    assert [(r[0], r[5], r[7], r[8], r[10], r[11], r[12]) for r in rows] == [  # written out by hand as well
        ("1.000100", 15, 1750000, "3", True, False, "active"), ("1.000948.H38", 0.5, 0, "2", False, False, "abolished"),
        ("2.000200", 30, 0, "full", True, True, "amended")]
    assert type(rows[0][5]) is int and type(rows[1][5]) is float


def test_catalogue_tables_of_the_statistics_portal(stats):
    _check_catalogue(STATS_PORTAL, stats[0], STATS_URLS)


def test_catalogue_tables_of_the_sample_portal():
    """The repository's own sample portal: parents, every level, many procedures."""
    portal = read_portal(PortalPaths.at(REPO))
    _check_catalogue(REPO, portal)
    assert any(r[3] for r in _rows(agencies_table(portal.catalogue)))  # some agency has a parent


def test_catalogue_tables_are_agencies_then_procedures(golden):
    assert [t.name for t in catalogue_tables(golden.catalogue)] == ["co-quan", "thu-tuc"]


# --- thong-ke-hang-thang -------------------------------------------------------------------------

MONTHLY_FIELDS = [
    _field("period", "string", "tháng, YYYY-MM", {"pattern": r"\d{4}-\d{2}"}), _field("agency", "string"),
    _field("procedure", "string", "mã thủ tục; '-' = số liệu không tách theo thủ tục"),
    *(_field(c, "integer", constraints={"minimum": 0}) for c in COUNTS), _field("avg_processing_days", "number"),
    _field("source", "string", "reported: số liệu báo cáo; dossiers: tính từ dữ liệu từng hồ sơ",
           {"enum": ["reported", "dossiers"]}),
]


def _check_monthly(table: OpenTable, expected: dict[tuple, tuple]) -> None:
    assert table.name == "thong-ke-hang-thang" and table.title == "Số liệu hằng tháng đã kiểm tra"
    assert table.fields == MONTHLY_FIELDS
    assert table.primary_key == ["period", "agency", "procedure"] and table.foreign_keys == AGENCY_KEY
    _check_types(table)
    rows = _rows(table)
    keys = [r[:3] for r in rows]
    assert set(keys) == set(expected) and len(keys) == len(expected)
    assert keys == sorted(expected)  # by period, agency, procedure ('-' sorts before every code)
    for row in rows:
        wanted = expected[row[:3]]
        assert row[3:13] == wanted[:10] and all(type(v) is int for v in row[3:13]), row
        assert _same_number(row[13], wanted[10]), (row, wanted)
        assert row[14] == wanted[11], row


def test_monthly_rows_of_the_statistics_csv(stats):
    """Every committed row: whole counts (an empty ``withdrawn`` is 0), ``-`` for a row not itemised by
    procedure, the mean time as a number rounded to 2 decimals (empty = missing), ``source`` = reported."""
    expected = {}
    for r in fixture_rows():
        avg = r["avg_processing_days"].replace(",", ".")
        expected[(r["period"], r["agency"], r["procedure"] or "-")] = (
            *(int(r[c] or 0) for c in COUNTS), round(float(avg), 2) if avg else None, "reported")
    assert any(k[2] == "-" for k in expected) and any(v[10] is None for v in expected.values())
    _check_monthly(monthly_table(stats[1].rows), expected)


def test_monthly_rows_computed_from_dossiers(with_dossiers):
    """The dossier fixture has no committed rows: every row is the dossiers' own (``source`` = dossiers), the
    mean time rounded to one decimal (section 6)."""
    _, figures, dossiers = with_dossiers
    expected = {key: (*(row[c] for c in COUNTS), row["avg_processing_days"], "dossiers")
                for key, row in reference.monthly_rows(dossiers).items()}
    _check_monthly(monthly_table(figures.rows), expected)


# --- so-lieu-tong-hop ----------------------------------------------------------------------------

FIGURES_FIELDS = [
    _field("span_kind", "string", constraints={"enum": list(SPAN_KINDS)}), _field("span", "string"),
    _field("first_period", "string"), _field("last_period", "string"), _field("complete", "boolean"),
    _field("dimension", "string", constraints={"enum": list(DIMENSIONS)}), _field("key", "string"),
    *(_field(c, "integer") for c in FIGURE_COUNTS), *(_field(c, "number") for c in RATES),
    _field("avg_processing_days", "number"), _field("avg_days_resolved", "integer"),
    _field("median_days", "number", "trung vị thời gian giải quyết (ngày làm việc), tính từ hồ sơ", {"minimum": 0}),
    _field("p90_days", "number", "phân vị 90 thời gian giải quyết (ngày làm việc), tính từ hồ sơ", {"minimum": 0}),
    _field("over_limit_rate", "number", "tỷ lệ hồ sơ giải quyết quá thời hạn quy định", {"minimum": 0, "maximum": 1}),
    _field("apology_rate", "number", "tỷ lệ hồ sơ trễ hạn có thư xin lỗi", {"minimum": 0, "maximum": 1}),
    _field("paid_online_rate", "number", "tỷ lệ hồ sơ có phí thanh toán trực tuyến", {"minimum": 0, "maximum": 1}),
    _field("satisfaction", "number", "mức độ hài lòng: 1 − (tỷ lệ trễ hạn + tỷ lệ đánh giá không hài lòng)",
           {"maximum": 1}),
]
NAMES = [f["name"] for f in FIGURES_FIELDS]


def _month_text(month: int) -> str:
    return f"{month // 12:04d}-{month % 12 + 1:02d}"


def _spans(first: int, last: int) -> list[tuple[str, str, int, int, bool]]:
    """(kind, key, first month, last month, complete) of every span the data's months make, written out:
    each month, each quarter and year clamped to the data, the last 12 months; complete when the span has
    all its months."""
    months = range(first, last + 1)
    spans = [("month", _month_text(m), m, m, True) for m in months]
    for kind, key_of, size in (("quarter", lambda m: f"{m // 12}-q{m % 12 // 3 + 1}", 3), ("year", lambda m: str(m // 12), 12)):
        for key in dict.fromkeys(key_of(m) for m in months):
            inside = [m for m in months if key_of(m) == key]
            spans.append((kind, key, inside[0], inside[-1], len(inside) == size))
    inside = list(months)[-12:]
    spans.append(("last12", LAST_12, inside[0], inside[-1], len(inside) == 12))
    return spans


def _check_figures_table(table: OpenTable) -> list[tuple]:
    assert table.name == "so-lieu-tong-hop" and table.title == "Số liệu tổng hợp theo tháng, quý, năm"
    assert table.fields == FIGURES_FIELDS
    assert table.primary_key == ["span_kind", "span", "dimension", "key"] and table.foreign_keys == ()
    _check_types(table)
    return _rows(table)


def test_figures_of_every_span_dimension_and_key(stats):
    """Every cell of the statistics fixture's figures table: the keys and their order (span kinds as listed,
    then span, dimension, key), the span's bounds and completeness, each count, the rates rounded to 6
    decimals, the weighted mean time to 2; no dossier records, so the dossier columns are all empty."""
    _, figures = stats
    table = figures_table(figures.table, None)
    rows = _check_figures_table(table)
    months = [int(p[:4]) * 12 + int(p[5:]) - 1 for p in (r["period"] for r in fixture_rows())]
    expected_keys, expected = [], {}
    for kind, span, first, last, complete in _spans(min(months), max(months)):
        for dimension in DIMENSIONS:
            by_key = expected_figures(_month_text(first), _month_text(last), dimension)
            for key in sorted(by_key):
                expected_keys.append((kind, span, dimension, key))
                expected[expected_keys[-1]] = (_month_text(first), _month_text(last), complete, by_key[key])
    assert [(r[0], r[1], r[5], r[6]) for r in rows] == expected_keys
    assert len({k[1] for k in expected_keys}) == 7 + 3 + 1 + 1  # 2025-01 … 2025-07, three quarters, the year, last 12
    for row in rows:
        cell = dict(zip(NAMES, row))
        first, last, complete, want = expected[(row[0], row[1], row[5], row[6])]
        assert (cell["first_period"], cell["last_period"], cell["complete"]) == (first, last, complete), row[:7]
        for name in FIGURE_COUNTS + ("avg_days_resolved",):
            assert cell[name] == want[name] and type(cell[name]) is int, (row[:7], name)
        for name in RATES:
            wanted = None if want[name] is None else round(want[name], 6)
            assert _same_number(cell[name], wanted), (row[:7], name, cell[name], wanted)
        wanted = None if want["avg_processing_days"] is None else round(want["avg_processing_days"], 2)
        assert _same_number(cell["avg_processing_days"], wanted), (row[:7], cell["avg_processing_days"], wanted)
        assert all(_is_missing(cell[n]) for n in DOSSIER_DAYS + DOSSIER_RATES), row[:7]


def test_dossier_figures_of_every_span_dimension_and_key(with_dossiers):
    """The six dossier columns of every row, rounded (days to 2 decimals, shares to 6), empty where the
    small-numbers rule withholds them; and the span bounds of the dossier fixture's months."""
    _, figures, dossiers = with_dossiers
    table = figures_table(figures.table, figures.dossiers.figures)
    rows = _check_figures_table(table)
    spans = {(kind, key): (first, last, complete) for kind, key, first, last, complete in _spans(24302, 24305)}
    assert sorted({(r[0], r[1]) for r in rows}) == sorted(spans)
    references = {}
    published = 0
    for row in rows:
        cell = dict(zip(NAMES, row))
        first, last, complete = spans[(row[0], row[1])]
        assert (cell["first_period"], cell["last_period"], cell["complete"]) == (
            _month_text(first), _month_text(last), complete), row[:7]
        if (first, last, row[5]) not in references:
            references[(first, last, row[5])] = reference.span_figures(dossiers, first, last, row[5])
        want = references[(first, last, row[5])].get(row[6], {})
        for name in DOSSIER_DAYS + DOSSIER_RATES:
            value = want.get(name)
            wanted = None if value is None else round(value, 2 if name in DOSSIER_DAYS else 6)
            assert _same_number(cell[name], wanted), (row[:7], name, cell[name], wanted)
            published += wanted is not None
    assert published > 100
    # every key of every span and dimension the reference has is a row
    keys = {(r[0], r[1], r[5], r[6]) for r in rows}
    for (kind, key), (first, last, _) in spans.items():
        for dimension in DIMENSIONS:
            assert {(kind, key, dimension, k) for k in references[(first, last, dimension)]} <= keys


# --- qua-han-hien-tai ----------------------------------------------------------------------------

def test_overdue_now_per_agency_and_procedure(with_dossiers):
    _, figures, dossiers = with_dossiers
    view = figures.dossiers
    table = overdue_table(view.overdue_now, view.as_of_date)
    assert table.name == "qua-han-hien-tai"
    assert table.title == "Hồ sơ đang quá hạn theo cơ quan và thủ tục (tính từ dữ liệu từng hồ sơ)"
    assert table.fields == [
        _field("as_of", "date", "ngày của dữ liệu mới nhất"), _field("agency", "string"), _field("procedure", "string"),
        *(_field(n, "integer", constraints={"minimum": 0}) for n in ("overdue", "days_0_5", "days_6_20", "days_over_20"))]
    assert table.primary_key == ["agency", "procedure"] and table.foreign_keys == AGENCY_KEY
    _check_types(table)
    as_of = reference.as_of(dossiers).date().isoformat()
    expected = [(as_of, agency, procedure, c["overdue"], c["days_0_5"], c["days_6_20"], c["days_over_20"])
                for (agency, procedure), c in sorted(reference.overdue_now(dossiers).items())]
    assert len(expected) >= 2 and as_of == "2025-06-20"
    assert _rows(table) == expected


# --- the tables a portal publishes ---------------------------------------------------------------

def test_statistics_tables_with_and_without_dossiers(stats, with_dossiers):
    """Monthly rows, figures, and overdue now only where there are dossier records; the same tables as
    each function gives (checked cell by cell above)."""
    for (portal, figures), names in (((stats[0], stats[1]), ["thong-ke-hang-thang", "so-lieu-tong-hop"]),
                                     ((with_dossiers[0], with_dossiers[1]),
                                      ["thong-ke-hang-thang", "so-lieu-tong-hop", "qua-han-hien-tai"])):
        view = figures.dossiers
        tables = statistics_tables(figures.rows, figures.table, view)
        assert [t.name for t in tables] == names
        alone = [monthly_table(figures.rows), figures_table(figures.table, view.figures if view else None)]
        if view is not None:
            alone.append(overdue_table(view.overdue_now, view.as_of_date))
        for table, single in zip(tables, alone):
            assert len(table) > 0 and repr(_rows(table)) == repr(_rows(single))  # as text: NaN equals NaN
        assert [t.name for t in compute(portal).open_data] == ["co-quan", "thu-tuc", *names]
