"""The site's UI text, read from ``site_templates/strings/<locale>.yaml``.

Templates use ``t.section.key``; a missing key is an error at build time
(never an empty label on the site).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


class Strings:
    """Read-only nested access: ``t.procedure.fees``; ``t["time"]["same_day"]``."""

    def __init__(self, data: dict[str, Any], prefix: str = ""):
        self._data = data
        self._prefix = prefix

    def __getattr__(self, key: str) -> Any:
        if key.startswith("_"):
            raise AttributeError(key)
        return self[key]

    def __getitem__(self, key: str) -> Any:
        try:
            value = self._data[key]
        except KeyError:
            raise KeyError(f"UI string '{self._prefix}{key}' is missing from the strings file") from None
        return Strings(value, f"{self._prefix}{key}.") if isinstance(value, dict) else value


def load_strings(locale: str, search_dirs: list[Path]) -> Strings:
    """First ``strings/<locale>.yaml`` found in ``search_dirs`` (portal overrides first)."""
    for directory in search_dirs:
        candidate = directory / "strings" / f"{locale}.yaml"
        if candidate.is_file():
            return Strings(yaml.safe_load(candidate.read_text(encoding="utf-8")))
    raise FileNotFoundError(f"no strings/{locale}.yaml in {', '.join(map(str, search_dirs))}")
