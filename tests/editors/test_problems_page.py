"""The preview's problems page is a template of its own, escaped, from the shipped strings only."""

from __future__ import annotations

from generator.errors import Problem, Severity
from generator.render.problems_page import problems_page


def test_problems_page_lists_every_problem_escaped_with_its_place_and_hint():
    page = problems_page([
        Problem("procedures/so-a/x.yaml", 8, 13, "not-whole-number", "Số tiền '200.000' <b>sai</b>.", hint="Viết 200000 & lưu."),
        Problem("statistics/a.csv", 4, 0, "carried-over-mismatch", "Không khớp.", severity=Severity.WARNING),
    ]).decode("utf-8")
    assert page.startswith("---\ntitle: Dữ liệu có lỗi\n---\n")
    assert '<p class="admonition-title">Dữ liệu có 1 lỗi: trang chưa được cập nhật</p>' in page
    assert ("<li><code>procedures/so-a/x.yaml:8:13</code> Số tiền &#39;200.000&#39; &lt;b&gt;sai&lt;/b&gt;."
            "<br><small>Cách sửa: Viết 200000 &amp; lưu.</small></li>") in page
    assert "<li><code>statistics/a.csv:4:0</code> Không khớp.</li>" in page
    assert "<b>" not in page
