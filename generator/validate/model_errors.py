"""Turn pydantic validation errors into :class:`Problem` records editors can act on.

Each pydantic error type gets a plain Vietnamese message, the position of the
offending key or value in the YAML file, and a hint (with "did you mean …"
for misspelt field names and enum values).
"""

from __future__ import annotations

import difflib
import typing
from typing import Any, Iterable

from pydantic import BaseModel, ValidationError

from ..errors import Problem
from ..load.yaml_nodes import Position
from .field_labels import dotted, labelled

_ROOT = Position(1, 1)

# Our stable problem codes, independent of pydantic's internal error names.
CODES = {
    "missing": "missing-field",
    "extra_forbidden": "unknown-field",
    "whole_number": "not-whole-number",
    "int_parsing": "not-whole-number",
    "int_type": "not-whole-number",
    "int_from_float": "not-whole-number",
    "decimal_number": "not-a-number",
    "float_parsing": "not-a-number",
    "float_type": "not-a-number",
    "greater_than_equal": "negative-number",
    "greater_than": "negative-number",
    "less_than_equal": "number-too-large",
    "yaml_bool": "not-true-false",
    "bool_parsing": "not-true-false",
    "bool_type": "not-true-false",
    "literal_error": "invalid-choice",
    "string_pattern_mismatch": "invalid-format",
    "string_type": "empty-text",
    "string_too_short": "empty-text",
    "list_type": "not-a-list",
    "too_short": "empty-list",
    "model_type": "not-a-group",
    "dict_type": "not-a-group",
    "model_attributes_type": "not-a-group",
    "date_from_datetime_parsing": "invalid-date",
    "date_parsing": "invalid-date",
    "date_type": "invalid-date",
    "date_from_datetime_inexact": "invalid-date",
    "same_day_note": "same-day-without-note",
    "online_url_missing": "online-url-missing",
    "cms_app_id_missing": "cms-app-id-missing",
}


def _model_at(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """The nested model that owns the last key of ``loc`` (list indexes skipped)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", None)
        if not fields:
            return None
        by_name = {info.alias or name: info for name, info in fields.items()}
        info = by_name.get(part)
        if info is None:
            return None
        current = _inner_model(info.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _inner_model(annotation: Any) -> Any:
    """Find the BaseModel inside Optional[...], list[...], Annotated[...]."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def allowed_keys(model: type[BaseModel], parent_loc: tuple) -> list[str]:
    owner = _model_at(model, parent_loc)
    if owner is None:
        return []
    return [info.alias or name for name, info in owner.model_fields.items()]


# Names editors reach for (other systems' names, Vietnamese without accents) → the contract's field.
SYNONYMS = {
    "title": "name", "ten": "name", "ten_thu_tuc": "name", "ma": "code", "ma_thu_tuc": "code",
    "linh_vuc": "field", "cap": "level", "thoi_han": "processing_time", "so_ngay": "days",
    "phi": "fees", "le_phi": "fees", "so_tien": "amount", "ghi_chu": "note", "ho_so": "documents",
    "thanh_phan_ho_so": "documents", "trinh_tu": "steps", "buoc": "steps", "yeu_cau": "requirements",
    "dieu_kien": "requirements", "ket_qua": "result", "can_cu": "legal_basis", "can_cu_phap_ly": "legal_basis",
    "tinh_trang": "status", "trang_thai": "status", "ngay_cap_nhat": "updated", "cap_nhat": "updated",
    "mo_ta": "description", "dia_chi": "address", "dien_thoai": "phone", "gio": "hours",
    "truc_tuyen": "online", "buu_chinh": "postal",
}


def _suggest(word: str, choices: Iterable[str]) -> str:
    """"Did you mean …": the closest allowed name, or the field a common other name (``title``) stands for."""
    choices = list(choices)
    candidates = choices + [name for name, target in SYNONYMS.items() if target in choices and name not in choices]
    match = difflib.get_close_matches(str(word), candidates, n=1, cutoff=0.6)
    if not match:
        return ""
    return f"Có phải ý bạn là '{match[0] if match[0] in choices else SYNONYMS[match[0]]}'? "


def _expected_literals(error: dict) -> list[str]:
    expected = (error.get("ctx") or {}).get("expected", "")
    return [part.strip(" '") for part in expected.replace(" or ", ",").split(",") if part.strip(" '")]


def problems_from_validation(
    exc: ValidationError, model: type[BaseModel], file: str, positions: dict[tuple, Position]
) -> list[Problem]:
    problems = []
    for error in exc.errors():
        loc = tuple(error["loc"])
        message, hint, position = _describe(error, loc, model, positions)
        problems.append(
            Problem(
                file=file,
                line=position.line,
                column=position.column,
                code=CODES.get(error["type"], "invalid-value"),
                message=message,
                field=dotted(loc),
                hint=hint,
            )
        )
    return problems


def _where(positions: dict[tuple, Position], loc: tuple) -> Position:
    while loc and loc not in positions:
        loc = loc[:-1]
    return positions.get(loc, _ROOT)


def _found(value: Any) -> str:
    if value is None:
        return "để trống"
    if isinstance(value, (dict, list)):
        return "một nhóm/danh sách"
    return f"'{value}'"


def _long_number(value: Any) -> str:
    """A number as written, shortened when it is very long (400 nines)."""
    text = str(value).strip()
    return f"'{text[:20]}…' ({len(text)} chữ số)" if len(text) > 24 else f"'{text}'"


def _describe(error: dict, loc: tuple, model: type[BaseModel], positions: dict) -> tuple[str, str, Position]:
    kind = error["type"]
    value = error.get("input")
    field = labelled(loc)
    at_value = _where(positions, loc)

    if kind == "missing":
        parent = _where(positions, loc[:-1])
        return (f"Thiếu trường bắt buộc {field}.", f"Thêm dòng '{loc[-1]}: …' vào phần này.", parent)
    if kind == "extra_forbidden":
        key = loc[-1]
        suggestion = _suggest(key, allowed_keys(model, loc[:-1]))
        known = ", ".join(allowed_keys(model, loc[:-1]))
        return (
            f"Trường '{dotted(loc)}' không có trong quy định dữ liệu.",
            f"{suggestion}Các trường được dùng ở đây: {known}.",
            positions.get(("__key__",) + loc, at_value),
        )
    if kind == "whole_number" and loc[-1] == "amount":
        return (
            f"Trường {field} phải là số tiền nguyên (đồng) chỉ gồm chữ số, nhưng đang là {_found(value)}.",
            "Viết liền, không dấu chấm hay dấu phẩy phân cách hàng nghìn: 200000 (không viết 200.000 hay 200,000).",
            at_value,
        )
    if kind in ("whole_number", "int_parsing", "int_type", "int_from_float"):
        return (
            f"Trường {field} phải là số nguyên không âm, nhưng đang là {_found(value)}.",
            "Chỉ viết chữ số, ví dụ 1 hoặc 2.",
            at_value,
        )
    if kind in ("decimal_number", "float_parsing", "float_type"):
        return (
            f"Trường {field} phải là một số, nhưng đang là {_found(value)}.",
            "Viết bằng chữ số, phần thập phân dùng dấu chấm: 15 hoặc 0.5.",
            at_value,
        )
    if kind in ("greater_than_equal", "greater_than"):
        context = error.get("ctx") or {}
        least = context.get("ge", context.get("gt", 0))
        if least == 0 and kind == "greater_than_equal":
            return (f"Trường {field} không được là số âm (đang là {_found(value)}).", "Sửa thành 0 hoặc số dương.", at_value)
        if kind == "greater_than":
            return (f"Trường {field} phải lớn hơn {least} (đang là {_found(value)}).",
                    f"Sửa thành một số lớn hơn {least}.", at_value)
        return (f"Trường {field} phải từ {least} trở lên (đang là {_found(value)}).",
                f"Sửa thành {least} hoặc một số lớn hơn.", at_value)
    if kind == "less_than_equal":
        limit = (error.get("ctx") or {}).get("le")
        return (f"Trường {field} quá lớn: đang là {_long_number(value)}, tối đa là {limit}.",
                "Kiểm tra số đã nhập (thừa chữ số?); giới hạn này có để chặn lỗi gõ, xem docs/data-contract.md.",
                at_value)
    if kind in ("yaml_bool", "bool_parsing", "bool_type"):
        return (
            f"Trường {field} phải là true (có) hoặc false (không), nhưng đang là {_found(value)}.",
            "Viết true hoặc false (không viết yes/no, có/không).",
            at_value,
        )
    if kind == "literal_error":
        choices = _expected_literals(error)
        return (
            f"Giá trị {_found(value)} của trường {field} không hợp lệ.",
            f"{_suggest(value, choices)}Chỉ nhận một trong các giá trị: {', '.join(choices)}.",
            at_value,
        )
    if kind == "string_pattern_mismatch":
        if loc[-1] == "code":
            hint = "Mã chỉ gồm chữ cái không dấu, chữ số, '.', '-' và '_', ví dụ 1.001193 hoặc 1.000948.H38."
        elif loc[-1] == "url":
            hint = "Địa chỉ phải bắt đầu bằng https:// và không có dấu cách."
        else:
            hint = "Chỉ dùng chữ thường không dấu, chữ số và dấu '-', ví dụ so-tu-phap."
        return (f"Giá trị {_found(value)} của trường {field} không đúng định dạng.", hint, at_value)
    if kind == "string_type" and isinstance(value, (dict, list)):
        return (f"Trường {field} phải là một đoạn văn bản, nhưng đang là {_found(value)}.",
                "Viết cả nội dung trên một dòng sau dấu ':', trong dấu ngoặc kép nếu có nhiều giá trị, "
                "ví dụ \"0200 000 000, 0200 000 001\".", at_value)
    if kind in ("string_type", "string_too_short"):
        return (f"Trường {field} phải là một đoạn văn bản, không được để trống.", "Điền nội dung sau dấu ':'.", at_value)
    if kind in ("list_type", "too_short"):
        return (
            f"Trường {field} phải là một danh sách có ít nhất một mục.",
            "Mỗi mục viết trên một dòng, bắt đầu bằng '- '.",
            at_value,
        )
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return (
            f"Trường {field} phải là một nhóm các trường con, nhưng đang là {_found(value)}.",
            "Xuống dòng và thụt lề các trường con, ví dụ 'days: 5' dưới 'processing_time:'.",
            at_value,
        )
    if kind in ("date_from_datetime_parsing", "date_parsing", "date_type", "date_from_datetime_inexact"):
        return (f"Trường {field} phải là một ngày hợp lệ, nhưng đang là {_found(value)}.", "Viết theo dạng NĂM-THÁNG-NGÀY, ví dụ 2024-06-30.", at_value)
    if kind == "same_day_note":
        return (
            f"Thời hạn {field} là 0 ngày nhưng thiếu ghi chú.",
            "Thêm 'note:' nói rõ cách trả kết quả trong ngày, hoặc ghi số ngày lớn hơn 0.",
            at_value,
        )
    if kind == "online_url_missing":
        level = (error.get("ctx") or {}).get("level")
        return (
            f"Dịch vụ công trực tuyến mức {level} phải có địa chỉ nộp hồ sơ 'url'.",
            "Thêm 'url: https://…' (trang nộp hồ sơ của thủ tục trên Cổng dịch vụ công), hoặc sửa 'level' thành 2.",
            at_value,
        )
    return (f"Trường {field}: {error.get('msg', 'không hợp lệ')} (đang là {_found(value)}).", "", at_value)
