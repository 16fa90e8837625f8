"""A pytest plugin for scripts/mutation.sh only (``-p tests.mutation_order``): run the quickest test
files first, and the quickest tests of each file first, by the durations mutmut measured
(``mutmut-stats.json`` in the working folder). With ``-x`` a mutant is killed by the first failing test,
so a mutant a quick unit test catches no longer waits for the tests that read a whole portal. Files
stay together (a module fixture is set up once). Without that file (mutmut's own first run), nothing
changes."""

from __future__ import annotations

import json
from pathlib import Path


def pytest_collection_modifyitems(session, config, items) -> None:
    try:
        durations = json.loads(Path("mutmut-stats.json").read_text(encoding="utf-8"))["duration_by_test"]
    except (OSError, ValueError, KeyError, TypeError):
        return
    per_file: dict[str, float] = {}
    for item in items:
        per_file[item.location[0]] = per_file.get(item.location[0], 0.0) + durations.get(item.nodeid, 0.0)
    items.sort(key=lambda item: (per_file[item.location[0]], item.location[0], durations.get(item.nodeid, 0.0)))
