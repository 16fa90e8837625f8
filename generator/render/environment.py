"""The Jinja2 environment for generated pages: autoescaped, strict, with formatting filters."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Mapping

from jinja2 import BytecodeCache, Environment, FileSystemLoader, StrictUndefined, TemplateError
from markupsafe import Markup, escape

from ..errors import BuildFailed, build_problem
from . import structured_data
from .. import urls
from .formatting import Formatter
from .page_plan import Page
from .rich_text import render_markdown


def _yaml_string(value: str) -> Markup:
    """A front-matter value, HTML-escaped (Material prints ``page.title`` and the
    description unescaped) and JSON-quoted (a JSON string is valid YAML)."""
    return Markup(json.dumps(str(escape(str(value))), ensure_ascii=False))


def create_environment(template_dirs: list[Path], formatter: Formatter,
                       bytecode_cache: BytecodeCache | None = None) -> Environment:
    """Templates are looked up in ``template_dirs`` in order (portal overrides first). ``bytecode_cache``:
    Jinja's own, for compiled templates (``portal serve`` keeps one in memory between restages)."""
    env = Environment(
        loader=FileSystemLoader([str(d) for d in template_dirs]),
        bytecode_cache=bytecode_cache,
        auto_reload=False,  # no stat of each template at each page: a changed template makes a new environment
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # "{#id}" is Markdown's heading-id syntax (attr_list), so Jinja comments are {## … ##}
        comment_start_string="{##",
        comment_end_string="##}",
    )
    env.filters.update(
        markdown=render_markdown,
        yaml_string=_yaml_string,
        number=formatter.number,
        percent=formatter.percent,
        money=formatter.money,
        fees_summary=formatter.fees_summary,
        date=formatter.date,
        month=formatter.month,
        time_limit=formatter.time_limit,
        online_level=formatter.online_level,
        online_short=formatter.online_short,
        postal_text=formatter.postal,
    )
    env.globals.update(
        t=formatter.strings,
        procedure_url=urls.procedure_url,
        procedure_permalink=urls.procedure_permalink,
        agency_url=urls.agency_url,
        field_url=urls.field_url,
        overdue_url=urls.overdue_url,
        sections=urls,
        # schema.org JSON-LD of a procedure page (generator/render/structured_data.py)
        procedure_json_ld=lambda p, agency: structured_data.json_ld(
            structured_data.government_service(p, agency, formatter.strings, formatter.time_limit(p.processing_time))
        ),
    )
    return env


def render_page(env: Environment, page: Page, shared: Mapping[str, Any]) -> str:
    """The text of one page; links inside it are relative to the page's own URL."""

    def link(target: str) -> str:
        return urls.relative_url(target, page.url)

    try:
        template = env.get_template(page.template)
        return template.render({**shared, **page.context, "link": link, "page_url": page.url})
    except TemplateError as exc:  # a broken template (e.g. a portal's override), not an editor's data
        where = f" (dòng {exc.lineno})" if getattr(exc, "lineno", None) else ""
        raise BuildFailed([build_problem(
            "template-error", f"Mẫu trang '{page.template}' bị lỗi{where} khi dựng {page.path}: {exc}",
            "Mẫu trang là mã của cổng: sửa tệp mẫu trong site_templates/ (hoặc xoá bản ghi đè để dùng mẫu gốc).",
            file=getattr(exc, "filename", None) or "", line=getattr(exc, "lineno", None) or 0)]) from None
