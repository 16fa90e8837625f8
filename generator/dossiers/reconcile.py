"""Reported monthly rows (section 2) against the rows computed from dossier records (section 6).

Every difference of a count for the same period × agency × procedure is a warning naming both sources;
the comparison table (one line per compared key and column) feeds the method page's "reported vs computed".
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import Problem, Severity
from ..statistics_columns import COUNT_COLUMNS, labelled_column

MAX_WARNINGS = 50
KEY = ["period", "agency", "procedure"]


def compare_rows(reported: pd.DataFrame, computed: pd.DataFrame) -> pd.DataFrame:
    """period, agency, procedure, column, reported, computed: every count of every key both sources have."""
    both = reported[KEY + list(COUNT_COLUMNS)].merge(computed[KEY + list(COUNT_COLUMNS)], on=KEY,
                                                     suffixes=("_reported", "_computed"))
    parts = []
    for column in COUNT_COLUMNS:
        parts.append(pd.DataFrame({**{k: both[k] for k in KEY}, "column": column,
                                   "reported": both[f"{column}_reported"].astype(np.int64),
                                   "computed": both[f"{column}_computed"].astype(np.int64)}))
    if not parts:
        return pd.DataFrame(columns=KEY + ["column", "reported", "computed"])
    table = pd.concat(parts, ignore_index=True)
    order = {c: i for i, c in enumerate(COUNT_COLUMNS)}
    return table.assign(_o=table["column"].map(order)).sort_values(KEY + ["_o"], kind="stable").drop(columns="_o").reset_index(drop=True)


def difference_warnings(comparison: pd.DataFrame, reported_files: tuple[str, ...], dossier_sources: list[str]) -> list[Problem]:
    different = comparison[comparison["reported"] != comparison["computed"]]
    if different.empty:
        return []
    where = ", ".join(reported_files) or "statistics/"
    dossiers = ", ".join(dossier_sources[:3]) + (" …" if len(dossier_sources) > 3 else "")
    problems = []
    for record in different.head(MAX_WARNINGS).to_dict("records"):
        procedure = f", thủ tục {record['procedure']}" if record["procedure"] else ""
        problems.append(Problem(
            where, 0, 0, "dossier-reported-differs",
            f"Tháng {record['period']}, cơ quan {record['agency']}{procedure}: cột {labelled_column(record['column'])} "
            f"báo cáo {record['reported']} (số liệu báo cáo {where}) nhưng tính từ hồ sơ được {record['computed']} "
            f"(hồ sơ {dossiers}).",
            record["column"], "Cổng công bố số tính từ hồ sơ; kiểm tra lại báo cáo tháng hoặc tệp xuất hồ sơ.",
            Severity.WARNING))
    if len(different) > MAX_WARNINGS:
        problems.append(Problem(where, 0, 0, "dossier-reported-differs",
                                f"… và {len(different) - MAX_WARNINGS} chỗ khác giữa số liệu báo cáo và số tính từ hồ sơ.",
                                "", "Xem bảng 'Số báo cáo và số tính từ hồ sơ' ở trang phương pháp.", Severity.WARNING))
    return problems


def replaced_totals(reported: pd.DataFrame, computed: pd.DataFrame, reported_files: tuple[str, ...]) -> list[Problem]:
    """A committed row not itemised by procedure is left out for a month and agency the dossiers cover (its
    dossiers would count twice): a warning for each, naming both sources."""
    if reported is None or reported.empty or computed.empty:
        return []
    covered = pd.MultiIndex.from_frame(computed[["period", "agency"]].drop_duplicates())
    totals = reported[(reported["procedure"] == "").to_numpy()]
    dropped = totals[pd.MultiIndex.from_frame(totals[["period", "agency"]]).isin(covered)]
    where = ", ".join(reported_files) or "statistics/"
    return [Problem(where, 0, 0, "dossier-replaces-reported",
                    f"Tháng {r['period']}, cơ quan {r['agency']}: dòng số liệu báo cáo không tách theo thủ tục ({where}) "
                    "không được dùng vì cổng đã tính số của tháng này từ dữ liệu hồ sơ (dossiers/).",
                    "procedure", "Bỏ dòng tổng hợp này, hoặc tách số liệu theo từng thủ tục.", Severity.WARNING)
            for r in dropped.head(MAX_WARNINGS).to_dict("records")]
