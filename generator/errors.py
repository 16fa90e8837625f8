"""Problems found in a portal's input, as data.

Every stage that inspects editor input returns a list of :class:`Problem`
records instead of raising; the pipeline collects them all, prints them all and
aborts once. Codes are stable (tests and CI annotations rely on them); messages
are written for civil servants, in Vietnamese.
"""

from __future__ import annotations

import enum
import json
from dataclasses import asdict, dataclass
from typing import Iterable


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input.

    ``file`` is relative to the portal root, POSIX style. ``line`` and
    ``column`` are 1-based; 0 means "the whole file".
    """

    file: str
    line: int
    column: int
    code: str
    message: str
    field: str = ""
    hint: str = ""
    severity: Severity = Severity.ERROR

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def format(self) -> str:
        """``path:line:column: message`` plus the hint, as editors read it."""
        where = self.file
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        label = "cảnh báo" if self.severity is Severity.WARNING else "lỗi"
        text = f"{where}: {label} [{self.code}] {self.message}"
        if self.hint:
            text += f"\n    → Cách sửa: {self.hint}"
        return text

    def to_dict(self) -> dict:
        data = asdict(self)
        data["severity"] = self.severity.value
        return data


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Stable, reader-friendly order: by file, then position."""
    return sorted(problems, key=lambda p: (p.file, p.line, p.column, p.code, p.message))


def problems_to_json(problems: Iterable[Problem]) -> str:
    return json.dumps([p.to_dict() for p in problems], ensure_ascii=False, indent=2)


class PortalError(Exception):
    """Base class of errors the command line reports without a traceback."""


class InvalidInput(PortalError):
    """The input breaks the data contract; ``problems`` says where and how."""

    def __init__(self, problems: list[Problem]):
        self.problems = sort_problems(problems)
        errors = sum(1 for p in self.problems if p.is_error)
        super().__init__(f"{errors} lỗi trong dữ liệu đầu vào")


class BuildFailed(PortalError):
    """The site could not be built from valid input (e.g. MkDocs refused it)."""
