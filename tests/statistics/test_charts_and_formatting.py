"""Charts (static, accessible SVG) and the Vietnamese formatting of statistics."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from generator.figures.published import SpanFigures
from generator.figures.spans import Span, month_of
from generator.paths import SHIPPED_TEMPLATES
from generator.render.charts import ChartText, chart_svg, nice_ceiling
from generator.render.formatting import Formatter
from generator.render.statistics_charts import TrendCharts
from generator.render.ui_strings import load_strings

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def formatter() -> Formatter:
    return Formatter(load_strings("vi", [SHIPPED_TEMPLATES]), "vi")


def _month(period: str) -> Span:
    return Span("month", period, month_of(period), month_of(period), True)


def test_numbers_percentages_and_periods_the_vietnamese_way(formatter: Formatter):
    assert formatter.count(1234) == "1.234"
    assert formatter.count(1234567) == "1.234.567"
    assert formatter.percent(0.875) == "87,5\u00a0%"
    assert formatter.percent(None) == "—"
    assert formatter.days(2.75) == "2,8"
    assert formatter.days(None) == "—"
    assert formatter.span(_month("2019-06")) == "tháng 6/2019"
    assert formatter.span(Span("quarter", "2025-q2", month_of("2025-04"), month_of("2025-06"), True)) == "quý 2/2025"
    assert formatter.span(Span("year", "2026", month_of("2026-01"), month_of("2026-10"), False)) == "năm 2026 (tháng 1–10)"
    assert formatter.span(Span("last12", "x", month_of("2024-11"), month_of("2025-10"), True)) == \
        "12 tháng gần nhất (tháng 11/2024 – tháng 10/2025)"
    assert formatter.month_short(_month("2025-06")) == "6/25"


def test_chart_is_accessible_static_svg():
    svg = chart_svg([0.8, None, 0.95], ["1/25", "2/25", "3/25"], ChartText("c1", "Tỷ lệ <đúng hạn>", "Mô tả"),
                    bars=False, axis_max=1.0, tick_text=lambda v: f"{v:.0%}")
    root = ET.fromstring(str(svg))
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "c1-t c1-d"
    assert root.find(f"{SVG}title").text == "Tỷ lệ <đúng hạn>" and root.find(f"{SVG}title").get("id") == "c1-t"
    assert root.find(f"{SVG}desc").get("id") == "c1-d"
    assert "<script" not in svg and "href" not in svg
    line, dots = [p.get("d") for p in root.findall(f"{SVG}path")][-2:]
    assert line.count("M") == 2 and "L" not in line  # a month without a value is a gap, not a zero
    assert dots.count("h0") == 2  # one dot per month with a value


def test_chart_of_counts_uses_bars_and_stays_small():
    values = [1200, 0, 980, 1500, 1320, 1100, 1250, 1400, 1380, 1290, 1310, 1450]
    svg = chart_svg(values, [f"{m}/25" for m in range(1, 13)], ChartText("c2", "Hồ sơ", "Mô tả"), bars=True,
                    axis_max=None, tick_text=str)
    root = ET.fromstring(str(svg))
    assert root.findall(f"{SVG}path")[-1].get("d").count("z") == 11  # the zero month draws no bar
    assert len(svg) < 1500
    assert len([t for t in root.findall(f"{SVG}text") if "/" in (t.text or "")]) <= 6  # readable at 360 px
    assert nice_ceiling(1500) == 2000 and nice_ceiling(0) == 1 and nice_ceiling(230) == 250


def test_trend_chart_title_and_description_say_what_it_shows(formatter: Formatter):
    series = [SpanFigures(_month(p), "province", "all", resolved=r, resolved_early=e, on_time_rate=e / r if r else None)
              for p, r, e in (("2025-01", 10, 9), ("2025-02", 0, 0), ("2025-03", 20, 19))]
    html = str(TrendCharts(formatter)(series, "on_time_rate", "tinh-dung-han", "Toàn tỉnh"))
    assert "<figcaption" in html and "Tỷ lệ giải quyết đúng hạn — Toàn tỉnh" in html
    desc = re.search(r"<desc[^>]*>(.*?)</desc>", html).group(1)
    assert desc == ("Từ tháng 1/2025 (90,0\u00a0%) đến tháng 3/2025 (95,0\u00a0%); cao nhất 95,0\u00a0% (tháng 3/2025), "
                    "thấp nhất 90,0\u00a0% (tháng 1/2025).")


def test_numbers_are_written_as_babels_format_decimal_writes_them():
    """The formatter parses Babel's pattern and locale once (render/formatting.py); the text must stay Babel's own."""
    import random

    from babel.numbers import format_decimal

    from generator.render.formatting import _decimal

    rng = random.Random(7)
    values = [rng.uniform(0, 100) for _ in range(3000)] + [0.125, 2.675, 0.05, 99.95, 12345.5, 1_000_000, 0, 1, 1.0, 7]
    for locale in ("vi", "en"):
        for pattern in ("#,##0", "#,##0.#", "#,##0.0", "#,##0.00"):
            for value in values:
                assert _decimal.__wrapped__(value, pattern, locale) == format_decimal(value, format=pattern, locale=locale)
