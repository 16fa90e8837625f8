"""Rendered pages remembered between restages of ``portal serve``: a page is rendered again only when
its own variables or the variables every page shares changed.

Keys are built from the values themselves: text, numbers, dates, and frozen dataclasses (Procedure,
Agency, Figures, Span …) compare by value, so a procedure re-read from an edited file equals its old
self unless something in it changed. Anything else (a DataFrame, the published statistics) is
compared by identity: such objects are reused by the preview's caches only while their inputs are
unchanged, and a new object always renders again. Never used by ``portal build``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any, Callable, Mapping

from ..load.file_cache import FileCache, Same

_PLAIN = (str, int, float, bool, bytes, dt.date, type(None))


def frozen(value: Any) -> Any:
    """A hashable value equal to ``frozen(other)`` exactly when a page would render both the same."""
    if isinstance(value, _PLAIN):
        return value
    if isinstance(value, Mapping):
        return ("map", tuple((key, frozen(item)) for key, item in value.items()))
    if isinstance(value, (list, tuple)):
        return ("seq", tuple(frozen(item) for item in value))
    if dataclasses.is_dataclass(value) and not isinstance(value, type) and value.__dataclass_params__.frozen:
        try:
            hash(value)
            return value
        except TypeError:  # holds something unhashable: compare its fields one by one
            return (type(value), tuple(frozen(getattr(value, f.name)) for f in dataclasses.fields(value)))
    return Same([value])


def render_remembered(cache: FileCache, path: str, template: str, context: Mapping[str, Any], shared_key: Any,
                      render: Callable[[], str]) -> str:
    # The key's hash stands for the key: comparing thousands of contexts field by field took seconds at
    # 2,000 procedures; a 64-bit hash of an edited page's context colliding with its old one is negligible
    # for a preview (and the next edit renders it anyway).
    key = hash((template, frozen(context), shared_key))
    return cache.remember(("page", path), key, render)
