"""The site's UI text, read from ``site_templates/strings/<locale>.yaml``.

Templates use ``t.section.key``; a missing key is an error at build time
(never an empty label on the site).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


class Strings:
    """Read-only nested access: ``t.procedure.fees``; ``t["time"]["same_day"]``.

    Every value is made once, when the file is read, and each key is also an attribute of the object: a
    template's ``t.section.key`` is a plain attribute lookup (a 2,000-procedure build reads 1.2 million of
    them). Only a missing key goes through :meth:`__getattr__`, which names it."""

    def __init__(self, data: dict[str, Any], prefix: str = ""):
        self._data = data
        self._prefix = prefix
        self._values = {key: Strings(value, f"{prefix}{key}.") if isinstance(value, dict) else value
                        for key, value in data.items()}
        self.__dict__.update((key, value) for key, value in self._values.items()
                             if isinstance(key, str) and not key.startswith("_"))

    def __getattr__(self, key: str) -> Any:  # only for a key the strings file does not have
        if key.startswith("_"):
            raise AttributeError(key)
        return self[key]

    def __getitem__(self, key: str) -> Any:
        try:
            return self._values[key]
        except KeyError:
            raise KeyError(f"UI string '{self._prefix}{key}' is missing from the strings file") from None


def load_strings(locale: str, search_dirs: list[Path]) -> Strings:
    """First ``strings/<locale>.yaml`` found in ``search_dirs`` (portal overrides first)."""
    for directory in search_dirs:
        candidate = directory / "strings" / f"{locale}.yaml"
        if candidate.is_file():
            return Strings(yaml.safe_load(candidate.read_text(encoding="utf-8")))
    raise FileNotFoundError(f"no strings/{locale}.yaml in {', '.join(map(str, search_dirs))}")
