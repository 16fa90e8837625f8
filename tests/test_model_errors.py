"""Contract errors turned into problems, one pydantic error type at a time (fast: YAML text parsed
in memory and validated with the contract, no portal on disk). Each case states the problem's
line, column, code, field, message and hint word for word, written out by hand from the YAML text
and docs/data-contract.md. The fixture-file cases through ``read_portal`` are in
tests/test_invalid_catalogue.py."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

from generator.contract import AgencyInput, ProcedureInput
from generator.load.catalogue_files import ParsedFile, RawCatalogue
from generator.load.text_files import SourceText
from generator.load.yaml_nodes import Position, parse_yaml, to_python
from generator.models import Agency, Document, Fee, OnlineService, PostalService, Procedure, ProcessingTime
from generator.validate.catalogue import validate_catalogue
from generator.validate.field_labels import dotted, labelled
from generator.validate.model_errors import _describe, _expected_literals, allowed_keys, problems_from_validation

AGENCY = "procedures/ubnd-xa"
FILE = f"{AGENCY}/thu-tuc.yaml"
AGENCY_YAML = "name: UBND xã Ví Dụ\nlevel: commune\n"
PROCEDURE_FIELDS = ("code, name, field, level, processing_time, fees, online, postal, documents, steps, requirements, "
                    "result, legal_basis, announced_by, status, updated, description")


def _parsed(path: str, text: str) -> ParsedFile:
    node, problems = parse_yaml(SourceText(path, text))
    assert problems == []
    positions: dict = {}
    return ParsedFile(path, path.split("/")[1], to_python(node, (), positions), positions)


def _procedure(**lines: str) -> str:
    """A valid procedure (lines 1-5: code, name, field, processing_time, days; then documents, steps, result);
    each keyword replaces one entry in place, or adds it from line 6 on (after processing_time)."""
    head = {"code": "code: 1.001", "name": "name: Đăng ký khai sinh", "field": "field: Hộ tịch",
            "processing_time": "processing_time:\n  days: 5"}
    tail = {"documents": "documents:\n  - name: Tờ khai", "steps": "steps:\n  - Nộp hồ sơ", "result": "result: Giấy khai sinh"}
    added = {key: text for key, text in lines.items() if key not in head and key not in tail}
    entries = {**{k: lines.get(k, v) for k, v in head.items()}, **added, **{k: lines.get(k, v) for k, v in tail.items()}}
    return "".join(f"{text}\n" for text in entries.values())


def _problems(text: str, agency: str = AGENCY_YAML, path: str = FILE) -> list[tuple]:
    raw = RawCatalogue([_parsed(f"{AGENCY}/agency.yaml", agency)], [_parsed(path, text)])
    _, problems = validate_catalogue(raw)
    return [(p.file, p.line, p.column, p.code, p.field, p.message, p.hint) for p in problems]


def test_a_valid_procedure_has_no_problem():
    assert _problems(_procedure()) == []


def test_an_unknown_key_in_a_list_item_names_the_item_model_fields():
    text = _procedure(fees="fees:\n  - name: Lệ phí\n    amout: 5")  # fees on lines 6-8
    assert _problems(text) == [
        (FILE, 7, 5, "missing-field", "fees[0].amount", "Thiếu trường bắt buộc 'fees[0].amount' (số tiền).",
         "Thêm dòng 'amount: …' vào phần này."),
        (FILE, 8, 5, "unknown-field", "fees[0].amout", "Trường 'fees[0].amout' không có trong quy định dữ liệu.",
         "Có phải ý bạn là 'amount'? Các trường được dùng ở đây: name, amount, note."),
    ]


def test_an_unknown_key_in_an_optional_annotated_group_lists_its_yaml_names():
    text = _procedure(postal="postal:\n  submt: true")  # line 8
    assert _problems(text) == [
        (FILE, 7, 3, "unknown-field", "postal.submt", "Trường 'postal.submt' không có trong quy định dữ liệu.",
         "Có phải ý bạn là 'submit'? Các trường được dùng ở đây: submit, return.")]


def test_an_unknown_key_under_processing_time():
    text = _procedure(processing_time="processing_time:\n  days: 5\n  so_ngay: 5")
    assert _problems(text)[0][1:] == (
        6, 3, "unknown-field", "processing_time.so_ngay", "Trường 'processing_time.so_ngay' không có trong quy định dữ liệu.",
        "Có phải ý bạn là 'days'? Các trường được dùng ở đây: days, unit, note.")  # 'so_ngay' is another name for days


def test_a_common_other_name_suggests_the_contracts_field():
    text = _procedure(name="ten_thu_tuc: Đăng ký khai sinh")
    assert _problems(text) == [
        (FILE, 1, 1, "missing-field", "name", "Thiếu trường bắt buộc 'name' (tên).", "Thêm dòng 'name: …' vào phần này."),
        (FILE, 2, 1, "unknown-field", "ten_thu_tuc", "Trường 'ten_thu_tuc' không có trong quy định dữ liệu.",
         f"Có phải ý bạn là 'name'? Các trường được dùng ở đây: {PROCEDURE_FIELDS}."),
    ]


def test_another_name_for_a_field_that_is_not_allowed_here_is_not_suggested():
    text = _procedure(fees="fees:\n  - name: Lệ phí\n    amount: 5\n    gio: sáng")  # 'gio' means hours (agency)
    assert _problems(text) == [
        (FILE, 9, 5, "unknown-field", "fees[0].gio", "Trường 'fees[0].gio' không có trong quy định dữ liệu.",
         "Các trường được dùng ở đây: name, amount, note.")]


def test_a_choice_among_three_or_more_is_suggested_and_listed():
    assert _problems(_procedure(status="status: activ")) == [
        (FILE, 6, 9, "invalid-choice", "status", "Giá trị 'activ' của trường 'status' (tình trạng) không hợp lệ.",
         "Có phải ý bạn là 'active'? Chỉ nhận một trong các giá trị: active, amended, abolished.")]
    assert _problems(_procedure(online="online:\n  level: 5")) == [
        (FILE, 7, 10, "invalid-choice", "online.level",
         "Giá trị '5' của trường 'online.level' (cấp / mức độ) không hợp lệ.",
         "Chỉ nhận một trong các giá trị: 2, 3, 4, partial, full.")]


def test_expected_literals_read_pydantics_wording():
    assert _expected_literals({"ctx": {"expected": "'a', 'b c' or 'd'"}}) == ["a", "b c", "d"]
    assert _expected_literals({"ctx": {"expected": "'x'"}}) == ["x"]
    assert _expected_literals({"ctx": None}) == [] and _expected_literals({}) == []
    assert _expected_literals({"ctx": {"expected": "'X', 'aX', '' or 'Y'"}}) == ["X", "aX", "Y"]  # an empty choice is not listed


def test_numbers_above_their_limit_show_the_number_shortened_when_long():
    huge = "1" + "0" * 24  # 25 digits
    text = _procedure(fees=f'fees:\n  - name: Lệ phí\n    amount: " {huge} "',
                      documents="documents:\n  - name: Tờ khai\n    copies: " + "9" * 24,
                      processing_time="processing_time:\n  days: 5000")
    hint = "Kiểm tra số đã nhập (thừa chữ số?); giới hạn này có để chặn lỗi gõ, xem docs/data-contract.md."
    assert _problems(text) == [
        (FILE, 5, 9, "number-too-large", "processing_time.days",
         "Trường 'processing_time.days' (số ngày) quá lớn: đang là '5000', tối đa là 3650.", hint),
        (FILE, 8, 13, "number-too-large", "fees[0].amount",
         "Trường 'fees[0].amount' (số tiền) quá lớn: đang là '10000000000000000000…' (25 chữ số), "
         "tối đa là 1000000000000.", hint),
        (FILE, 11, 13, "number-too-large", "documents[0].copies",
         f"Trường 'documents[0].copies' (số bản sao) quá lớn: đang là '{'9' * 24}', tối đa là 100.", hint),
    ]


def test_a_number_that_is_not_written_as_a_number():
    hint = "Viết bằng chữ số, phần thập phân dùng dấu chấm: 15 hoặc 0.5."
    assert _problems(_procedure(processing_time="processing_time:\n  days: 5,5")) == [
        (FILE, 5, 9, "not-a-number", "processing_time.days",
         "Trường 'processing_time.days' (số ngày) phải là một số, nhưng đang là '5,5'.", hint)]
    assert _problems(_procedure(processing_time="processing_time:\n  days: [5]"))[0][5:] == (
        "Trường 'processing_time.days' (số ngày) phải là một số, nhưng đang là một nhóm/danh sách.", hint)


def test_a_group_written_as_a_value_and_an_empty_value():
    assert _problems(_procedure(processing_time="processing_time: 5")) == [
        (FILE, 4, 18, "not-a-group", "processing_time",
         "Trường 'processing_time' (thời hạn giải quyết) phải là một nhóm các trường con, nhưng đang là '5'.",
         "Xuống dòng và thụt lề các trường con, ví dụ 'days: 5' dưới 'processing_time:'.")]
    text_hint = "Điền nội dung sau dấu ':'."
    assert _problems(_procedure(name="name:")) == [
        (FILE, 2, 6, "empty-text", "name", "Trường 'name' (tên) phải là một đoạn văn bản, không được để trống.", text_hint)]
    assert _problems(_procedure(name='name: "  "')) == [
        (FILE, 2, 7, "empty-text", "name", "Trường 'name' (tên) phải là một đoạn văn bản, không được để trống.", text_hint)]


def test_a_list_where_text_belongs_is_not_called_empty():
    """``phone: [0200 000 000, 0200 000 001]``: a list is not an empty text; the message says what it found."""
    assert _problems(_procedure(name="name: [Cấp, đổi]")) == [
        (FILE, 2, 7, "empty-text", "name", "Trường 'name' (tên) phải là một đoạn văn bản, nhưng đang là một nhóm/danh sách.",
         "Viết cả nội dung trên một dòng sau dấu ':', trong dấu ngoặc kép nếu có nhiều giá trị, "
         "ví dụ \"0200 000 000, 0200 000 001\".")]


def test_an_empty_group_is_named_as_empty():
    assert _problems(_procedure(processing_time="processing_time:")) == [
        (FILE, 4, 17, "not-a-group", "processing_time",
         "Trường 'processing_time' (thời hạn giải quyết) phải là một nhóm các trường con, nhưng đang là để trống.",
         "Xuống dòng và thụt lề các trường con, ví dụ 'days: 5' dưới 'processing_time:'.")]


def test_lists_that_are_empty_or_not_lists():
    hint = "Mỗi mục viết trên một dòng, bắt đầu bằng '- '."
    message = "Trường 'steps' (trình tự thực hiện) phải là một danh sách có ít nhất một mục."
    assert _problems(_procedure(steps="steps: []")) == [(FILE, 8, 8, "empty-list", "steps", message, hint)]
    assert _problems(_procedure(steps="steps: Nộp hồ sơ")) == [(FILE, 8, 8, "not-a-list", "steps", message, hint)]


def test_dates_that_are_not_a_day():
    hint = "Viết theo dạng NĂM-THÁNG-NGÀY, ví dụ 2024-06-30."
    for value in ("2024-02-30", "30/06/2024", "2024-06-30T10:00:00"):
        assert _problems(_procedure(updated=f"updated: {value}")) == [
            (FILE, 6, 10, "invalid-date", "updated",
             f"Trường 'updated' (ngày cập nhật) phải là một ngày hợp lệ, nhưng đang là '{value}'.", hint)]


def test_formats_of_a_url_and_of_an_agency_folder_name():
    assert _problems(_procedure(online="online:\n  level: 4\n  url: http://dichvucong.gov.vn")) == [
        (FILE, 8, 8, "invalid-format", "online.url",
         "Giá trị 'http://dichvucong.gov.vn' của trường 'online.url' (địa chỉ nộp trực tuyến) không đúng định dạng.",
         "Địa chỉ phải bắt đầu bằng https:// và không có dấu cách.")]
    raw = RawCatalogue([_parsed(f"{AGENCY}/agency.yaml", AGENCY_YAML + "parent: Sở Tư Pháp\n")], [])
    assert [(p.line, p.column, p.code, p.message, p.hint) for p in validate_catalogue(raw)[1]] == [
        (3, 9, "invalid-format", "Giá trị 'Sở Tư Pháp' của trường 'parent' (cơ quan cấp trên) không đúng định dạng.",
         "Chỉ dùng chữ thường không dấu, chữ số và dấu '-', ví dụ so-tu-phap.")]


def test_online_levels_that_need_an_address_say_which_level():
    assert _problems(_procedure(online="online:\n  level: partial")) == [
        (FILE, 7, 3, "online-url-missing", "online", "Dịch vụ công trực tuyến mức partial phải có địa chỉ nộp hồ sơ 'url'.",
         "Thêm 'url: https://…' (trang nộp hồ sơ của thủ tục trên Cổng dịch vụ công), hoặc sửa 'level' thành 2.")]


def test_true_false_written_another_way_as_a_shorthand():
    assert _problems(_procedure(postal="postal: có")) == [
        (FILE, 6, 9, "not-true-false", "postal", "Trường 'postal' (bưu chính công ích) phải là true (có) hoặc false "
         "(không), nhưng đang là 'có'.", "Viết true hoặc false (không viết yes/no, có/không).")]


# --- values YAML text cannot produce but mkdocs.yml settings (loaded with types) can ------------------

def _direct(data: dict, positions: dict | None = None) -> list[tuple]:
    base = {"code": "1.1", "name": "A", "field": "B", "processing_time": {"days": "5"}, "documents": [{"name": "d"}],
            "steps": ["s"], "result": "r"}
    try:
        ProcedureInput.model_validate(base | data)
    except Exception as exc:  # noqa: BLE001 - the test asserts it is a ValidationError below
        problems = problems_from_validation(exc, ProcedureInput, "mkdocs.yml", positions or {})
        return [(p.line, p.column, p.code, p.field, p.message, p.hint) for p in problems]
    raise AssertionError("no validation error")


WHOLE = "Chỉ viết chữ số, ví dụ 1 hoặc 2."
TRUE_FALSE = "Viết true hoặc false (không viết yes/no, có/không)."


@pytest.mark.parametrize("data, expected", [
    ({"processing_time": {"days": -1}},
     (1, 1, "negative-number", "processing_time.days", "Trường 'processing_time.days' (số ngày) không được là số âm "
      "(đang là '-1').", "Sửa thành 0 hoặc số dương.")),
    ({"documents": [{"name": "d", "copies": 1.5}]},
     (1, 1, "not-whole-number", "documents[0].copies",
      "Trường 'documents[0].copies' (số bản sao) phải là số nguyên không âm, nhưng đang là '1.5'.", WHOLE)),
    ({"documents": [{"name": "d", "originals": [1]}]},
     (1, 1, "not-whole-number", "documents[0].originals",
      "Trường 'documents[0].originals' (số bản chính) phải là số nguyên không âm, nhưng đang là một nhóm/danh sách.",
      WHOLE)),
    ({"postal": {"submit": 5}},
     (1, 1, "not-true-false", "postal.submit",
      "Trường 'postal.submit' (nộp qua bưu chính) phải là true (có) hoặc false (không), nhưng đang là '5'.", TRUE_FALSE)),
    ({"postal": {"return": [1]}},
     (1, 1, "not-true-false", "postal.return",
      "Trường 'postal.return' (nhận kết quả qua bưu chính) phải là true (có) hoặc false (không), nhưng đang là "
      "một nhóm/danh sách.", TRUE_FALSE)),
    ({"updated": [2024]},
     (1, 1, "invalid-date", "updated", "Trường 'updated' (ngày cập nhật) phải là một ngày hợp lệ, nhưng đang là "
      "một nhóm/danh sách.", "Viết theo dạng NĂM-THÁNG-NGÀY, ví dụ 2024-06-30.")),
    ({"name": None},
     (1, 1, "empty-text", "name", "Trường 'name' (tên) phải là một đoạn văn bản, không được để trống.",
      "Điền nội dung sau dấu ':'.")),
    ({"processing_time": {"days": 0}},
     (1, 1, "same-day-without-note", "processing_time",
      "Thời hạn 'processing_time' (thời hạn giải quyết) là 0 ngày nhưng thiếu ghi chú.",
      "Thêm 'note:' nói rõ cách trả kết quả trong ngày, hoặc ghi số ngày lớn hơn 0.")),
    ({"fees": {"name": "x"}},
     (1, 1, "not-a-list", "fees", "Trường 'fees' (phí, lệ phí) phải là một danh sách có ít nhất một mục.",
      "Mỗi mục viết trên một dòng, bắt đầu bằng '- '.")),
    ({"documents": [{"name": "d", "copies": 1e30}]},  # pydantic's int_parsing_size: no message of our own
     (1, 1, "invalid-value", "documents[0].copies",
      "Trường 'documents[0].copies' (số bản sao): Unable to parse input string as an integer, exceeded maximum size "
      "(đang là '1e+30').", "")),
    ({"extra": 1},
     (1, 1, "unknown-field", "extra", "Trường 'extra' không có trong quy định dữ liệu.",
      f"Các trường được dùng ở đây: {PROCEDURE_FIELDS}.")),
])
def test_typed_values_without_positions_point_at_the_files_start(data, expected):
    assert _direct(data) == [expected]


def test_a_value_without_its_own_position_points_at_the_nearest_enclosing_one():
    positions = {("documents",): Position(9, 1), ("__key__", "documents"): Position(9, 1), (): Position(1, 1)}
    assert [row[:3] for row in _direct({"documents": [{"name": "d", "copies": 1.5}]}, positions)] == [
        (9, 1, "not-whole-number")]
    assert [row[:3] for row in _direct({"documents": [{"name": "d", "cop": 1}]}, positions)] == [(9, 1, "unknown-field")]
    item = {("documents",): Position(9, 1), ("documents", 0): Position(10, 5), (): Position(1, 1)}
    assert [row[:3] for row in _direct({"documents": [{"name": "d", "copies": 1.5}]}, item)] == [(10, 5, "not-whole-number")]


class _Odd(BaseModel):
    model_config = ConfigDict(extra="forbid")
    fee: int = 0

    @field_validator("fee", mode="before")
    @classmethod
    def _odd(cls, value):
        if value == 7:
            raise PydanticCustomError("odd_number", "không nhận số 7")
        return value


def test_an_error_type_without_a_message_of_its_own_uses_pydantics_text():
    try:
        _Odd.model_validate({"fee": 7})
    except Exception as exc:  # noqa: BLE001
        [problem] = problems_from_validation(exc, _Odd, "x.yaml", {("fee",): Position(3, 6)})
    assert (problem.line, problem.column, problem.code, problem.field, problem.message, problem.hint) == (
        3, 6, "invalid-value", "fee", "Trường 'fee': không nhận số 7 (đang là '7').", "")


class _Inner(BaseModel):
    depth: int = 0


class _Item(BaseModel):
    inner: _Inner | None = None
    label: str = ""


class _Outer(BaseModel):
    items: list[_Item] = []


class _Plain(BaseModel):
    """pydantic's own checks, as settings models without the contract's text validators meet them."""
    days: int = 0
    amount: float = 0
    copies: int = Field(1, gt=0)
    sheets: int = Field(3, gt=2)
    postal: dict = {}


@pytest.mark.parametrize("data, expected", [
    ({"days": "năm"}, ("not-whole-number", "Trường 'days' (số ngày) phải là số nguyên không âm, nhưng đang là 'năm'.",
                       "Chỉ viết chữ số, ví dụ 1 hoặc 2.")),
    ({"amount": "năm"}, ("not-a-number", "Trường 'amount' (số tiền) phải là một số, nhưng đang là 'năm'.",
                         "Viết bằng chữ số, phần thập phân dùng dấu chấm: 15 hoặc 0.5.")),
    ({"copies": -1}, ("negative-number", "Trường 'copies' (số bản sao) phải lớn hơn 0 (đang là '-1').",
                     "Sửa thành một số lớn hơn 0.")),  # 0 is refused too: the hint does not offer it
    ({"copies": 0}, ("negative-number", "Trường 'copies' (số bản sao) phải lớn hơn 0 (đang là '0').",
                    "Sửa thành một số lớn hơn 0.")),
    ({"sheets": 2}, ("negative-number", "Trường 'sheets' phải lớn hơn 2 (đang là '2').", "Sửa thành một số lớn hơn 2.")),
    ({"postal": "có"}, ("not-a-group", "Trường 'postal' (bưu chính công ích) phải là một nhóm các trường con, nhưng "
                        "đang là 'có'.", "Xuống dòng và thụt lề các trường con, ví dụ 'days: 5' dưới 'processing_time:'.")),
])
def test_pydantics_own_error_types_get_the_same_messages(data, expected):
    try:
        _Plain.model_validate(data)
    except Exception as exc:  # noqa: BLE001
        [problem] = problems_from_validation(exc, _Plain, "mkdocs.yml", {})
    assert (problem.code, problem.message, problem.hint) == expected


class _InnerAttributes(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    depth: int = 0


class _Attributes(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    processing_time: _InnerAttributes | None = None


def test_a_group_read_from_attributes_is_named_as_a_group():
    try:
        _Attributes.model_validate({"processing_time": "5"})
    except Exception as exc:  # noqa: BLE001
        assert [e["type"] for e in exc.errors()] == ["model_attributes_type"]
        [problem] = problems_from_validation(exc, _Attributes, "mkdocs.yml", {})
    assert (problem.code, problem.message) == (
        "not-a-group", "Trường 'processing_time' (thời hạn giải quyết) phải là một nhóm các trường con, nhưng đang là '5'.")


def test_error_types_pydantic_no_longer_raises_for_dates_and_an_error_without_text():
    """``date_parsing`` (pydantic 1 and strict mode) and an error without ``msg`` (a custom error source)."""
    message, hint, position = _describe({"type": "date_parsing", "input": "30/6"}, ("updated",), ProcedureInput, {})
    assert (message, hint, position) == ("Trường 'updated' (ngày cập nhật) phải là một ngày hợp lệ, nhưng đang là '30/6'.",
                                         "Viết theo dạng NĂM-THÁNG-NGÀY, ví dụ 2024-06-30.", Position(1, 1))
    assert _describe({"type": "odd"}, ("name",), ProcedureInput, {("name",): Position(2, 7)}) == (
        "Trường 'name' (tên): không hợp lệ (đang là để trống).", "", Position(2, 7))


def test_labels_of_a_place_without_a_field_name():
    assert labelled(()) == "''" and labelled((0,)) == "'[0]'" and labelled((0, "note")) == "'[0].note' (ghi chú)"
    assert dotted(()) == "" and dotted(("fees", 0, "amount")) == "fees[0].amount"


def test_allowed_keys_behind_a_list_index_follow_the_path_to_its_end():
    assert allowed_keys(_Outer, ("items", 2, "inner")) == ["depth"]
    assert allowed_keys(_Outer, ("items", 2)) == ["inner", "label"]
    assert allowed_keys(_Outer, ("items", 2, "label")) == []


def test_allowed_keys_of_nested_and_unknown_places():
    assert allowed_keys(ProcedureInput, ("documents", 3)) == ["name", "originals", "copies", "form", "note"]
    assert allowed_keys(ProcedureInput, ("postal",)) == ["submit", "return"]
    assert allowed_keys(ProcedureInput, ("online",)) == ["level", "url"]
    assert allowed_keys(AgencyInput, ()) == ["name", "level", "parent", "address", "phone", "email", "website", "hours"]
    assert allowed_keys(ProcedureInput, ("steps",)) == []  # a list of text: no keys
    assert allowed_keys(ProcedureInput, ("steps", 0, "x")) == []
    assert allowed_keys(ProcedureInput, ("nope",)) == []
    assert allowed_keys(ProcedureInput, ("code", "x")) == []


# --- catalogue-wide rules -------------------------------------------------------------------------------

def test_an_unknown_parent_points_at_the_parent_key_or_the_files_start():
    raw = RawCatalogue([_parsed(f"{AGENCY}/agency.yaml", AGENCY_YAML + "parent: ubnd-huyen\n")], [])
    assert [(p.file, p.line, p.column, p.code, p.field, p.message, p.hint) for p in validate_catalogue(raw)[1]] == [
        (f"{AGENCY}/agency.yaml", 3, 9, "unknown-parent", "parent",
         "Cơ quan cấp trên 'ubnd-huyen' không có trong danh mục.", "Dùng tên một thư mục trong procedures/: ubnd-xa.")]
    data = {"name": "UBND xã", "level": "commune", "parent": "ubnd-huyen"}
    for positions, where in (({(): Position(1, 1)}, (1, 1)), ({}, (0, 0))):
        raw = RawCatalogue([ParsedFile(f"{AGENCY}/agency.yaml", "ubnd-xa", data, positions),
                            ParsedFile("procedures/ubnd-tinh/agency.yaml", "ubnd-tinh", data | {"parent": None}, {})], [])
        [problem] = validate_catalogue(raw)[1]
        assert (problem.line, problem.column) == where
        assert problem.hint == "Dùng tên một thư mục trong procedures/: ubnd-tinh, ubnd-xa."


def test_codes_that_repeat_or_give_the_same_page_address():
    second = f"{AGENCY}/z.yaml"
    raw = RawCatalogue([_parsed(f"{AGENCY}/agency.yaml", AGENCY_YAML)],
                       [_parsed(second, _procedure(code="code: 1.0-1")), _parsed(FILE, _procedure(code="code: 1-0.1")),
                        _parsed(f"{AGENCY}/y.yaml", _procedure(code="code:  1-0.1"))])
    catalogue, problems = validate_catalogue(raw)
    hint = "Mỗi thủ tục phải có một mã riêng; nếu là cùng một thủ tục, xoá một trong hai tệp."
    assert [(p.file, p.line, p.column, p.code, p.field, p.message, p.hint) for p in problems] == [
        (f"{AGENCY}/y.yaml", 1, 8, "duplicate-code", "code", f"Mã thủ tục '1-0.1' đã được dùng trong {FILE}.", hint),
        (second, 1, 7, "duplicate-code", "code",
         f"Mã thủ tục '1.0-1' cho cùng địa chỉ trang với mã '1-0.1' trong {FILE}.", hint),
    ]
    assert [(p.code, p.source) for p in catalogue.procedures] == [
        ("1-0.1", FILE), ("1-0.1", f"{AGENCY}/y.yaml"), ("1.0-1", second)]


def test_valid_files_become_the_domain_objects_field_by_field():
    agency = AGENCY_YAML + ("parent: ubnd-tinh\naddress: Số 1 đường A\nphone: 0200 000\nemail: a@b.vn\n"
                            "website: https://a.vn\nhours: Sáng thứ Hai\n")
    full = ("code: 1.001\nname: Đăng ký khai sinh\nfield: Hộ tịch\nlevel: district\n"
            "processing_time:\n  days: 0.5\n  unit: calendar_days\n  note: Trong ngày\n"
            "fees:\n  - name: Lệ phí\n    amount: 8000\n    note: Miễn cho hộ nghèo\n  - name: Phí\n    amount: 0\n"
            "online:\n  level: 4\n  url: https://dichvucong.gov.vn/1\n"
            "postal:\n  submit: true\n  return: false\n"
            "documents:\n  - name: Tờ khai\n    originals: 2\n    copies: 3\n    form: Mẫu 01\n    note: Bản giấy\n"
            "  - name: Giấy chứng sinh\n"
            "steps:\n  - Nộp hồ sơ\n  - Nhận kết quả\nrequirements:\n  - Cư trú tại xã\nresult: Giấy khai sinh\n"
            "legal_basis:\n  - Luật Hộ tịch 2014\nannounced_by: Quyết định 1/QĐ-UBND\nstatus: amended\n"
            "updated: 2024-06-30\ndescription: Cho trẻ em\n")
    minimal = _procedure(code="code: 1.002")
    raw = RawCatalogue([_parsed(f"{AGENCY}/agency.yaml", agency),
                        _parsed("procedures/ubnd-tinh/agency.yaml", "name: UBND tỉnh\nlevel: province\n")],
                       [_parsed(f"{AGENCY}/b.yaml", minimal), _parsed(FILE, full)])
    catalogue, problems = validate_catalogue(raw)
    assert problems == []
    assert list(catalogue.agencies) == ["ubnd-tinh", "ubnd-xa"]
    assert catalogue.agencies["ubnd-xa"] == Agency(
        id="ubnd-xa", name="UBND xã Ví Dụ", level="commune", source=f"{AGENCY}/agency.yaml", parent="ubnd-tinh",
        address="Số 1 đường A", phone="0200 000", email="a@b.vn", website="https://a.vn", hours="Sáng thứ Hai")
    assert catalogue.procedures == (
        Procedure(code="1.001", name="Đăng ký khai sinh", field="Hộ tịch", level="district", agency_id="ubnd-xa",
                  processing_time=ProcessingTime(0.5, "calendar_days", "Trong ngày"),
                  documents=(Document("Tờ khai", 2, 3, "Mẫu 01", "Bản giấy"), Document("Giấy chứng sinh")),
                  steps=("Nộp hồ sơ", "Nhận kết quả"), result="Giấy khai sinh", source=FILE,
                  fees=(Fee("Lệ phí", 8000, "Miễn cho hộ nghèo"), Fee("Phí", 0)),
                  online=OnlineService("4", "https://dichvucong.gov.vn/1"), postal=PostalService(True, False),
                  requirements=("Cư trú tại xã",), legal_basis=("Luật Hộ tịch 2014",),
                  announced_by="Quyết định 1/QĐ-UBND", status="amended", updated=dt.date(2024, 6, 30),
                  description="Cho trẻ em"),
        Procedure(code="1.002", name="Đăng ký khai sinh", field="Hộ tịch", level="commune", agency_id="ubnd-xa",
                  processing_time=ProcessingTime(5.0), documents=(Document("Tờ khai"),), steps=("Nộp hồ sơ",),
                  result="Giấy khai sinh", source=f"{AGENCY}/b.yaml"),  # level: the agency's; the rest: defaults
    )
    assert catalogue.procedures[1].postal == PostalService(False, False) and catalogue.procedures[1].online is None
    assert type(catalogue.procedures[0].documents) is tuple and type(catalogue.procedures[0].steps) is tuple


def test_a_procedure_of_an_agency_without_a_valid_agency_file_is_left_out():
    raw = RawCatalogue([_parsed(f"{AGENCY}/agency.yaml", "name: UBND xã\nlevel: xa\n")], [_parsed(FILE, _procedure())])
    catalogue, problems = validate_catalogue(raw)
    assert [(p.file, p.code) for p in problems] == [(f"{AGENCY}/agency.yaml", "invalid-choice")]
    assert catalogue.procedures == () and catalogue.agencies == {}


def test_postal_return_alone_is_kept():
    raw = RawCatalogue([_parsed(f"{AGENCY}/agency.yaml", AGENCY_YAML)],
                       [_parsed(FILE, _procedure(postal="postal:\n  submit: false\n  return: true"))])
    catalogue, problems = validate_catalogue(raw)
    assert problems == []
    assert catalogue.procedures[0].postal == PostalService(False, True)
    assert (catalogue.procedures[0].postal.submit, catalogue.procedures[0].postal.return_result) == (False, True)


def test_invisible_characters_in_agency_and_procedure_files_are_warned_about_where_they_are():
    raw = RawCatalogue([_parsed(f"{AGENCY}/agency.yaml", "name: UBND xã\u200b Ví Dụ\nlevel: commune\n")],
                       [_parsed(FILE, _procedure(field="field: Hộ\u202e tịch"))])
    catalogue, problems = validate_catalogue(raw)
    hint = ("Xoá ký tự đó trong tệp (thường dính vào khi chép từ Word hay trang web); "
            "trình soạn thảo VS Code hiện chúng khi bật 'Render Control Characters'.")
    assert [(p.file, p.line, p.column, p.code, p.field, p.message, p.hint, p.is_error) for p in problems] == [
        (f"{AGENCY}/agency.yaml", 1, 7, "invisible-character", "name", "Đã bỏ 1 ký tự vô hình (U+200B) khỏi trường "
         "'name' (tên): chúng không hiện ra nhưng có thể đảo chiều hoặc che giấu chữ.", hint, False),
        (FILE, 3, 8, "invisible-character", "field", "Đã bỏ 1 ký tự vô hình (U+202E) khỏi trường 'field' (lĩnh vực): "
         "chúng không hiện ra nhưng có thể đảo chiều hoặc che giấu chữ.", hint, False)]
    assert catalogue.agencies["ubnd-xa"].name == "UBND xã Ví Dụ" and catalogue.procedures[0].field == "Hộ tịch"
