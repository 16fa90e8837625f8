"""Which site engine runs the MkDocs stage: MkDocs itself, or ProperDocs (the maintained MkDocs 1.6 fork).

ProperDocs is a drop-in: once ``properdocs.replacement`` is imported, every ``mkdocs.*`` import — ours,
Material's, the plugins' — resolves to ``properdocs.*``. So the choice must be made before anything
imports MkDocs, which is why the command line makes it first (``--engine``), why only the engine
stage (``generator/site/mkdocs_build.py`` and the modules it runs on several cores: ``parallel_build.py``,
``engine_pages.py``) and ``generator/config.py`` import MkDocs at all, and why the engine stage's worker
processes are told the engine before they import it. See the README,
"Engines", for the plan when MkDocs 1.6 or Material stop working.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys

ENGINES = ("mkdocs", "properdocs")
DEFAULT_ENGINE = "mkdocs"


class EngineUnavailable(RuntimeError):
    pass


def use_engine(name: str) -> None:
    """Make ``mkdocs`` imports resolve to the engine ``name``. Call before MkDocs is imported."""
    if name == "mkdocs":
        return
    if importlib.util.find_spec(name) is None:
        raise EngineUnavailable(f"Chưa cài bộ dựng '{name}': python3 -m pip install {name}")
    loaded = sys.modules.get("mkdocs")
    if loaded is not None and loaded.__name__ != name:
        raise EngineUnavailable(f"MkDocs đã được nạp trước khi chọn bộ dựng '{name}'.")
    importlib.import_module(f"{name}.replacement")


def engine_in_use() -> str:
    """The engine behind ``import mkdocs`` in this process."""
    import mkdocs

    return mkdocs.__name__
