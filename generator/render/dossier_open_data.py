"""Open data from dossier records (data contract, section 7): the names are a public interface.

* ``thong-ke-hang-thang`` gains ``source``: ``reported`` (committed monthly rows) or ``dossiers`` (computed);
* ``so-lieu-tong-hop`` gains ``median_days``, ``p90_days``, ``over_limit_rate``, ``apology_rate``,
  ``paid_online_rate``, ``satisfaction`` (empty where there are no dossiers or the small-numbers rule withholds
  them);
* ``qua-han-hien-tai``: ``as_of``, ``agency``, ``procedure``, ``overdue``, ``days_0_5``, ``days_6_20``,
  ``days_over_20``.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from ..figures.published import PublishedStatistics

SOURCES = ("reported", "dossiers")
DOSSIER_FIGURES = ("median_days", "p90_days", "over_limit_rate", "apology_rate", "paid_online_rate", "satisfaction")
OVERDUE_NOW = "qua-han-hien-tai"
OVERDUE_TITLE = "Hồ sơ đang quá hạn theo cơ quan và thủ tục (tính từ dữ liệu từng hồ sơ)"
RATE_DIGITS, DAYS_DIGITS = 6, 2


def _field(name: str, type_: str, description: str = "", **extra) -> dict:
    field = {"name": name, "type": type_, **extra}
    if description:
        field["description"] = description
    return field


def with_source(resource, stats: PublishedStatistics):
    """The monthly rows with ``source``."""
    source = stats.rows["source"] if "source" in stats.rows else pd.Series("reported", index=stats.rows.index)
    frame = resource.frame.copy()
    frame["source"] = source.fillna("reported").to_numpy()
    fields = resource.fields + [_field("source", "string", "reported: số liệu báo cáo; dossiers: tính từ dữ liệu từng hồ sơ",
                                       constraints={"enum": list(SOURCES)})]
    return replace(resource, fields=fields, frame=frame)


def with_dossier_figures(resource, stats: PublishedStatistics):
    """The figures table with the six dossier figures (empty where there are none)."""
    frame = resource.frame.copy()
    view = stats.dossiers
    keys = ["span_kind", "span", "dimension", "key"]
    if view is not None and len(view.figures):
        extra = view.figures[keys + list(DOSSIER_FIGURES)]
        frame = frame.merge(extra, on=keys, how="left")
    else:
        for name in DOSSIER_FIGURES:
            frame[name] = float("nan")
    for name in DOSSIER_FIGURES:
        values = frame[name].astype("float64")
        frame[name] = values.round(DAYS_DIGITS if name.endswith("_days") else RATE_DIGITS)
    fields = resource.fields + [
        _field("median_days", "number", "trung vị thời gian giải quyết (ngày làm việc), tính từ hồ sơ", constraints={"minimum": 0}),
        _field("p90_days", "number", "phân vị 90 thời gian giải quyết (ngày làm việc), tính từ hồ sơ", constraints={"minimum": 0}),
        _field("over_limit_rate", "number", "tỷ lệ hồ sơ giải quyết quá thời hạn quy định", constraints={"minimum": 0, "maximum": 1}),
        _field("apology_rate", "number", "tỷ lệ hồ sơ trễ hạn có thư xin lỗi", constraints={"minimum": 0, "maximum": 1}),
        _field("paid_online_rate", "number", "tỷ lệ hồ sơ có phí thanh toán trực tuyến", constraints={"minimum": 0, "maximum": 1}),
        _field("satisfaction", "number", "mức độ hài lòng: 1 − (tỷ lệ trễ hạn + tỷ lệ đánh giá không hài lòng)", constraints={"maximum": 1}),
    ]
    return replace(resource, fields=fields, frame=frame[[f["name"] for f in fields]])


def overdue_now(stats: PublishedStatistics, resource_type, agency_key):
    """``qua-han-hien-tai`` (None without dossier records)."""
    view = stats.dossiers
    if view is None:
        return None
    fields = [_field("as_of", "date", "ngày của dữ liệu mới nhất"), _field("agency", "string"), _field("procedure", "string")]
    fields += [_field(n, "integer", constraints={"minimum": 0}) for n in ("overdue", "days_0_5", "days_6_20", "days_over_20")]
    table = view.overdue_now
    frame = pd.DataFrame({"as_of": view.as_of_date, "agency": table["agency"].to_numpy(),
                          "procedure": table["procedure"].to_numpy()}, dtype=object)
    for name in ("overdue", "days_0_5", "days_6_20", "days_over_20"):
        frame[name] = table[name].astype("int64").to_numpy()
    frame = frame.sort_values(["agency", "procedure"], kind="stable").reset_index(drop=True)
    return resource_type(OVERDUE_NOW, fields, ["agency", "procedure"], frame, agency_key)
