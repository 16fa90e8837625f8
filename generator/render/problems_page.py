"""The page ``portal serve`` shows instead of the site while the data is invalid: every problem, with its place.

Rendered from the shipped template and strings only (``site_templates/pages/problems.md.j2``, the ``preview``
strings of ``vi.yaml``): the portal's own templates, strings or settings may be what is broken. Problem
messages are Vietnamese, so the page is too.
"""

from __future__ import annotations

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from ..errors import Problem
from ..paths import SHIPPED_PAGE_TEMPLATES, SHIPPED_TEMPLATES
from .ui_strings import load_strings


def problems_page(problems: list[Problem]) -> bytes:
    """A Markdown page (raw HTML body, autoescaped) listing ``problems``."""
    env = Environment(loader=FileSystemLoader(str(SHIPPED_PAGE_TEMPLATES)), autoescape=True,
                      undefined=StrictUndefined, keep_trailing_newline=True)
    strings = load_strings("vi", [SHIPPED_TEMPLATES])
    errors = sum(1 for p in problems if p.is_error)
    return env.get_template("problems.md.j2").render(problems=problems, errors=errors, t=strings).encode("utf-8")
