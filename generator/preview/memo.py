"""The pipeline's stages as ``portal serve`` runs them: each remembers its result while its inputs stay the same.

:class:`MemoisedStages` wraps the plain stage functions of :class:`generator.pipeline.Stages`; the stages
themselves know nothing of it, and ``portal build`` runs them plainly. What each wrapper keys on:

* a catalogue or statistics file: its path and signature (mtime, ctime, size, inode): unchanged files are
  not parsed again, deleted ones are forgotten after the restage (:meth:`FileCache.sweep`);
* the statistics rules: the tables read (by identity: the same objects while no file changed), the agency
  ids and procedure codes, and the day of the build;
* the dossier figures: the signatures of the files of ``dossiers/`` (or ``--dossiers``), of the stored
  aggregates and of ``calendar.yaml``, what the dossiers read of the catalogue (ids, codes, time limits,
  fees, fields, levels), the limits and the reported rows (by identity) — so editing a procedure's name
  or steps does not read the dossiers again;
* the figures: the statistics rows and dossier figures (by identity) and the grouping (fields, levels);
* each page: see :mod:`.page_memo`; the large open-data tables: the figures (by identity); the catalogue's
  tables: their content.
"""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

from jinja2 import BytecodeCache

from ..dossiers.read import DossierSpec, list_dossier_sources
from ..dossiers.working_days import CALENDAR_FILE
from ..figures.combine import combined_figures
from ..load.catalogue_files import parse_catalogue_file
from ..load.statistics_files import read_statistics_file
from ..models import Catalogue
from ..paths import PortalPaths
from ..pipeline import PreparedSite, Stages, prepare_site
from ..portal import LoadStages
from ..render.open_data import STATISTICS_TABLES, table_files
from ..render.environment import create_environment
from ..render.site_files import RenderStages
from ..render.ui_strings import load_strings
from ..scale import store
from ..scale.stored import stored_or_read
from ..validate.catalogue import check_procedure
from ..validate.statistics_rules import validate_statistics
from .file_cache import FileCache, SameObjects, file_signature
from .page_memo import PageMemo


def _signature(path: Path) -> tuple[int, int, int, int] | None:
    try:
        return file_signature(path)
    except OSError:
        return None


def _tree_signature(folder: Path) -> tuple | None:
    """Every file under ``folder`` with its signature (None when there is no such folder)."""
    if not folder.is_dir():
        return None
    return tuple((p.as_posix(), _signature(p)) for p in sorted(folder.rglob("*")) if p.is_file())


def dossier_inputs(catalogue: Catalogue) -> tuple:
    """What the dossier checks and figures read of the catalogue (dossiers/pipeline.py: check_context,
    aggregation_context): agency ids and levels; procedure codes, time limits, fees charged and fields."""
    return (tuple((a.id, a.level) for a in catalogue.agencies.values()),
            tuple((p.code, float(p.processing_time.days), p.processing_time.unit, any(f.amount > 0 for f in p.fees), p.field)
                  for p in catalogue.procedures))


class TemplatesInMemory(BytecodeCache):
    """Compiled templates kept between restages; Jinja compiles a template again when its source changed
    (the bucket's checksum), so an edited override is picked up at the next restage."""

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:  # noqa: ANN001 - jinja2.bccache.Bucket
        if bucket.key in self._compiled:
            bucket.bytecode_from_string(self._compiled[bucket.key])

    def dump_bytecode(self, bucket) -> None:  # noqa: ANN001
        self._compiled[bucket.key] = bucket.bytecode_to_string()


class MemoisedStages:
    """The stages of :func:`generator.pipeline.prepare_site`, remembering between restages (see the module)."""

    def __init__(self) -> None:
        self.cache = FileCache()
        self.pages = PageMemo()
        self.templates = TemplatesInMemory()
        self._templates_read: tuple = ()  # signatures of the template folders and strings files of this restage
        self._strings_read: tuple = ()
        self.dossier_reads = 0  # how many times the dossier figures were computed (tests, benchmarks)
        self.stages = Stages(
            load=LoadStages(parse_catalogue_file=self._parse_catalogue_file, check_procedure=self._check_procedure,
                            read_statistics_file=self._read_statistics_file,
                            validate_statistics=self._validate_statistics, read_dossiers=self._read_dossiers),
            figures=self._figures,
            render=RenderStages(render_pages=self._render_pages, open_data_table=self._open_data_table,
                                environment=self._environment, strings=self._strings),
        )

    def prepare_site(self, paths: PortalPaths) -> PreparedSite:
        """:func:`generator.pipeline.prepare_site` with these stages; files no longer there are forgotten."""
        try:
            return prepare_site(paths, stages=self.stages)
        finally:
            self.cache.sweep()

    def _parse_catalogue_file(self, paths: PortalPaths, file: Path, agency_id: str):  # noqa: ANN202
        return self.cache.get(("catalogue", agency_id), file, lambda: parse_catalogue_file(paths, file, agency_id))

    def _check_procedure(self, parsed: Any, agency: Any):  # noqa: ANN202
        """The same Procedure object while its file and agency are unchanged (so pages keep their digests)."""
        return self.cache.remember(("procedure", parsed.path), (SameObjects([parsed]), agency), lambda: check_procedure(parsed, agency))

    def _read_statistics_file(self, paths: PortalPaths, file: Path):  # noqa: ANN202
        return self.cache.get("statistics", file, lambda: read_statistics_file(paths, file))

    def _validate_statistics(self, tables: list, agency_ids: set[str], codes: set[str], today: Any):  # noqa: ANN202
        key = (SameObjects(tables), frozenset(agency_ids), frozenset(codes), today)  # the tables: cached, so the same objects
        return self.cache.remember("statistics", key, lambda: validate_statistics(tables, agency_ids, codes, today))

    def _read_dossiers(self, paths: PortalPaths, catalogue: Catalogue, settings: Any, reported: Any,
                       reported_files: tuple[str, ...] = (), location: str | None = None,
                       aggregates: str | None = None):  # noqa: ANN202
        def read():  # noqa: ANN202
            self.dossier_reads += 1
            return stored_or_read(paths, catalogue, settings, reported, reported_files, location, aggregates)

        if location is not None and "://" in location:
            return read()  # a remote location has no signature to compare: read it each time
        sources = tuple((s.location, _signature(Path(s.location))) for s in list_dossier_sources(DossierSpec(paths.root, location)))
        folder = Path(aggregates).resolve() if aggregates else store.default_aggregates(paths)
        key = (sources, _tree_signature(folder), _signature(paths.root / CALENDAR_FILE), dossier_inputs(catalogue),
               settings, SameObjects([reported]), tuple(reported_files), location, aggregates)
        return self.cache.remember("dossiers", key, read)

    def _figures(self, statistics: Any, dossiers: Any, fields: tuple, levels: tuple):  # noqa: ANN202
        key = (SameObjects([statistics, dossiers]), fields, levels)  # both cached: the same objects while unchanged
        return self.cache.remember("figures", key, lambda: combined_figures(statistics, dossiers, fields, levels))

    def _environment(self, template_dirs: list[Path], formatter: Any):  # noqa: ANN202 - jinja2.Environment
        self._templates_read = tuple(_tree_signature(folder) for folder in template_dirs)
        return create_environment(template_dirs, formatter, self.templates)

    def _render_pages(self, pages: list, shared: Any, render: Any) -> dict[str, bytes]:
        """Pages rendered again when their variables changed, or a template or the UI strings did."""
        return self.pages.render(pages, shared, render, salt=(self._templates_read, self._strings_read))

    def _strings(self, locale: str, folders: list[Path]):  # noqa: ANN202 - Strings
        key = tuple(_signature(folder / "strings" / f"{locale}.yaml") for folder in folders)
        self._strings_read = key
        return self.cache.remember("strings", (locale, tuple(folders), key), lambda: load_strings(locale, folders))

    def _open_data_table(self, table: Any) -> dict[str, bytes]:
        """:func:`generator.render.open_data.table_files`, written again only when the table changed: the
        statistics' tables are made with the figures (the same objects while the figures are remembered),
        the catalogue's are made on each restage and compared by content (their workbook takes the time)."""
        if table.name in STATISTICS_TABLES:
            return self.cache.remember(("open_data", table.name), SameObjects([table]), lambda: table_files(table))
        content = pickle.dumps((table.fields, table.primary_key, table.columns, table.foreign_keys))
        return self.cache.remember(("open_data", table.name), content, lambda: table_files(table))
