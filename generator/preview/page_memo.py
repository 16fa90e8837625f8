"""Rendered pages remembered between restages of ``portal serve``: a page is rendered again only when
its own variables or the variables every page shares changed.

Keys are built from the values themselves: text, numbers, dates, and frozen dataclasses (Procedure,
Agency, SpanFigures, Span …) compare by value, so a procedure re-read from an edited file equals its old
self unless something in it changed. Anything else (a DataFrame, the published statistics) is
compared by identity: such objects are reused by the preview's caches only while their inputs are
unchanged, and a new object always renders again. Never used by ``portal build``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any, Callable, Hashable, Mapping

from ..render.page_plan import Page
from .file_cache import SameObjects

_PLAIN = (str, int, float, bool, bytes, dt.date, type(None))


class Digests:
    """Each frozen dataclass's hash, computed once per object. A frozen dataclass computes its hash again on
    every call, through every field: a procedure listed on ten pages was hashed, deeply, ten times per restage
    (10 million calls, most of a restage at 2,000 procedures). Objects the preview's caches hand back unchanged
    (the same procedures, agencies, figures) keep their digest from one restage to the next."""

    def __init__(self) -> None:
        self._now: dict[int, tuple[Any, int]] = {}  # id → (the object, kept alive so the id stays its own; digest)
        self._before: dict[int, tuple[Any, int]] = {}

    def next_round(self) -> None:
        """Forget the objects not seen since the previous round."""
        self._before, self._now = self._now, {}

    def of(self, value: Any) -> int:
        key = id(value)
        entry = self._now.get(key)
        if entry is None:
            entry = self._before.get(key)
            if entry is None or entry[0] is not value:
                try:
                    digest = hash(value)
                except TypeError:  # holds something unhashable: its fields one by one
                    digest = hash((type(value), tuple(self.hashable(getattr(value, f.name)) for f in dataclasses.fields(value))))
                entry = (value, digest)
            self._now[key] = entry
        return entry[1]

    def hashable(self, value: Any) -> Any:
        """A hashable value equal to ``hashable(other)`` exactly when a page would render both the same."""
        kind = _KINDS.get(type(value)) or _kind(type(value))
        if kind == "plain":
            return value
        if kind == "map":
            return ("map", tuple((key, self.hashable(item)) for key, item in value.items()))
        if kind == "seq":
            return ("seq", tuple(map(self.hashable, value)))
        if kind == "dataclass":
            return ("dataclass", type(value).__qualname__, self.of(value))
        return SameObjects([value])


_KINDS: dict[type, str] = {}  # type → how hashable() treats its values (isinstance on typing.Mapping is slow)


def _kind(cls: type) -> str:
    if issubclass(cls, _PLAIN):
        kind = "plain"
    elif issubclass(cls, Mapping):
        kind = "map"
    elif issubclass(cls, (list, tuple)):
        kind = "seq"
    elif dataclasses.is_dataclass(cls) and cls.__dataclass_params__.frozen:
        kind = "dataclass"
    else:
        kind = "other"
    _KINDS[cls] = kind
    return kind


def hashable(value: Any) -> Any:
    """:meth:`Digests.hashable` with digests of its own (one key, nothing remembered)."""
    return Digests().hashable(value)


class PageMemo:
    """The pages rendered at the previous restage, each with the key of the variables it was rendered from."""

    def __init__(self) -> None:
        self._pages: dict[str, tuple[int, Any, bytes]] = {}  # path → (hash of the key, the key, bytes)
        self._digests = Digests()
        self.rendered = 0  # pages rendered at the last restage (tests, benchmarks)

    def render(self, pages: list[Page], shared: Mapping[str, Any], render: Callable[[Page], bytes],
               salt: Hashable = None) -> dict[str, bytes]:
        """Like :func:`generator.render.site_files.render_each`, rendering only pages whose variables changed.
        ``salt``: what every page also depends on besides its variables (the templates, the UI strings).

        The key's hash stands for the key: comparing thousands of contexts field by field took seconds at 2,000
        procedures; a 64-bit hash of an edited page's context colliding with its old one is negligible for a
        preview (and the next edit renders it anyway). The key itself is kept with the page, so that objects
        compared by identity stay alive and their identities are never reused by new objects."""
        self._digests.next_round()
        freeze = self._digests.hashable
        shared_key = freeze(shared)
        shared_digest = hash((shared_key, salt))  # once, not once per page (it holds every agency and procedure)
        kept: dict[str, tuple[int, Any, bytes]] = {}
        self.rendered = 0
        for page in pages:
            key = (page.template, freeze(page.context))
            digest = hash((key, shared_digest))
            entry = self._pages.get(page.path)
            if entry is None or entry[0] != digest:
                entry = (digest, (key, shared_key), render(page))
                self.rendered += 1
            kept[page.path] = entry
        self._pages = kept  # pages no longer planned are forgotten
        return {path: entry[2] for path, entry in kept.items()}
