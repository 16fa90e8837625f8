"""The columns of a dossier export (data contract, section 5) and the codes they may hold."""

from __future__ import annotations

import re

DOSSIER_ID = "dossier_id"
AGENCY = "agency"
PROCEDURE = "procedure"
CHANNEL = "channel"
RECEIVED_AT = "received_at"
DUE_AT = "due_at"
FINISHED_AT = "finished_at"
OUTCOME = "outcome"
SUPPLEMENT_REQUESTS = "supplement_requests"
SUPPLEMENT_DAYS = "supplement_days"
APOLOGY = "apology"
PAID_ONLINE = "paid_online"
RATING = "rating"

REQUIRED_COLUMNS = (DOSSIER_ID, AGENCY, PROCEDURE, CHANNEL, RECEIVED_AT, DUE_AT)
OPTIONAL_COLUMNS = (FINISHED_AT, OUTCOME, SUPPLEMENT_REQUESTS, SUPPLEMENT_DAYS, APOLOGY, PAID_ONLINE, RATING)
CONTRACT_COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
"""The only columns ever loaded (``columns=`` / ``include_columns`` when reading)."""
DATETIME_COLUMNS = (RECEIVED_AT, DUE_AT, FINISHED_AT)
COUNT_COLUMNS = (SUPPLEMENT_REQUESTS, SUPPLEMENT_DAYS)
FLAG_COLUMNS = (APOLOGY, PAID_ONLINE)

# channel codes: text and the KenhThucHien numbers
ONLINE, DIRECT, POSTAL = 0, 1, 2
CHANNELS = {"online": ONLINE, "2": ONLINE, "direct": DIRECT, "1": DIRECT, "postal": POSTAL, "3": POSTAL}
CHANNEL_NAMES = ("online", "direct", "postal")

# outcome codes: text and the TrangThaiHoSo numbers
NO_OUTCOME, RESOLVED, WITHDRAWN, REFUSED = -1, 0, 1, 2
OUTCOMES = {"resolved": RESOLVED, "9": RESOLVED, "10": RESOLVED, "withdrawn": WITHDRAWN, "7": WITHDRAWN,
            "refused": REFUSED, "3": REFUSED, "8": REFUSED}

NO_RATING, SATISFIED, NEUTRAL, DISSATISFIED = -1, 0, 1, 2
RATINGS = {"": NO_RATING, "satisfied": SATISFIED, "neutral": NEUTRAL, "dissatisfied": DISSATISFIED}

# flags: true/false as written by exports; DuocThanhToanTrucTuyen 1 or 2 means paid online
FLAGS = {"": False, "false": False, "0": False, "no": False, "true": True, "1": True, "2": True, "yes": True}

PERSONAL_COLUMNS = frozenset({
    "chuhoso", "sogiaytochuhoso", "sodinhdanh", "ngaysinh", "diachi", "sodienthoai", "email", "madoituong",
    "trichyeuhoso", "nguoixuly", "applicantname", "idnumber", "birthdate", "dateofbirth", "address", "phone",
    "phonenumber", "mobile", "name", "fullname", "hoten", "tenchuhoso", "cccd", "cmnd", "account", "taikhoan",
    "sotaikhoan", "summary", "trichyeu", "officialname", "tennguoixuly", "nguoinop", "tennguoinop",
})
"""Normalised names (lowercase, no ``_``, ``-`` or spaces) that mark a column as personal data."""

COLUMN_LABELS = {
    DOSSIER_ID: "mã hồ sơ", AGENCY: "mã cơ quan", PROCEDURE: "mã thủ tục", CHANNEL: "kênh tiếp nhận",
    RECEIVED_AT: "ngày giờ tiếp nhận", DUE_AT: "ngày giờ hẹn trả", FINISHED_AT: "ngày giờ kết thúc xử lý",
    OUTCOME: "kết quả xử lý", SUPPLEMENT_REQUESTS: "số lần yêu cầu bổ sung", SUPPLEMENT_DAYS: "số ngày chờ bổ sung",
    APOLOGY: "phiếu xin lỗi", PAID_ONLINE: "thanh toán trực tuyến", RATING: "đánh giá",
}


def normalised(name: str) -> str:
    """A header as matched against the contract: trimmed, lowercase, ``-`` and spaces as ``_``."""
    return re.sub(r"[\s\-]+", "_", name.strip().lower())


def is_personal(name: str) -> bool:
    return re.sub(r"[\s_\-]+", "", name.strip().lower()) in PERSONAL_COLUMNS


def labelled(name: str) -> str:
    """``'due_at' (ngày giờ hẹn trả)``, as messages name a column."""
    label = COLUMN_LABELS.get(name)
    return f"'{name}' ({label})" if label else f"'{name}'"
