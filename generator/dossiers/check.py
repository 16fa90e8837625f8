"""Check one partition of dossier records against the data contract (section 5); vectorised.

:func:`check_dossiers` is pure: raw text columns in (see :mod:`.read`), the typed frame of the rows that pass
every rule out, with the problems of the rows that do not (at most :data:`MAX_PER_KIND` per code, column and
file, then one line saying how many more). The same ``dossier_id`` twice is decided across partitions by
:func:`duplicate_problems` on 64-bit hashes: the id's text is not kept, and never appears in a message.

The typed frame: ``agency``, ``procedure`` (categorical), ``channel``, ``outcome``, ``rating`` (small ints, see
:mod:`.columns`), ``received_at``, ``due_at``, ``finished_at`` (local datetime64[s]; NaT = pending),
``supplement_requests``, ``supplement_days`` (int32), ``apology``, ``paid_online`` (bool), ``id_hash`` (uint64),
``_source`` (categorical), ``_row`` (int64).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..errors import Problem, Severity
from .columns import (
    AGENCY, APOLOGY, CHANNEL, CHANNELS, COUNT_COLUMNS, DATETIME_COLUMNS, DOSSIER_ID, DUE_AT, FINISHED_AT, FLAG_COLUMNS,
    FLAGS, NO_OUTCOME, OUTCOME, OUTCOMES, PAID_ONLINE, PROCEDURE, RATING, RATINGS, RECEIVED_AT, REQUIRED_COLUMNS,
    OPTIONAL_COLUMNS, is_personal, labelled,
)
from .dates import parse_datetimes

MAX_PER_KIND = 20
DATETIME_HINT = ("Ghi ngày giờ theo ISO 8601 (2026-03-02T14:30:00+07:00 hoặc 2026-03-02 14:30) "
                 "hoặc dạng yyyyMMddHHmmss (20260302143000); chỉ có ngày (2026-03-02) nghĩa là 00:00.")


@dataclass(frozen=True)
class CheckContext:
    """What a partition is checked against: the catalogue's agency ids and procedure codes."""

    agency_ids: frozenset[str]
    procedure_codes: frozenset[str]


TYPED = DATETIME_COLUMNS + COUNT_COLUMNS + FLAG_COLUMNS


def _column(raw: pd.DataFrame, name: str) -> pa.Array:
    """The column as Arrow: dates, counts and flags typed as read from Parquet (timestamp, integer, boolean),
    anything else as text."""
    values = raw[name]
    if isinstance(values.dtype, pd.ArrowDtype) or hasattr(values.array, "_pa_array"):
        array = pa.array(values.array)
    elif pd.api.types.is_datetime64_any_dtype(values.dtype):
        array = pa.array(values.to_numpy("datetime64[s]"), pa.timestamp("s"))
    else:
        array = pa.array(values.astype(str).to_numpy(dtype=object))
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    kind = array.type
    if name in TYPED and (pa.types.is_timestamp(kind) or pa.types.is_integer(kind) or pa.types.is_boolean(kind)):
        return array
    return pc.fill_null(pc.cast(array, pa.string()), "")


def _blank(values: pa.Array) -> np.ndarray:
    if pa.types.is_string(values.type):
        return _np(pc.equal(values, ""))
    return _np(pc.is_null(values))


def _datetimes(values: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    if pa.types.is_timestamp(values.type):
        times = _np(pc.cast(values, pa.timestamp("s"))).astype("datetime64[s]")
        return times, ~np.isnat(times)
    return parse_datetimes(values)


def _np(array) -> np.ndarray:
    return array.to_numpy(zero_copy_only=False)


def _lookup(values: pa.Array, table: dict[str, int], lower: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """Codes → ints (−1 where unknown), and where they are known."""
    if not pa.types.is_string(values.type):
        values = pc.fill_null(pc.cast(values, pa.string()), "")
    keys = list(table)
    index = pc.index_in(pc.utf8_lower(values) if lower else values, value_set=pa.array(keys, pa.string()))
    known = _np(pc.is_valid(index))
    codes = np.array([table[k] for k in keys], dtype=np.int8)[_np(pc.fill_null(index, 0))]
    return np.where(known, codes, -1).astype(np.int8), known


class _Problems:
    """Problems of failing rows, capped per (code, column) in this source."""

    def __init__(self, source: str, rows: np.ndarray, positions: dict[str, int], row_word: str):
        self.source, self.rows, self.positions, self.row_word = source, rows, positions, row_word
        self.found: list[Problem] = []

    def add(self, mask: np.ndarray, code: str, column: str, message: Callable[[int], str], hint: str,
            severity: Severity = Severity.ERROR) -> None:
        where = np.flatnonzero(mask)
        if not len(where):
            return
        position = self.positions.get(column, 0)
        for index in where[:MAX_PER_KIND]:
            self.found.append(Problem(self.source, int(self.rows[index]), position, code, message(int(index)), column,
                                      hint, severity))
        if len(where) > MAX_PER_KIND:
            self.found.append(Problem(self.source, 0, 0, code,
                                      f"… và {len(where) - MAX_PER_KIND} {self.row_word} khác có cùng lỗi [{code}] ở cột {labelled(column)}.",
                                      column, "Sửa các dòng đã nêu rồi chạy lại để xem tiếp.", severity))


def check_header(source: str, header: Sequence[str]) -> list[Problem]:
    """Warnings for columns whose name marks them as personal data (they are never loaded)."""
    return [Problem(source, 1, index + 1, "dossier-personal-column",
                    f"Cột '{name}' chứa dữ liệu cá nhân: cổng không đọc cột này.",
                    name, "Bỏ cột này khỏi tệp xuất trước khi đưa vào cổng (chỉ giữ các cột của mục 5 quy ước dữ liệu).",
                    Severity.WARNING)
            for index, name in enumerate(header) if is_personal(name)]


def _missing_columns(raw: pd.DataFrame, source: str) -> list[Problem]:
    return [Problem(source, 1, 0, "dossier-missing-column", f"Thiếu cột bắt buộc {labelled(name)} trong tệp hồ sơ.",
                    name, f"Thêm cột '{name}' vào dòng tiêu đề (tên cột không phân biệt chữ hoa, chữ thường).")
            for name in REQUIRED_COLUMNS if name not in raw.columns]


def _counts(values: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    if pa.types.is_integer(values.type):
        numbers = _np(pc.fill_null(values, 0)).astype(np.int64)
        return numbers.astype(np.int32), (numbers >= 0) & (numbers < 10**9)
    empty = _np(pc.equal(values, ""))
    whole = _np(pc.match_substring_regex(values, r"^\d{1,9}$"))
    numbers = _np(pc.cast(pc.if_else(pa.array(whole), values, "0"), pa.int64()))
    return numbers.astype(np.int32), whole | empty


def check_dossiers(raw: pd.DataFrame, source: str, ctx: CheckContext) -> tuple[pd.DataFrame, list[Problem]]:
    """Typed rows that pass every rule decidable in this partition, and the problems of the others."""
    missing = _missing_columns(raw, source)
    rows = raw["_row"].to_numpy(dtype=np.int64) if "_row" in raw else np.arange(2, len(raw) + 2, dtype=np.int64)
    if missing:
        return _typed_empty(), missing
    for name in OPTIONAL_COLUMNS:  # a partition read without an optional column (e.g. by Dask) has it empty
        if name not in raw.columns:
            raw = raw.assign(**{name: pd.array([""] * len(raw), dtype=pd.ArrowDtype(pa.string()))})
    row_word = "hàng" if source.lower().endswith((".parquet", ".pq")) else "dòng"
    found = _Problems(source, rows, dict(raw.attrs.get("positions", {})), row_word)
    text = {name: _column(raw, name) for name in raw.columns if name != "_row"}
    value = lambda name: (lambda i: text[name][i].as_py())  # noqa: E731 - the value found, for one message
    bad = np.zeros(len(raw), dtype=bool)

    empty = {name: _blank(text[name]) for name in REQUIRED_COLUMNS}
    for name in REQUIRED_COLUMNS:
        found.add(empty[name], "dossier-missing-value", name, lambda i, n=name: f"Thiếu giá trị ở cột bắt buộc {labelled(n)}.",
                  f"Điền {labelled(name)} cho mọi hồ sơ.")
        bad |= empty[name]

    agency_known = _np(pc.is_in(text[AGENCY], value_set=pa.array(sorted(ctx.agency_ids), pa.string())))
    found.add(~agency_known & ~empty[AGENCY], "dossier-unknown-agency", AGENCY,
              lambda i: f"Mã cơ quan '{value(AGENCY)(i)}' không có trong procedures/.",
              "Dùng đúng tên thư mục của cơ quan trong procedures/ (ví dụ 'so-tu-phap').")
    procedure_known = _np(pc.is_in(text[PROCEDURE], value_set=pa.array(sorted(ctx.procedure_codes), pa.string())))
    found.add(~procedure_known & ~empty[PROCEDURE], "dossier-unknown-procedure", PROCEDURE,
              lambda i: f"Mã thủ tục '{value(PROCEDURE)(i)}' không có trong danh mục thủ tục (procedures/).",
              "Dùng mã thủ tục như trong tệp thủ tục, ví dụ '1.001234'.")
    bad |= ~agency_known | ~procedure_known

    channel, channel_ok = _lookup(text[CHANNEL], CHANNELS)
    found.add(~channel_ok & ~empty[CHANNEL], "dossier-unknown-channel", CHANNEL,
              lambda i: f"Kênh tiếp nhận '{value(CHANNEL)(i)}' không hợp lệ: cần 'online', 'direct' hoặc 'postal' (hoặc mã 2, 1, 3).",
              "KenhThucHien: 1 trực tiếp → direct, 2 trực tuyến → online, 3 bưu chính → postal.")
    bad |= ~channel_ok

    times = {}
    for name in DATETIME_COLUMNS:
        parsed, ok = _datetimes(text[name])
        blank = _blank(text[name])
        found.add(~ok & ~blank, "dossier-bad-datetime", name,
                  lambda i, n=name: f"Ngày giờ '{value(n)(i)}' ở cột {labelled(n)} không hợp lệ.", DATETIME_HINT)
        bad |= ~ok & ~blank
        times[name] = parsed
    received, due, finished = times[RECEIVED_AT], times[DUE_AT], times[FINISHED_AT]
    has_finished = ~np.isnat(finished)
    early_due = due < received  # NaT compares False
    found.add(early_due, "dossier-due-before-received", DUE_AT,
              lambda i: f"Ngày hẹn trả '{value(DUE_AT)(i)}' trước ngày tiếp nhận '{value(RECEIVED_AT)(i)}'.",
              "Kiểm tra lại 'due_at' và 'received_at' của hồ sơ này trong hệ thống một cửa.")
    early_end = finished < received
    found.add(early_end, "dossier-finished-before-received", FINISHED_AT,
              lambda i: f"Ngày kết thúc xử lý '{value(FINISHED_AT)(i)}' trước ngày tiếp nhận '{value(RECEIVED_AT)(i)}'.",
              "Kiểm tra lại 'finished_at' và 'received_at' của hồ sơ này trong hệ thống một cửa.")
    bad |= early_due | early_end

    outcome, outcome_ok = _lookup(text[OUTCOME], OUTCOMES)
    outcome_blank = _np(pc.equal(text[OUTCOME], ""))
    found.add(~outcome_ok & ~outcome_blank, "dossier-unknown-outcome", OUTCOME,
              lambda i: f"Kết quả xử lý '{value(OUTCOME)(i)}' không hợp lệ: cần 'resolved', 'withdrawn' hoặc 'refused' "
                        "(hoặc mã TrangThaiHoSo 9, 10, 7, 3, 8).",
              "TrangThaiHoSo: 9, 10 → resolved; 7 → withdrawn; 3, 8 → refused.")
    finished_written = ~_blank(text[FINISHED_AT])
    found.add(finished_written & outcome_blank, "dossier-finished-without-outcome", OUTCOME,
              lambda i: f"Hồ sơ có ngày kết thúc xử lý '{value(FINISHED_AT)(i)}' nhưng thiếu kết quả xử lý ở cột 'outcome'.",
              "Ghi 'resolved', 'withdrawn' hoặc 'refused' cho hồ sơ đã kết thúc.")
    found.add(~finished_written & ~outcome_blank, "dossier-outcome-without-finished", FINISHED_AT,
              lambda i: f"Hồ sơ có kết quả xử lý '{value(OUTCOME)(i)}' nhưng thiếu ngày giờ kết thúc xử lý ở cột 'finished_at'.",
              "Ghi 'finished_at' của hồ sơ đã kết thúc, hoặc để trống 'outcome' nếu hồ sơ còn đang giải quyết.")
    bad |= (~outcome_ok & ~outcome_blank) | (finished_written != ~outcome_blank)

    counts = {}
    for name in COUNT_COLUMNS:
        numbers, ok = _counts(text[name])
        found.add(~ok, "dossier-bad-count", name,
                  lambda i, n=name: f"'{value(n)(i)}' ở cột {labelled(n)} không phải là số nguyên không âm.",
                  "Ghi số lần hoặc số ngày bằng chữ số: 0, 1, 2 …")
        bad |= ~ok
        counts[name] = numbers
    flags = {}
    for name in FLAG_COLUMNS:
        if pa.types.is_boolean(text[name].type):
            flags[name] = _np(pc.fill_null(text[name], False)).astype(bool)
            continue
        codes, ok = _lookup(text[name], {k: int(v) for k, v in FLAGS.items()})
        found.add(~ok, "dossier-bad-flag", name,
                  lambda i, n=name: f"'{value(n)(i)}' ở cột {labelled(n)} không hợp lệ: cần 'true' hoặc 'false' (hoặc để trống).",
                  "Ghi true hoặc false (1/2 = có, 0 = không với DuocThanhToanTrucTuyen).")
        bad |= ~ok
        flags[name] = codes == 1
    rating, rating_ok = _lookup(text[RATING], RATINGS)
    found.add(~rating_ok, "dossier-unknown-rating", RATING,
              lambda i: f"Đánh giá '{value(RATING)(i)}' không hợp lệ: cần 'satisfied', 'neutral' hoặc 'dissatisfied' (hoặc để trống).",
              "Để trống nếu người nộp không đánh giá.")
    bad |= ~rating_ok

    keep = ~bad
    ids = text[DOSSIER_ID]
    typed = pd.DataFrame({
        AGENCY: _categorical(text[AGENCY].filter(pa.array(keep))),
        PROCEDURE: _categorical(text[PROCEDURE].filter(pa.array(keep))),
        CHANNEL: channel[keep], RECEIVED_AT: received[keep], DUE_AT: due[keep], FINISHED_AT: finished[keep],
        OUTCOME: np.where(has_finished, outcome, NO_OUTCOME).astype(np.int8)[keep],
        "supplement_requests": counts["supplement_requests"][keep], "supplement_days": counts["supplement_days"][keep],
        APOLOGY: flags[APOLOGY][keep], PAID_ONLINE: flags[PAID_ONLINE][keep], RATING: rating[keep],
        "id_hash": pd.util.hash_array(_np(ids.filter(pa.array(keep))).astype(object), categorize=False),
        "_source": pd.Categorical([source] * int(keep.sum())), "_row": rows[keep],
    })
    return typed, found.found


def _categorical(values: pa.Array) -> pd.Categorical:
    encoded = values.dictionary_encode()
    return pd.Categorical.from_codes(_np(encoded.indices).astype(np.int32), categories=encoded.dictionary.to_pylist())


def _typed_empty() -> pd.DataFrame:
    return pd.DataFrame({
        AGENCY: pd.Categorical([]), PROCEDURE: pd.Categorical([]), CHANNEL: np.array([], np.int8),
        RECEIVED_AT: np.array([], "datetime64[s]"), DUE_AT: np.array([], "datetime64[s]"),
        FINISHED_AT: np.array([], "datetime64[s]"), OUTCOME: np.array([], np.int8),
        "supplement_requests": np.array([], np.int32), "supplement_days": np.array([], np.int32),
        APOLOGY: np.array([], bool), PAID_ONLINE: np.array([], bool), RATING: np.array([], np.int8),
        "id_hash": np.array([], np.uint64), "_source": pd.Categorical([]), "_row": np.array([], np.int64),
    })


def duplicate_hashes(hashes: Sequence[np.ndarray]) -> np.ndarray:
    """The id hashes that occur more than once across all partitions (decomposable: Dask can value_counts them)."""
    if not hashes:
        return np.array([], np.uint64)
    values, counts = np.unique(np.concatenate([np.asarray(h, np.uint64) for h in hashes]), return_counts=True)
    return values[counts > 1]


duplicate_ids = duplicate_hashes  # the name of the shared interface (DOSSIER-INTERFACE.md)


def duplicate_problems(frames: Sequence[pd.DataFrame], repeated: np.ndarray | None = None) -> list[Problem]:
    """``dossier-duplicate-id`` for every dossier after the first with the same id (frames: ``id_hash``, ``_source``,
    ``_row``; in source order). Messages name the first occurrence, never the id itself."""
    if repeated is None:
        repeated = duplicate_hashes([f["id_hash"].to_numpy() for f in frames])
    if not len(repeated):
        return []
    parts = [f.loc[np.isin(f["id_hash"].to_numpy(), repeated), ["id_hash", "_source", "_row"]] for f in frames]
    hits = pd.concat(parts, ignore_index=True).astype({"_source": str})
    hits = hits.sort_values(["_source", "_row"], kind="stable")
    first = hits.drop_duplicates("id_hash").set_index("id_hash")
    later = hits[hits.duplicated("id_hash")].join(first.add_suffix("_first"), on="id_hash")
    problems = []
    for source, group in later.groupby("_source", sort=True):
        word = "hàng" if source.lower().endswith((".parquet", ".pq")) else "dòng"
        for record in group.head(MAX_PER_KIND).to_dict("records"):
            where = "" if record["_source_first"] == source else f" của tệp {record['_source_first']}"
            problems.append(Problem(source, int(record["_row"]), 0, "dossier-duplicate-id",
                                    f"Mã hồ sơ ('dossier_id') trùng với {word} {int(record['_row_first'])}{where}: mỗi hồ sơ chỉ được ghi một lần.",
                                    DOSSIER_ID, "Bỏ dòng lặp lại trong tệp xuất (thường do xuất hai lần cùng một khoảng thời gian)."))
        if len(group) > MAX_PER_KIND:
            problems.append(Problem(source, 0, 0, "dossier-duplicate-id",
                                    f"… và {len(group) - MAX_PER_KIND} {word} khác có cùng lỗi [dossier-duplicate-id] ở cột 'dossier_id' (mã hồ sơ).",
                                    DOSSIER_ID, "Sửa các dòng đã nêu rồi chạy lại để xem tiếp."))
    return problems
