"""The data contract (procedures/ and agency.yaml) as typed models.

These pydantic models are the single source of truth for what an editor may
write: the validator checks files against them, and the JSON Schema given to
editors' tools is generated from them. They describe *input*; the rest of the
pipeline works on the frozen domain objects of :mod:`generator.models`.

YAML is read with every scalar as text (see :mod:`generator.load.yaml_nodes`),
so these models do the typing. Numbers must be written with digits only:
``200.000`` is refused, never read as 200.
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

    name: Text = Field(title="Tên cơ quan", examples=["Sở Tư pháp"])
    level: Level = Field(title="Cấp hành chính", description="province | district | commune | central")
    parent: Optional[Annotated[str, StringConstraints(pattern=AGENCY_ID_PATTERN)]] = Field(
        None, title="Cơ quan cấp trên (tên thư mục)", examples=["ubnd-huyen-long-son"]
    )
    address: Optional[Text] = Field(None, title="Địa chỉ Bộ phận Một cửa")
    phone: Optional[Text] = Field(None, title="Điện thoại")
    email: Optional[Text] = Field(None, title="Thư điện tử")
    website: Optional[Text] = Field(None, title="Trang thông tin điện tử")
    hours: Optional[Text] = Field(None, title="Giờ tiếp nhận hồ sơ")


class ProcessingTimeInput(_Strict):
    """Thời hạn giải quyết theo quy định."""

    days: Annotated[float, BeforeValidator(_decimal_number), Field(ge=0)] = Field(
        title="Số ngày", description="Số ngày (> 0, có thể là 0.5); 0 kèm ghi chú nghĩa là trả trong ngày"
    )
    unit: Literal["working_days", "calendar_days"] = Field("working_days", title="Loại ngày")
    note: Optional[Text] = Field(None, title="Ghi chú")

    @model_validator(mode="after")
    def _same_day_needs_note(self) -> "ProcessingTimeInput":
        if self.days == 0 and not self.note:
            raise PydanticCustomError("same_day_note", "days is 0 without a note")
        return self


class FeeInput(_Strict):
    """Một khoản phí, lệ phí."""

    name: Text = Field(title="Tên khoản phí, lệ phí", examples=["Lệ phí cấp Phiếu lý lịch tư pháp"])
    amount: WholeNumber = Field(title="Số tiền (đồng)", description="Chỉ viết chữ số, ví dụ 200000", examples=[200000])
    note: Optional[Text] = Field(None, title="Ghi chú")


class OnlineInput(_Strict):
    """Dịch vụ công trực tuyến."""

    level: OnlineLevel = Field(title="Mức độ", description="2, 3, 4 (Nghị định 43/2011) hoặc partial / full (Nghị định 42/2022)")
    url: Optional[Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^https://\S+$")]] = Field(
        None, title="Địa chỉ nộp hồ sơ trực tuyến (https)"
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

    submit: Flag = Field(False, title="Nộp hồ sơ qua bưu chính")
    return_: Flag = Field(False, alias="return", title="Nhận kết quả qua bưu chính")


def _postal_shorthand(value: Any) -> Any:
    """``postal: true`` means both submit and return; ``false`` means neither."""
    if isinstance(value, (str, bool)):
        flag = _yaml12_bool(value)
        return {"submit": flag, "return": flag}
    return value


class DocumentInput(_Strict):
    """Một thành phần hồ sơ."""

    name: Text = Field(title="Tên giấy tờ")
    originals: WholeNumber = Field(1, title="Số bản chính")
    copies: WholeNumber = Field(0, title="Số bản sao")
    form: Optional[Text] = Field(None, title="Mẫu đơn, tờ khai (đường dẫn)")
    note: Optional[Text] = Field(None, title="Ghi chú")


class ProcedureInput(_Strict):
    """Một thủ tục hành chính (một tệp .yaml trong thư mục của cơ quan)."""

    code: Annotated[str, StringConstraints(strip_whitespace=True, pattern=CODE_PATTERN)] = Field(
        title="Mã thủ tục", examples=["1.001193", "1.000948.H38"]
    )
    name: Text = Field(title="Tên thủ tục")
    field: Text = Field(title="Lĩnh vực", examples=["Hộ tịch"])
    level: Optional[Level] = Field(None, title="Cấp thực hiện (mặc định: cấp của cơ quan)")
    processing_time: ProcessingTimeInput = Field(title="Thời hạn giải quyết")
    fees: Optional[list[FeeInput]] = Field(None, title="Phí, lệ phí (để trống: miễn phí)")
    online: Optional[OnlineInput] = Field(None, title="Dịch vụ công trực tuyến")
    postal: Optional[Annotated[PostalInput, BeforeValidator(_postal_shorthand)]] = Field(
        None, title="Bưu chính công ích"
    )
    documents: Annotated[list[DocumentInput], Field(min_length=1)] = Field(title="Thành phần hồ sơ")
    steps: Annotated[list[Text], Field(min_length=1)] = Field(title="Trình tự thực hiện")
    requirements: Optional[list[Text]] = Field(None, title="Yêu cầu, điều kiện")
    result: Text = Field(title="Kết quả")
    legal_basis: Optional[list[Text]] = Field(None, title="Căn cứ pháp lý")
    announced_by: Optional[Text] = Field(None, title="Quyết định công bố")
    status: Literal["active", "amended", "abolished"] = Field("active", title="Tình trạng")
    updated: Optional[dt.date] = Field(None, title="Ngày cập nhật (YYYY-MM-DD)")
    description: Optional[Text] = Field(None, title="Mô tả (Markdown)")
