"""Small static SVG charts, built at build time: no JavaScript, nothing loaded from elsewhere.

Each chart is ~2 KB of inline SVG with ``role="img"``, a ``<title>`` and a
``<desc>`` (referenced by ``aria-labelledby``) that says in words what the
chart shows; pages always put a table of the same numbers next to it.
The drawing scales with its container (``viewBox``) and stays readable at
360 px. Text uses ``currentColor`` so it follows the theme; the data colour
(#a3191b on white: 7.4:1) and the grid (#767676: 4.5:1) keep enough contrast.

Counts are drawn as bars, rates as a line on a 0–100 % axis; a month without
a value (a rate with no dossiers) is a gap, never a zero.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, Sequence

from markupsafe import Markup, escape

WIDTH, HEIGHT = 360, 180
LEFT, RIGHT, TOP, BOTTOM = 46, 10, 12, 30
DATA_COLOUR = "#a3191b"
GRID_COLOUR = "#767676"
MAX_X_LABELS = 6


@dataclass(frozen=True)
class ChartText:
    chart_id: str  # unique on the page; ids of title and desc derive from it
    title: str
    description: str


def nice_ceiling(value: float) -> float:
    """Smallest 1/2/2.5/5 × 10^n not below ``value`` (axis maximum); 1 for nothing."""
    if value <= 0:
        return 1.0
    exponent = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * exponent:
            return step * exponent
    return 10 * exponent  # pragma: no cover


def _num(value: float) -> str:
    """Coordinates in whole units of a 360-wide drawing: precise enough, and small."""
    return str(int(round(value)))


def _x_label_positions(count: int) -> set[int]:
    if count <= MAX_X_LABELS:
        return set(range(count))
    step = math.ceil(count / MAX_X_LABELS)
    positions = set(range(count - 1, -1, -step))  # always label the latest month
    return positions


def chart_svg(values: Sequence[float | None], labels: Sequence[str], text: ChartText, *, bars: bool,
              axis_max: float | None, tick_text: Callable[[float], str]) -> Markup:
    """The SVG element: bars (counts) or a line (rates), y axis from 0 to ``axis_max`` (or a nice maximum)."""
    present = [v for v in values if v is not None]
    top = axis_max if axis_max is not None else nice_ceiling(max(present, default=0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    count = max(len(values), 1)
    slot = plot_w / count

    def x(i: int) -> float:
        return LEFT + slot * (i + 0.5)

    def y(v: float) -> float:
        return TOP + plot_h * (1 - min(v, top) / top)

    cid = escape(text.chart_id)
    base = TOP + plot_h
    parts = [
        f'<svg class="tt-chart__svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="{cid}-t {cid}-d" '
        f'xmlns="http://www.w3.org/2000/svg" font-size="11" fill="currentColor">',
        f'<title id="{cid}-t">{escape(text.title)}</title><desc id="{cid}-d">{escape(text.description)}</desc>',
        f'<path d="M{LEFT} {_num(y(top / 2))}H{WIDTH - RIGHT}M{LEFT} {_num(y(top))}H{WIDTH - RIGHT}" '
        f'stroke="{GRID_COLOUR}" stroke-width=".5" stroke-dasharray="3 3"/>',
        f'<path d="M{LEFT} {base}H{WIDTH - RIGHT}" stroke="{GRID_COLOUR}"/>',
        '<g text-anchor="end">',
    ]
    for fraction in (0, 0.5, 1):
        tick = top * fraction
        parts.append(f'<text x="{LEFT - 4}" y="{_num(y(tick) + 4)}">{escape(tick_text(tick))}</text>')
    parts.append('</g><g text-anchor="middle">')
    for i in sorted(_x_label_positions(len(labels))):
        parts.append(f'<text x="{_num(x(i))}" y="{HEIGHT - 10}">{escape(labels[i])}</text>')
    parts.append("</g>")
    if bars:
        width = max(slot * 0.6, 1)
        shapes = "".join(f"M{_num(x(i) - width / 2)} {base}V{_num(y(v))}h{_num(width)}V{base}z" for i, v in enumerate(values) if v)
        if shapes:
            parts.append(f'<path d="{shapes}" fill="{DATA_COLOUR}"/>')
    else:
        path, dots, pen_down = [], [], False
        for i, v in enumerate(values):
            if v is None:
                pen_down = False
                continue
            path.append(f'{"L" if pen_down else "M"}{_num(x(i))} {_num(y(v))}')
            dots.append(f"M{_num(x(i))} {_num(y(v))}h0")
            pen_down = True
        if path:  # the line, then a round dot on each month (zero-length segments with round caps)
            parts.append(f'<path d="{"".join(path)}" fill="none" stroke="{DATA_COLOUR}" stroke-width="2"/>')
            parts.append(f'<path d="{"".join(dots)}" stroke="{DATA_COLOUR}" stroke-width="6" stroke-linecap="round"/>')
    parts.append("</svg>")
    return Markup("".join(parts))
