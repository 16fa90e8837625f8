"""The shared vocabulary sits at the bottom: lower stages never import higher ones, templates name addresses."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from generator import urls

from .conftest import REPO

GENERATOR = REPO / "generator"
# A stage may import the stages before it, never one after it (load → validate → figures → render → site).
LATER = {
    "load": ("validate", "figures", "render", "site", "commands", "pipeline"),
    "validate": ("figures", "render", "site", "commands", "pipeline"),
    "figures": ("render", "site", "commands", "pipeline"),
    "dossiers": ("render", "site", "commands", "pipeline"),
    "changes": ("render", "site", "commands", "pipeline"),
    "render": ("site", "commands", "pipeline"),
}


# Known debts, each to be moved down a layer (listed so that no new one slips in).
KNOWN: set[str] = set()  # none left


def _runtime_nodes(tree: ast.AST):
    """Every node except those under ``if TYPE_CHECKING:`` (annotations only: nothing is imported at run time)."""
    todo = [tree]
    while todo:
        node = todo.pop()
        yield node
        if not (isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING"):
            todo.extend(ast.iter_child_nodes(node))


def _imports(path: Path) -> list[str]:
    package = path.relative_to(REPO).with_suffix("").parts[:-1]
    found = []
    for node in _runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = list(package[: len(package) - node.level + 1]) if node.level else []
            module = ".".join([*base, *(node.module.split(".") if node.module else [])])
            found += [module] + [f"{module}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
    return found


def test_no_stage_imports_a_later_one():
    wrong = []
    for stage, later in LATER.items():
        for path in sorted((GENERATOR / stage).rglob("*.py")):
            for module in _imports(path):
                parts = module.split(".")
                if parts[0] == "generator" and len(parts) > 1 and parts[1] in later:
                    wrong.append(f"{path.relative_to(REPO)} imports {module}")
    wrong = [w for w in wrong if not any(w.startswith(debt) for debt in KNOWN)]
    assert not wrong, "\n".join(sorted(set(wrong)))


def test_templates_name_fixed_addresses_instead_of_writing_them():
    sections = "|".join(re.escape(getattr(urls, name)) for name in
                        ("PROCEDURES", "AGENCIES", "FIELDS", "LEVELS", "STATISTICS", "OPEN_DATA", "CHANGES"))
    written = re.compile(rf"""['"]/?({sections})/[a-z]|~ *['"]/[a-z0-9-]+/['"]""")  # files in a section are fine
    found = [f"{path.name}:{number}: {line.strip()}"
             for path in sorted((REPO / "site_templates" / "pages").glob("*.j2"))
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if written.search(line)]
    assert not found, "use the names of generator/urls.py (sections.X) in templates:\n" + "\n".join(found)


# The vocabulary every stage shares: it imports no stage (a settings model that read and validated
# mkdocs.yml itself sat here once, importing load/ and validate/).
BOTTOM = ("config", "contract", "models", "urls", "paths", "periods", "errors", "problem_codes",
          "statistics_columns", "collation")
STAGES = ("load", "validate", "figures", "dossiers", "changes", "render", "site", "scale", "commands", "pipeline", "portal")


def test_the_shared_vocabulary_imports_no_stage():
    wrong = [f"generator/{name}.py imports {module}"
             for name in BOTTOM for module in _imports(GENERATOR / f"{name}.py")
             if module.split(".")[:2][-1] in STAGES and module.startswith("generator.")]
    assert not wrong, "\n".join(sorted(set(wrong)))
