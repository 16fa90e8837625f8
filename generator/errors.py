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


class ProblemsFound(PortalError):
    """The command stops because of ``problems`` (all of them, sorted); the CLI prints them and exits 1."""

    summary = "{errors} lỗi"

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sort_problems(problems)
        errors = sum(1 for p in self.problems if p.is_error)
        super().__init__(self.summary.format(errors=errors))

    def __str__(self) -> str:  # the summary, then every problem as editors read it (logs, pytest.raises(match=))
        return "\n".join([super().__str__(), *(problem.format() for problem in self.problems)])


class InvalidInput(ProblemsFound):
    """The input breaks the data contract; ``problems`` says where and how."""

    summary = "{errors} lỗi trong dữ liệu đầu vào"


class BuildFailed(ProblemsFound):
    """The site could not be built from valid input (a template, MkDocs, the output folder, --strict links)."""

    summary = "{errors} lỗi khi dựng trang"


def build_problem(code: str, message: str, hint: str = "", file: str = "", line: int = 0,
                  severity: Severity = Severity.ERROR) -> Problem:
    """A problem of the build stage (``file`` empty: the build as a whole)."""
    return Problem(file, line, 0, code, message, hint=hint, severity=severity)
