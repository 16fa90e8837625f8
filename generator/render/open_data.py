"""Open data: the catalogue, the validated statistics and the computed figures as CSV, XLSX and JSON.

Pure: returns ``{path under docs: bytes}``; MkDocs copies the files as they are.
Everything is described by a Frictionless ``du-lieu/datapackage.json`` (field
types, primary keys, foreign keys). Output is deterministic: rows sorted,
rates rounded to 6 decimals and times to 2, no timestamps. Codes are
``string`` fields and are written exactly as in the catalogue (``1.001540``).
CSV files start with a UTF-8 byte-order mark (Excel opened by double-click
reads Vietnamese correctly only then); in CSV and XLSX, text cells that a
spreadsheet would run as a formula are neutralised (:mod:`.formula_cells`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Iterable

import pandas as pd

from ..figures.aggregate import DECIMAL_COLUMNS, FIGURE_COLUMNS, KEY_COLUMNS, RATE_COLUMNS
from ..figures.published import PublishedStatistics
from ..models import Catalogue
from ..statistics_columns import ALL_COLUMNS, AVG_DAYS, COUNT_COLUMNS
from . import dossier_open_data
from .. import urls
from .formula_cells import neutralise_column
from .open_data_xlsx import MAX_ROWS as XLSX_MAX_ROWS, to_xlsx
from .page_plan import Page

RATE_DIGITS, DAYS_DIGITS = 6, 2
SMALL_TABLE = 20_000
UTF8_BOM = "\ufeff"
XLSX_MEDIATYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Resource:
    name: str  # file stem, also the Frictionless resource name
    fields: list[dict[str, Any]]
    primary_key: list[str]
    frame: pd.DataFrame  # columns in field order; NaN/None = missing
    foreign_keys: tuple[dict[str, Any], ...] = ()

    @property
    def title(self) -> str:
        return TITLES[self.name]


TITLES = {
    "co-quan": "Cơ quan giải quyết thủ tục hành chính",
    "thu-tuc": "Danh mục thủ tục hành chính",
    "thong-ke-hang-thang": "Số liệu hằng tháng đã kiểm tra",
    "so-lieu-tong-hop": "Số liệu tổng hợp theo tháng, quý, năm",
    dossier_open_data.OVERDUE_NOW: dossier_open_data.OVERDUE_TITLE,
}
AGENCY_KEY = ({"fields": "agency", "reference": {"resource": "co-quan", "fields": "id"}},)


def _field(name: str, type_: str, description: str = "", **extra: Any) -> dict[str, Any]:
    field = {"name": name, "type": type_, **extra}
    if description:
        field["description"] = description
    return field


def _frame(fields: list[dict[str, Any]], records: list[dict[str, Any]]) -> pd.DataFrame:
    return pd.DataFrame(records, columns=[f["name"] for f in fields], dtype=object)  # no type inference: 15 stays 15


def _plain(days: float) -> float | int:
    """15.0 → 15, as editors write it (0.5 stays 0.5)."""
    return int(days) if float(days).is_integer() else days


def _agencies(catalogue: Catalogue) -> Resource:
    fields = [_field("id", "string", "mã cơ quan (tên thư mục trong procedures/)"), _field("name", "string"),
              _field("level", "string", constraints={"enum": ["central", "province", "district", "commune"]}),
              _field("parent", "string"), _field("address", "string"), _field("phone", "string"),
              _field("email", "string"), _field("website", "string"), _field("hours", "string"), _field("url", "string")]
    records = [{"id": a.id, "name": a.name, "level": a.level, "parent": a.parent, "address": a.address, "phone": a.phone,
                "email": a.email, "website": a.website, "hours": a.hours, "url": urls.agency_url(a.id)}
               for a in catalogue.agencies.values()]
    return Resource("co-quan", fields, ["id"], _frame(fields, records))


def _procedures(catalogue: Catalogue) -> Resource:
    fields = [_field("code", "string", "mã thủ tục (văn bản, không phải số)"), _field("name", "string"),
              _field("field", "string"), _field("level", "string"), _field("agency", "string"),
              _field("processing_days", "number", "thời hạn giải quyết theo quy định"),
              _field("processing_unit", "string", constraints={"enum": ["working_days", "calendar_days"]}),
              _field("fees_total", "integer", "tổng phí, lệ phí (đồng)"), _field("online_level", "string"),
              _field("online_url", "string"), _field("postal_submit", "boolean"), _field("postal_return", "boolean"),
              _field("status", "string"), _field("updated", "date"), _field("url", "string")]
    records = [{"code": p.code, "name": p.name, "field": p.field, "level": p.level, "agency": p.agency_id,
                "processing_days": _plain(p.processing_time.days), "processing_unit": p.processing_time.unit,
                "fees_total": sum(f.amount for f in p.fees), "online_level": p.online.level if p.online else None,
                "online_url": p.online.url if p.online else None, "postal_submit": p.postal.submit,
                "postal_return": p.postal.return_result, "status": p.status,
                "updated": p.updated.isoformat() if p.updated else None, "url": urls.procedure_url(p.code, p.name)}
               for p in catalogue.procedures]
    return Resource("thu-tuc", fields, ["code"], _frame(fields, records), AGENCY_KEY)


def _monthly(stats: PublishedStatistics) -> Resource:
    fields = [_field("period", "string", "tháng, YYYY-MM", constraints={"pattern": r"\d{4}-\d{2}"}),
              _field("agency", "string"),
              _field("procedure", "string", "mã thủ tục; '-' = số liệu không tách theo thủ tục")]
    fields += [_field(c, "integer", constraints={"minimum": 0}) for c in COUNT_COLUMNS]
    fields.append(_field(AVG_DAYS, "number"))
    frame = stats.rows[list(ALL_COLUMNS)].copy()
    frame["procedure"] = frame["procedure"].where(frame["procedure"] != "", "-")
    frame[AVG_DAYS] = frame[AVG_DAYS].round(DAYS_DIGITS)
    return Resource("thong-ke-hang-thang", fields, ["period", "agency", "procedure"], frame, AGENCY_KEY)


def _figures(stats: PublishedStatistics) -> Resource:
    fields = [_field("span_kind", "string", constraints={"enum": ["month", "quarter", "year", "last12"]}),
              _field("span", "string"), _field("first_period", "string"), _field("last_period", "string"),
              _field("complete", "boolean"),
              _field("dimension", "string", constraints={"enum": ["province", "level", "field", "agency", "procedure"]}),
              _field("key", "string")]
    for column in FIGURE_COLUMNS:
        fields.append(_field(column, "number" if column in DECIMAL_COLUMNS else "integer"))
    frame = stats.figures[list(KEY_COLUMNS + FIGURE_COLUMNS)].copy()
    frame[list(RATE_COLUMNS)] = frame[list(RATE_COLUMNS)].astype("float64").round(RATE_DIGITS)
    frame[AVG_DAYS] = frame[AVG_DAYS].astype("float64").round(DAYS_DIGITS)
    frame["complete"] = frame["complete"].astype(bool)
    return Resource("so-lieu-tong-hop", fields, ["span_kind", "span", "dimension", "key"], frame)


def resources(stats: PublishedStatistics | None, catalogue: Catalogue) -> list[Resource]:
    return catalogue_resources(catalogue) + statistics_resources(stats)


def catalogue_resources(catalogue: Catalogue) -> list[Resource]:
    return [_agencies(catalogue), _procedures(catalogue)]


def statistics_resources(stats: PublishedStatistics | None) -> list[Resource]:
    """The tables made from the figures alone (the monthly rows: a million at 2,000 procedures)."""
    if stats is None:
        return []
    found = [dossier_open_data.with_source(_monthly(stats), stats),
             dossier_open_data.with_dossier_figures(_figures(stats), stats)]
    overdue = dossier_open_data.overdue_now(stats, Resource, AGENCY_KEY)
    return found + ([overdue] if overdue is not None else [])


def to_csv(resource: Resource) -> bytes:
    """RFC 4180 CSV, UTF-8 with a byte-order mark, ``\n`` line ends; booleans ``true``/``false``; missing
    values empty; text cells beginning with ``=``, ``+``, ``-``, ``@``, tab or CR get a leading ``'``."""
    frame = neutralised_for_spreadsheets(resource).frame
    for field in resource.fields:
        if field["type"] == "boolean":
            frame[field["name"]] = frame[field["name"]].map({True: "true", False: "false"})
    return (UTF8_BOM + frame.to_csv(index=False, lineterminator="\n", na_rep="")).encode("utf-8")


def formats(resource: Resource) -> tuple[str, ...]:
    """The files a table is published as (no workbook above ``XLSX_MAX_ROWS`` rows)."""
    return ("csv", "xlsx", "json") if len(resource.frame) <= XLSX_MAX_ROWS else ("csv", "json")


def neutralised_for_spreadsheets(resource: Resource) -> Resource:
    """The same table with formula-like text cells neutralised, as the CSV and XLSX files hold it."""
    frame = resource.frame.copy()
    for field in resource.fields:
        if field["type"] == "string":
            frame[field["name"]] = neutralise_column(frame[field["name"]])
    return Resource(resource.name, resource.fields, resource.primary_key, frame, resource.foreign_keys)


def to_json(resource: Resource) -> bytes:
    """JSON, one row per line (diffable and streamable).

    Tables up to ``SMALL_TABLE`` rows are an array of objects. Larger ones (the monthly rows and
    figures: a million rows in a big province) are an array of arrays whose first row names the
    columns, Frictionless' compact tabular JSON: about a third of the size of objects."""
    frame = resource.frame
    if len(frame) <= SMALL_TABLE:  # json.dumps keeps "/" unescaped (pandas writes "\/" in URLs)
        clean = frame.astype(object).where(frame.notna(), None)
        body = ",\n".join(json.dumps(record, ensure_ascii=False, separators=(",", ":"), allow_nan=False) for record in clean.to_dict("records"))
    else:  # pandas' C writer; values are validated codes, ids, periods and numbers, so "],[" only separates rows
        header = json.dumps(list(frame.columns), ensure_ascii=False, separators=(",", ":"), allow_nan=False)
        values = frame.to_json(orient="values", force_ascii=False, double_precision=10)
        body = header + ",\n" + values[1:-1].replace("],[", "],\n[") if len(frame) else header
    return ("[\n" + body + "\n]\n" if body else "[]\n").encode("utf-8")


def datapackage(found: Iterable[Resource], title: str) -> bytes:
    described = []
    for resource in found:
        schema: dict[str, Any] = {"fields": resource.fields, "primaryKey": resource.primary_key, "missingValues": [""]}
        if resource.foreign_keys:
            schema["foreignKeys"] = list(resource.foreign_keys)
        for fmt in formats(resource):
            entry = {"name": f"{resource.name}-{fmt}", "title": resource.title, "path": f"{resource.name}.{fmt}",
                     "format": fmt, "mediatype": {"csv": "text/csv", "xlsx": XLSX_MEDIATYPE}.get(fmt, "application/json"),
                     "encoding": "utf-8-sig" if fmt == "csv" else "utf-8", "profile": "tabular-data-resource",
                     "schema": _for_format(schema, fmt)}
            if fmt == "xlsx":
                del entry["encoding"]
            described.append(entry)
    package = {"name": "cong-khai-thu-tuc-hanh-chinh", "title": title, "profile": "tabular-data-package",
               "resources": described}
    return (json.dumps(package, ensure_ascii=False, indent=1, allow_nan=False) + "\n").encode("utf-8")


def _for_format(schema: dict[str, Any], fmt: str) -> dict[str, Any]:
    """Foreign keys point at the resource of the same format (``co-quan-csv`` / ``co-quan-json``)."""
    copy = json.loads(json.dumps(schema))
    for key in copy.get("foreignKeys", []):
        key["reference"]["resource"] = f"{key['reference']['resource']}-{fmt}"
    return copy


def open_data_files(stats: PublishedStatistics | None, catalogue: Catalogue, title: str = "") -> dict[str, bytes]:
    """Every open-data file (CSV, JSON, Excel when small enough) and the data package describing them."""
    found = resources(stats, catalogue)
    files = {}
    for resource in found:
        files.update(resource_files(resource))
    files[f"{urls.OPEN_DATA}/datapackage.json"] = datapackage(found, title or "Dữ liệu mở")
    return files


def resource_files(resource: Resource) -> dict[str, bytes]:
    """The files of one resource, by staged path."""
    out = {f"{urls.OPEN_DATA}/{resource.name}.csv": to_csv(resource),
           f"{urls.OPEN_DATA}/{resource.name}.json": to_json(resource)}
    if "xlsx" in formats(resource):
        out[f"{urls.OPEN_DATA}/{resource.name}.xlsx"] = to_xlsx(neutralised_for_spreadsheets(resource))
    return out


def plan_open_data_page(stats: PublishedStatistics | None, catalogue: Catalogue) -> Page:
    counted = [("co-quan", len(catalogue.agencies)), ("thu-tuc", len(catalogue.procedures))]
    if stats is not None:
        counted += [("thong-ke-hang-thang", len(stats.rows)), ("so-lieu-tong-hop", len(stats.figures))]
        if stats.dossiers is not None:
            counted.append((dossier_open_data.OVERDUE_NOW, len(stats.dossiers.overdue_now)))
    listed = [(name, TITLES[name], rows, ("csv", "xlsx", "json") if rows <= XLSX_MAX_ROWS else ("csv", "json"))
              for name, rows in counted]
    return Page(f"{urls.OPEN_DATA}/index.md", "open_data.md.j2", {"resources": listed, "has_statistics": stats is not None})
