"""One fixture per class of bad statistics input: exact file, line, column, code and message.

Fixtures are in tests/statistics/fixtures/bad/; each is read as if it were
``statistics/<name>`` of a portal whose catalogue has the agencies so-a, xa-b,
xa-c and the procedures 1.001540, 2.000100, 1.000900.
"""

from __future__ import annotations

import pytest

from generator.errors import Severity, sort_problems
from generator.load.statistics_files import read_csv_table
from generator.validate.statistics_rules import MAX_PROBLEMS_PER_RULE, validate_statistics

from .conftest import AGENCIES, CODES, FIXTURES, HEADER, check_csv

BAD = FIXTURES / "bad"


def problems_of(*names: str):
    tables, problems = [], []
    for name in names:
        table, load_problems = read_csv_table((BAD / name).read_bytes(), f"statistics/{name}")
        problems += load_problems
        if table is not None:
            tables.append(table)
    rows, rule_problems = validate_statistics(tables, AGENCIES, CODES)
    return rows, sort_problems(problems + rule_problems)


def summary(problems):
    return [(p.file, p.line, p.column, p.code, p.field, p.message) for p in problems]


EXPECTED = {
    "missing-column.csv": [
        ("statistics/missing-column.csv", 1, 0, "missing-column", "received_postal",
         "Thiếu cột bắt buộc 'received_postal' (tiếp nhận qua bưu chính công ích)."),
    ],
    "misspelt-column.csv": [
        ("statistics/misspelt-column.csv", 1, 0, "missing-column", "received_online",
         "Thiếu cột bắt buộc 'received_online' (tiếp nhận trực tuyến)."),
        ("statistics/misspelt-column.csv", 1, 5, "unknown-column", "recieved_online",
         "Cột 'recieved_online' không có trong quy định dữ liệu; có vẻ là cột 'received_online' (tiếp nhận trực tuyến) bị viết sai."),
    ],
    "period.csv": [
        ("statistics/period.csv", 3, 1, "period-format", "period",
         "Cột 'period' (tháng báo cáo) phải là một tháng dạng NĂM-THÁNG, nhưng đang là '6/2025'."),
        ("statistics/period.csv", 4, 1, "period-format", "period",
         "Cột 'period' (tháng báo cáo) phải là một tháng dạng NĂM-THÁNG, nhưng đang là '2025-13'."),
    ],
    "unknown-agency.csv": [
        ("statistics/unknown-agency.csv", 3, 2, "unknown-agency", "agency",
         "Cột 'agency' (mã cơ quan): cơ quan 'so-aa' không có trong danh mục."),
    ],
    "unknown-procedure.csv": [
        ("statistics/unknown-procedure.csv", 3, 3, "unknown-procedure", "procedure",
         "Cột 'procedure' (mã thủ tục): thủ tục '1.00154' không có trong danh mục."),
        ("statistics/unknown-procedure.csv", 4, 3, "unknown-procedure", "procedure",
         "Cột 'procedure' (mã thủ tục): thủ tục '9.999999' không có trong danh mục."),
    ],
    "negative.csv": [
        ("statistics/negative.csv", 2, 8, "negative-count", "resolved_early",
         "Cột 'resolved_early' (giải quyết trước hạn) không được là số âm (đang là '-2')."),
    ],
    "not-whole.csv": [
        ("statistics/not-whole.csv", line, 5, "not-whole-number", "received_online",
         f"Cột 'received_online' (tiếp nhận trực tuyến) phải là số nguyên không âm, nhưng đang là '{value}'.")
        for line, value in ((2, "1.234"), (3, "2.5"), (4, "mười"))
    ],
    "empty-count.csv": [
        ("statistics/empty-count.csv", 2, 5, "missing-value", "received_online",
         "Cột 'received_online' (tiếp nhận trực tuyến) bị bỏ trống; cần một số nguyên không âm."),
    ],
    "decimal-comma.csv": [
        ("statistics/decimal-comma.csv", 2, 14, "not-a-number", "avg_processing_days",
         "Cột 'avg_processing_days' (số ngày giải quyết trung bình): '2,5' dùng dấu phẩy thập phân trong tệp phân cách bằng dấu phẩy."),
    ],
    "identity.csv": [
        ("statistics/identity.csv", 2, 4, "identity", "carried_over",
         "Số liệu không cân đối: kỳ trước chuyển qua + tiếp nhận mới = 19, nhưng đã giải quyết "
         "+ đang giải quyết + rút/trả lại = 17 (chênh +2)."),
    ],
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_class_of_error_names_file_line_column_and_message(name: str):
    rows, problems = problems_of(name)
    assert summary(problems) == EXPECTED[name]
    assert all(p.is_error and p.hint for p in problems)


def test_hints_help_fix_the_value():
    _, problems = problems_of("unknown-procedure.csv")
    assert problems[0].hint.startswith("Excel đã đổi mã '1.001540' thành số 1.00154")
    _, problems = problems_of("unknown-agency.csv")
    assert problems[0].hint.startswith("Có phải ý bạn là 'so-a'?")
    _, problems = problems_of("not-whole.csv")
    assert "không viết 1.234" in problems[0].hint


def test_duplicate_rows_across_files_name_the_first_one():
    _, problems = problems_of("duplicate-a.csv", "duplicate-b.csv")
    assert summary(problems) == [
        ("statistics/duplicate-b.csv", 2, 1, "duplicate-row", "period",
         "Trùng dòng: tháng 2025-02, cơ quan 'so-a', thủ tục '1.001540' đã có ở statistics/duplicate-a.csv dòng 3."),
    ]


def test_carried_over_mismatch_is_a_warning_naming_agency_procedure_and_month():
    rows, problems = problems_of("carried-over.csv")
    assert summary(problems) == [
        ("statistics/carried-over.csv", 3, 4, "carried-over-mismatch", "carried_over",
         "Tháng 2/2025, cơ quan 'so-a', thủ tục '1.001540': kỳ trước chuyển qua là 3 nhưng cuối tháng 1/2025 "
         "còn 5 hồ sơ đang giải quyết."),
    ]
    assert problems[0].severity is Severity.WARNING
    assert len(rows.rows) == 2  # a warning does not drop the row
    assert rows.warnings_by_month == {"2025-02": 1}


def test_pending_dossiers_of_a_series_that_stops_are_a_warning():
    rows, problems = problems_of("missing-month.csv")
    assert summary(problems) == [
        ("statistics/missing-month.csv", 2, 1, "missing-month", "period",
         "Tháng 2/2025, cơ quan 'so-a', thủ tục '1.001540': không có dòng số liệu, dù cuối tháng 1/2025 "
         "còn 5 hồ sơ đang giải quyết."),
    ]
    assert problems[0].severity is Severity.WARNING
    assert rows.warnings_by_month == {"2025-02": 1}


def test_unknown_column_that_is_no_misspelling_is_a_warning_and_ignored():
    rows, problems = problems_of("extra-column.csv")
    assert summary(problems) == [
        ("statistics/extra-column.csv", 1, 1, "extra-column", "stt", "Cột 'stt' không thuộc quy định dữ liệu nên được bỏ qua."),
    ]
    assert problems[0].severity is Severity.WARNING
    assert rows.rows["received_online"].tolist() == [1]


def test_all_problems_of_all_rows_are_reported_at_once():
    text = HEADER + "\n2025-1,so-x,,a,0,0,0,0,0,0,0,0,0,\n2025-01,so-a,1.0,1,0,0,0,0,0,0,0,0,-1,x\n"
    _, problems = check_csv(text)
    assert [(p.line, p.code) for p in sort_problems(problems)] == [
        (2, "period-format"), (2, "unknown-agency"), (2, "not-whole-number"),
        (3, "unknown-procedure"), (3, "negative-count"), (3, "not-a-number"),
    ]


def test_typed_rows_keep_codes_as_text_and_accept_decimal_comma_in_semicolon_files():
    text = HEADER.replace(",", ";") + "\n2025-01;so-a;1.001540;1;2;0;0;3;0;0;0;0;0;2,5\n2025-01;xa-c;;0;0;0;0;0;0;0;0;0;;\n"
    rows, problems = check_csv(text)
    assert problems == []
    frame = rows.rows
    assert frame["procedure"].tolist() == ["1.001540", ""]
    assert frame["withdrawn"].tolist() == [0, 0]  # empty optional count = 0
    assert frame["avg_processing_days"].iloc[0] == 2.5 and frame["avg_processing_days"].isna().iloc[1]
    assert frame["month"].tolist() == [2025 * 12, 2025 * 12]
    assert str(frame["carried_over"].dtype) == "int64"


def test_optional_columns_may_be_left_out_and_header_names_are_forgiving():
    text = ("Period, Agency ,carried_over,received_online,received_direct,received_postal,resolved_early,"
            "resolved_on_time,resolved_late,pending-on-time,pending_overdue\n2025-01,so-a,0,1,0,0,1,0,0,0,0\n")
    rows, problems = check_csv(text)
    assert problems == []
    assert rows.rows["procedure"].tolist() == [""]


def test_problems_per_rule_are_capped_per_file():
    lines = [HEADER] + [f"{1950 + i}-01,so-a,,0,x{i},0,0,0,0,0,0,0,0," for i in range(MAX_PROBLEMS_PER_RULE + 7)]
    _, problems = check_csv("\n".join(lines) + "\n")
    assert len(problems) == MAX_PROBLEMS_PER_RULE + 1
    assert problems[-1].message.startswith("… và 7 dòng khác có cùng lỗi [not-whole-number]")
    assert problems[-1].hint == "Sửa các dòng đã nêu rồi chạy lại để xem tiếp."


@pytest.mark.parametrize("pending_on_time, difference", [(0, "+2"), (4, "-2")])
def test_identity_fails_in_both_directions(pending_on_time: int, difference: str):
    """19 received; 17 or 21 accounted for: both are an ``identity`` error and the row is not published.

    (``received == accounted`` weakened to ``<=`` or ``>=`` lets one direction through.)"""
    accounted = 8 + 4 + 2 + pending_on_time + 3
    line = f"2025-01,so-a,1.001540,3,10,5,1,8,4,2,{pending_on_time},3,0,3.5"
    rows, problems = check_csv(HEADER + "\n" + line + "\n2025-01,xa-b,,0,1,0,0,1,0,0,0,0,0,\n")
    assert [(p.line, p.column, p.code, p.field, p.message) for p in problems] == [
        (2, 4, "identity", "carried_over",
         f"Số liệu không cân đối: kỳ trước chuyển qua + tiếp nhận mới = 19, nhưng đã giải quyết "
         f"+ đang giải quyết + rút/trả lại = {accounted} (chênh {difference})."),
    ], f"a row with {accounted} dossiers accounted for but 19 received must be refused"
    assert list(rows.rows.agency) == ["xa-b"], "an unbalanced row must never reach the published figures"


def test_rows_beside_a_refused_row_keep_whole_number_counts():
    # a bad cell refuses its row only: the others are still counts (int64), never floats with gaps
    text = HEADER + "\n2025-01,so-a,1.001540,1,2,0,0,3,0,0,0,0,0,2.5\n2025-02,so-a,1.001540,0,x,0,0,0,0,0,0,0,0,\n"
    rows, problems = check_csv(text)
    assert [p.code for p in problems] == ["not-whole-number"]
    assert rows.rows["period"].tolist() == ["2025-01"]
    counts = [c for c in rows.rows.columns if c not in ("period", "month", "agency", "procedure", "avg_processing_days")]
    assert {str(rows.rows[c].dtype) for c in counts} == {"int64"}
    assert rows.rows["received_online"].tolist() == [2]


def test_statistics_of_a_catalogue_without_agencies_or_procedures_name_every_code_unknown():
    text = HEADER + "\n2025-01,so-a,1.001540,0,1,0,0,1,0,0,0,0,0,\n"
    rows, problems = check_csv(text, agencies=set(), codes=set())
    assert [(p.code, p.line, p.field) for p in problems] == [
        ("unknown-agency", 2, "agency"), ("unknown-procedure", 2, "procedure")]
    assert rows.rows.empty


def test_a_column_without_a_name_is_ignored_silently_when_empty_and_with_a_warning_when_filled():
    row = "\n2025-01,so-a,1.001540,0,1,0,0,1,0,0,0,0,0,,"
    rows, problems = check_csv(HEADER + "," + row + "\n")  # a trailing separator on every line
    assert problems == [] and len(rows.rows) == 1
    rows, problems = check_csv(HEADER + "," + row + "7\n")
    assert [(p.code, p.line, p.column, p.field, p.message, p.severity) for p in problems] == [
        ("extra-column", 1, 15, "", "Cột '(không tên)' không thuộc quy định dữ liệu nên được bỏ qua.", Severity.WARNING)]
    assert rows.rows["received_online"].tolist() == [1]


def test_header_names_may_use_spaces_or_hyphens_for_underscores():
    header = HEADER.replace("carried_over", " Carried Over ").replace("received_online", "received-online")
    rows, problems = check_csv(header + "\n2025-01,so-a,1.001540,4,1,0,0,1,0,0,0,4,0,\n")
    assert problems == []
    assert rows.rows[["carried_over", "received_online"]].values.tolist() == [[4, 1]]


def test_two_series_are_never_taken_for_one_when_agencies_outnumber_procedure_codes():
    # so-a's procedure and xa-c's rows not itemised by procedure: each series continues on its own
    text = HEADER + ("\n2025-01,so-a,1.001540,0,5,0,0,0,0,0,5,0,0,\n2025-01,xa-b,,0,1,0,0,1,0,0,0,0,0,"
                     "\n2025-01,xa-c,,0,1,0,0,1,0,0,0,0,0,\n2025-02,so-a,1.001540,5,0,0,0,5,0,0,0,0,0,"
                     "\n2025-02,xa-b,,0,1,0,0,1,0,0,0,0,0,\n2025-02,xa-c,,0,1,0,0,1,0,0,0,0,0,\n")
    rows, problems = check_csv(text)
    assert problems == []
    assert rows.rows[["period", "agency", "procedure"]].values.tolist() == [
        [period, agency, code] for period in ("2025-01", "2025-02")
        for agency, code in (("so-a", "1.001540"), ("xa-b", ""), ("xa-c", ""))]
