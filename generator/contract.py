"""The data contract (procedures/ and agency.yaml) as typed models.

These pydantic models are the single source of truth for what an editor may
write: the validator checks files against them, and the JSON Schema given to
editors' tools is generated from them. They describe *input*; the rest of the
pipeline works on the frozen domain objects of :mod:`generator.models`.

YAML is read with every scalar as text (see :mod:`generator.load.yaml_nodes`),
so these models do the typing. Numbers must be written with digits only:
``200.000`` is refused, never read as 200.

Every number has a documented upper limit (:data:`MAX_DAYS`, :data:`MAX_FEE`,
:data:`MAX_COPIES`; statistics counts: ``statistics_rules.MAX_COUNT``): far
above any real value, they stop a slip of the keyboard (400 nines read as
infinity) from reaching a page or the open data.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal, Optional

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

AGENCY_ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
CODE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"

Level = Literal["province", "district", "commune", "central"]
OnlineLevel = Literal["2", "3", "4", "partial", "full"]
ONLINE_LEVELS_NEEDING_URL = frozenset({"3", "4", "partial", "full"})

MAX_DAYS = 3650  # ten years: no legal time limit is longer
MAX_FEE = 10**12  # đồng
MAX_COPIES = 100  # originals or copies of one document

_DIGITS = re.compile(r"^[0-9]+$")
_NUMBER = re.compile(r"^[0-9]+(?:\.[0-9]+)?$")
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})


def _whole_number(value: Any) -> Any:
    if isinstance(value, str) and not _DIGITS.match(value.strip()):
        raise PydanticCustomError("whole_number", "not a whole number written with digits only")
    return value


def _decimal_number(value: Any) -> Any:
    if isinstance(value, str) and not _NUMBER.match(value.strip()):
        raise PydanticCustomError("decimal_number", "not a number written as digits with a '.' decimal point")
    return value


def _yaml12_bool(value: Any) -> Any:
    """YAML 1.2 booleans only: ``true``/``false`` (``yes``/``no`` are refused as ambiguous)."""
    if isinstance(value, str):
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
        raise PydanticCustomError("yaml_bool", "not true or false")
    return value


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
WholeNumber = Annotated[int, BeforeValidator(_whole_number), Field(ge=0)]
Flag = Annotated[bool, BeforeValidator(_yaml12_bool)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class AgencyInput(_Strict):
    """Cơ quan tiếp nhận và giải quyết hồ sơ (tệp agency.yaml)."""

    name: Text = Field(title="Tên cơ quan", description="Tên chính thức của cơ quan.", examples=["Sở Tư pháp"])
    level: Level = Field(
        title="Cấp hành chính",
        description="province (cấp tỉnh) | district (cấp huyện) | commune (cấp xã) | central (trung ương)",
        examples=["province"],
    )
    parent: Optional[Annotated[str, StringConstraints(pattern=AGENCY_ID_PATTERN)]] = Field(
        None, title="Cơ quan cấp trên (tên thư mục)",
        description="Tên thư mục của cơ quan cấp trên trong procedures/: chữ thường không dấu, chữ số và '-'.",
        examples=["ubnd-huyen-long-son"],
    )
    address: Optional[Text] = Field(
        None, title="Địa chỉ Bộ phận Một cửa", description="Nơi tiếp nhận hồ sơ và trả kết quả.",
        examples=["Trung tâm Phục vụ hành chính công tỉnh, số 1 đường Trần Phú"],
    )
    phone: Optional[Text] = Field(None, title="Điện thoại", examples=["0200 000 000"])
    email: Optional[Text] = Field(None, title="Thư điện tử", examples=["motcua@sotuphap.gov.vn"])
    website: Optional[Text] = Field(None, title="Trang thông tin điện tử", examples=["https://sotuphap.gov.vn"])
    hours: Optional[Text] = Field(
        None, title="Giờ tiếp nhận hồ sơ", examples=["Sáng 7 giờ 30 – 11 giờ 30, chiều 13 giờ 30 – 17 giờ, thứ Hai đến thứ Sáu"]
    )


class ProcessingTimeInput(_Strict):
    """Thời hạn giải quyết theo quy định."""

    days: Annotated[float, BeforeValidator(_decimal_number), Field(ge=0, le=MAX_DAYS)] = Field(
        title="Số ngày", description="Số ngày (> 0, có thể là 0.5); 0 kèm ghi chú nghĩa là trả trong ngày",
        examples=[15, 0.5],
    )
    unit: Literal["working_days", "calendar_days"] = Field(
        "working_days", title="Loại ngày",
        description="working_days (ngày làm việc, mặc định) | calendar_days (ngày lịch, tính cả ngày nghỉ)",
    )
    note: Optional[Text] = Field(
        None, title="Ghi chú", description="Bắt buộc khi days là 0 (trả kết quả trong ngày).",
        examples=["Trả kết quả trong ngày; nhận hồ sơ sau 15 giờ thì trả trong ngày làm việc tiếp theo."],
    )

    @model_validator(mode="after")
    def _same_day_needs_note(self) -> "ProcessingTimeInput":
        if self.days == 0 and not self.note:
            raise PydanticCustomError("same_day_note", "days is 0 without a note")
        return self


class FeeInput(_Strict):
    """Một khoản phí, lệ phí."""

    name: Text = Field(title="Tên khoản phí, lệ phí", examples=["Lệ phí cấp Phiếu lý lịch tư pháp"])
    amount: WholeNumber = Field(
        le=MAX_FEE, title="Số tiền (đồng)",
        description="Số đồng, chỉ viết chữ số: 200000 (không viết 200.000 hay 200,000); 0 là miễn phí.",
        examples=[200000],
    )
    note: Optional[Text] = Field(None, title="Ghi chú", examples=["Miễn cho người có công với cách mạng"])


class OnlineInput(_Strict):
    """Dịch vụ công trực tuyến."""

    level: OnlineLevel = Field(
        title="Mức độ", description="2, 3, 4 (Nghị định 43/2011) hoặc partial / full (Nghị định 42/2022)", examples=[4, "full"]
    )
    url: Optional[Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^https://\S+$")]] = Field(
        None, title="Địa chỉ nộp hồ sơ trực tuyến (https)",
        description="Trang nộp hồ sơ của thủ tục trên Cổng dịch vụ công; bắt buộc với mức 3, 4, partial, full.",
        examples=["https://dichvucong.gov.vn/p/home/dvc-chi-tiet-thu-tuc-nganh-doc.html?ma_thu_tuc=1.001193"],
    )

    @model_validator(mode="before")
    @classmethod
    def _level_as_text(cls, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("level"), int):
            data = {**data, "level": str(data["level"])}
        return data

    @model_validator(mode="after")
    def _url_when_submitted_online(self) -> "OnlineInput":
        if self.level in ONLINE_LEVELS_NEEDING_URL and not self.url:
            raise PydanticCustomError("online_url_missing", "level {level} needs a url", {"level": self.level})
        return self


class PostalInput(_Strict):
    """Dịch vụ bưu chính công ích: nộp hồ sơ và/hoặc nhận kết quả qua bưu điện."""

    submit: Flag = Field(False, title="Nộp hồ sơ qua bưu chính", description="true hoặc false (không viết yes/no)")
    return_: Flag = Field(
        False, alias="return", title="Nhận kết quả qua bưu chính", description="true hoặc false (không viết yes/no)"
    )


def _postal_shorthand(value: Any) -> Any:
    """``postal: true`` means both submit and return; ``false`` means neither."""
    if isinstance(value, (str, bool)):
        flag = _yaml12_bool(value)
        return {"submit": flag, "return": flag}
    return value


class DocumentInput(_Strict):
    """Một thành phần hồ sơ."""

    name: Text = Field(title="Tên giấy tờ", examples=["Tờ khai đăng ký khai sinh"])
    originals: WholeNumber = Field(1, le=MAX_COPIES, title="Số bản chính", description="Số nguyên ≥ 0; mặc định 1.")
    copies: WholeNumber = Field(0, le=MAX_COPIES, title="Số bản sao", description="Số nguyên ≥ 0; mặc định 0.")
    form: Optional[Text] = Field(
        None, title="Mẫu đơn, tờ khai (đường dẫn)", description="Tên mẫu hoặc địa chỉ tải mẫu (https://…).",
        examples=["Mẫu Tờ khai đăng ký khai sinh (Thông tư 04/2020/TT-BTP)"],
    )
    note: Optional[Text] = Field(None, title="Ghi chú", examples=["Chỉ xuất trình, không phải nộp"])


class ProcedureInput(_Strict):
    """Một thủ tục hành chính (một tệp .yaml trong thư mục của cơ quan)."""

    code: Annotated[str, StringConstraints(strip_whitespace=True, pattern=CODE_PATTERN)] = Field(
        title="Mã thủ tục",
        description="Mã trong Cơ sở dữ liệu quốc gia về thủ tục hành chính, hoặc mã địa phương; chữ cái không dấu, "
        "chữ số, '.', '-', '_'. Viết không cần ngoặc kép: 1.000100 vẫn là mã \"1.000100\". Không trùng trong danh mục.",
        examples=["1.001193", "1.000948.H38"],
    )
    name: Text = Field(title="Tên thủ tục", description="Tên chính thức, có dấu.", examples=["Đăng ký khai sinh"])
    field: Text = Field(title="Lĩnh vực", description="Lĩnh vực quản lý nhà nước.", examples=["Hộ tịch"])
    level: Optional[Level] = Field(
        None, title="Cấp thực hiện (mặc định: cấp của cơ quan)",
        description="province (cấp tỉnh) | district (cấp huyện) | commune (cấp xã) | central (trung ương)",
    )
    processing_time: ProcessingTimeInput = Field(
        title="Thời hạn giải quyết", description="Thời hạn theo quy định: days, unit, note.", examples=[{"days": 15}]
    )
    fees: Optional[list[FeeInput]] = Field(
        None, title="Phí, lệ phí (để trống: miễn phí)", description="Mỗi khoản: name, amount (đồng), note.",
        examples=[[{"name": "Lệ phí cấp Phiếu lý lịch tư pháp", "amount": 200000}]],
    )
    online: Optional[OnlineInput] = Field(
        None, title="Dịch vụ công trực tuyến", description="level (2, 3, 4, partial, full) và url nộp hồ sơ.",
        examples=[{"level": "full", "url": "https://dichvucong.gov.vn/…"}],
    )
    postal: Optional[Annotated[PostalInput, BeforeValidator(_postal_shorthand)]] = Field(
        None, title="Bưu chính công ích",
        description="true (nộp hồ sơ và nhận kết quả qua bưu điện), false, hoặc nhóm submit / return.",
        examples=[True, {"submit": False, "return": True}],
    )
    documents: Annotated[list[DocumentInput], Field(min_length=1)] = Field(
        title="Thành phần hồ sơ", description="Ít nhất một giấy tờ: name, originals, copies, form, note."
    )
    steps: Annotated[list[Text], Field(min_length=1)] = Field(
        title="Trình tự thực hiện", description="Các bước, mỗi bước một dòng bắt đầu bằng '- '."
    )
    requirements: Optional[list[Text]] = Field(None, title="Yêu cầu, điều kiện", description="Mỗi điều kiện một dòng '- '.")
    result: Text = Field(title="Kết quả", description="Giấy tờ hoặc kết quả người dân nhận được.", examples=["Giấy khai sinh (bản chính)"])
    legal_basis: Optional[list[Text]] = Field(
        None, title="Căn cứ pháp lý", description="Luật, nghị định, thông tư; mỗi văn bản một dòng.",
        examples=[["Luật Hộ tịch năm 2014", "Nghị định số 123/2015/NĐ-CP"]],
    )
    announced_by: Optional[Text] = Field(
        None, title="Quyết định công bố", examples=["Quyết định số 123/QĐ-UBND ngày 15/01/2026 của UBND tỉnh"]
    )
    status: Literal["active", "amended", "abolished"] = Field(
        "active", title="Tình trạng",
        description="active (đang áp dụng, mặc định) | amended (đã sửa đổi, bổ sung) | abolished (đã bãi bỏ, vẫn đăng để tra cứu)",
    )
    updated: Optional[dt.date] = Field(
        None, title="Ngày cập nhật (YYYY-MM-DD)",
        description="Ngày thay đổi gần nhất; dùng cho trang Thay đổi gần đây và sitemap.", examples=["2026-01-15"],
    )
    description: Optional[Text] = Field(
        None, title="Mô tả (Markdown)", description="Giới thiệu cho người dân; được phép dùng Markdown, không chạy mã HTML."
    )
