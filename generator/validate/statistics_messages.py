"""What each statistics problem says, in Vietnamese, for the civil servant who fixes the file.

Every message names the column, what was found and what was expected; every
hint says how to fix it (in Excel terms where that helps).
"""

from __future__ import annotations

import difflib
from functools import lru_cache
from typing import Callable

import pandas as pd

from ..errors import Problem, Severity
from ..statistics_columns import (
    ALL_COLUMNS, PENDING_PARTS, PROCEDURE, REQUIRED_COLUMNS, labelled_column,
)

Row = pd.Series
Describe = Callable[[Row], tuple[str, str]]

COLUMNS_HINT = "Dòng 1 phải là tên các cột theo quy định: " + ", ".join(ALL_COLUMNS) + "."


def found(value: str) -> str:
    return "để trống" if value == "" else f"'{value}'"


def header_problems(source: str, by_name: dict[str, int], extra: list[tuple[int, str]],
                    duplicates: list[tuple[int, str]]) -> list[Problem]:
    problems = []
    unused = [c for c in ALL_COLUMNS if c not in by_name]
    for index, name in extra:
        match = difflib.get_close_matches(name.strip().lower(), unused, n=1, cutoff=0.75)
        if match:
            problems.append(Problem(source, 1, index + 1, "unknown-column",
                                    f"Cột '{name}' không có trong quy định dữ liệu; có vẻ là cột {labelled_column(match[0])} bị viết sai.",
                                    name, f"Có phải ý bạn là '{match[0]}'? Sửa tên cột ở dòng 1 cho đúng."))
        else:
            shown = name or "(không tên)"
            problems.append(Problem(source, 1, index + 1, "extra-column",
                                    f"Cột '{shown}' không thuộc quy định dữ liệu nên được bỏ qua.",
                                    name, "Xoá cột này nếu không cần, hoặc giữ lại: số liệu không bị ảnh hưởng.",
                                    Severity.WARNING))
    for index, name in duplicates:
        problems.append(Problem(source, 1, index + 1, "duplicate-column",
                                f"Cột {labelled_column(name)} xuất hiện hai lần ở dòng tiêu đề.",
                                name, "Xoá một trong hai cột trùng tên."))
    for name in REQUIRED_COLUMNS:
        if name not in by_name:
            problems.append(Problem(source, 1, 0, "missing-column", f"Thiếu cột bắt buộc {labelled_column(name)}.",
                                    name, COLUMNS_HINT))
    return problems


def period_problem(row: Row) -> tuple[str, str]:
    return (f"Cột 'period' (tháng báo cáo) phải là một tháng dạng NĂM-THÁNG, nhưng đang là {found(row['period'])}.",
            "Viết 2025-06 cho tháng 6 năm 2025. Nếu Excel tự đổi thành ngày tháng, "
            "định dạng cột là Văn bản (Text) rồi gõ lại.")


def period_range_problem(first: str, last: str, today) -> Describe:
    def describe(row: Row) -> tuple[str, str]:
        return (f"Tháng báo cáo '{row['period']}' nằm ngoài khoảng cho phép {first} … {last} "
                f"(từ tháng 1 năm 2000 đến tháng sau ngày dựng trang {today:%d/%m/%Y}).",
                "Kiểm tra năm và tháng (gõ nhầm năm?); không báo cáo số liệu cho các tháng chưa tới.")
    return describe


def unknown_code_problem(column: str, known: set[str]) -> Describe:
    by_number: dict[float, str] = {}
    by_length: dict[int, list[str]] = {}

    @lru_cache(maxsize=1024)
    def suggestion(value: str) -> str:
        # difflib over a whole 10,000-code catalogue takes seconds per row: compare same-length codes only
        if not by_length:
            for code in sorted(known):
                by_length.setdefault(len(code), []).append(code)
        candidates = [c for size in (len(value) - 1, len(value), len(value) + 1) for c in by_length.get(size, [])]
        match = difflib.get_close_matches(value, candidates, n=1, cutoff=0.8) if len(candidates) <= 3000 else []
        hint = f"Có phải ý bạn là '{match[0]}'? " if match else ""
        if column == PROCEDURE:
            if not by_number:
                by_number.update(_numeric_codes(known))
            code = by_number.get(_as_number(value))
            if code is not None:
                hint = (f"Excel đã đổi mã '{code}' thành số {value}: định dạng cột 'procedure' "
                        "là Văn bản (Text) rồi gõ lại mã. ")
        if column == PROCEDURE:
            return hint + "Dùng đúng mã thủ tục như trong danh mục (procedures/), hoặc để trống nếu số liệu không tách theo thủ tục."
        example = f", ví dụ '{min(known)}'" if known else ""
        return hint + f"Dùng đúng tên thư mục của cơ quan trong procedures/{example}."

    what = "cơ quan" if column != PROCEDURE else "thủ tục"

    def describe(row: Row) -> tuple[str, str]:
        value = row[column]
        if value == "":
            return (f"Cột {labelled_column(column)} bị bỏ trống; cần mã một {what} có trong danh mục.", suggestion(value))
        return (f"Cột {labelled_column(column)}: {what} '{value}' không có trong danh mục.", suggestion(value))

    return describe


def _as_number(text: str) -> float | None:
    try:
        return float(text.replace(",", "."))
    except ValueError:
        return None


def _numeric_codes(known: set[str]) -> dict[float, str]:
    """Codes that Excel would turn into numbers (``1.001540`` → 1.00154), by that number."""
    numbers: dict[float, str] = {}
    for code in sorted(known):
        number = _as_number(code)
        if number is not None and "," not in code:
            numbers.setdefault(number, code)
    numbers.setdefault(float("nan"), "")
    return numbers


def too_large_problem(column: str, limit: int) -> Describe:
    def describe(row: Row) -> tuple[str, str]:
        shown = f"{limit:,}".replace(",", ".")
        return (f"Cột {labelled_column(column)} quá lớn: đang là '{row[column]}', tối đa là {shown}.",
                "Kiểm tra số liệu (thừa chữ số?); giới hạn này có để chặn lỗi gõ, xem docs/data-contract.md.")
    return describe


def bad_number_problem(column: str, whole: bool) -> Describe:
    def describe(row: Row) -> tuple[str, str]:
        value = row[column]
        if whole:
            if value == "":
                return (f"Cột {labelled_column(column)} bị bỏ trống; cần một số nguyên không âm.",
                        "Ghi 0 nếu không có hồ sơ nào.")
            if value.lstrip().startswith("-"):
                return (f"Cột {labelled_column(column)} không được là số âm (đang là '{value}').",
                        "Số hồ sơ là số nguyên từ 0 trở lên; kiểm tra lại công thức hoặc số liệu xuất từ phần mềm.")
            return (f"Cột {labelled_column(column)} phải là số nguyên không âm, nhưng đang là '{value}'.",
                    "Chỉ viết chữ số, không dùng dấu chấm hay dấu phẩy phân cách hàng nghìn: 1234 (không viết 1.234 hay 1,234).")
        if "," in value and not row["_decimal_comma"]:
            return (f"Cột {labelled_column(column)}: '{value}' dùng dấu phẩy thập phân trong tệp phân cách bằng dấu phẩy.",
                    "Trong tệp CSV phân cách bằng ',' hãy viết phần thập phân bằng dấu chấm (2.7); "
                    "dấu phẩy thập phân (2,7) chỉ dùng trong tệp phân cách bằng ';'.")
        if value.lstrip().startswith("-"):
            return (f"Cột {labelled_column(column)} không được là số âm (đang là '{value}').", "Sửa thành 0 hoặc số dương.")
        return (f"Cột {labelled_column(column)} phải là một số (ngày), nhưng đang là '{value}'.",
                "Viết bằng chữ số, ví dụ 3 hoặc 2.5; để trống nếu không có số liệu.")

    return describe


def identity_problem(row: Row) -> tuple[str, str]:
    received, accounted = int(row["_received"]), int(row["_accounted"])
    return (
        f"Số liệu không cân đối: kỳ trước chuyển qua + tiếp nhận mới = {received}, nhưng đã giải quyết "
        f"+ đang giải quyết + rút/trả lại = {accounted} (chênh {received - accounted:+d}).",
        "Theo quy định: carried_over + received_online + received_direct + received_postal = "
        "resolved_early + resolved_on_time + resolved_late + pending_on_time + pending_overdue + withdrawn. "
        "Kiểm tra lại từng cột của dòng này.",
    )


def duplicate_problem(row: Row) -> tuple[str, str]:
    procedure = row[PROCEDURE] or "(không tách theo thủ tục)"
    return (
        f"Trùng dòng: tháng {row['period']}, cơ quan '{row['agency']}', thủ tục '{procedure}' đã có ở "
        f"{row['_source_first']} dòng {int(row['_line_first'])}.",
        "Mỗi tháng, mỗi cơ quan và mỗi thủ tục chỉ có một dòng; xoá dòng thừa hoặc gộp số liệu vào một dòng.",
    )


def _series(row: Row) -> str:
    procedure = f"thủ tục '{row[PROCEDURE]}'" if row[PROCEDURE] else "số liệu không tách theo thủ tục"
    return f"cơ quan '{row['agency']}', {procedure}"


def _month_text(month: int) -> str:
    return f"{month % 12 + 1}/{month // 12}"


def carried_over_problem(row: Row) -> tuple[str, str]:
    month = int(row["month"])
    return (
        f"Tháng {_month_text(month)}, {_series(row)}: kỳ trước chuyển qua là {int(row['carried_over'])} "
        f"nhưng cuối tháng {_month_text(month - 1)} còn {int(row['_previous_pending'])} hồ sơ đang giải quyết.",
        f"Số 'carried_over' của tháng này phải bằng {' + '.join(PENDING_PARTS)} của tháng trước; "
        "kiểm tra lại một trong hai dòng.",
    )


def missing_month_problem(row: Row) -> tuple[str, str]:
    month = int(row["month"])
    return (
        f"Tháng {_month_text(month + 1)}, {_series(row)}: không có dòng số liệu, dù cuối tháng "
        f"{_month_text(month)} còn {int(row['_pending'])} hồ sơ đang giải quyết.",
        "Thêm dòng của tháng sau (kỳ trước chuyển qua = số hồ sơ đang giải quyết tháng này), "
        "hoặc sửa số đang giải quyết của dòng này.",
    )
