"""One fixture per class of bad catalogue input: exact file, line, column, code and message."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.errors import InvalidInput
from generator.paths import PortalPaths
from generator.portal import read_portal

from .conftest import FIXTURES

AGENCY = "procedures/ubnd-xa-vi-du"

# (fixture, line, column, code, field, message)
EXPECTED = [
    ("alias-bomb.yaml", 2, 8, "yaml-alias", "", "Không được dùng bí danh YAML ('*a')."),
    ("bad-enum.yaml", 6, 9, "invalid-choice", "processing_time.unit",
     "Giá trị 'working-days' của trường 'processing_time.unit' (loại ngày) không hợp lệ."),
    ("code-path-traversal.yaml", 1, 7, "invalid-format", "code",
     "Giá trị '../../etc/passwd' của trường 'code' (mã thủ tục) không đúng định dạng."),
    ("duplicate-code.yaml", 1, 7, "duplicate-code", "code",
     "Mã thủ tục '1.001193' đã được dùng trong procedures/ubnd-xa-vi-du/dang-ky-khai-sinh.yaml."),
    ("duplicate-key.yaml", 11, 1, "duplicate-key", "", "Trường 'name' được viết hai lần (lần đầu ở dòng 2)."),
    ("fee-thousands-dot.yaml", 8, 13, "not-whole-number", "fees[0].amount",
     "Trường 'fees[0].amount' (số tiền) phải là số tiền nguyên (đồng) chỉ gồm chữ số, nhưng đang là '200.000'."),
    ("missing-result.yaml", 1, 1, "missing-field", "result", "Thiếu trường bắt buộc 'result' (kết quả)."),
    ("negative-copies-bad-date.yaml", 8, 13, "not-whole-number", "documents[0].copies",
     "Trường 'documents[0].copies' (số bản sao) phải là số nguyên không âm, nhưng đang là '-1'."),
    ("negative-copies-bad-date.yaml", 12, 10, "invalid-date", "updated",
     "Trường 'updated' (ngày cập nhật) phải là một ngày hợp lệ, nhưng đang là '2024-13-01'."),
    ("online-without-url.yaml", 7, 3, "online-url-missing", "online",
     "Dịch vụ công trực tuyến mức 4 phải có địa chỉ nộp hồ sơ 'url'."),
    ("postal-yes.yaml", 7, 11, "not-true-false", "postal.submit",
     "Trường 'postal.submit' (nộp qua bưu chính) phải là true (có) hoặc false (không), nhưng đang là 'yes'."),
    ("python-tag.yaml", 2, 7, "yaml-tag", "", "Thẻ YAML '!!python/object/apply:os.system' không được phép."),
    ("same-day-without-note.yaml", 5, 3, "same-day-without-note", "processing_time",
     "Thời hạn 'processing_time' (thời hạn giải quyết) là 0 ngày nhưng thiếu ghi chú."),
    ("unknown-field.yaml", 3, 1, "unknown-field", "tittle", "Trường 'tittle' không có trong quy định dữ liệu."),
    ("windows-1258.yaml", 2, 9, "encoding", "",
     "Tệp không phải mã UTF-8 (có thể đang là Windows-1258 hoặc TCVN3); chữ tiếng Việt sẽ bị lỗi nếu đăng."),
    ("yaml-syntax.yaml", 10, 2, "yaml-syntax", "",
     "Lỗi cú pháp YAML: thụt lề không khớp với các dòng trên, hoặc thiếu dấu ':' sau tên trường."),
]
FIXTURE_NAMES = sorted({row[0] for row in EXPECTED})


def problems_for(portal: Path, *fixtures: str):
    for name in fixtures:
        shutil.copy(FIXTURES / "invalid" / name, portal / AGENCY / name)
    with pytest.raises(InvalidInput) as caught:
        read_portal(PortalPaths.at(portal))
    return caught.value.problems


def test_every_fixture_is_covered():
    assert FIXTURE_NAMES == sorted(p.name for p in (FIXTURES / "invalid").glob("*.yaml"))


@pytest.mark.parametrize("fixture", FIXTURE_NAMES)
def test_bad_input_reported_exactly(starter_portal: Path, fixture: str):
    problems = problems_for(starter_portal, fixture)
    expected = [row[1:] for row in EXPECTED if row[0] == fixture]
    assert [(p.line, p.column, p.code, p.field, p.message) for p in problems] == expected
    assert {p.file for p in problems} == {f"{AGENCY}/{fixture}"}
    assert all(p.hint for p in problems)


def test_all_problems_of_a_run_are_reported_at_once(starter_portal: Path):
    problems = problems_for(starter_portal, *FIXTURE_NAMES)
    assert len(problems) == len(EXPECTED)


def test_suggestions_for_misspelt_names(starter_portal: Path):
    target = starter_portal / AGENCY / "dang-ky-khai-sinh.yaml"
    target.write_text(target.read_text(encoding="utf-8").replace("fees: []", "fee: []"), encoding="utf-8")
    [problem] = problems_for(starter_portal)
    assert problem.code == "unknown-field"
    assert problem.hint.startswith("Có phải ý bạn là 'fees'?")


def test_agency_folder_name_and_missing_agency_file(starter_portal: Path):
    (starter_portal / "procedures" / "Sở Tư Pháp").mkdir()
    (starter_portal / "procedures" / "so-moi").mkdir()
    (starter_portal / "procedures" / "so-moi" / "x.yaml").write_text("code: 1.1\n", encoding="utf-8")
    problems = problems_for(starter_portal)
    assert [(p.file, p.code) for p in problems] == [
        ("procedures/Sở Tư Pháp", "agency-folder-name"),
        ("procedures/so-moi", "agency-file-missing"),
        ("procedures/so-moi/x.yaml", "missing-field"),
        ("procedures/so-moi/x.yaml", "missing-field"),
        ("procedures/so-moi/x.yaml", "missing-field"),
        ("procedures/so-moi/x.yaml", "missing-field"),
        ("procedures/so-moi/x.yaml", "missing-field"),
        ("procedures/so-moi/x.yaml", "missing-field"),
    ]


def test_unknown_parent_agency(starter_portal: Path):
    agency = starter_portal / AGENCY / "agency.yaml"
    agency.write_text(agency.read_text(encoding="utf-8") + "parent: ubnd-huyen-khong-co\n", encoding="utf-8")
    [problem] = problems_for(starter_portal)
    assert (problem.code, problem.line, problem.field) == ("unknown-parent", 9, "parent")


def test_files_starting_with_underscore_or_dot_are_ignored(starter_portal: Path):
    (starter_portal / AGENCY / "_mau.yaml").write_text("not: [valid", encoding="utf-8")
    (starter_portal / AGENCY / ".nhap").mkdir()
    (starter_portal / AGENCY / ".nhap" / "x.yaml").write_text("not: [valid", encoding="utf-8")
    portal = read_portal(PortalPaths.at(starter_portal))
    assert [p.code for p in portal.catalogue.procedures] == ["1.001193"]


def test_content_page_may_not_take_a_generated_address(starter_portal: Path):
    (starter_portal / "content" / "thu-tuc").mkdir()
    (starter_portal / "content" / "thu-tuc" / "index.md").write_text("# X\n", encoding="utf-8")
    [problem] = problems_for(starter_portal)
    assert (problem.file, problem.code) == ("content/thu-tuc/index.md", "content-conflict")


def test_command_line_prints_every_problem_without_traceback(starter_portal: Path):
    for name in ("fee-thousands-dot.yaml", "python-tag.yaml"):
        shutil.copy(FIXTURES / "invalid" / name, starter_portal / AGENCY / name)
    result = subprocess.run(
        [sys.executable, "-m", "generator", "validate", str(starter_portal)], capture_output=True, text=True
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"{AGENCY}/fee-thousands-dot.yaml:8:13: lỗi [not-whole-number]" in result.stderr
    assert f"{AGENCY}/python-tag.yaml:2:7: lỗi [yaml-tag]" in result.stderr
    assert "2 lỗi, 0 cảnh báo." in result.stderr


def test_validate_json_output(starter_portal: Path):
    import json

    shutil.copy(FIXTURES / "invalid" / "postal-yes.yaml", starter_portal / AGENCY / "postal-yes.yaml")
    result = subprocess.run(
        [sys.executable, "-m", "generator", "validate", str(starter_portal), "--format", "json"],
        capture_output=True, text=True,
    )
    assert result.returncode == 1
    [record] = json.loads(result.stdout)
    assert record["file"] == f"{AGENCY}/postal-yes.yaml"
    assert (record["line"], record["column"], record["code"], record["severity"]) == (7, 11, "not-true-false", "error")


# (fixture, line) → the hint word for word: what tells the editor how to fix it
HINTS = {
    ("alias-bomb.yaml", 2): "Viết đầy đủ giá trị thay vì tham chiếu '&'/'*'.",
    ("bad-enum.yaml", 6): "Có phải ý bạn là 'working_days'? Chỉ nhận một trong các giá trị: working_days, calendar_days.",
    ("code-path-traversal.yaml", 1): "Mã chỉ gồm chữ cái không dấu, chữ số, '.', '-' và '_', ví dụ 1.001193 hoặc 1.000948.H38.",
    ("duplicate-code.yaml", 1): "Mỗi thủ tục phải có một mã riêng; nếu là cùng một thủ tục, xoá một trong hai tệp.",
    ("duplicate-key.yaml", 11): "Giữ một lần duy nhất và xoá dòng trùng; giá trị sau sẽ không tự ghi đè.",
    ("fee-thousands-dot.yaml", 8): "Viết liền, không dấu chấm hay dấu phẩy phân cách hàng nghìn: 200000 (không viết "
                                   "200.000 hay 200,000).",
    ("missing-result.yaml", 1): "Thêm dòng 'result: …' vào phần này.",
    ("negative-copies-bad-date.yaml", 8): "Chỉ viết chữ số, ví dụ 1 hoặc 2.",
    ("negative-copies-bad-date.yaml", 12): "Viết theo dạng NĂM-THÁNG-NGÀY, ví dụ 2024-06-30.",
    ("online-without-url.yaml", 7): "Thêm 'url: https://…' (trang nộp hồ sơ của thủ tục trên Cổng dịch vụ công), hoặc "
                                    "sửa 'level' thành 2.",
    ("postal-yes.yaml", 7): "Viết true hoặc false (không viết yes/no, có/không).",
    ("python-tag.yaml", 2): "Xoá thẻ bắt đầu bằng '!' ; nếu đó là văn bản, hãy đặt nó trong ngoặc kép.",
    ("same-day-without-note.yaml", 5): "Thêm 'note:' nói rõ cách trả kết quả trong ngày, hoặc ghi số ngày lớn hơn 0.",
    ("unknown-field.yaml", 3): "Có phải ý bạn là 'name'? Các trường được dùng ở đây: code, name, field, level, "
                               "processing_time, fees, online, postal, documents, steps, requirements, result, "
                               "legal_basis, announced_by, status, updated, description.",
    ("windows-1258.yaml", 2): "Mở tệp bằng trình soạn thảo và lưu lại với mã hoá 'UTF-8' (Notepad: File → Save As → "
                              "Encoding: UTF-8).",
    ("yaml-syntax.yaml", 10): "Kiểm tra thụt lề (dùng dấu cách, không dùng Tab), dấu ':' sau tên trường, và đặt văn bản "
                              "có dấu ':' hoặc '#' trong ngoặc kép.",
}


@pytest.mark.parametrize("fixture", sorted({name for name, _ in HINTS}))
def test_each_hint_word_for_word(starter_portal: Path, fixture: str):
    problems = problems_for(starter_portal, fixture)
    assert {(fixture, p.line): p.hint for p in problems} == {k: v for k, v in HINTS.items() if k[0] == fixture}
