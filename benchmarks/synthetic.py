"""A synthetic but realistic portal: N procedures over agencies at three levels, K months of statistics.

Deterministic (a seeded generator): the same arguments always give the same
files, so runs on different days compare.

Shape (defaults follow a real province):

* agencies — 20 provincial departments (sở, ban, ngành), 10 districts
  (UBND huyện) and ``communes`` communes (UBND xã), each commune's parent its
  district;
* procedures — 60 % provincial, 25 % district, 15 % commune, spread round
  robin over the agencies of their level; each file is 2–4 KB of YAML with
  Vietnamese names, steps, documents, requirements and legal bases built from
  word pools (a procedure page is 3–6 KB of Markdown);
* statistics — one row per agency, procedure and month: every provincial and
  district procedure by its own agency, and every commune reporting the same
  commune procedures (at most ``commune_procedures``, default 300) — so 100
  communes × 300 procedures × 36 months ≈ 1.08 million rows. Each row keeps
  the contract's identity, and ``carried_over`` is always the previous month's
  pending total (no continuity warnings).
"""

from __future__ import annotations

import random
import shutil
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from generator.paths import STARTER_PORTAL

FIRST_YEAR = 2023

DEPARTMENTS = [
    ("so-tu-phap", "Sở Tư pháp", ["Lý lịch tư pháp", "Công chứng", "Luật sư", "Đấu giá tài sản"]),
    ("so-ke-hoach-dau-tu", "Sở Kế hoạch và Đầu tư", ["Thành lập và hoạt động của doanh nghiệp", "Đầu tư tại Việt Nam"]),
    ("so-xay-dung", "Sở Xây dựng", ["Hoạt động xây dựng", "Nhà ở", "Quy hoạch xây dựng"]),
    ("so-giao-thong-van-tai", "Sở Giao thông vận tải", ["Đường bộ", "Đường thủy nội địa", "Đăng kiểm"]),
    ("so-tai-nguyen-moi-truong", "Sở Tài nguyên và Môi trường", ["Đất đai", "Môi trường", "Tài nguyên nước"]),
    ("so-lao-dong", "Sở Lao động - Thương binh và Xã hội", ["Việc làm", "Người có công", "Bảo trợ xã hội"]),
    ("so-y-te", "Sở Y tế", ["Khám bệnh, chữa bệnh", "Dược phẩm", "An toàn thực phẩm"]),
    ("so-giao-duc-dao-tao", "Sở Giáo dục và Đào tạo", ["Giáo dục và Đào tạo", "Văn bằng, chứng chỉ"]),
    ("so-cong-thuong", "Sở Công Thương", ["Lưu thông hàng hóa trong nước", "Điện", "Hóa chất"]),
    ("so-nong-nghiep", "Sở Nông nghiệp và Phát triển nông thôn", ["Trồng trọt", "Thú y", "Thủy sản", "Lâm nghiệp"]),
    ("so-tai-chinh", "Sở Tài chính", ["Quản lý công sản", "Tài chính doanh nghiệp"]),
    ("so-noi-vu", "Sở Nội vụ", ["Tôn giáo", "Thi đua, khen thưởng", "Văn thư, lưu trữ"]),
    ("so-van-hoa", "Sở Văn hóa, Thể thao và Du lịch", ["Văn hóa", "Thể dục thể thao", "Du lịch"]),
    ("so-thong-tin", "Sở Thông tin và Truyền thông", ["Báo chí", "Xuất bản, in và phát hành", "Viễn thông"]),
    ("so-khoa-hoc", "Sở Khoa học và Công nghệ", ["Hoạt động khoa học và công nghệ", "Tiêu chuẩn đo lường chất lượng"]),
    ("so-ngoai-vu", "Sở Ngoại vụ", ["Ngoại vụ"]),
    ("ban-dan-toc", "Ban Dân tộc", ["Công tác dân tộc"]),
    ("thanh-tra-tinh", "Thanh tra tỉnh", ["Giải quyết khiếu nại", "Tiếp công dân"]),
    ("ban-quan-ly-kcn", "Ban Quản lý các khu công nghiệp", ["Đầu tư tại khu công nghiệp", "Lao động khu công nghiệp"]),
    ("cong-an-tinh", "Công an tỉnh", ["Đăng ký, quản lý con dấu", "Phòng cháy, chữa cháy"]),
]
DISTRICT_FIELDS = ["Hộ tịch", "Đất đai", "Kinh tế hợp tác", "Thành lập và hoạt động của hộ kinh doanh", "Giáo dục", "Văn hóa cơ sở"]
COMMUNE_FIELDS = ["Hộ tịch", "Chứng thực", "Bảo trợ xã hội", "Người có công", "Nuôi con nuôi", "Thi đua, khen thưởng"]
PLACE_NAMES = [
    "Long Sơn", "Hòa Bình", "An Phú", "Tân Lập", "Đông Hải", "Bình Minh", "Phú Thọ", "Thanh Xuân", "Hưng Đạo",
    "Quang Trung", "Trường Xuân", "Yên Thế", "Mỹ Lộc", "Hải Châu", "Thạch Bàn", "Ngọc Lâm", "Vĩnh Tuy", "Kim Liên",
]

ACTIONS = ["Cấp", "Cấp lại", "Cấp đổi", "Gia hạn", "Điều chỉnh", "Thu hồi", "Đăng ký", "Đăng ký lại", "Xác nhận",
           "Thẩm định", "Phê duyệt", "Công nhận", "Chấp thuận", "Thông báo", "Giải quyết", "Hỗ trợ", "Chuyển đổi"]
OBJECTS = ["giấy phép", "giấy chứng nhận", "giấy xác nhận", "chứng chỉ hành nghề", "quyết định", "hồ sơ",
           "phiếu", "văn bản chấp thuận", "thẻ", "bản sao", "trích lục", "giấy phép hoạt động"]
SUBJECTS = ["đủ điều kiện kinh doanh", "hoạt động dịch vụ", "cho tổ chức, cá nhân", "đối với hộ gia đình",
            "cho doanh nghiệp có vốn đầu tư nước ngoài", "trong trường hợp bị mất, hỏng", "đối với công trình cấp III",
            "cho người nước ngoài", "khi thay đổi nội dung", "đối với cơ sở sản xuất", "tại địa phương",
            "cho cơ sở giáo dục", "theo đề nghị của cá nhân", "đối với phương tiện", "lần đầu"]
WORDS = ("người nộp hồ sơ cơ quan có thẩm quyền tiếp nhận kiểm tra tính hợp lệ của thành phần giấy tờ theo quy định "
         "trường hợp chưa đầy đủ hướng dẫn bổ sung hoàn thiện trong thời hạn ngày làm việc kể từ ngày nhận đủ "
         "bộ phận một cửa trả kết quả cho tổ chức cá nhân thông qua dịch vụ bưu chính công ích hoặc trực tuyến "
         "văn bản nêu rõ lý do từ chối đơn đề nghị bản sao có chứng thực bản chính để đối chiếu xác minh thông tin "
         "ủy ban nhân dân cấp xã phối hợp với các sở ngành liên quan lấy ý kiến thẩm định thực tế tại cơ sở").split()
DOCUMENTS = ["Đơn đề nghị theo mẫu", "Tờ khai theo mẫu", "Bản sao giấy tờ tùy thân", "Giấy ủy quyền (nếu có)",
             "Bản sao giấy chứng nhận đăng ký doanh nghiệp", "Bản vẽ thiết kế", "Báo cáo kết quả hoạt động",
             "Giấy xác nhận của Ủy ban nhân dân cấp xã", "Hợp đồng thuê địa điểm", "Ảnh 4x6 cm",
             "Bản thuyết minh năng lực", "Danh sách người lao động", "Văn bằng, chứng chỉ chuyên môn"]
LAWS = ["Luật Hộ tịch năm 2014", "Luật Doanh nghiệp năm 2020", "Luật Đầu tư năm 2020", "Luật Đất đai năm 2024",
        "Luật Xây dựng năm 2014, sửa đổi, bổ sung năm 2020", "Nghị định số 123/2015/NĐ-CP", "Nghị định số 61/2018/NĐ-CP",
        "Nghị định số 45/2020/NĐ-CP", "Nghị định số 107/2021/NĐ-CP", "Thông tư số 01/2018/TT-VPCP",
        "Thông tư số 04/2020/TT-BTP", "Quyết định số 468/QĐ-TTg năm 2021"]


@dataclass(frozen=True)
class SyntheticSummary:
    root: Path
    procedures: int
    agencies: int
    statistics_rows: int
    months: int


def _sentence(rng: random.Random, low: int, high: int) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    return (" ".join(words)).capitalize() + "."


def _quote(text: str) -> str:
    """A YAML double-quoted scalar (the texts hold ':' and '#')."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _agencies(communes: int) -> list[tuple[str, str, str, str | None, list[str]]]:
    """(id, name, level, parent, fields)."""
    agencies = [(aid, name, "province", None, fields) for aid, name, fields in DEPARTMENTS]
    districts = []
    for index in range(10):
        place = PLACE_NAMES[index % len(PLACE_NAMES)]
        aid = f"ubnd-huyen-{index + 1:02d}"
        districts.append(aid)
        agencies.append((aid, f"Ủy ban nhân dân huyện {place}", "district", None, DISTRICT_FIELDS))
    for index in range(communes):
        place = PLACE_NAMES[(index * 7 + 3) % len(PLACE_NAMES)]
        agencies.append((f"ubnd-xa-{index + 1:03d}", f"Ủy ban nhân dân xã {place} {index + 1}", "commune",
                         districts[index % len(districts)], COMMUNE_FIELDS))
    return agencies


def _agency_yaml(name: str, level: str, parent: str | None, rng: random.Random) -> str:
    lines = [f"name: {_quote(name)}", f"level: {level}"]
    if parent:
        lines.append(f"parent: {parent}")
    lines += [
        f"address: {_quote('Bộ phận Một cửa, ' + name + ', số ' + str(rng.randint(1, 300)) + ' đường Trần Phú')}",
        f"phone: \"0200 {rng.randint(100, 999)} {rng.randint(100, 999)}\"",
        "email: motcua@example.gov.vn",
        f"hours: {_quote('Sáng 7 giờ 30 – 11 giờ 30, chiều 13 giờ 30 – 17 giờ, thứ Hai đến thứ Sáu')}",
    ]
    return "\n".join(lines) + "\n"


def procedure_yaml(code: str, name: str, field: str, rng: random.Random) -> str:
    """One procedure file, 2–4 KB."""
    lines = [f"code: {code}", f"name: {_quote(name)}", f"field: {_quote(field)}", "processing_time:"]
    lines.append(f"  days: {rng.choice([1, 3, 5, 7, 10, 15, 20, 30])}")
    if rng.random() < 0.5:
        lines.append(f"  note: {_quote(_sentence(rng, 10, 20))}")
    if rng.random() < 0.6:
        lines.append("fees:")
        for _ in range(rng.randint(1, 2)):
            lines.append(f"  - name: {_quote('Lệ phí ' + name[:40].lower())}")
            lines.append(f"    amount: {rng.choice([20000, 50000, 100000, 200000, 500000, 1000000])}")
    level = rng.choice(["2", "3", "4", "partial", "full", "full"])
    lines += ["online:", f"  level: {level if level.isalpha() else _quote(level)}"]
    if level != "2":
        lines.append(f"  url: https://dichvucong.gov.vn/p/home/dvc-chi-tiet-thu-tuc.html?ma_thu_tuc={code}")
    if rng.random() < 0.7:
        lines += ["postal:", f"  submit: {str(rng.random() < 0.8).lower()}", "  return: true"]
    lines.append("documents:")
    for _ in range(rng.randint(3, 7)):
        lines.append(f"  - name: {_quote(rng.choice(DOCUMENTS) + ' ' + ' '.join(rng.choice(WORDS) for _ in range(rng.randint(2, 8))))}")
        if rng.random() < 0.4:
            lines.append(f"    copies: {rng.randint(1, 2)}")
        if rng.random() < 0.3:
            lines.append(f"    note: {_quote(_sentence(rng, 6, 14))}")
    lines.append("steps:")
    for _ in range(rng.randint(3, 6)):
        lines.append(f"  - {_quote(_sentence(rng, 15, 40))}")
    lines.append("requirements:")
    for _ in range(rng.randint(1, 3)):
        lines.append(f"  - {_quote(_sentence(rng, 10, 25))}")
    lines.append(f"result: {_quote(rng.choice(OBJECTS).capitalize() + ' ' + rng.choice(SUBJECTS))}")
    lines.append("legal_basis:")
    for law in rng.sample(LAWS, rng.randint(2, 4)):
        lines.append(f"  - {_quote(law)}")
    lines.append(f"announced_by: {_quote('Quyết định số ' + str(rng.randint(100, 3000)) + '/QĐ-UBND')}")
    lines.append(f"updated: {FIRST_YEAR + rng.randint(0, 2)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}")
    if rng.random() < 0.5:
        lines.append("description: |")
        for _ in range(rng.randint(1, 2)):
            lines.append(f"  {_sentence(rng, 30, 60)}")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _procedure_name(rng: random.Random, field: str, index: int) -> str:
    return f"{rng.choice(ACTIONS)} {rng.choice(OBJECTS)} {field.lower()} {rng.choice(SUBJECTS)} ({index})"


def generate_portal(root: Path, procedures: int, months: int = 36, communes: int = 100,
                    commune_procedures: int = 300, seed: int = 6) -> SyntheticSummary:
    """Write a complete portal at ``root`` (replaced if it exists)."""
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    shutil.copy(STARTER_PORTAL / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(STARTER_PORTAL / "content", root / "content")
    rng = random.Random(seed)

    agencies = _agencies(communes)
    by_level: dict[str, list[tuple]] = {"province": [], "district": [], "commune": []}
    for agency in agencies:
        aid, name, level, parent, _fields = agency
        folder = root / "procedures" / aid
        folder.mkdir(parents=True)
        (folder / "agency.yaml").write_text(_agency_yaml(name, level, parent, rng), encoding="utf-8")
        by_level[level].append(agency)

    shares = {"commune": int(procedures * 0.15), "district": int(procedures * 0.25)}
    shares["province"] = procedures - shares["commune"] - shares["district"]
    codes: dict[str, list[tuple[str, str]]] = {level: [] for level in by_level}  # level → (agency, code)
    number = 0
    for level in ("province", "district", "commune"):
        owners = by_level[level]
        for index in range(shares[level]):
            number += 1
            aid, _name, _level, _parent, fields = owners[index % len(owners)]
            code = f"{1 + number % 2}.{number:06d}" if number % 10 else f"{1 + number % 2}.{number:06d}.H38"
            field = fields[index % len(fields)]
            text = procedure_yaml(code, _procedure_name(rng, field, number), field, rng)
            (root / "procedures" / aid / f"tt-{number:05d}.yaml").write_text(text, encoding="utf-8")
            codes[level].append((aid, code))

    series = [(aid, code) for level in ("province", "district") for aid, code in codes[level]]
    commune_codes = [code for _aid, code in codes["commune"][:commune_procedures]]
    series += [(agency[0], code) for agency in by_level["commune"] for code in commune_codes]
    rows = write_statistics(root / "statistics", series, months, seed)
    return SyntheticSummary(root, procedures, len(agencies), rows, months)


COUNT_ORDER = ["carried_over", "received_online", "received_direct", "received_postal", "resolved_early",
               "resolved_on_time", "resolved_late", "pending_on_time", "pending_overdue", "withdrawn"]


def write_statistics(folder: Path, series: list[tuple[str, str]], months: int, seed: int) -> int:
    """One CSV per year, every series every month; identities hold and carried_over chains."""
    folder.mkdir(parents=True, exist_ok=True)
    if not series or months <= 0:
        return 0
    gen = np.random.default_rng(seed)
    agency = np.array([a for a, _c in series], dtype=object)
    code = np.array([c for _a, c in series], dtype=object)
    n = len(series)
    volume = gen.gamma(1.2, 12.0, n) + 1  # dossiers a month: a few busy series, many quiet ones
    pending = np.zeros(n, dtype=np.int64)
    frames: dict[int, list[pd.DataFrame]] = {}
    for month in range(months):
        year, month_in_year = FIRST_YEAR + month // 12, month % 12 + 1
        new = gen.poisson(volume)
        online = gen.binomial(new, 0.45)
        postal = gen.binomial(new - online, 0.08)
        direct = new - online - postal
        total = pending + new
        withdrawn = gen.binomial(total, 0.01)
        still = gen.binomial(total - withdrawn, 0.12)
        resolved = total - withdrawn - still
        late = gen.binomial(resolved, 0.03)
        early = gen.binomial(resolved - late, 0.6)
        on_time = resolved - late - early
        overdue = gen.binomial(still, 0.1)
        counts = [pending, online, direct, postal, early, on_time, late, still - overdue, overdue, withdrawn]
        frame = pd.DataFrame({"period": f"{year}-{month_in_year:02d}", "agency": agency, "procedure": code})
        for name, values in zip(COUNT_ORDER, counts):
            frame[name] = values
        days = np.round(gen.uniform(0.5, 12.0, n), 1)
        frame["avg_processing_days"] = np.where(resolved > 0, days, np.nan)
        frames.setdefault(year, []).append(frame)
        pending = still
    total_rows = 0
    for year, parts in frames.items():
        table = pd.concat(parts, ignore_index=True)
        total_rows += len(table)
        table.to_csv(folder / f"thong-ke-{year}.csv", index=False, float_format="%.1f")
    return total_rows
