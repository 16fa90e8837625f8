"""Vietnamese names of the contract's fields, for messages editors can act on."""

FIELD_LABELS = {
    "name": "tên",
    "level": "cấp / mức độ",
    "parent": "cơ quan cấp trên",
    "address": "địa chỉ",
    "phone": "điện thoại",
    "email": "thư điện tử",
    "website": "trang thông tin",
    "hours": "giờ làm việc",
    "code": "mã thủ tục",
    "field": "lĩnh vực",
    "processing_time": "thời hạn giải quyết",
    "days": "số ngày",
    "unit": "loại ngày",
    "note": "ghi chú",
    "fees": "phí, lệ phí",
    "amount": "số tiền",
    "online": "dịch vụ công trực tuyến",
    "url": "địa chỉ nộp trực tuyến",
    "postal": "bưu chính công ích",
    "submit": "nộp qua bưu chính",
    "return": "nhận kết quả qua bưu chính",
    "documents": "thành phần hồ sơ",
    "originals": "số bản chính",
    "copies": "số bản sao",
    "form": "mẫu đơn, tờ khai",
    "steps": "trình tự thực hiện",
    "requirements": "yêu cầu, điều kiện",
    "result": "kết quả",
    "legal_basis": "căn cứ pháp lý",
    "announced_by": "quyết định công bố",
    "status": "tình trạng",
    "updated": "ngày cập nhật",
    "description": "mô tả",
}


def dotted(loc: tuple) -> str:
    """``("fees", 0, "amount")`` → ``fees[0].amount`` (how the field is named in messages)."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def labelled(loc: tuple) -> str:
    """``'fees[0].amount' (số tiền)``."""
    names = [p for p in loc if isinstance(p, str)]
    label = FIELD_LABELS.get(names[-1]) if names else None
    return f"'{dotted(loc)}'" + (f" ({label})" if label else "")
