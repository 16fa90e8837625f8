"""The columns of the monthly statistics (data contract, section 2), shared by every stage.

Names are the contract's; labels are what civil servants call them on the
official report form (Circular 01/2020/TT-VPCP, form II.06a).
"""

from __future__ import annotations

PERIOD = "period"
AGENCY = "agency"
PROCEDURE = "procedure"
AVG_DAYS = "avg_processing_days"
WITHDRAWN = "withdrawn"

RECEIVED_PARTS = ("carried_over", "received_online", "received_direct", "received_postal")
RESOLVED_PARTS = ("resolved_early", "resolved_on_time", "resolved_late")
PENDING_PARTS = ("pending_on_time", "pending_overdue")
COUNT_COLUMNS = RECEIVED_PARTS + RESOLVED_PARTS + PENDING_PARTS + (WITHDRAWN,)
REQUIRED_COUNTS = RECEIVED_PARTS + RESOLVED_PARTS + PENDING_PARTS

REQUIRED_COLUMNS = (PERIOD, AGENCY) + REQUIRED_COUNTS
OPTIONAL_COLUMNS = (PROCEDURE, WITHDRAWN, AVG_DAYS)
ALL_COLUMNS = (PERIOD, AGENCY, PROCEDURE) + COUNT_COLUMNS + (AVG_DAYS,)

COLUMN_LABELS = {
    PERIOD: "tháng báo cáo",
    AGENCY: "mã cơ quan",
    PROCEDURE: "mã thủ tục",
    "carried_over": "kỳ trước chuyển qua",
    "received_online": "tiếp nhận trực tuyến",
    "received_direct": "tiếp nhận trực tiếp",
    "received_postal": "tiếp nhận qua bưu chính công ích",
    "resolved_early": "giải quyết trước hạn",
    "resolved_on_time": "giải quyết đúng hạn",
    "resolved_late": "giải quyết quá hạn",
    "pending_on_time": "đang giải quyết trong hạn",
    "pending_overdue": "đang giải quyết quá hạn",
    WITHDRAWN: "rút hồ sơ / trả lại",
    AVG_DAYS: "số ngày giải quyết trung bình",
}


def labelled_column(name: str) -> str:
    """``'carried_over' (kỳ trước chuyển qua)``, as messages name a column."""
    label = COLUMN_LABELS.get(name)
    return f"'{name}' ({label})" if label else f"'{name}'"
