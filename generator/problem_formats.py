"""Problems as text for machines: JSON records and GitHub Actions annotations.

``portal validate --format json`` prints a JSON array, one record per problem,
errors and warnings alike, in the order of :func:`~generator.errors.sort_problems`::

    {"file": "procedures/so-tu-phap/x.yaml",  # relative to the portal root, "/" separators
     "line": 8, "column": 13,                 # 1-based; 0 = the whole file / unknown
     "code": "not-whole-number",              # stable identifier of the kind of problem
     "message": "…", "field": "fees[0].amount", "hint": "…",
     "severity": "error"}                     # "error" or "warning"

``portal validate --format github`` prints one workflow command per problem,
``::error file=…,line=…,col=…,title=…::message``, which GitHub Actions shows as
an annotation on that line of the pull request.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

from .errors import Problem, Severity, problems_to_json

__all__ = ["problems_to_json", "problems_to_github", "github_annotation"]


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _repository_path(file: str, root: Path | None) -> str:
    """The file relative to the current folder (the repository root in CI) when the portal lives below it."""
    if root is None:
        return file
    absolute = (root / file).resolve()
    try:
        return absolute.relative_to(Path(os.getcwd()).resolve()).as_posix()
    except ValueError:
        return file


def github_annotation(problem: Problem, root: Path | None = None) -> str:
    command = "warning" if problem.severity is Severity.WARNING else "error"
    properties = [f"file={_escape_property(_repository_path(problem.file, root))}"]
    if problem.line:
        properties.append(f"line={problem.line}")
        if problem.column:
            properties.append(f"col={problem.column}")
    title = f"{problem.code}: {problem.field}" if problem.field else problem.code
    properties.append(f"title={_escape_property(title)}")
    message = problem.message + (f"\nCách sửa: {problem.hint}" if problem.hint else "")
    return f"::{command} {','.join(properties)}::{_escape_data(message)}"


def problems_to_github(problems: Iterable[Problem], root: Path | None = None) -> str:
    """One ``::error``/``::warning`` line per problem (empty string when there are none)."""
    return "\n".join(github_annotation(p, root) for p in problems)
