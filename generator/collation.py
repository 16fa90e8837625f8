"""Vietnamese alphabetical order (CLDR ``vi``) for every list a person reads.

Python's ``sorted()`` orders by code point: ``Đ`` after ``Z``, ``ă`` after ``o``.
The Unicode Collation Algorithm (``pyuca``, DUCET) gets most of the way but treats
``ă â ê ô ơ ư`` and ``đ`` as accented forms of their base letter (a secondary
difference), so "Đất" sorts among the "D" words. CLDR's Vietnamese tailoring fixes
that, and this module applies it to pyuca's table:

    &a < ă < â    &d < đ    &e < ê    &o < ô < ơ    &u < ư        (new letters: primary)
    &̀ << ̉ << ̃ << ́ << ̣                                        (tones: secondary, in this order)

Each new letter gets a primary weight just after its base letter (a float between the
base's weight and the next one, so nothing else moves); the tones keep secondary
weights, reordered after the grave accent. Lower/upper case stay a tertiary
difference, as in CLDR.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Callable, Iterable, TypeVar

T = TypeVar("T")

# (base letter, combining mark or None for a letter of its own, offset after the base's primary)
_LETTERS = (
    ("a", "\u0306", 0.3), ("a", "\u0302", 0.6),  # ă, â
    ("d", None, 0.5),  # đ (U+0111, not decomposable)
    ("e", "\u0302", 0.5),  # ê
    ("o", "\u0302", 0.3), ("o", "\u031b", 0.6),  # ô, ơ
    ("u", "\u031b", 0.5),  # ư
)
_STROKED = {"d": "\u0111", "D": "\u0110"}
# tones after the grave accent, before the next secondary weight: grave < hook < tilde < acute < dot below
_TONES = ("\u0300", "\u0309", "\u0303", "\u0301", "\u0323")


@lru_cache(maxsize=1)
def _collator():
    import pyuca

    collator = pyuca.Collator()
    table = collator.table

    def element(chars: str) -> list[int]:
        value = table.find_prefix([ord(c) for c in chars])[1]
        return list(value[0])

    for base, mark, offset in _LETTERS:
        for letter in (base, base.upper()):
            primary, secondary, tertiary = element(letter)
            chars = [ord(_STROKED[letter])] if mark is None else [ord(letter), ord(mark)]
            table.add(chars, [[primary + offset, secondary, tertiary]])
    grave = element(_TONES[0])
    for step, tone in enumerate(_TONES):
        table.add([ord(tone)], [[0, grave[1] + step / len(_TONES), grave[2]]])
    return collator


@lru_cache(maxsize=65536)
def _word_elements(word: str) -> tuple:
    """pyuca's collation elements of one word (NFD, no space in it)."""
    return tuple(_collator().collation_elements(word))


@lru_cache(maxsize=65536)
def sort_key(text: str) -> tuple:
    """The key that orders ``text`` as a Vietnamese reader expects (ties: the text itself).

    pyuca's ``sort_key``, put together word by word: no contraction of the table (DUCET's or the
    tailoring's) holds a space, and a space is a starter, so a text's collation elements are its words'
    and spaces' in order; the words recur from name to name (2,130 names: 0.17 → 0.06 s)."""
    elements: list = []
    for index, word in enumerate(unicodedata.normalize("NFD", text).split(" ")):
        if index:
            elements += _word_elements(" ")
        if word:
            elements += _word_elements(word)
    return (_collator().sort_key_from_collation_elements(elements), text)


def sorted_by_name(items: Iterable[T], name: Callable[[T], str]) -> list[T]:
    """``items`` in Vietnamese order of ``name(item)`` (stable for equal names)."""
    return sorted(items, key=lambda item: sort_key(name(item)))
