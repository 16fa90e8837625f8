"""Trend charts of one figure over months, with titles and descriptions in the site's language.

Templates call ``trend_chart(series, "on_time_rate", "id")`` where ``series``
is a list of :class:`~generator.figures.published.Figures` (one per month).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from markupsafe import Markup

from ..figures.published import SpanFigures
from .charts import ChartText, chart_svg
from .formatting import Formatter

RATE_FIGURES = frozenset({"on_time_rate", "online_rate", "postal_rate"})


@dataclass(frozen=True)
class TrendCharts:
    formatter: Formatter

    def value_text(self, figure: str, value: float | None) -> str:
        if figure in RATE_FIGURES:
            return self.formatter.percent(value)
        if figure == "avg_processing_days":
            return self.formatter.days(value)
        return self.formatter.count(value)

    def describe(self, series: Sequence[SpanFigures], figure: str, values: list[float | None]) -> str:
        labels = self.formatter.strings.statistics.chart
        spans = [f.span for f in series]
        known = [(v, s) for v, s in zip(values, spans) if v is not None]
        if not known:
            return labels.no_data.format(first=self.formatter.span(spans[0]), last=self.formatter.span(spans[-1]))
        highest = max(known, key=lambda pair: pair[0])
        lowest = min(known, key=lambda pair: pair[0])
        return labels.description.format(
            first=self.formatter.span(spans[0]), first_value=self.value_text(figure, values[0]),
            last=self.formatter.span(spans[-1]), last_value=self.value_text(figure, values[-1]),
            high=self.value_text(figure, highest[0]), high_month=self.formatter.span(highest[1]),
            low=self.value_text(figure, lowest[0]), low_month=self.formatter.span(lowest[1]),
        )

    def __call__(self, series: Sequence[SpanFigures], figure: str, chart_id: str, subject: str = "") -> Markup:
        if not series:
            return Markup("")
        labels = self.formatter.strings.statistics
        values = [getattr(f, figure) for f in series]
        title = labels.chart.title.format(figure=labels.names[figure], subject=subject) if subject else labels.names[figure]
        text = ChartText(chart_id, title, self.describe(series, figure, values))
        rate = figure in RATE_FIGURES
        svg = chart_svg(
            [None if v is None else float(v) for v in values],
            [self.formatter.month_short(f.span) for f in series],
            text,
            bars=not rate and figure != "avg_processing_days",
            axis_max=1.0 if rate else None,
            tick_text=(lambda v: self.formatter.percent(v, 0)) if rate else (lambda v: self.formatter.number(v, 1)),
        )
        return Markup('<figure class="tt-chart"><figcaption class="tt-chart__caption">') + Markup.escape(title) + \
            Markup("</figcaption>") + svg + Markup("</figure>")
