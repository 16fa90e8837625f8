"""The page plan: long lists are split into light pages that link each other."""

from __future__ import annotations

import re
from pathlib import Path

from generator.commands.build import build
from generator.render.page_plan import paginate

PROCEDURE = """code: {code}
name: Thủ tục thử số {n}
field: Thử nghiệm
processing_time:
  days: 5
online:
  level: full
  url: https://dichvucong.gov.vn/thu-tuc/{n}
documents:
  - name: Tờ khai
steps:
  - Nộp hồ sơ trực tuyến.
result: Giấy xác nhận
"""


def test_paginate_splits_every_hundred_items():
    pages = paginate("thu-tuc/buu-chinh-cong-ich.md", "procedure_list.md.j2", {"kind": "postal"}, "procedures",
                     tuple(range(250)))
    assert [p.path for p in pages] == [
        "thu-tuc/buu-chinh-cong-ich.md", "thu-tuc/buu-chinh-cong-ich/trang-2.md", "thu-tuc/buu-chinh-cong-ich/trang-3.md",
    ]
    assert [len(p.context["procedures"]) for p in pages] == [100, 100, 50]
    third = pages[2].context["pagination"]
    assert (third.number, third.first_item, third.last_item, third.total_items) == (3, 201, 250, 250)
    assert third.urls == ("thu-tuc/buu-chinh-cong-ich/", "thu-tuc/buu-chinh-cong-ich/trang-2/",
                          "thu-tuc/buu-chinh-cong-ich/trang-3/")
    assert all(p.context["kind"] == "postal" for p in pages)


def test_a_short_list_is_one_page_without_pagination():
    [page] = paginate("linh-vuc/ho-tich.md", "field.md.j2", {}, "procedures", tuple(range(100)))
    assert page.path == "linh-vuc/ho-tich.md" and page.context["pagination"] is None
    [empty] = paginate("linh-vuc/x.md", "field.md.j2", {}, "procedures", ())
    assert empty.context["procedures"] == () and empty.context["pagination"] is None


def test_long_lists_are_built_as_linked_pages(starter_portal: Path):
    agency = starter_portal / "procedures" / "ubnd-xa-vi-du"
    for n in range(1, 231):
        (agency / f"thu-{n:03d}.yaml").write_text(PROCEDURE.format(code=f"9.{n:06d}", n=n), encoding="utf-8")
    out = build(starter_portal, strict=True).output  # strict: every link between the pages resolves
    first = (out / "thu-tuc" / "truc-tuyen-toan-trinh" / "index.html").read_text(encoding="utf-8")
    third = (out / "thu-tuc" / "truc-tuyen-toan-trinh" / "trang-3" / "index.html").read_text(encoding="utf-8")
    assert first.count('class="tt-list__item') == 100
    assert third.count('class="tt-list__item') == 31  # 230 test procedures + the starter's own
    assert "Thủ tục thứ 201 đến 231 trong tổng số 231." in third
    assert '<span aria-current="page">3</span>' in third
    assert re.search(r'<a href="\.\./trang-2/" aria-label="Trang 2">2</a>', third)
    assert "(trang 3/3)" in re.search(r"<title>(.*?)</title>", third).group(1)
    field = out / "linh-vuc" / "thu-nghiem"
    assert (field / "trang-3" / "index.html").is_file() and not (field / "trang-4").exists()
