"""Working days (data contract, section 5): Monday–Friday, less Vietnam's public holidays, corrected by
the portal's ``calendar.yaml`` (``days_off``: extra days off; ``working_days``: Saturdays worked in exchange).

Counts are vectorised with :func:`numpy.busday_count` over a holiday array; worked weekend days are counted with
a sorted array and :func:`numpy.searchsorted`. A :class:`WorkCalendar` is a small frozen value (two arrays):
pickleable, so it can be sent to Dask workers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import holidays
import numpy as np

from ..errors import Problem
from ..load.text_files import decode_source
from ..load.yaml_nodes import MappingNode, ScalarNode, SequenceNode, parse_yaml

FIRST_YEAR, LAST_YEAR = 2010, 2040  # a fixed range: the calendar never depends on the day of the build
CALENDAR_FILE = "calendar.yaml"
CALENDAR_KEYS = ("days_off", "working_days")


@dataclass(frozen=True, eq=False)
class WorkCalendar:
    holidays: np.ndarray = field(repr=False)  # datetime64[D], sorted: weekdays that are not worked
    worked_weekend: np.ndarray = field(repr=False)  # datetime64[D], sorted: Saturdays/Sundays that are worked

    @classmethod
    def build(cls, days_off: tuple[dt.date, ...] = (), working_days: tuple[dt.date, ...] = (),
              first_year: int = FIRST_YEAR, last_year: int = LAST_YEAR) -> "WorkCalendar":
        """Vietnam's holidays (``holidays`` package, country VN) ∪ ``days_off`` − ``working_days``."""
        known = holidays.country_holidays("VN", years=range(first_year, last_year + 1))
        # the package's own swaps (a Saturday worked for a day off it lists), then the portal's corrections
        worked = (set(getattr(known, "weekend_workdays", ())) - set(days_off)) | set(working_days)
        off = (set(known) | set(days_off)) - worked
        weekday_off = sorted(d for d in off if d.weekday() < 5)
        weekend_worked = sorted(d for d in worked if d.weekday() >= 5)
        return cls(np.array(weekday_off, dtype="datetime64[D]"), np.array(weekend_worked, dtype="datetime64[D]"))

    def count(self, begin: np.ndarray, end: np.ndarray) -> np.ndarray:
        """Working days d with begin ≤ d < end, element-wise (datetime64[D] arrays; negative when end < begin)."""
        begin = np.asarray(begin, dtype="datetime64[D]")
        end = np.asarray(end, dtype="datetime64[D]")
        days = np.busday_count(begin, end, weekmask="1111100", holidays=self.holidays)
        if len(self.worked_weekend):
            days = days + (np.searchsorted(self.worked_weekend, end) - np.searchsorted(self.worked_weekend, begin))
        return days.astype(np.int64)

    def after_until(self, start: np.ndarray, end: np.ndarray) -> np.ndarray:
        """Working days d with date(start) < d ≤ date(end) (section 6), never below 0."""
        one = np.timedelta64(1, "D")
        start = np.asarray(start, dtype="datetime64[D]")
        end = np.asarray(end, dtype="datetime64[D]")
        return np.maximum(self.count(start + one, end + one), 0)

    def is_working(self, day: dt.date) -> bool:
        return bool(self.count(np.array([day], "datetime64[D]"), np.array([day + dt.timedelta(days=1)], "datetime64[D]"))[0])


def _problem(path: str, line: int, column: int, code: str, message: str, hint: str, field_name: str = "") -> Problem:
    return Problem(path, line, column, code, message, field_name, hint)


def read_calendar(root: Path) -> tuple[WorkCalendar, list[Problem]]:
    """The portal's working-day calendar: ``calendar.yaml`` at ``root`` (optional)."""
    path = root / CALENDAR_FILE
    if not path.is_file():
        return WorkCalendar.build(), []
    return parse_calendar(path.read_bytes(), CALENDAR_FILE)


def parse_calendar(data: bytes, name: str = CALENDAR_FILE) -> tuple[WorkCalendar, list[Problem]]:
    source = decode_source(data, name)
    if isinstance(source, Problem):
        return WorkCalendar.build(), [source]
    node, problems = parse_yaml(source)
    if problems:
        return WorkCalendar.build(), problems
    hint_format = "Viết mỗi ngày dạng YYYY-MM-DD, ví dụ: days_off: [2025-05-02]"
    if node is None or (isinstance(node, ScalarNode) and node.value is None):
        return WorkCalendar.build(), []
    if not isinstance(node, MappingNode):
        return WorkCalendar.build(), [_problem(name, node.position.line, node.position.column, "calendar-not-mapping",
                                               "calendar.yaml phải gồm các mục 'days_off' và 'working_days'.", hint_format)]
    found: dict[str, list[tuple[dt.date, int]]] = {key: [] for key in CALENDAR_KEYS}
    for key, value in node.items.items():
        where = node.key_positions.get(key, node.position)
        if key not in CALENDAR_KEYS:
            problems.append(_problem(name, where.line, where.column, "calendar-unknown-key",
                                     f"Mục '{key}' không có trong calendar.yaml (chỉ có 'days_off' và 'working_days').",
                                     "Sửa tên mục thành 'days_off' (ngày nghỉ thêm) hoặc 'working_days' (ngày làm bù).", key))
            continue
        items = value.items if isinstance(value, SequenceNode) else [] if isinstance(value, ScalarNode) and value.value is None else None
        if items is None:
            problems.append(_problem(name, value.position.line, value.position.column, "calendar-not-list",
                                     f"'{key}' phải là một danh sách ngày.", hint_format, key))
            continue
        for item in items:
            text = item.value if isinstance(item, ScalarNode) else None
            try:
                day = dt.date.fromisoformat(text) if text and len(text) == 10 else None
            except ValueError:
                day = None
            if day is None:
                problems.append(_problem(name, item.position.line, item.position.column, "calendar-bad-date",
                                         f"'{key}': '{text if text is not None else '…'}' không phải là một ngày hợp lệ "
                                         "(cần dạng YYYY-MM-DD).", hint_format, key))
            else:
                found[key].append((day, item.position.line))
    off = {day for day, _ in found["days_off"]}
    for day, line in found["working_days"]:
        if day in off:
            problems.append(_problem(name, line, 0, "calendar-conflict",
                                     f"Ngày {day.isoformat()} vừa là ngày nghỉ ('days_off') vừa là ngày làm việc ('working_days').",
                                     "Giữ ngày đó ở một mục theo thông báo của Bộ Lao động – Thương binh và Xã hội.", "working_days"))
    calendar = WorkCalendar.build(tuple(sorted(off)), tuple(sorted(day for day, _ in found["working_days"])))
    return calendar, problems
