"""Reading statistics files: separators, byte-order mark, encodings, spreadsheet rows, workbooks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl

from generator.load.statistics_files import find_statistics_files, read_csv_table, read_workbook, sniff_separator
from generator.paths import PortalPaths

from .conftest import HEADER, PORTAL


def test_separator_is_sniffed_from_the_header():
    assert sniff_separator(HEADER) == ","
    assert sniff_separator(HEADER.replace(",", ";")) == ";"
    assert sniff_separator(HEADER.replace(",", "\t")) == "\t"
    assert sniff_separator("period") == ","


def test_codes_stay_text_and_lines_are_spreadsheet_rows():
    text = HEADER + "\n2025-01,so-a,1.001540,1,0,0,0,1,0,0,0,0,0,2.50\n\n2025-02,so-a,1.000100,0,0,0,0,0,0,0,0,0,0,\n"
    table, problems = read_csv_table(text.encode(), "statistics/a.csv")
    assert problems == []
    assert table.frame[2].tolist() == ["1.001540", "1.000100"]
    assert table.frame[13].tolist() == ["2.50", ""]
    assert table.lines.tolist() == [2, 4]  # the blank row 3 counts, as a spreadsheet shows it
    assert table.decimal_comma is False


def test_cells_are_stripped_column_by_column_and_rows_of_blanks_dropped():
    # only the columns with spaces are stripped (the others are kept as read: memory); a row of spaces is blank
    text = (HEADER + "\n2025-01, so-a ,1.001540,1,0,0,0,1,0,0,0,0,0,2.50\n , ,,,,,,,,,,,,\n"
            "2025-02,so-a,1.000100 ,0,0,0,0,0,0,0,0,0,0,\u00a07\n")
    table, problems = read_csv_table(text.encode(), "statistics/a.csv")
    assert problems == []
    assert table.frame[1].tolist() == ["so-a", "so-a"]
    assert table.frame[2].tolist() == ["1.001540", "1.000100"]
    assert table.frame[0].tolist() == ["2025-01", "2025-02"]
    assert table.frame[13].tolist() == ["2.50", "7"]  # a non-breaking space is whitespace too
    assert table.lines.tolist() == [2, 4]
    assert table.frame.index.tolist() == [0, 1]


def test_a_quoted_value_over_several_lines_keeps_the_lines_of_the_file():
    text = HEADER + '\n2025-01,"so-a",1.001540,1,0,0,0,1,0,0,0,0,0,"2.50\n\n"\n\n2025-02,so-a,1.000100,0,0,0,0,0,0,0,0,0,0,\n'
    table, problems = read_csv_table(text.encode(), "statistics/a.csv")
    assert problems == []
    assert table.frame[2].tolist() == ["1.001540", "1.000100"]
    assert table.lines.tolist() == [2, 6]  # the first record is lines 2–4, line 5 is blank


def test_semicolon_file_with_bom_and_crlf():
    text = "\ufeff" + HEADER.replace(",", ";") + "\r\n2025-01;so-a;1.001540;1;0;0;0;1;0;0;0;0;0;2,5\r\n"
    table, problems = read_csv_table(text.encode(), "statistics/a.csv")
    assert problems == []
    assert table.header[0] == "period"
    assert table.separator == ";" and table.decimal_comma is True
    assert table.frame[13].tolist() == ["2,5"]


def test_non_utf8_file_is_refused_with_its_line():
    text = HEADER + "\n2025-01,so-a,,1,0,0,0,1,0,0,0,0,0,\n2025-02,Sơn,,0,0,0,0,0,0,0,0,0,0,\n"
    table, problems = read_csv_table(text.encode("cp1258"), "statistics/a.csv")
    assert table is None
    [problem] = problems
    assert (problem.file, problem.line, problem.code) == ("statistics/a.csv", 3, "encoding")
    assert "UTF-8" in problem.message


def test_ragged_rows_are_reported_with_their_lines():
    text = HEADER + "\n2025-01,so-a,,1,0,0,0,1,0,0,0,0,0,\n2025-02,so-a,,1,0,0,0,1,0,0,0,0,0,,extra\n2025-03,so-a\n"
    table, problems = read_csv_table(text.encode(), "statistics/a.csv")
    assert table is None
    assert [(p.line, p.code) for p in problems] == [(3, "row-fields"), (4, "row-fields")]
    assert problems[0].message == "Dòng có 15 ô nhưng dòng tiêu đề có 14 cột (dấu phân cách là ',')."


def test_empty_file():
    table, problems = read_csv_table(b"", "statistics/a.csv")
    assert table is None and problems[0].code == "empty-file"


def test_files_starting_with_underscore_or_dot_are_ignored(tmp_path: Path):
    found = [p.relative_to(PORTAL).as_posix() for p in find_statistics_files(PortalPaths.at(PORTAL))]
    assert found == ["statistics/2025-h1.csv", "statistics/thang-7/2025-07.csv"]


def test_workbook_sheets_are_tables_with_rows_and_text_cells(tmp_path: Path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "T1"
    sheet.append(HEADER.split(","))
    sheet.append(["2025-01", "so-a", "1.001540", 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 2.5])
    sheet.append([])
    sheet.append([dt.datetime(2025, 2, 1), "so-a", 1.00154, 1.0, 0, 0, 0, 1, 0, 0, 0, 0, None, None])
    workbook.create_sheet("trống")
    second = workbook.create_sheet("T2")
    second.append(HEADER.split(","))
    second.append(["2025-03", "so-a", "", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, ""])
    path = tmp_path / "so-lieu.xlsx"
    workbook.save(path)

    tables, problems = read_workbook(path, "statistics/so-lieu.xlsx")
    assert problems == []
    assert [t.source for t in tables] == ["statistics/so-lieu.xlsx[T1]", "statistics/so-lieu.xlsx[T2]"]
    first = tables[0]
    assert first.lines.tolist() == [2, 4]
    assert first.frame[0].tolist() == ["2025-01", "2025-02"]  # a date on the 1st is Excel's reading of 2025-02
    assert first.frame[2].tolist() == ["1.001540", "1.00154"]  # a number cell cannot be recovered: left to the rules
    assert first.frame[3].tolist() == ["1", "1"]
    assert first.frame[13].tolist() == ["2.5", ""]


def test_broken_workbook_is_a_problem(tmp_path: Path):
    path = tmp_path / "hong.xlsx"
    path.write_bytes(b"not a zip")
    tables, problems = read_workbook(path, "statistics/hong.xlsx")
    assert tables == [] and problems[0].code == "xlsx-unreadable"


def test_a_workbook_in_statistics_is_read_like_a_csv(stats_portal: Path):
    from generator.errors import InvalidInput
    from generator.portal import read_portal

    july = stats_portal / "statistics" / "thang-7" / "2025-07.csv"
    lines = july.read_text(encoding="utf-8-sig").splitlines()
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Tháng 7"
    for line in lines:
        cells = line.split(";")
        sheet.append(cells if line is lines[0] else cells[:3] + [int(c) for c in cells[3:13]] + [cells[13]])
    sheet.append(["2025-07", "so-a", "9.000000", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, ""])
    workbook.save(stats_portal / "statistics" / "thang-7" / "2025-07.xlsx")
    july.unlink()
    try:
        read_portal(PortalPaths.at(stats_portal))
    except InvalidInput as error:
        [problem] = [p for p in error.problems if p.is_error]
    assert (problem.file, problem.line, problem.column, problem.code) == (
        "statistics/thang-7/2025-07.xlsx[Tháng 7]", 5, 3, "unknown-procedure")
    sheet.delete_rows(5)
    workbook.save(stats_portal / "statistics" / "thang-7" / "2025-07.xlsx")
    portal = read_portal(PortalPaths.at(stats_portal))
    assert (portal.statistics.rows["period"] == "2025-07").sum() == 3
    assert "statistics/thang-7/2025-07.xlsx[Tháng 7]" in portal.statistics.files


def test_lines_need_counting_only_with_a_quote_or_a_blank_line():
    from generator.load.csv_lines import needs_counting

    for plain in ("a,b\n1,2\n", b"a,b\n1,2\n", b"a,b\r\n1,2\r\n"):
        assert not needs_counting(plain)
    for counted in ('a,b\n"1",2\n', b'a,b\n"1",2\n', b"a,b\n\n1,2\n", "a,b\r\n\r\n1,2\r\n"):
        assert needs_counting(counted)
