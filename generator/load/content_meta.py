"""Editors' page metadata as plain text: front matter read safely, titles without markup.

A content page's front matter is read with the project's own safe YAML reader
(:mod:`generator.load.yaml_nodes`: no tags, no aliases, bounded nesting) and
only the keys the portal knows are kept, each as plain text: ``title``,
``nav_title``, ``description``, plus Material's ``hide`` (a list of
:data:`HIDE_VALUES`). Markup in them is taken out (``<b>x</b>`` → ``x``;
scripts and styles with their content) and character references are decoded,
so what is left is the text a reader sees; the title of a page without one is
its first ``#`` heading, read the same way. Whoever prints these values
escapes them (:mod:`generator.render.content_pages` writes the staged page's
front matter itself; MkDocs never reads an editor's own).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import markdown
import nh3

from ..errors import Problem, Severity
from .text_files import SourceText, invisible_characters, remove_invisible
from .yaml_nodes import MappingNode, ScalarNode, SequenceNode, parse_yaml

TEXT_KEYS = ("title", "nav_title", "description")
HIDE_VALUES = ("navigation", "toc", "footer", "path", "tags", "feedback")
FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", re.DOTALL)
_H1 = re.compile(r"^#[ \t]+(.+?)[ \t]*#*[ \t]*$", re.MULTILINE)
_ATTR_LIST = re.compile(r"\s*\{[#.:][^}]*\}\s*$")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class PageMeta:
    title: str | None = None
    nav_title: str | None = None
    description: str | None = None
    hide: tuple[str, ...] = ()
    body: str = ""  # the page without its front matter
    # (line, key, characters) of each front-matter text that had invisible characters (removed above);
    # validate/content_front_matter.py warns about them as the catalogue's rule does
    invisible: tuple[tuple[int, str, tuple[str, ...]], ...] = ()


def plain_text(value: str) -> str:
    """Text without markup, entities decoded, invisible format characters and runs of spaces removed."""
    stripped = nh3.clean(value, tags=set(), clean_content_tags={"script", "style"})
    return _SPACES.sub(" ", remove_invisible(html.unescape(stripped))).strip()


def _heading_text(raw: str) -> str:
    """A Markdown heading as a reader sees it: rendered by python-markdown (emphasis, code, links), then plain."""
    return plain_text(markdown.markdown(_ATTR_LIST.sub("", raw)))


def _problem(path: str, line: int, message: str, hint: str) -> Problem:
    return Problem(path, line, 0, "content-front-matter", message, hint=hint)


def read_page_meta(source: SourceText) -> tuple[PageMeta, list[Problem]]:
    text = source.text
    front = FRONT_MATTER.match(text)
    body = text[front.end():] if front else text
    values: dict[str, str] = {}
    hide: tuple[str, ...] = ()
    invisible: list[tuple[int, str, tuple[str, ...]]] = []
    problems: list[Problem] = []
    if front and (front.group(1) or "").strip():
        node, yaml_problems = parse_yaml(SourceText(source.path, front.group(1)))
        for found in yaml_problems:  # the front matter starts on line 2 of the page
            problems.append(Problem(found.file, found.line + 1 if found.line else 0, found.column, found.code,
                                    found.message, found.field, found.hint, found.severity))
        if node is not None and not isinstance(node, MappingNode):
            problems.append(_problem(source.path, 2, "Phần đầu trang (giữa hai dòng '---') phải là các dòng 'tên: giá trị'.",
                                     "Ví dụ: 'title: Hướng dẫn nộp hồ sơ' hoặc 'nav_title: Hướng dẫn'."))
        elif node is not None:
            for key, value in node.items.items():
                line = node.key_positions[key].line + 1
                if key in TEXT_KEYS:
                    if isinstance(value, ScalarNode):
                        if value.value is not None and plain_text(value.value):
                            values[key] = plain_text(value.value)
                        if value.value and invisible_characters(value.value):
                            invisible.append((line, key, tuple(invisible_characters(value.value))))
                    else:
                        problems.append(_problem(source.path, line, f"Trường '{key}' ở đầu trang phải là một dòng chữ.",
                                                 f"Viết '{key}: …' trên một dòng."))
                elif key == "hide":
                    items = value.items if isinstance(value, SequenceNode) else []
                    words = [item.value for item in items if isinstance(item, ScalarNode)]
                    if not isinstance(value, SequenceNode) or len(words) != len(items) or any(w not in HIDE_VALUES for w in words):
                        problems.append(_problem(source.path, line, "Trường 'hide' ở đầu trang chỉ nhận danh sách: "
                                                 + ", ".join(HIDE_VALUES) + ".", "Ví dụ: 'hide: [toc]'."))
                    else:
                        hide = tuple(dict.fromkeys(words))
                else:
                    problems.append(Problem(
                        source.path, line, 0, "content-front-matter-ignored",
                        f"Trường '{key}' ở đầu trang không được dùng nên bị bỏ qua.",
                        hint="Các trường được dùng: " + ", ".join(TEXT_KEYS + ("hide",)) + ".",
                        severity=Severity.WARNING,
                    ))
    heading = _H1.search(body)
    title = values.get("title") or (_heading_text(heading.group(1)) if heading else None) or None
    return PageMeta(title, values.get("nav_title") or title, values.get("description"), hide, body,
                    tuple(invisible)), problems
