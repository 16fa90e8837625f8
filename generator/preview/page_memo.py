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
    """Each frozen dataclass's digest, computed once per object. A frozen dataclass computes its hash again on
    every call, through every field: a procedure listed on ten pages was hashed, deeply, ten times per restage
    (10 million calls, most of a restage at 2,000 procedures). Objects the preview's caches hand back unchanged
    (the same procedures, agencies, figures) keep their digest from one restage to the next.

    A dataclass's digest is made from its fields' own keys, so a new object holding known ones (a field's
    group of procedures, planned again at every restage) costs one look-up per field, not a deep hash. A list
    or tuple made only of text, numbers, dates and frozen dataclasses is remembered by the identities of its
    items: the lists of procedures planned again at each restage hold the same objects but one."""

    def __init__(self) -> None:
        self._now: dict[int, tuple[Any, int]] = {}  # id → (the object, kept alive so the id stays its own; digest)
        self._before: dict[int, tuple[Any, int]] = {}
        self._seqs_now: dict[tuple[int, ...], tuple[tuple, Any]] = {}  # items' ids → (the items, kept alive; key)
        self._seqs_before: dict[tuple[int, ...], tuple[tuple, Any]] = {}

    def next_round(self) -> None:
        """Forget the objects not seen since the previous round."""
        self._before, self._now = self._now, {}
        self._seqs_before, self._seqs_now = self._seqs_now, {}

    def of(self, value: Any) -> int:
        key = id(value)
        entry = self._now.get(key)
        if entry is None:
            entry = self._before.get(key)
            if entry is None or entry[0] is not value:
                entry = (value, hash((type(value), tuple(
                    item if _KINDS.get(type(item)) == "plain" else self._field(item) for item in _field_values(value)))))
            self._now[key] = entry
        return entry[1]

    def _field(self, value: Any) -> Any:
        """A dataclass field's key: as :meth:`hashable`, but a hashable object of any other kind by its own
        hash (as the dataclass's own hash would take it)."""
        if (_KINDS.get(type(value)) or _kind(type(value))) == "other":
            try:
                return ("hash", hash(value))
            except TypeError:
                return SameObjects([value])
        return self.hashable(value)

    def _seq(self, value: Any) -> Any:
        ids = tuple(map(id, value))
        entry = self._seqs_now.get(ids)
        if entry is None:
            entry = self._seqs_before.get(ids)
            if entry is None:
                items = tuple(value)
                key = ("seq", tuple(map(self.hashable, items)))
                if not all(_KINDS[type(item)] in _LASTING for item in items):
                    return key  # holds a list, a mapping or an object compared by identity: not remembered
                entry = (items, key)
            self._seqs_now[ids] = entry
        return entry[1]

    def hashable(self, value: Any) -> Any:
        """A hashable value equal to ``hashable(other)`` exactly when a page would render both the same."""
        kind = _KINDS.get(type(value)) or _kind(type(value))
        if kind == "plain":
            return value
        if kind == "dataclass":
            return ("dataclass", type(value).__qualname__, self.of(value))
        if kind == "seq":
            return self._seq(value)
        if kind == "map":
            return ("map", tuple((key, self.hashable(item)) for key, item in value.items()))
        return SameObjects([value])


_KINDS: dict[type, str] = {}  # type → how hashable() treats its values (isinstance on typing.Mapping is slow)
_LASTING = frozenset({"plain", "dataclass"})  # values whose key never changes while the object lives
_FIELDS: dict[type, tuple[str, ...]] = {}  # a dataclass's field names


def _field_values(value: Any) -> list[Any]:
    names = _FIELDS.get(type(value))
    if names is None:
        names = _FIELDS[type(value)] = tuple(f.name for f in dataclasses.fields(value))
    return [getattr(value, name) for name in names]


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
