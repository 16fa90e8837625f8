"""At most 50 problems per file and rule, then one summary; each file's own column positions; the
continuity warnings capped the same way, lowest lines first; the accepted months (fast: no portal, no build)."""

from __future__ import annotations

import datetime as dt

from generator.errors import Severity
from generator.load.statistics_files import read_csv_table
from generator.validate.statistics_rules import MAX_PROBLEMS_PER_RULE, validate_statistics

from .conftest import AGENCIES, CODES, HEADER

SWAPPED = HEADER.replace("received_online,received_direct", "received_direct,received_online")


def _validate(*files: tuple[str, str]):
    tables = []
    for path, text in files:
        table, problems = read_csv_table(text.encode("utf-8"), path)
        assert problems == []
        tables.append(table)
    return validate_statistics(tables, AGENCIES, CODES)


def _seen(problems) -> list[tuple]:
    return [(p.file, p.line, p.column, p.code, p.field, p.severity) for p in problems]


def test_fifty_problems_per_file_and_rule_then_one_summary_with_each_files_columns():
    a = [HEADER] + [f"{2000 + i // 12}-{i % 12 + 1:02d},so-a,,0,x,0,0,0,0,0,0,0,0," for i in range(51)]
    b = [SWAPPED] + [f"2020-0{i},so-a,,0,1,x,0,1,0,0,0,0,0," for i in (1, 2)]  # received_online is column 6 here
    c = [HEADER] + [f"{2001 + i // 12}-{i % 12 + 1:02d},xa-b,,0,x,0,0,0,0,0,0,0,0," for i in range(50)]  # exactly 50: no summary
    _, problems = _validate(("statistics/b.csv", "\n".join(b) + "\n"), ("statistics/a.csv", "\n".join(a) + "\n"),
                            ("statistics/c.csv", "\n".join(c) + "\n"))
    error = Severity.ERROR
    assert _seen(problems) == (
        [("statistics/a.csv", line, 5, "not-whole-number", "received_online", error) for line in range(2, 52)]
        + [("statistics/a.csv", 0, 0, "not-whole-number", "received_online", error)]
        + [("statistics/b.csv", line, 6, "not-whole-number", "received_online", error) for line in (2, 3)]
        + [("statistics/c.csv", line, 5, "not-whole-number", "received_online", error) for line in range(2, 52)]
    )
    summary = problems[50]
    assert (summary.message, summary.hint) == (
        "… và 1 dòng khác có cùng lỗi [not-whole-number] ở cột 'received_online' (tiếp nhận trực tuyến).",
        "Sửa các dòng đã nêu rồi chạy lại để xem tiếp.")
    assert problems[0].message == ("Cột 'received_online' (tiếp nhận trực tuyến) phải là số nguyên không âm, nhưng "
                                   "đang là 'x'.")


def test_continuity_warnings_are_capped_per_file_lowest_lines_first():
    # 53 consecutive months of one series, newest first; every month but the oldest says 0 carried over
    # although the month before ended with 1 pending: 52 mismatches, on lines 2-53
    months = [(2020 * 12 + i) for i in range(53)][::-1]
    lines = [HEADER] + [f"{m // 12}-{m % 12 + 1:02d},so-a,1.001540,0,1,0,0,0,0,0,1,0,0," for m in months]
    other = [SWAPPED] + ["2020-01,xa-b,,0,1,0,0,0,0,0,1,0,0,", "2020-02,xa-b,,0,1,0,0,1,0,0,0,0,0,",
                         "2020-03,xa-b,,5,0,0,0,5,0,0,0,0,0,"]  # 0 instead of 1, then 5 instead of 0
    # the files' order is not the series' order (so-a before xa-b): the warnings still come file by file
    rows, problems = _validate(("statistics/z.csv", "\n".join(lines) + "\n"), ("statistics/a.csv", "\n".join(other) + "\n"))
    warning = Severity.WARNING
    assert _seen(problems) == (
        [("statistics/a.csv", line, 4, "carried-over-mismatch", "carried_over", warning) for line in (3, 4)]
        + [("statistics/z.csv", line, 4, "carried-over-mismatch", "carried_over", warning) for line in range(2, 52)]
        + [("statistics/z.csv", 0, 0, "carried-over-mismatch", "carried_over", warning)]
    )
    problems = problems[2:] + problems[:2]
    newest = months[0]
    assert problems[0].message == (
        f"Tháng {newest % 12 + 1}/{newest // 12}, cơ quan 'so-a', thủ tục '1.001540': kỳ trước chuyển qua là 0 nhưng "
        f"cuối tháng {(newest - 1) % 12 + 1}/{(newest - 1) // 12} còn 1 hồ sơ đang giải quyết.")
    assert (problems[50].message, problems[50].hint) == ("… và 2 cảnh báo [carried-over-mismatch] khác trong tệp này.", "")
    assert problems[52].message == ("Tháng 3/2020, cơ quan 'xa-b', số liệu không tách theo thủ tục: kỳ trước chuyển qua "
                                    "là 5 nhưng cuối tháng 2/2020 còn 0 hồ sơ đang giải quyết.")
    expected_months = {f"{m // 12}-{m % 12 + 1:02d}": 1 for m in months[:-1]}
    expected_months["2020-02"] += 1
    expected_months["2020-03"] += 1
    assert rows.warnings_by_month == expected_months
    assert len(rows.rows) == 56


def test_a_series_that_stops_while_dossiers_are_pending():
    text = HEADER + ("\n2020-01,so-a,1.001540,0,3,0,0,0,0,0,2,1,0,"  # 3 pending, and no row for 2020-02
                     "\n2020-03,so-a,2.000100,0,1,0,0,1,0,0,0,0,0,"
                     "\n2020-01,xa-b,,0,1,0,0,1,0,0,0,0,0,\n")  # nothing pending: no warning
    rows, problems = _validate(("statistics/a.csv", text))
    assert [(p.line, p.column, p.code, p.field, p.message, p.hint, p.severity) for p in problems] == [
        (2, 1, "missing-month", "period", "Tháng 2/2020, cơ quan 'so-a', thủ tục '1.001540': không có dòng số liệu, dù "
         "cuối tháng 1/2020 còn 3 hồ sơ đang giải quyết.",
         "Thêm dòng của tháng sau (kỳ trước chuyển qua = số hồ sơ đang giải quyết tháng này), hoặc sửa số đang giải "
         "quyết của dòng này.", Severity.WARNING)]
    assert rows.warnings_by_month == {"2020-02": 1}


def test_periods_from_2000_to_the_month_after_the_build_date():
    text = HEADER + "".join(f"\n{period},so-a,,0,1,0,0,1,0,0,0,0,0," for period in
                            ("1999-12", "2000-01", "2025-07", "2025-08", "2026-01"))
    rows, problems = validate_statistics([read_csv_table((text + "\n").encode(), "statistics/x.csv")[0]], AGENCIES, CODES,
                                         today=dt.date(2025, 6, 30))
    hint = "Kiểm tra năm và tháng (gõ nhầm năm?); không báo cáo số liệu cho các tháng chưa tới."
    assert [(p.line, p.column, p.code, p.field, p.message, p.hint) for p in problems] == [
        (line, 1, "period-out-of-range", "period", f"Tháng báo cáo '{period}' nằm ngoài khoảng cho phép 2000-01 … 2025-07 "
         "(từ tháng 1 năm 2000 đến tháng sau ngày dựng trang 30/06/2025).", hint)
        for line, period in ((2, "1999-12"), (5, "2025-08"), (6, "2026-01"))]
    assert rows.rows["period"].tolist() == ["2000-01", "2025-07"]
    _, problems = validate_statistics([read_csv_table((text + "\n").encode(), "statistics/x.csv")[0]], AGENCIES, CODES,
                                      today=dt.date(2025, 12, 1))  # December: the next month is in the next year
    assert [p.line for p in problems] == [2]


def test_continuity_is_checked_within_a_series_never_across_two():
    # so-a's series ends in 2020-02 with 1 pending; xa-b's starts in 2020-03 with nothing carried over:
    # one missing-month warning for so-a, and no mismatch between the two series
    text = HEADER + ("\n2020-01,so-a,1.001540,0,1,0,0,1,0,0,0,0,0,\n2020-02,so-a,1.001540,0,1,0,0,0,0,0,1,0,0,"
                     "\n2020-03,xa-b,,0,1,0,0,1,0,0,0,0,0,\n2020-04,xa-b,,0,1,0,0,1,0,0,0,0,0,\n")
    rows, problems = _validate(("statistics/a.csv", text))
    assert [(p.line, p.code, p.message) for p in problems] == [
        (3, "missing-month", "Tháng 3/2020, cơ quan 'so-a', thủ tục '1.001540': không có dòng số liệu, dù "
         "cuối tháng 2/2020 còn 1 hồ sơ đang giải quyết.")]
    assert rows.warnings_by_month == {"2020-03": 1}


def test_exactly_fifty_continuity_warnings_in_a_file_have_no_summary():
    months = [2020 * 12 + i for i in range(51)]  # 51 months: 50 mismatches (0 carried over, 1 pending before)
    lines = [HEADER] + [f"{m // 12}-{m % 12 + 1:02d},so-a,1.001540,0,1,0,0,0,0,0,1,0,0," for m in months]
    rows, problems = _validate(("statistics/z.csv", "\n".join(lines) + "\n"))
    assert len(problems) == MAX_PROBLEMS_PER_RULE == 50
    assert {p.code for p in problems} == {"carried-over-mismatch"} and all(p.line > 0 for p in problems)


def test_every_files_header_problems_are_kept_and_unusable_files_are_still_listed():
    row = "\n2020-01,so-a,1.001540,0,1,0,0,1,0,0,0,0,0,"
    extra = HEADER + ",stt" + row + ",1\n"  # a column outside the contract: a warning, the file is read
    rows, problems = _validate(("statistics/a.csv", extra), ("statistics/b.csv", extra.replace("2020-01", "2020-02")))
    assert [(p.file, p.code) for p in problems] == [("statistics/a.csv", "extra-column"), ("statistics/b.csv", "extra-column")]
    no_period = HEADER.replace("period,", "thang,") + row + "\n"  # a required column missing: the file is not read
    rows, problems = _validate(("statistics/a.csv", no_period), ("statistics/b.csv", no_period))
    assert rows.rows.empty and rows.files == ("statistics/a.csv", "statistics/b.csv")
    assert [p.file for p in problems if p.is_error] == ["statistics/a.csv", "statistics/b.csv"]


def test_every_repeat_of_a_row_names_the_first_and_only_the_first_is_kept():
    # so-a/1.001540/2020-01 three times (the first with a count that is not a number), other keys between;
    # the same period and agency with another procedure, or none, are not repeats
    rows_text = ["2020-01,so-a,1.001540,0,x,0,0,1,0,0,0,0,0,", "2020-01,so-a,2.000100,0,1,0,0,1,0,0,0,0,0,",
                 "2020-01,so-a,,0,1,0,0,1,0,0,0,0,0,", "2020-01,so-a,1.001540,0,2,0,0,2,0,0,0,0,0,",
                 "2020-02,so-a,1.001540,0,1,0,0,1,0,0,0,0,0,"]
    later = "2020-01,xa-b,,0,1,0,0,1,0,0,0,0,0,\n2020-01,so-a,1.001540,0,3,0,0,3,0,0,0,0,0,\n2020-01,xa-b,,0,4,0,0,4,0,0,0,0,0,\n"
    rows, problems = _validate(("statistics/a.csv", HEADER + "\n" + "\n".join(rows_text) + "\n"),
                               ("statistics/b.csv", HEADER + "\n" + later))
    repeats = [(p.file, p.line, p.message.split(" đã có ở ")[1]) for p in problems if p.code == "duplicate-row"]
    assert repeats == [
        ("statistics/a.csv", 5, "statistics/a.csv dòng 2."),
        ("statistics/b.csv", 3, "statistics/a.csv dòng 2."),
        ("statistics/b.csv", 4, "statistics/b.csv dòng 2."),
    ]
    # the first of each key is the only one that can be kept: so-a/1.001540/2020-01's first has a bad count
    assert [(r.period, r.agency, r.procedure, r.received_online) for r in rows.rows.itertuples()] == [
        ("2020-01", "so-a", "", 1), ("2020-01", "so-a", "2.000100", 1), ("2020-01", "xa-b", "", 1),
        ("2020-02", "so-a", "1.001540", 1)]


def test_valid_rows_have_the_documented_columns_in_their_order():
    rows, _ = _validate(("statistics/a.csv", HEADER + "\n2020-01,so-a,1.001540,0,1,0,0,1,0,0,0,0,0,2.5\n"))
    assert list(rows.rows.columns) == [
        "period", "month", "agency", "procedure", "carried_over", "received_online", "received_direct",
        "received_postal", "resolved_early", "resolved_on_time", "resolved_late", "pending_on_time",
        "pending_overdue", "withdrawn", "avg_processing_days"]
    assert [str(t) for t in rows.rows.dtypes] == ["str", "int64", "str", "str"] + ["int64"] * 10 + ["float64"]
