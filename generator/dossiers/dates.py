"""Dossier date-times → local wall-clock time, vectorised (data contract, section 5).

Accepted: ISO 8601 (``2026-03-02T14:30:00+07:00``, ``2026-03-02 14:30``, ``Z``, fractions of a second), the sync
format ``yyyyMMddHHmmss`` and a date alone (``2026-03-02``, ``20260302``: 00:00). Without an offset a date-time is
local time (Asia/Ho_Chi_Minh, UTC+7); with one it is converted to local time. One RE2 expression over the whole
column (pyarrow), then integer arithmetic in numpy: no Python loop over rows.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

LOCAL_OFFSET_SECONDS = 7 * 3600
PATTERN = (r"^(?P<y>\d{4})-?(?P<mo>\d{2})-?(?P<d>\d{2})"
           r"(?:(?:[T ]|)(?P<h>\d{2}):?(?P<mi>\d{2})(?::?(?P<s>\d{2})(?:[.,]\d+)?)?)?"
           r"\s*(?P<z>Z|[+-]\d{2}(?::?\d{2})?)?$")
NOT_A_TIME = np.datetime64("NaT", "s")


def _ints(parts: pa.StructArray, name: str) -> np.ndarray:
    column = pc.fill_null(parts.field(name), "0")
    column = pc.if_else(pc.equal(column, ""), "0", column)
    return pc.cast(column, pa.int64()).to_numpy(zero_copy_only=False)


# the common fixed-width forms, parsed by pyarrow's strptime (10× faster than the expression); its parser
# rolls impossible values over (31 April → 1 May), so day, hour and minute are compared with the digits written
FAST_FORMATS = (  # format, length, where day / hour / minute are written
    ("%Y-%m-%d %H:%M:%S", 19, (8, 11, 14)), ("%Y-%m-%dT%H:%M:%S", 19, (8, 11, 14)),
    ("%Y-%m-%d %H:%M", 16, (8, 11, 14)), ("%Y-%m-%dT%H:%M", 16, (8, 11, 14)),
    ("%Y%m%d%H%M%S", 14, (6, 8, 10)), ("%Y-%m-%d", 10, (8, None, None)), ("%Y%m%d", 8, (6, None, None)),
)


def _digits(array: pa.Array, start: int) -> pa.Array:
    return pc.cast(pc.utf8_slice_codeunits(array, start, start + 2), pa.int64(), safe=False)


def _fast(array: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    times = np.full(len(array), NOT_A_TIME)
    done = np.zeros(len(array), dtype=bool)
    length = pc.utf8_length(array)
    for form, size, (day_at, hour_at, minute_at) in FAST_FORMATS:
        if done.all():
            break
        fits = pc.and_(pc.equal(length, size), pa.array(~done))
        if not pc.any(fits).as_py():
            continue
        parsed = pc.strptime(pc.if_else(fits, array, ""), format=form, unit="s", error_is_null=True)
        good = pc.and_(pc.is_valid(parsed), pc.equal(pc.day(parsed), _digits(pc.if_else(fits, array, "00000000000000"), day_at)))
        if hour_at is not None:
            good = pc.and_(good, pc.equal(pc.hour(parsed), _digits(pc.if_else(fits, array, "0" * size), hour_at)))
            good = pc.and_(good, pc.equal(pc.minute(parsed), _digits(pc.if_else(fits, array, "0" * size), minute_at)))
        good = pc.fill_null(good, False).to_numpy(zero_copy_only=False) & ~done
        if good.any():
            times[good] = parsed.to_numpy(zero_copy_only=False)[good].astype("datetime64[s]")
            done |= good
    return times, done


def parse_datetimes(values: pa.ChunkedArray | pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """``(times, ok)``: local date-times as datetime64[s] (NaT where empty or malformed) and where they parsed.

    Empty values are not ``ok`` and not malformed either: callers tell them apart with ``values == ""``."""
    array = values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values
    n = len(array)
    if n == 0:
        return np.array([], dtype="datetime64[s]"), np.array([], dtype=bool)
    fast_times, fast_ok = _fast(array)
    if fast_ok.all():
        return fast_times, fast_ok
    rest = np.flatnonzero(~fast_ok)
    times, ok = _by_expression(array.take(pa.array(rest)))
    fast_times[rest], fast_ok[rest] = times, ok
    return fast_times, fast_ok


def _by_expression(array: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    parts = pc.extract_regex(array, PATTERN)
    matched = pc.is_valid(parts).to_numpy(zero_copy_only=False)
    parts = pc.fill_null(parts, pa.scalar({k: "0" for k in ("y", "mo", "d", "h", "mi", "s")} | {"z": ""}, parts.type))
    year, month, day = _ints(parts, "y"), _ints(parts, "mo"), _ints(parts, "d")
    hour, minute, second = _ints(parts, "h"), _ints(parts, "mi"), _ints(parts, "s")
    zone = pc.fill_null(parts.field("z"), "")
    ok = matched & (month >= 1) & (month <= 12) & (day >= 1) & (hour < 24) & (minute < 60) & (second < 60)
    months = np.where(ok, (year - 1970) * 12 + month - 1, 0).astype("datetime64[M]")
    first_day = months.astype("datetime64[D]")
    next_first = (months + np.timedelta64(1, "M")).astype("datetime64[D]")
    days = first_day + np.where(ok, day - 1, 0).astype("timedelta64[D]")
    ok &= days < next_first
    seconds = days.astype("datetime64[s]").astype(np.int64) + hour * 3600 + minute * 60 + second
    has_zone = pc.not_equal(zone, "").to_numpy(zero_copy_only=False)
    if has_zone.any():
        digits = pc.replace_substring(pc.utf8_slice_codeunits(zone, 1), ":", "")
        digits = pc.if_else(pc.equal(pc.utf8_length(digits), 2), pc.binary_join_element_wise(digits, "00", ""), digits)
        digits = pc.if_else(pc.equal(zone, "Z"), "0000", pc.if_else(pc.equal(digits, ""), "0000", digits))
        number = pc.cast(pc.if_else(pa.array(has_zone), digits, "0000"), pa.int64()).to_numpy(zero_copy_only=False)
        offset = (number // 100) * 3600 + (number % 100) * 60
        sign = np.where(pc.starts_with(zone, "-").to_numpy(zero_copy_only=False), -1, 1)
        ok &= ~has_zone | ((number // 100 <= 14) & (number % 100 < 60))
        seconds = np.where(has_zone, seconds - sign * offset + LOCAL_OFFSET_SECONDS, seconds)
    times = seconds.astype("datetime64[s]")
    times[~ok] = NOT_A_TIME
    return times, ok
