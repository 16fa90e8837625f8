"""Pure rendering pieces: Vietnamese formatting, addresses, sanitised Markdown, the page plan."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.models import Fee, OnlineService, PostalService, ProcessingTime
from generator.paths import SHIPPED_TEMPLATES
from generator import urls
from generator.render.formatting import Formatter
from generator.render.rich_text import render_markdown
from generator.render.ui_strings import load_strings


@pytest.fixture(scope="module")
def fmt() -> Formatter:
    return Formatter(load_strings("vi", [SHIPPED_TEMPLATES]), "vi")


def test_money_and_fees(fmt: Formatter):
    assert fmt.money(200000) == "200.000 đồng"
    assert fmt.money(1500000) == "1.500.000 đồng"
    assert fmt.fees_summary(()) == "Miễn phí"
    assert fmt.fees_summary((Fee("a", 0),)) == "Miễn phí"
    assert fmt.fees_summary((Fee("a", 100000), Fee("b", 50000))) == "150.000 đồng"


def test_numbers_percentages_dates(fmt: Formatter):
    assert fmt.number(1234) == "1.234"
    assert fmt.number(2.75, 1) == "2,8"
    assert fmt.percent(0.875) == "87,5\u00a0%"
    assert fmt.percent(None) == "—"
    assert fmt.date(dt.date(2024, 3, 5)) == "05/03/2024"
    assert fmt.month(dt.date(2019, 6, 1)) == "tháng 6/2019"


def test_time_limits_in_plain_words(fmt: Formatter):
    assert fmt.time_limit(ProcessingTime(0, note="x")) == "Trong ngày"
    assert fmt.time_limit(ProcessingTime(0.5)) == "0,5 ngày làm việc"
    assert fmt.time_limit(ProcessingTime(15)) == "15 ngày làm việc"
    assert fmt.time_limit(ProcessingTime(30, "calendar_days")) == "30 ngày (tính cả ngày nghỉ, ngày lễ)"


def test_service_levels_and_postal(fmt: Formatter):
    assert fmt.online_level(OnlineService("full", "https://x")).startswith("Dịch vụ công trực tuyến toàn trình")
    assert fmt.online_level(None) == "Chưa có dịch vụ công trực tuyến."
    assert fmt.online_short(OnlineService("4", "https://x")) == "Mức 4"
    assert fmt.postal(PostalService(True, True)) == "Có thể gửi hồ sơ và nhận kết quả qua bưu điện."
    assert fmt.postal(PostalService(False, True)).startswith("Có thể nhận kết quả qua bưu điện")
    assert fmt.postal(PostalService()) == "Chưa áp dụng bưu chính công ích."


def test_missing_ui_string_is_an_error(fmt: Formatter):
    with pytest.raises(KeyError, match="procedure.nope"):
        fmt.strings.procedure.nope


@pytest.mark.parametrize(
    ("code", "name", "url"),
    [
        ("1.001193", "Đăng ký khai sinh", "thu-tuc/1-001193-dang-ky-khai-sinh/"),
        ("1.000948.H38", "Đổi giấy phép lái xe", "thu-tuc/1-000948-h38-doi-giay-phep-lai-xe/"),
        ("2.000505", "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại Việt Nam",
         "thu-tuc/2-000505-cap-phieu-ly-lich-tu-phap-cho-cong-dan-viet-nam-nguoi-nuoc/"),
    ],
)
def test_procedure_addresses(code: str, name: str, url: str):
    assert urls.procedure_url(code, name) == url


def test_permalink_depends_on_code_only():
    assert urls.procedure_permalink("1.001193") == "thu-tuc/1-001193/"
    assert urls.procedure_permalink("1.000948.H38") == "thu-tuc/1-000948-h38/"


def test_heading_slug_keeps_d_with_stroke():
    assert urls.heading_slug("Đăng ký kết hôn") == "dang-ky-ket-hon"


@pytest.mark.parametrize(
    ("target", "page", "link"),
    [
        ("co-quan/so-tu-phap/", "thu-tuc/1-001193-x/", "../../co-quan/so-tu-phap/"),
        ("", "thu-tuc/1-001193-x/", "../../"),
        ("thu-tuc/", "", "thu-tuc/"),
        ("thu-tuc/x/", "thu-tuc/", "x/"),
        ("thu-tuc/", "thu-tuc/", "./"),
    ],
)
def test_relative_links(target: str, page: str, link: str):
    assert urls.relative_url(target, page) == link


XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '<img src=x onerror="alert(1)">',
    "<svg onload=alert(1)>",
    "[a](javascript:alert(1))",
    "[a](JaVaScRiPt:alert(1))",
    "[a](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">a</a>',
    '<a href="  javascript:alert(1)">a</a>',
    '<iframe src="https://evil.example"></iframe>',
    '<p style="background:url(javascript:alert(1))">x</p>',
    "<details open ontoggle=alert(1)>",
]


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_editor_markdown_is_sanitised(payload: str):
    html = str(render_markdown(f"Văn bản {payload} tiếp"))
    lowered = html.lower()
    for forbidden in ("<script", "javascript:", "data:text", "onerror", "onload", "ontoggle", "<iframe", "style=", "<svg"):
        assert forbidden not in lowered, html


def test_markdown_keeps_ordinary_formatting():
    html = str(render_markdown("**đậm**, *nghiêng*\n\n- một\n- hai\n\n[Cổng](https://dichvucong.gov.vn)\n\n# Tiêu đề"))
    assert "<strong>đậm</strong>" in html and "<em>nghiêng</em>" in html
    assert '<a href="https://dichvucong.gov.vn" rel="noopener noreferrer">Cổng</a>' in html
    assert "<h3>Tiêu đề</h3>" in html  # editors' headings sit below the page's own sections


@pytest.mark.parametrize("payload", [p for p in XSS_PAYLOADS if "<a" in p or "](" in p])
def test_a_link_whose_address_was_removed_is_unwrapped_to_its_text(payload: str):
    html = str(render_markdown(f"Văn bản {payload} tiếp"))
    assert html == "<p>Văn bản a tiếp</p>"  # no <a title rel> without href (invalid HTML, vnu)


def test_unwrapping_keeps_the_link_text_markup_and_the_other_links():
    html = str(render_markdown('[**x** &amp; y](javascript:alert(1) "tên") rồi [Cổng](https://dichvucong.gov.vn) '
                               '<a title="chỉ có tiêu đề">z</a>'))
    assert html == ('<p><strong>x</strong> &amp; y rồi '
                    '<a href="https://dichvucong.gov.vn" rel="noopener noreferrer">Cổng</a> z</p>')


def test_relative_paths_equal_posixpath_relpath():
    """urls._relpath (no abspath/normpath) against the standard library, over every pair of many shapes."""
    import itertools
    import posixpath

    parts = ["", ".", "a", "b", "a.b", "thu-tuc", "x#y", "index.html", "..", "c..d"]
    paths = {"/".join(p) for n in (1, 2, 3) for p in itertools.product(parts, repeat=n)}
    paths |= {p + "/" for p in paths} | {"/a/b", "a//b/", "./a", "a/./b"}
    paths = sorted(p for p in paths if p)
    for path, start in itertools.product(paths, paths[::7]):
        assert urls._relpath(path, start) == posixpath.relpath(path, start), (path, start)
