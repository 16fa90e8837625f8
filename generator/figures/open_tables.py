"""The open data tables (data contract, section 7) as plain columns: computed here, only written by render.

Each :class:`OpenTable` holds its Frictionless fields and one column per field, in field order. A
column is either a list of plain values (``str``, ``int``, ``float``, ``bool``, ``None`` = missing) or,
for the big statistics tables, a :class:`Coded` column (distinct values + one index a row) or a
``memoryview`` of 64-bit integers or floats (``NaN`` = missing) that shares the figures' own arrays:
a million monthly rows cost no copy of their counts, and render needs neither pandas nor numpy.

Values are final: rates rounded to 6 decimals and times to 2, codes exactly as in the catalogue,
rows sorted. Formula neutralising (CSV, XLSX) and the file formats are render's
(:mod:`generator.render.open_data`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np
import pandas as pd

from .. import urls
from ..models import LEVEL_ORDER, Catalogue
from ..statistics_columns import ALL_COLUMNS, AVG_DAYS, COUNT_COLUMNS
from .aggregate import DECIMAL_COLUMNS, FIGURE_COLUMNS, KEY_COLUMNS, RATE_COLUMNS

RATE_DIGITS, DAYS_DIGITS = 6, 2
SOURCES = ("reported", "dossiers")
DOSSIER_FIGURES = ("median_days", "p90_days", "over_limit_rate", "apology_rate", "paid_online_rate", "satisfaction")
OVERDUE_NOW = "qua-han-hien-tai"
TITLES = {
    "co-quan": "Cơ quan giải quyết thủ tục hành chính",
    "thu-tuc": "Danh mục thủ tục hành chính",
    "thong-ke-hang-thang": "Số liệu hằng tháng đã kiểm tra",
    "so-lieu-tong-hop": "Số liệu tổng hợp theo tháng, quý, năm",
    OVERDUE_NOW: "Hồ sơ đang quá hạn theo cơ quan và thủ tục (tính từ dữ liệu từng hồ sơ)",
}
AGENCY_KEY = ({"fields": "agency", "reference": {"resource": "co-quan", "fields": "id"}},)


@dataclass(frozen=True)
class Coded:
    """A column as its distinct values and, for each row, the position of its value in ``values``."""

    values: tuple[Any, ...]
    codes: Sequence[int]  # memoryview of int64 (or a list)

    def __len__(self) -> int:
        return len(self.codes)

    def __getitem__(self, row: int) -> Any:
        return self.values[self.codes[row]]

    def tolist(self) -> list[Any]:
        return list(map(self.values.__getitem__, _as_list(self.codes)))


Column = Any  # list | Coded | memoryview (format "q": integers, "d": floats with NaN = missing)


@dataclass(frozen=True)
class OpenTable:
    name: str  # file stem, also the Frictionless resource name (a public interface)
    fields: list[dict[str, Any]]
    primary_key: list[str]
    columns: tuple[Column, ...]  # one per field, in field order
    foreign_keys: tuple[dict[str, Any], ...] = ()

    @property
    def title(self) -> str:
        return TITLES[self.name]

    def __len__(self) -> int:
        return len(self.columns[0]) if self.columns else 0

    def column(self, name: str) -> list[Any]:
        """The named column's values as a list (NaN stays NaN)."""
        index = [f["name"] for f in self.fields].index(name)
        return values_of(self.columns[index])


def values_of(column: Column) -> list[Any]:
    return column.tolist() if isinstance(column, (Coded, memoryview)) else list(column)


def _as_list(codes: Sequence[int]) -> list[int]:
    return codes.tolist() if isinstance(codes, memoryview) else list(codes)


def _field(name: str, type_: str, description: str = "", **extra: Any) -> dict[str, Any]:
    field = {"name": name, "type": type_, **extra}
    if description:
        field["description"] = description
    return field


# --- pandas → plain columns ----------------------------------------------------------------------

def _coded(values: pd.Series, replace: dict[Any, Any] | None = None) -> Coded:
    """Dictionary-encoded; ``replace`` maps distinct values to what is published instead."""
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    plain = tuple(None if _missing(v) else _scalar(v) for v in uniques.tolist())
    if replace:
        plain = tuple(replace.get(v, v) for v in plain)
    return Coded(plain, memoryview(np.ascontiguousarray(codes, dtype=np.int64)))


def _missing(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def _scalar(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    return value


def _integers(values: pd.Series) -> memoryview:
    return memoryview(np.ascontiguousarray(values.to_numpy(dtype=np.int64)))


def _floats(values: pd.Series, digits: int) -> memoryview:
    return memoryview(np.ascontiguousarray(values.to_numpy(dtype=np.float64, na_value=np.nan).round(digits)))


# --- the tables ----------------------------------------------------------------------------------

def _plain(days: float) -> float | int:
    """15.0 → 15, as editors write it (0.5 stays 0.5)."""
    return int(days) if float(days).is_integer() else days


def _from_records(name: str, fields: list[dict[str, Any]], key: list[str], records: list[dict[str, Any]],
                  foreign_keys: tuple = ()) -> OpenTable:
    columns = tuple([record[f["name"]] for record in records] for f in fields)
    return OpenTable(name, fields, key, columns, foreign_keys)


def agencies_table(catalogue: Catalogue) -> OpenTable:
    fields = [_field("id", "string", "mã cơ quan (tên thư mục trong procedures/)"), _field("name", "string"),
              _field("level", "string", constraints={"enum": list(LEVEL_ORDER)}),
              _field("parent", "string"), _field("address", "string"), _field("phone", "string"),
              _field("email", "string"), _field("website", "string"), _field("hours", "string"), _field("url", "string")]
    records = [{"id": a.id, "name": a.name, "level": a.level, "parent": a.parent, "address": a.address, "phone": a.phone,
                "email": a.email, "website": a.website, "hours": a.hours, "url": urls.agency_url(a.id)}
               for a in catalogue.agencies.values()]
    return _from_records("co-quan", fields, ["id"], records)


def procedures_table(catalogue: Catalogue) -> OpenTable:
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
    return _from_records("thu-tuc", fields, ["code"], records, AGENCY_KEY)


def monthly_table(rows: pd.DataFrame) -> OpenTable:
    """``thong-ke-hang-thang``: the validated monthly rows, ``-`` for rows not itemised by procedure, and
    ``source`` (``reported`` or ``dossiers``)."""
    fields = [_field("period", "string", "tháng, YYYY-MM", constraints={"pattern": r"\d{4}-\d{2}"}),
              _field("agency", "string"),
              _field("procedure", "string", "mã thủ tục; '-' = số liệu không tách theo thủ tục")]
    fields += [_field(c, "integer", constraints={"minimum": 0}) for c in COUNT_COLUMNS]
    fields.append(_field(AVG_DAYS, "number"))
    fields.append(_field("source", "string", "reported: số liệu báo cáo; dossiers: tính từ dữ liệu từng hồ sơ",
                         constraints={"enum": list(SOURCES)}))
    columns = [_coded(rows["period"]), _coded(rows["agency"]), _coded(rows["procedure"], {"": "-"})]
    columns += [_integers(rows[c]) for c in COUNT_COLUMNS]
    columns.append(_floats(rows[AVG_DAYS], DAYS_DIGITS))
    source = rows["source"].fillna("reported") if "source" in rows else pd.Series("reported", index=rows.index)
    columns.append(_coded(source))
    assert [f["name"] for f in fields[:-1]] == list(ALL_COLUMNS)
    return OpenTable("thong-ke-hang-thang", fields, ["period", "agency", "procedure"], tuple(columns), AGENCY_KEY)


def figures_table(figures: pd.DataFrame, dossier_figures: pd.DataFrame | None) -> OpenTable:
    """``so-lieu-tong-hop``: one row per span × dimension × key, with the six dossier figures (empty where
    there are none or the small-numbers rule withholds them)."""
    fields = [_field("span_kind", "string", constraints={"enum": ["month", "quarter", "year", "last12"]}),
              _field("span", "string"), _field("first_period", "string"), _field("last_period", "string"),
              _field("complete", "boolean"),
              _field("dimension", "string", constraints={"enum": ["province", "level", "field", "agency", "procedure"]}),
              _field("key", "string")]
    fields += [_field(c, "number" if c in DECIMAL_COLUMNS else "integer") for c in FIGURE_COLUMNS]
    fields += [
        _field("median_days", "number", "trung vị thời gian giải quyết (ngày làm việc), tính từ hồ sơ", constraints={"minimum": 0}),
        _field("p90_days", "number", "phân vị 90 thời gian giải quyết (ngày làm việc), tính từ hồ sơ", constraints={"minimum": 0}),
        _field("over_limit_rate", "number", "tỷ lệ hồ sơ giải quyết quá thời hạn quy định", constraints={"minimum": 0, "maximum": 1}),
        _field("apology_rate", "number", "tỷ lệ hồ sơ trễ hạn có thư xin lỗi", constraints={"minimum": 0, "maximum": 1}),
        _field("paid_online_rate", "number", "tỷ lệ hồ sơ có phí thanh toán trực tuyến", constraints={"minimum": 0, "maximum": 1}),
        _field("satisfaction", "number", "mức độ hài lòng: 1 − (tỷ lệ trễ hạn + tỷ lệ đánh giá không hài lòng)", constraints={"maximum": 1}),
    ]
    keys = ["span_kind", "span", "dimension", "key"]
    frame = figures[list(KEY_COLUMNS + FIGURE_COLUMNS)]
    if dossier_figures is not None and len(dossier_figures):
        frame = frame.merge(dossier_figures[keys + list(DOSSIER_FIGURES)], on=keys, how="left")
    columns: list[Column] = [_coded(frame[c]) for c in KEY_COLUMNS if c != "complete"]
    columns.insert(4, _coded(frame["complete"].astype(bool)))
    for name in FIGURE_COLUMNS:
        if name in RATE_COLUMNS:
            columns.append(_floats(frame[name], RATE_DIGITS))
        elif name in DECIMAL_COLUMNS:
            columns.append(_floats(frame[name], DAYS_DIGITS))
        else:
            columns.append(_integers(frame[name]))
    for name in DOSSIER_FIGURES:
        values = frame[name] if name in frame else pd.Series(np.nan, index=frame.index)
        columns.append(_floats(values, DAYS_DIGITS if name.endswith("_days") else RATE_DIGITS))
    return OpenTable("so-lieu-tong-hop", fields, ["span_kind", "span", "dimension", "key"], tuple(columns))


def overdue_table(table: pd.DataFrame, as_of: str) -> OpenTable:
    """``qua-han-hien-tai``: dossiers overdue on the as-of date per agency and procedure."""
    counts = ("overdue", "days_0_5", "days_6_20", "days_over_20")
    fields = [_field("as_of", "date", "ngày của dữ liệu mới nhất"), _field("agency", "string"), _field("procedure", "string")]
    fields += [_field(n, "integer", constraints={"minimum": 0}) for n in counts]
    ordered = table.sort_values(["agency", "procedure"], kind="stable")
    columns = [[as_of] * len(ordered), [str(v) for v in ordered["agency"].tolist()], [str(v) for v in ordered["procedure"].tolist()]]
    columns += [[int(v) for v in ordered[n].astype("int64").tolist()] for n in counts]
    return OpenTable(OVERDUE_NOW, fields, ["agency", "procedure"], tuple(columns), AGENCY_KEY)


def statistics_tables(rows: pd.DataFrame, figures: pd.DataFrame, dossiers: Any = None) -> tuple[OpenTable, ...]:
    """The statistics' tables; ``dossiers``: a :class:`generator.figures.from_dossiers.DossierView` or None."""
    tables = [monthly_table(rows), figures_table(figures, dossiers.figures if dossiers is not None else None)]
    if dossiers is not None:
        tables.append(overdue_table(dossiers.overdue_now, dossiers.as_of_date))
    return tuple(tables)


def catalogue_tables(catalogue: Catalogue) -> tuple[OpenTable, ...]:
    return agencies_table(catalogue), procedures_table(catalogue)
