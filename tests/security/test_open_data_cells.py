"""Open data opened in Excel: formula-like text is neutralised (OWASP CSV injection), Vietnamese
survives a double-click (UTF-8 BOM, XLSX), numbers are left alone, and the package still validates."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from generator.pipeline import portal_figures
from generator.paths import PortalPaths
from generator.portal import read_portal
from generator.render.open_data import Resource, open_data_files, to_csv
from generator.render.open_data_xlsx import to_xlsx

AGENCY = "procedures/ubnd-xa-vi-du/agency.yaml"
PROCEDURE = "procedures/ubnd-xa-vi-du/dang-ky-khai-sinh.yaml"
NAME = '=HYPERLINK("http://evil.example","x")'


def _edit(root: Path, path: str, old: str, new: str) -> None:
    file = root / path
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def hostile_files(starter_portal: Path) -> dict[str, bytes]:
    _edit(starter_portal, PROCEDURE, "name: Đăng ký khai sinh", f"name: '{NAME}'")
    _edit(starter_portal, PROCEDURE, "field: Hộ tịch", "field: '@SUM(1+1)'")
    _edit(starter_portal, AGENCY, "phone: 0200 000 000", "phone: '+84 200 000 000'")
    _edit(starter_portal, AGENCY, "address: Bộ phận Một cửa, trụ sở UBND xã Ví Dụ", "address: '-1+1'")
    _edit(starter_portal, AGENCY, "hours: Sáng", "hours: '=cmd|\" /C calc\"!A0' # Sáng")
    portal = read_portal(PortalPaths.at(starter_portal))
    return open_data_files(portal_figures(portal), portal.catalogue, "x")


def _csv(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM: Excel shows Vietnamese
    return list(csv.DictReader(io.StringIO(data[3:].decode("utf-8"), newline="")))


def _xlsx(data: bytes) -> list[dict[str, object]]:
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)  # no formula anywhere
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    return [dict(zip(rows[0], row)) for row in rows[1:]]


def test_formula_like_text_is_neutralised_in_csv_and_xlsx(hostile_files):
    for rows in (_csv(hostile_files["du-lieu/thu-tuc.csv"]), _xlsx(hostile_files["du-lieu/thu-tuc.xlsx"])):
        assert (rows[0]["name"], rows[0]["field"]) == ("'" + NAME, "'@SUM(1+1)")
    for rows in (_csv(hostile_files["du-lieu/co-quan.csv"]), _xlsx(hostile_files["du-lieu/co-quan.xlsx"])):
        assert (rows[0]["phone"], rows[0]["address"], rows[0]["hours"]) == ("'+84 200 000 000", "'-1+1", "'=cmd|\" /C calc\"!A0")
    procedures = json.loads(hostile_files["du-lieu/thu-tuc.json"])  # JSON keeps the text as written
    assert (procedures[0]["name"], procedures[0]["field"]) == (NAME, "@SUM(1+1)")


def test_numbers_and_the_not_itemised_dash_are_left_alone():
    fields = [{"name": "key", "type": "string"}, {"name": "count", "type": "integer"}, {"name": "share", "type": "number"}]
    frame = pd.DataFrame({"key": ["-", "-x", "a", "\t=1", "\r=1"], "count": [-5, 0, 7, 1, 2],
                          "share": [-0.5, 0.25, None, 1, 1]}, dtype=object)
    resource = Resource("thu-tuc", fields, ["key"], frame)
    written = to_csv(resource)
    assert written.startswith("\ufeffkey,count,share\n-,-5,-0.5\n'-x,0,0.25\na,7,\n'\t=1,1,1\n".encode("utf-8"))
    assert written.endswith(b"'\r=1,2,1\n") or written.endswith(b"\"'\r=1\",2,1\n")  # quoted from Python 3.12 on
    resource = Resource("thu-tuc", fields, ["key"], frame.iloc[:3])
    rows = _xlsx(to_xlsx(resource))
    assert rows == [{"key": "-", "count": -5, "share": -0.5}, {"key": "-x", "count": 0, "share": 0.25},
                    {"key": "a", "count": 7, "share": None}]  # to_xlsx writes what it is given


def test_workbooks_are_reproducible(hostile_files, starter_portal: Path):
    portal = read_portal(PortalPaths.at(starter_portal))
    again = open_data_files(portal_figures(portal), portal.catalogue, "x")
    workbooks = sorted(path for path in hostile_files if path.endswith(".xlsx"))
    assert workbooks == ["du-lieu/co-quan.xlsx", "du-lieu/so-lieu-tong-hop.xlsx", "du-lieu/thong-ke-hang-thang.xlsx",
                         "du-lieu/thu-tuc.xlsx"]
    for path in workbooks:
        assert hostile_files[path] == again[path], path
        with zipfile.ZipFile(io.BytesIO(hostile_files[path])) as archive:
            assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
            core = archive.read("docProps/core.xml").decode("utf-8")
        assert "2000-01-01T00:00:00Z" in core


def test_the_package_with_workbooks_validates(hostile_files, tmp_path: Path):
    import frictionless

    for path, data in hostile_files.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_bytes(data)
    package = json.loads(hostile_files["du-lieu/datapackage.json"])
    assert {r["name"] for r in package["resources"]} >= {"thu-tuc-csv", "thu-tuc-xlsx", "thu-tuc-json"}
    report = frictionless.validate(str(tmp_path / "du-lieu" / "datapackage.json"))
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])[:10]
