"""Each statistics problem word for word, hint included: what the civil servant reads to fix the file.

(Mutation testing showed hints and some messages were asserted nowhere.)
"""

from __future__ import annotations

import pytest

from generator.validate.statistics_rules import validate_statistics

from .conftest import HEADER, check_csv

PERIOD_HINT = ("Viết 2025-06 cho tháng 6 năm 2025. Nếu Excel tự đổi thành ngày tháng, định dạng cột là Văn bản (Text) "
               "rồi gõ lại.")
CASES = {
    "empty period": (",so-a,1.001540,0,1,0,0,1,0,0,0,0,0,", [
        (2, 1, "period-format", "period", "Cột 'period' (tháng báo cáo) phải là một tháng dạng NĂM-THÁNG, nhưng đang là "
         "để trống.", PERIOD_HINT)]),
    "period as Excel writes it": ("6/2025,so-a,1.001540,0,1,0,0,1,0,0,0,0,0,", [
        (2, 1, "period-format", "period", "Cột 'period' (tháng báo cáo) phải là một tháng dạng NĂM-THÁNG, nhưng đang là "
         "'6/2025'.", PERIOD_HINT)]),
    "duplicate row not itemised": ("2025-01,xa-c,,0,1,0,0,1,0,0,0,0,0,\n2025-01,xa-c,,0,1,0,0,1,0,0,0,0,0,", [
        (3, 1, "duplicate-row", "period", "Trùng dòng: tháng 2025-01, cơ quan 'xa-c', thủ tục '(không tách theo thủ tục)' "
         "đã có ở statistics/x.csv dòng 2.",
         "Mỗi tháng, mỗi cơ quan và mỗi thủ tục chỉ có một dòng; xoá dòng thừa hoặc gộp số liệu vào một dòng.")]),
    "empty agency": ("2025-01,,1.001540,0,1,0,0,1,0,0,0,0,0,", [
        (2, 2, "unknown-agency", "agency", "Cột 'agency' (mã cơ quan) bị bỏ trống; cần mã một cơ quan có trong danh mục.",
         "Dùng đúng tên thư mục của cơ quan trong procedures/, ví dụ 'so-a'.")]),
    "code turned into a number by Excel": ("2025-01,so-a,1.00154,0,1,0,0,1,0,0,0,0,0,", [
        (2, 3, "unknown-procedure", "procedure", "Cột 'procedure' (mã thủ tục): thủ tục '1.00154' không có trong danh mục.",
         "Excel đã đổi mã '1.001540' thành số 1.00154: định dạng cột 'procedure' là Văn bản (Text) rồi gõ lại mã. "
         "Dùng đúng mã thủ tục như trong danh mục (procedures/), hoặc để trống nếu số liệu không tách theo thủ tục.")]),
    "mean days in letters": ("2025-01,so-a,1.001540,0,1,0,0,1,0,0,0,0,0,ba", [
        (2, 14, "not-a-number", "avg_processing_days", "Cột 'avg_processing_days' (số ngày giải quyết trung bình) phải là "
         "một số (ngày), nhưng đang là 'ba'.", "Viết bằng chữ số, ví dụ 3 hoặc 2.5; để trống nếu không có số liệu.")]),
    "negative mean days": ("2025-01,so-a,1.001540,0,1,0,0,1,0,0,0,0,0,-2", [
        (2, 14, "not-a-number", "avg_processing_days", "Cột 'avg_processing_days' (số ngày giải quyết trung bình) không "
         "được là số âm (đang là '-2').", "Sửa thành 0 hoặc số dương.")]),
    "decimal comma in a comma file": ('2025-01,so-a,1.001540,0,1,0,0,1,0,0,0,0,0,"2,5"', [
        (2, 14, "not-a-number", "avg_processing_days", "Cột 'avg_processing_days' (số ngày giải quyết trung bình): '2,5' "
         "dùng dấu phẩy thập phân trong tệp phân cách bằng dấu phẩy.",
         "Trong tệp CSV phân cách bằng ',' hãy viết phần thập phân bằng dấu chấm (2.7); dấu phẩy thập phân (2,7) chỉ "
         "dùng trong tệp phân cách bằng ';'.")]),
    "thousands separator in a count": ("2025-01,so-a,1.001540,0,1.234,0,0,1,0,0,0,0,0,", [
        (2, 5, "not-whole-number", "received_online", "Cột 'received_online' (tiếp nhận trực tuyến) phải là số nguyên "
         "không âm, nhưng đang là '1.234'.",
         "Chỉ viết chữ số, không dùng dấu chấm hay dấu phẩy phân cách hàng nghìn: 1234 (không viết 1.234 hay 1,234).")]),
    "count above the limit": ("2025-01,so-a,1.001540,0,1000000001,0,0,0,1000000001,0,0,0,0,", [
        (2, 5, "number-too-large", "received_online", "Cột 'received_online' (tiếp nhận trực tuyến) quá lớn: đang là "
         "'1000000001', tối đa là 1.000.000.000.",
         "Kiểm tra số liệu (thừa chữ số?); giới hạn này có để chặn lỗi gõ, xem docs/data-contract.md."),
        (2, 9, "number-too-large", "resolved_on_time", "Cột 'resolved_on_time' (giải quyết đúng hạn) quá lớn: đang là "
         "'1000000001', tối đa là 1.000.000.000.",
         "Kiểm tra số liệu (thừa chữ số?); giới hạn này có để chặn lỗi gõ, xem docs/data-contract.md.")]),
    "unbalanced row": ("2025-01,so-a,1.001540,3,10,5,1,8,4,2,0,3,0,3.5", [
        (2, 4, "identity", "carried_over", "Số liệu không cân đối: kỳ trước chuyển qua + tiếp nhận mới = 19, nhưng đã giải "
         "quyết + đang giải quyết + rút/trả lại = 17 (chênh +2).",
         "Theo quy định: carried_over + received_online + received_direct + received_postal = resolved_early + "
         "resolved_on_time + resolved_late + pending_on_time + pending_overdue + withdrawn. Kiểm tra lại từng cột của "
         "dòng này.")]),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_message_and_hint_word_for_word(name: str):
    lines, expected = CASES[name]
    rows, problems = check_csv(HEADER + "\n" + lines + "\n")
    assert [(p.line, p.column, p.code, p.field, p.message, p.hint) for p in problems] == expected
    assert all(p.is_error for p in problems)
    assert len(rows.rows) == (1 if name.startswith("duplicate") else 0), "only the first of two duplicates is kept"


def test_header_problems_word_for_word():
    header = ("period,agency,procedure,carried_over,recieved_online,received_direct,received_postal,resolved_early,"
              "resolved_on_time,resolved_late,pending_on_time,pending_overdue,withdrawn,ghi_chu,received_direct")
    _, problems = check_csv(header + "\n2025-01,so-a,,0,1,0,0,1,0,0,0,0,0,x,0\n")
    assert [(p.line, p.column, p.code, p.field, p.message, p.hint, p.is_error) for p in problems] == [
        (1, 5, "unknown-column", "recieved_online", "Cột 'recieved_online' không có trong quy định dữ liệu; có vẻ là cột "
         "'received_online' (tiếp nhận trực tuyến) bị viết sai.",
         "Có phải ý bạn là 'received_online'? Sửa tên cột ở dòng 1 cho đúng.", True),
        (1, 14, "extra-column", "ghi_chu", "Cột 'ghi_chu' không thuộc quy định dữ liệu nên được bỏ qua.",
         "Xoá cột này nếu không cần, hoặc giữ lại: số liệu không bị ảnh hưởng.", False),
        (1, 15, "duplicate-column", "received_direct", "Cột 'received_direct' (tiếp nhận trực tiếp) xuất hiện hai lần ở "
         "dòng tiêu đề.", "Xoá một trong hai cột trùng tên.", True),
        (1, 0, "missing-column", "received_online", "Thiếu cột bắt buộc 'received_online' (tiếp nhận trực tuyến).",
         "Dòng 1 phải là tên các cột theo quy định: period, agency, procedure, carried_over, received_online, "
         "received_direct, received_postal, resolved_early, resolved_on_time, resolved_late, pending_on_time, "
         "pending_overdue, withdrawn, avg_processing_days.", True),
    ]


def test_no_statistics_files_give_empty_typed_rows():
    rows, problems = validate_statistics([], {"so-a"}, {"1.001540"})
    assert problems == [] and rows.rows.empty and rows.files == ()
    dtypes = {name: str(dtype) for name, dtype in rows.rows.dtypes.items()}
    assert list(dtypes)[:4] == ["period", "month", "agency", "procedure"]
    assert dtypes["month"] == "int64" and dtypes["received_online"] == "int64" and dtypes["withdrawn"] == "int64"
    assert dtypes["avg_processing_days"] == "float64"
    assert all(dtypes[c] in ("object", "str", "string") for c in ("period", "agency", "procedure"))


def test_continuity_warnings_word_for_word():
    _, problems = check_csv(HEADER + "\n2025-01,so-a,1.001540,0,5,0,0,1,0,0,4,0,0,\n2025-02,so-a,1.001540,3,0,0,0,1,0,0,2,0,0,"
                            "\n2025-02,xa-b,,0,5,0,0,1,0,0,4,0,0,\n2025-03,so-a,1.001540,2,0,0,0,2,0,0,0,0,0,\n")
    assert [(p.line, p.column, p.code, p.field, p.message, p.hint, p.is_error) for p in problems] == [
        (3, 4, "carried-over-mismatch", "carried_over", "Tháng 2/2025, cơ quan 'so-a', thủ tục '1.001540': kỳ trước "
         "chuyển qua là 3 nhưng cuối tháng 1/2025 còn 4 hồ sơ đang giải quyết.",
         "Số 'carried_over' của tháng này phải bằng pending_on_time + pending_overdue của tháng trước; kiểm tra lại "
         "một trong hai dòng.", False),
        (4, 1, "missing-month", "period", "Tháng 3/2025, cơ quan 'xa-b', số liệu không tách theo thủ tục: không có "
         "dòng số liệu, dù cuối tháng 2/2025 còn 4 hồ sơ đang giải quyết.",
         "Thêm dòng của tháng sau (kỳ trước chuyển qua = số hồ sơ đang giải quyết tháng này), hoặc sửa số đang giải "
         "quyết của dòng này.", False),
    ]


def test_a_code_excel_turned_into_a_decimal_comma_number_is_recognised():
    _, problems = check_csv(HEADER + '\n2025-01,so-a,"1,00154",0,1,0,0,1,0,0,0,0,0,\n')
    assert [p.hint for p in problems] == [
        "Excel đã đổi mã '1.001540' thành số 1,00154: định dạng cột 'procedure' là Văn bản (Text) rồi gõ lại mã. "
        "Dùng đúng mã thủ tục như trong danh mục (procedures/), hoặc để trống nếu số liệu không tách theo thủ tục."]


def test_empty_rows_have_the_types_of_validated_rows():
    empty, _ = validate_statistics([], {"so-a"}, {"1.001540"})
    some, _ = check_csv(HEADER + "\n2025-01,so-a,1.001540,0,1,0,0,1,0,0,0,0,0,2\n")
    assert dict(empty.rows.dtypes) == dict(some.rows.dtypes)


def test_a_count_at_the_limit_is_accepted():
    rows, problems = check_csv(HEADER + "\n2025-01,so-a,1.001540,0,1000000000,0,0,0,1000000000,0,0,0,0,\n")
    assert problems == [] and len(rows.rows) == 1


def test_an_unknown_procedure_written_as_text_gets_no_excel_hint():
    """Only a code Excel turned into a number gets the Excel hint; a code with letters is never a number."""
    hint = "Dùng đúng mã thủ tục như trong danh mục (procedures/), hoặc để trống nếu số liệu không tách theo thủ tục."
    for codes in (("1.001540", "1.000948.H38"), ("1.000948.H38",)):
        _, problems = check_csv(HEADER + "\n2025-01,so-a,khong-co,0,1,0,0,1,0,0,0,0,0,\n", codes=codes)
        assert [(p.code, p.message, p.hint) for p in problems] == [
            ("unknown-procedure", "Cột 'procedure' (mã thủ tục): thủ tục 'khong-co' không có trong danh mục.", hint)]


EXTRA_HINT = "Xoá cột này nếu không cần, hoặc giữ lại: số liệu không bị ảnh hưởng."


def test_a_column_name_only_somewhat_like_a_contract_column_is_an_extra_column():
    # 'mean_processing' is 0.71 alike 'avg_processing_days' by difflib's ratio: below the 0.75 of a misspelling
    header = HEADER.replace("avg_processing_days", "mean_processing")
    _, problems = check_csv(header + "\n2025-01,so-a,,0,1,0,0,1,0,0,0,0,0,1\n")
    assert [(p.file, p.line, p.column, p.code, p.field, p.message, p.hint, p.is_error) for p in problems] == [
        ("statistics/x.csv", 1, 14, "extra-column", "mean_processing",
         "Cột 'mean_processing' không thuộc quy định dữ liệu nên được bỏ qua.", EXTRA_HINT, False)]


def test_a_column_without_a_name_and_a_duplicate_column_name_their_file():
    _, problems = check_csv(HEADER + ",,withdrawn\n2025-01,so-a,,0,1,0,0,1,0,0,0,0,0,,x,0\n", path="statistics/2025/a.csv")
    assert [(p.file, p.line, p.column, p.code, p.field, p.message, p.hint, p.is_error) for p in problems] == [
        ("statistics/2025/a.csv", 1, 15, "extra-column", "", "Cột '(không tên)' không thuộc quy định dữ liệu nên được "
         "bỏ qua.", EXTRA_HINT, False),
        ("statistics/2025/a.csv", 1, 16, "duplicate-column", "withdrawn", "Cột 'withdrawn' (rút hồ sơ / trả lại) xuất hiện "
         "hai lần ở dòng tiêu đề.", "Xoá một trong hai cột trùng tên.", True)]


def test_an_empty_and_a_negative_count_with_their_hints():
    _, problems = check_csv(HEADER + "\n2025-01,so-a,,0,,-1,0,1,0,0,0,0,0,\n")
    assert [(p.line, p.column, p.code, p.field, p.message, p.hint) for p in problems] == [
        (2, 5, "missing-value", "received_online", "Cột 'received_online' (tiếp nhận trực tuyến) bị bỏ trống; cần một số "
         "nguyên không âm.", "Ghi 0 nếu không có hồ sơ nào."),
        (2, 6, "negative-count", "received_direct", "Cột 'received_direct' (tiếp nhận trực tiếp) không được là số âm "
         "(đang là '-1').", "Số hồ sơ là số nguyên từ 0 trở lên; kiểm tra lại công thức hoặc số liệu xuất từ phần mềm.")]
