"""What `portal build` still holds while MkDocs runs (MkDocs holds every page on top of it).

The statistics rows, the dossiers, the figures, the open data tables and the staged pages' bytes are
render's inputs and outputs; once the pages are staged only the catalogue, the settings, the changes
and what post-build writes are read again. On the 2,000-procedure benchmark portal that is about
300 MB (BENCHMARKS.md). A real build of the sample portal; MkDocs is the real one, only watched.
"""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

import generator.commands.build as build_command
from generator.commands.build import build


def test_render_inputs_are_let_go_before_mkdocs_runs(sample_copy: Path, tmp_path: Path, monkeypatch):
    watched: dict[str, weakref.ref] = {}
    prepare, run_mkdocs = build_command.prepare_site, build_command.run_mkdocs

    def watching_prepare(*args, **kwargs):
        prepared = prepare(*args, **kwargs)
        assert prepared.portal.statistics is not None and prepared.computed.statistics is not None
        assert prepared.portal.dossiers is not None and prepared.computed.open_data
        watched.update(
            statistics_rows=weakref.ref(prepared.portal.statistics.rows),
            dossiers=weakref.ref(prepared.portal.dossiers),
            figures=weakref.ref(prepared.computed.statistics),
            figures_table=weakref.ref(prepared.computed.statistics.table),
            prepared_site=weakref.ref(prepared.site),
        )
        return prepared

    still_held: list[str] = []

    def watching_mkdocs(config_file: Path, site_dir: Path, jobs: int):
        gc.collect()
        still_held.extend(name for name, ref in watched.items() if ref() is not None)
        return run_mkdocs(config_file, site_dir, jobs)

    monkeypatch.setattr(build_command, "prepare_site", watching_prepare)
    monkeypatch.setattr(build_command, "run_mkdocs", watching_mkdocs)
    report = build(sample_copy, tmp_path / "site", strict=True)
    assert report.procedures > 0 and (tmp_path / "site" / "index.html").is_file()
    assert sorted(watched) == ["dossiers", "figures", "figures_table", "prepared_site", "statistics_rows"]
    assert still_held == [], f"still referenced while MkDocs runs: {still_held}"
