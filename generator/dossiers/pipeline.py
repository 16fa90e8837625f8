"""Dossier records of one portal, read → checked → aggregated on one machine (the Dask path is issue 12's)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..errors import Problem
from ..models import Catalogue
from .aggregate import AggregationContext, DossierPartials, as_of_partial, combine_partials, partial_aggregates
from .check import CheckContext, check_dossiers, check_header, duplicate_problems
from .finish import DossierFigures, finish
from .read import DossierReadError, DossierSource, DossierSpec, list_dossier_sources, read_dossier_source
from .working_days import WorkCalendar


@dataclass(frozen=True)
class DossierSettings:
    min_dossiers_quantile: int = 20
    min_dossiers_share: int = 10


def _unreadable(source: DossierSource, reason: str) -> Problem:
    if reason == "not-utf8":
        return Problem(source.name, 0, 0, "dossier-not-utf8", "Tệp hồ sơ không phải văn bản UTF-8.",
                       hint="Lưu lại tệp CSV với mã hoá UTF-8 (Excel: 'CSV UTF-8').")
    if reason == "empty":
        return Problem(source.name, 0, 0, "dossier-empty-file", "Tệp hồ sơ trống (không có dòng tiêu đề).",
                       hint="Xuất lại dữ liệu hoặc xoá tệp này.")
    return Problem(source.name, 0, 0, "dossier-unreadable", f"Không đọc được tệp hồ sơ: {reason}",
                   hint="Kiểm tra tệp là Parquet hoặc CSV hợp lệ (xuất lại từ hệ thống một cửa).")


def check_context(catalogue: Catalogue) -> CheckContext:
    return CheckContext(frozenset(catalogue.agencies), frozenset(p.code for p in catalogue.procedures))


def aggregation_context(catalogue: Catalogue, calendar: WorkCalendar, as_of: pd.Timestamp,
                        settings: DossierSettings = DossierSettings()) -> AggregationContext:
    procedures = catalogue.procedures
    return AggregationContext(
        as_of=as_of, calendar=calendar,
        limits={p.code: (float(p.processing_time.days), p.processing_time.unit) for p in procedures},
        fee_procedures=frozenset(p.code for p in procedures if any(fee.amount > 0 for fee in p.fees)),
        procedure_fields={p.code: p.field for p in procedures},
        agency_levels={a.id: a.level for a in catalogue.agencies.values()},
        min_dossiers_quantile=settings.min_dossiers_quantile, min_dossiers_share=settings.min_dossiers_share,
    )


def read_checked(sources: list[DossierSource], ctx: CheckContext) -> tuple[list[pd.DataFrame], list[Problem]]:
    frames, problems = [], []
    for source in sources:
        try:
            raw = read_dossier_source(source)
        except DossierReadError as exc:
            problems.append(_unreadable(source, str(exc)))
            continue
        problems += check_header(source.name, raw.attrs.get("header", []))
        typed, found = check_dossiers(raw, source.name, ctx)
        del raw
        problems += found
        frames.append(typed)
    problems += duplicate_problems(frames)
    return frames, problems


def aggregate_checked(frames: list[pd.DataFrame], catalogue: Catalogue, calendar: WorkCalendar,
                      settings: DossierSettings = DossierSettings()) -> tuple[DossierPartials, AggregationContext] | None:
    """as-of (max over partitions) → partial counts per partition → their sum. None when there is no dossier."""
    stamps = [t for t in (as_of_partial(f) for f in frames) if t is not None]
    if not stamps:
        return None
    ctx = aggregation_context(catalogue, calendar, max(stamps), settings)
    return combine_partials([partial_aggregates(f, ctx) for f in frames]), ctx


def source_not_found(location: str) -> Problem:
    return Problem(location, 0, 0, "dossier-source-not-found", f"Không tìm thấy tệp hồ sơ (.parquet, .csv) nào ở '{location}'.",
                   hint="Kiểm tra đường dẫn, mẫu tên (glob) hoặc địa chỉ đưa cho --dossiers.")


def dossier_figures(spec: DossierSpec, catalogue: Catalogue, calendar: WorkCalendar,
                    settings: DossierSettings = DossierSettings(), spans=None) -> tuple[DossierFigures | None, list[Problem]]:
    """None when there are no dossier files (or when an error was found); the problems either way."""
    sources = list_dossier_sources(spec)
    if not sources:
        return None, [source_not_found(spec.location)] if spec.location else []
    frames, problems = read_checked(sources, check_context(catalogue))
    if any(p.is_error for p in problems):
        return None, problems
    combined = aggregate_checked(frames, catalogue, calendar, settings)
    return (finish(*combined, spans) if combined else None), problems
