"""The benchmark keeps working: a tiny run (20 procedures, 3 months) end to end. Nothing here is timed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


REPO = Path(__file__).resolve().parent.parent


def test_synthetic_portal_is_valid(tmp_path: Path):
    from benchmarks.synthetic import generate_portal
    from generator.paths import PortalPaths
    from generator.portal import read_portal

    summary = generate_portal(tmp_path / "portal", 20, months=3, communes=4)
    portal = read_portal(PortalPaths.at(summary.root), strict=True)  # no warnings either: carried_over chains
    assert len(portal.catalogue.procedures) == 20
    assert {a.level for a in portal.catalogue.agencies.values()} == {"province", "district", "commune"}
    assert len(portal.statistics.rows) == summary.statistics_rows > 0


def test_benchmark_runs_at_a_tiny_size(tmp_path: Path):
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-m", "benchmarks", "--sizes", "20", "--months", "3", "--communes", "4",
                           "--out", str(tmp_path / "work")], cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "ratio portal build / bare mkdocs" in done.stdout
    results = json.loads((tmp_path / "work" / "results.json").read_text())
    size = results["sizes"][0]
    assert size["n"] == 20 and size["build"]["peak_rss_mb"] > 0 and size["mkdocs"]["wall"] > 0
    assert {"load", "validate", "statistics_validate", "render", "mkdocs"} <= size["stages"].keys()
    assert size["site"]["search_index_bytes"] > 0 and size["site"]["procedure_page_median"] > 0
