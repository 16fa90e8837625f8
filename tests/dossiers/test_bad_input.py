"""One fixture per bad input of data contract section 5: file, line, column, code and exact message."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from generator.dossiers.check import MAX_PER_KIND
from generator.dossiers.pipeline import dossier_figures
from generator.dossiers.read import DossierSpec
from generator.dossiers.working_days import WorkCalendar
from generator.load.catalogue_files import read_catalogue
from generator.paths import PortalPaths
from generator.validate.catalogue import validate_catalogue

HERE = Path(__file__).parent / "fixtures"
CATALOGUE, _ = validate_catalogue(read_catalogue(PortalPaths.at(HERE / "portal"))[0])

CASES = {
    "missing-column": [(1, 0, "dossier-missing-column", "Thiếu cột bắt buộc 'due_at' (ngày giờ hẹn trả) trong tệp hồ sơ.")],
    "missing-value": [(3, 2, "dossier-missing-value", "Thiếu giá trị ở cột bắt buộc 'agency' (mã cơ quan).")],
    "unknown-agency": [(3, 2, "dossier-unknown-agency", "Mã cơ quan 'so-khong-co' không có trong procedures/.")],
    "unknown-procedure": [(3, 3, "dossier-unknown-procedure",
                           "Mã thủ tục '9.999999' không có trong danh mục thủ tục (procedures/).")],
    "bad-datetime": [(3, 5, "dossier-bad-datetime",
                      "Ngày giờ '31/04/2025' ở cột 'received_at' (ngày giờ tiếp nhận) không hợp lệ.")],
    "due-before-received": [(3, 6, "dossier-due-before-received",
                             "Ngày hẹn trả '2025-03-28 17:00' trước ngày tiếp nhận '2025-04-01 08:00'.")],
    "finished-before-received": [(3, 7, "dossier-finished-before-received",
                                  "Ngày kết thúc xử lý '2025-03-31 10:00' trước ngày tiếp nhận '2025-04-01 08:00'.")],
    "finished-without-outcome": [(3, 8, "dossier-finished-without-outcome",
                                  "Hồ sơ có ngày kết thúc xử lý '2025-04-03 10:00' nhưng thiếu kết quả xử lý ở cột 'outcome'.")],
    "outcome-without-finished": [(3, 7, "dossier-outcome-without-finished",
                                  "Hồ sơ có kết quả xử lý '9' nhưng thiếu ngày giờ kết thúc xử lý ở cột 'finished_at'.")],
    "unknown-channel": [(3, 4, "dossier-unknown-channel",
                         "Kênh tiếp nhận 'email' không hợp lệ: cần 'online', 'direct' hoặc 'postal' (hoặc mã 2, 1, 3).")],
    "unknown-outcome": [(3, 8, "dossier-unknown-outcome",
                         "Kết quả xử lý '5' không hợp lệ: cần 'resolved', 'withdrawn' hoặc 'refused' "
                         "(hoặc mã TrangThaiHoSo 9, 10, 7, 3, 8).")],
    "negative-count": [(3, 9, "dossier-bad-count",
                        "'-1' ở cột 'supplement_requests' (số lần yêu cầu bổ sung) không phải là số nguyên không âm.")],
    "non-integer-count": [(3, 10, "dossier-bad-count",
                           "'1.5' ở cột 'supplement_days' (số ngày chờ bổ sung) không phải là số nguyên không âm.")],
    "duplicate-id": [(3, 0, "dossier-duplicate-id",
                      "Mã hồ sơ ('dossier_id') trùng với dòng 2: mỗi hồ sơ chỉ được ghi một lần.")],
    "not-utf8": [(0, 0, "dossier-not-utf8", "Tệp hồ sơ không phải văn bản UTF-8.")],
}


def _run(location: Path):
    return dossier_figures(DossierSpec(HERE / "portal", str(location)), CATALOGUE, WorkCalendar.build())


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input(name, tmp_path):
    source = tmp_path / f"{name}.csv"
    shutil.copy(HERE / "bad" / f"{name}.csv", source)
    figures, problems = _run(source)
    assert figures is None
    errors = [p for p in problems if p.is_error]
    assert [(p.file, p.line, p.column, p.code, p.message) for p in errors] == \
        [(source.as_posix(), *case) for case in CASES[name]]
    assert all(p.hint for p in errors)


def test_every_fixture_is_checked():
    assert {p.stem for p in (HERE / "bad").glob("*.csv")} == set(CASES)


def test_duplicates_across_files_name_the_first(tmp_path):
    shutil.copy(HERE / "bad" / "unknown-agency.csv", tmp_path / "a.csv")  # HS-1 at line 2
    shutil.copy(HERE / "bad" / "duplicate-id.csv", tmp_path / "b.csv")
    _, problems = _run(tmp_path)
    messages = [(Path(p.file).name, p.line, p.message) for p in problems if p.code == "dossier-duplicate-id"]
    first = (tmp_path / "a.csv").as_posix()
    assert messages == [("b.csv", 2, f"Mã hồ sơ ('dossier_id') trùng với dòng 2 của tệp {first}: mỗi hồ sơ chỉ được ghi một lần."),
                        ("b.csv", 3, f"Mã hồ sơ ('dossier_id') trùng với dòng 2 của tệp {first}: mỗi hồ sơ chỉ được ghi một lần.")]
    assert not any("HS-1" in p.message for p in problems)  # the id itself is never shown


def test_problems_are_capped_per_kind_and_file_and_parquet_rows_are_numbered(tmp_path):
    n = 100_000
    table = pa.table({
        "dossier_id": [f"X{i}" for i in range(n)], "agency": ["so-thu"] * n, "procedure": ["1.000100"] * n,
        "channel": np.where(np.arange(n) % 2 == 0, "fax", "online").tolist(),
        "received_at": ["2025-04-01 08:00"] * n, "due_at": ["2025-04-08 17:00"] * n,
    })
    path = tmp_path / "many.parquet"
    pq.write_table(table, path)
    _, problems = _run(path)
    channel = [p for p in problems if p.code == "dossier-unknown-channel"]
    assert len(channel) == MAX_PER_KIND + 1
    assert [p.line for p in channel[:3]] == [1, 3, 5]
    assert channel[-1].message == (f"… và {n // 2 - MAX_PER_KIND} hàng khác có cùng lỗi [dossier-unknown-channel] "
                                   "ở cột 'channel' (kênh tiếp nhận).")


def test_lines_are_the_files_own_when_a_value_spans_lines_or_lines_are_blank(tmp_path):
    """A quoted value may hold line breaks (a note copied from a form) and exports may hold blank lines:
    the line named is the one the editor sees in the file, not the record's number plus one."""
    rows = (HERE / "bad" / "unknown-agency.csv").read_text(encoding="utf-8").splitlines()
    header, first, bad = rows
    first = first.replace("HS-1,so-thu,", 'HS-1,"so-thu",') + ',"dòng một\ndòng hai\r\ndòng ba"'  # a column not in the contract
    source = tmp_path / "spans.csv"
    source.write_text(f"{header},ghi_chu\n{first}\n\n{bad},\n", encoding="utf-8", newline="")
    assert source.read_text(encoding="utf-8").splitlines()[5].startswith("HS-2,so-khong-co")  # line 6 of the file

    figures, problems = _run(source)

    assert [(p.line, p.column, p.code) for p in problems if p.is_error] == [(6, 2, "dossier-unknown-agency")]
