"""Read ``mkdocs.yml`` without running it: every YAML tag is checked before MkDocs' loader sees the file.

MkDocs reads its config with PyYAML's full loader, so ``!!python/object/apply:os.system [...]`` in
``mkdocs.yml`` runs a command as soon as the file is loaded — by ``portal validate`` too. The file is
first *composed* (parsed into nodes, nothing constructed, nothing imported) and refused when a node
carries any tag other than YAML's own, MkDocs' ``!ENV`` and ``!relative``, and
``!!python/name:`` of a module of Material, PyMdown, Python-Markdown, MkDocs or this generator (what
Material's documented settings need, e.g. ``!!python/name:material.extensions.emoji.twemoji``).
``INHERIT:`` must name a file inside the portal, checked the same way.

This does not make ``mkdocs.yml`` data: its ``hooks:`` and ``plugins:`` still run code during a
build. It, ``site_templates/`` and any hook file are code, reviewed by a maintainer (``CODEOWNERS``).
"""

from __future__ import annotations

from pathlib import Path

import yaml

from ..errors import Problem
from .safe_files import check_file, link_problem

YAML_TAG = "tag:yaml.org,2002:"
PLAIN_TAGS = frozenset(YAML_TAG + name for name in
                       ("str", "int", "float", "bool", "null", "map", "seq", "timestamp", "binary", "merge",
                        "omap", "pairs", "set", "value"))
MKDOCS_TAGS = frozenset({"!ENV", "!relative"})
PYTHON_NAME = YAML_TAG + "python/name:"
PYTHON_NAME_MODULES = ("material.", "pymdownx.", "markdown.", "mkdocs.", "generator.")
MAX_INHERIT_DEPTH = 8


def _tag_allowed(tag: str) -> bool:
    if tag in PLAIN_TAGS or tag in MKDOCS_TAGS:
        return True
    return tag.startswith(PYTHON_NAME) and tag[len(PYTHON_NAME):].startswith(PYTHON_NAME_MODULES)


def _as_written(tag: str) -> str:
    return "!!" + tag[len(YAML_TAG):] if tag.startswith(YAML_TAG) else tag


def _nodes(root: yaml.Node):
    """Every node once (iteratively: a deep file cannot exhaust the stack; anchors are not walked twice)."""
    stack, seen = [root], set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        yield node
        if isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))
        elif isinstance(node, yaml.MappingNode):
            for key, value in reversed(node.value):
                stack.extend((value, key))


def _inherit(node: yaml.Node | None) -> yaml.ScalarNode | None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == "INHERIT" and isinstance(value, yaml.ScalarNode):
                return value
    return None


def config_problems(root: Path, config: Path) -> list[Problem]:
    """Why ``config`` (and every file it inherits from) may not be handed to MkDocs; empty when it may."""
    problems: list[Problem] = []
    file, depth = config, 0
    while file is not None and depth < MAX_INHERIT_DEPTH:
        depth += 1
        refused = check_file(root, file)
        if refused is not None:
            return [refused]
        rel = file.relative_to(root).as_posix()
        try:
            with open(file, "rb") as stream:
                document = yaml.compose(stream, Loader=yaml.SafeLoader)  # nodes only: nothing is constructed
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark
            return [Problem(rel, mark.line + 1 if mark else 0, mark.column + 1 if mark else 0, "mkdocs-config-unreadable",
                            f"Không đọc được {rel}: {exc.problem or exc}",
                            hint="Kiểm tra thụt lề và dấu ':' ở dòng được chỉ ra.")]
        except (yaml.YAMLError, OSError, UnicodeDecodeError) as exc:
            return [Problem(rel, 0, 0, "mkdocs-config-unreadable", f"Không đọc được {rel}: {exc}")]
        if document is None:
            return problems
        for node in _nodes(document):
            if not _tag_allowed(node.tag):
                problems.append(Problem(
                    rel, node.start_mark.line + 1, node.start_mark.column + 1, "mkdocs-config-tag",
                    f"Thẻ YAML '{_as_written(node.tag)}' không được phép trong {rel}: nó có thể chạy mã Python "
                    "khi đọc cấu hình.",
                    hint="Xoá thẻ này. Chỉ dùng !ENV, !relative và !!python/name: của material, pymdownx, markdown, "
                         "mkdocs, generator (ví dụ !!python/name:material.extensions.emoji.twemoji).",
                ))
        inherit = _inherit(document)
        if inherit is None:
            break
        parent = file.parent / inherit.value
        if link_problem(root, parent) is not None:  # outside the root or in a hidden folder, link or not
            problems.append(Problem(
                rel, inherit.start_mark.line + 1, inherit.start_mark.column + 1, "mkdocs-config-inherit",
                f"'INHERIT: {inherit.value}' trỏ tới tệp ngoài thư mục cổng (hoặc qua liên kết ra ngoài); "
                "cấu hình chỉ được kế thừa tệp trong cổng.",
                hint="Chép phần cấu hình chung vào một tệp trong cổng rồi trỏ INHERIT tới tệp đó.",
            ))
            break
        file = parent.resolve()
    return problems
