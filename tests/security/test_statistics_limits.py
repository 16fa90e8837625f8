"""One statistics row or file must not stop or swamp the build: periods outside 2000-01 … the month
after the build date are refused with the range in the message, and oversized CSV files and workbook
sheets are refused by their size before anything parses them."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest

from generator.build_date import build_day
from generator.errors import InvalidInput
from generator.load import statistics_files
from generator.paths import PortalPaths
from generator.portal import read_portal

STATS = "statistics/vi-du-2026.csv"
ROW = "2026-01,ubnd-xa-vi-du,1.001193,0,20,8,2,25,3,0,2,0,0,0.4\n"
DEC_1_2026 = str(int(dt.datetime(2026, 12, 1, 3, 0, tzinfo=dt.timezone.utc).timestamp()))


def _n(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def _add_row(root: Path, period: str) -> None:
    file = root / STATS
    file.write_text(file.read_text(encoding="utf-8") + ROW.replace("2026-01", period), encoding="utf-8")


def _errors(root: Path) -> list:
    with pytest.raises(InvalidInput) as caught:
        read_portal(PortalPaths.at(root))
    return [p for p in caught.value.problems if p.is_error]


def test_the_build_date_is_source_date_epoch_when_set(monkeypatch, tmp_path: Path):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", DEC_1_2026)
    assert build_day(tmp_path) == dt.date(2026, 12, 1)  # in Vietnam time (UTC+7)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert build_day(tmp_path, clock=lambda: dt.date(2031, 5, 6)) == dt.date(2031, 5, 6)  # no git: the clock


@pytest.mark.parametrize("period", ["2999-01", "0000-01", "1999-12", "2027-02"])
def test_periods_outside_the_window_are_refused_with_the_range(starter_portal: Path, monkeypatch, period: str):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", DEC_1_2026)
    _add_row(starter_portal, period)
    errors = _errors(starter_portal)
    assert [(p.code, p.file, p.line, p.message) for p in errors] == [(
        "period-out-of-range", STATS, 5,
        f"Tháng báo cáo '{period}' nằm ngoài khoảng cho phép 2000-01 … 2027-01 "
        "(từ tháng 1 năm 2000 đến tháng sau ngày dựng trang 01/12/2026).",
    )]
    assert errors[0].hint == "Kiểm tra năm và tháng (gõ nhầm năm?); không báo cáo số liệu cho các tháng chưa tới."


def test_the_month_after_the_build_date_is_accepted(starter_portal: Path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", DEC_1_2026)
    _add_row(starter_portal, "2027-01")
    _add_row(starter_portal, "2000-01")
    portal = read_portal(PortalPaths.at(starter_portal))
    assert {"2000-01", "2027-01"} <= set(portal.statistics.rows["period"])


def test_an_oversized_csv_is_refused_before_parsing(starter_portal: Path, monkeypatch):
    monkeypatch.setattr(statistics_files, "MAX_CSV_BYTES", 100)
    size = (starter_portal / STATS).stat().st_size
    assert size > 100
    errors = _errors(starter_portal)
    assert [(p.code, p.file, p.message) for p in errors] == [(
        "file-too-large", STATS,
        f"Tệp thống kê lớn {_n(size)} byte, vượt giới hạn 100 byte nên không được đọc.",
    )]
    assert errors[0].hint == "Tách số liệu thành nhiều tệp nhỏ hơn (ví dụ mỗi năm hoặc mỗi cơ quan một tệp)."


def _workbook_with_padded_sheet(path: Path, padding: int) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "T1"
    for row in (ROW.strip().split(","),):
        sheet.append(["period"])
        sheet.append([row[0]])
    raw = io.BytesIO()
    workbook.save(raw)
    with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<sheetData>", b"<sheetData>" + b" " * padding)  # a zip bomb in small
            target.writestr(info.filename, data)


def test_an_xlsx_whose_sheet_unzips_too_large_is_refused_before_parsing(starter_portal: Path, monkeypatch):
    monkeypatch.setattr(statistics_files, "MAX_XLSX_PART_BYTES", 1_000_000)
    book = starter_portal / "statistics" / "bom.xlsx"
    _workbook_with_padded_sheet(book, 5_000_000)
    assert book.stat().st_size < 100_000
    with zipfile.ZipFile(book) as archive:
        size = archive.getinfo("xl/worksheets/sheet1.xml").file_size
    errors = [p for p in _errors(starter_portal) if p.file == "statistics/bom.xlsx"]
    assert [(p.code, p.message) for p in errors] == [(
        "file-too-large",
        f"Phần 'xl/worksheets/sheet1.xml' của sổ tính giải nén ra {_n(size)} byte, vượt giới hạn 1.000.000 byte nên "
        "sổ tính không được đọc.",
    )]


def test_counts_above_a_billion_are_refused(starter_portal: Path):
    from generator.validate.statistics_rules import MAX_COUNT

    assert MAX_COUNT == 10**9
    file = starter_portal / STATS
    big = ROW.replace("2026-01,ubnd-xa-vi-du,1.001193,0,20,", "2026-04,ubnd-xa-vi-du,1.001193,0,1000000001,")
    big = big.replace(",25,3,0,2,", ",1000000006,3,0,2,")  # the identity still holds
    file.write_text(file.read_text(encoding="utf-8") + big, encoding="utf-8")
    errors = _errors(starter_portal)
    assert [(p.code, p.line, p.field, p.message) for p in errors] == [
        ("number-too-large", 5, "received_online",
         "Cột 'received_online' (tiếp nhận trực tuyến) quá lớn: đang là '1000000001', tối đa là 1.000.000.000."),
        ("number-too-large", 5, "resolved_early",
         "Cột 'resolved_early' (giải quyết trước hạn) quá lớn: đang là '1000000006', tối đa là 1.000.000.000."),
    ]
    assert errors[0].hint == "Kiểm tra số liệu (thừa chữ số?); giới hạn này có để chặn lỗi gõ, xem docs/data-contract.md."
