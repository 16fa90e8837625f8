"""``portal new DIR``: create a working portal root that ``portal build DIR`` builds.

Besides the data it sets up the editors' tools: JSON Schemas in ``schemas/``
mapped to the YAML files by ``.vscode/settings.json``, and a
``.pre-commit-config.yaml`` that runs ``portal validate`` before each commit.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from ..errors import PortalError
from ..paths import STARTER_PORTAL
from ..schema_export import write_schemas

GITIGNORE = "/site/\n.portal-cache/\n"


def new_portal(directory: str | Path) -> Path:
    target = Path(directory).resolve()
    if target.exists() and any(target.iterdir()):
        raise PortalError(f"Thư mục '{target}' đã có tệp; hãy chọn một thư mục mới hoặc trống.")
    shutil.copytree(
        STARTER_PORTAL, target, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__init__.py", "__pycache__")
    )
    (target / ".gitignore").write_text(GITIGNORE, encoding="utf-8")
    write_schemas(target)  # schemas/*.schema.json for the editors' YAML extension (.vscode/settings.json)
    return target
