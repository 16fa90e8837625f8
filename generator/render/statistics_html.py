"""The statistics blocks every procedure and agency page repeats, written in Python instead of Jinja2 macros.

``_statistics_macros.html.j2`` keeps the macros (a portal can still override them) and calls these
builders: a monthly table of 36 rows is ~250 macro calls in Jinja2 (about 3 ms a page, 2,000 procedure
pages), a few string joins here. The output is the macros' exact text: every value is HTML-escaped as
Jinja2's autoescape does (``tests/test_statistics_html.py`` renders both and compares).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Sequence

from markupsafe import Markup, escape

from ..figures.published import SpanFigures
from ..figures.spans import Span
from .formatting import Formatter

HEADLINE = ("received", "resolved", "on_time_rate", "overdue", "online_rate", "avg_processing_days")
RATES = frozenset({"on_time_rate", "online_rate", "postal_rate"})
TILES = ("received", "resolved", "on_time_rate", "overdue", "online_rate", "avg_processing_days")


@dataclass(frozen=True)
class StatisticsHtml:
    formatter: Formatter
    period_url: Callable[[Span], str]
    _texts: dict[tuple[str, Any], Markup] = field(default_factory=dict, compare=False, repr=False)

    def value(self, f: SpanFigures | Mapping[str, Any], name: str) -> Markup:
        """One figure as text: a rate in per cent, the mean time in days, else a count."""
        number = getattr(f, name) if isinstance(f, SpanFigures) else f[name]
        if name in RATES:  # fractions: mostly distinct values
            return escape(self.formatter.percent(number))
        text = self._texts.get((name, number))
        if text is None:  # counts and days: the same few thousand values recur on every page
            text = escape(self.formatter.days(number) if name == "avg_processing_days" else self.formatter.count(number))
            self._texts[(name, number)] = text
        return text

    def headline_head(self, first_label: str) -> Markup:
        short = self.formatter.strings.statistics.short
        cells = "".join(f'<th scope="col" data-figure="{name}">{escape(short[name])}</th>' for name in HEADLINE)
        return Markup(f'<thead><tr><th scope="col">{escape(first_label)}</th>{cells}</tr></thead>')

    def headline_cells(self, f: SpanFigures) -> Markup:
        return Markup("".join(f'<td>{self.value(f, name)}</td>' for name in HEADLINE))

    def monthly_table(self, series: Sequence[SpanFigures], subject: str, table_id: str, link: Callable[[str], str]) -> Markup:
        """One row per month, newest first, inside a scrolling region named by the caption."""
        span = self.formatter.span
        labels = self.formatter.strings.statistics
        caption = labels.monthly_caption.format(subject=subject, first=span(series[0].span), last=span(series[-1].span))
        table_id = escape(table_id)
        rows = "".join(
            f'<tr data-span="{escape(f.span.key)}"><th scope="row"><a href="{escape(link(self.period_url(f.span)))}">'
            f'{escape(span(f.span))}</a></th>{self.headline_cells(f)}</tr>\n' for f in reversed(series))
        return Markup(
            f'<div class="tt-table" role="region" aria-labelledby="{table_id}-c" tabindex="0">\n'
            f'<table class="tt-stats tt-figures" id="{table_id}" data-dimension="{escape(series[0].dimension)}" data-key="{escape(series[0].key)}">\n'
            f'<caption id="{table_id}-c">{escape(caption)}</caption>\n'
            f'{self.headline_head(labels.month)}\n<tbody>\n{rows}</tbody>\n</table>\n\n</div>')

    def tiles(self, f: SpanFigures, label: str) -> Markup:
        """Key figures as tiles: value and what it stands on."""
        names = self.formatter.strings.statistics.names
        items = "".join(f'<li><span class="tt-tile__label">{escape(names[name])}</span> <strong>{self.value(f, name)}</strong></li>\n'
                        for name in TILES)
        return Markup(f'<ul class="tt-tiles" aria-label="{escape(label)}">\n{items}</ul>')
