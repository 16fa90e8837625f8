"""``portal new DIR``: create a working portal root that ``portal build DIR`` builds.

Besides the data it sets up the editors' tools: JSON Schemas in ``schemas/``
mapped to the YAML files by ``.vscode/settings.json``, and a
``.pre-commit-config.yaml`` that runs ``portal validate`` before each commit.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from ..errors import PortalError
from ..paths import STARTER_PORTAL
from ..schema_export import write_schemas

GITIGNORE = "/site/\n.portal-cache/\n"


# The starter's site name and description in other interface languages (the editors replace them).
SETTINGS_TEXT = {
    "en": {
        "site_name": "Public administrative procedures portal",
        "site_description": "Administrative procedures, how to apply and how applications are decided.",
        "      permalink_title": "Link to this section",
    },
}


def _set_locale(config: Path, locale: str) -> None:
    """The UI language in the starter's mkdocs.yml: the strings and Material's texts (comments kept)."""
    text = config.read_text(encoding="utf-8")
    replacements = [(r"^(  language: )vi$", locale), (r"^(    locale: )vi$", locale)]
    replacements += [(rf"^({key}: ).*$", value) for key, value in SETTINGS_TEXT.get(locale, {}).items()]
    for pattern, value in replacements:
        text, count = re.subn(pattern, lambda m: m.group(1) + value, text, count=1, flags=re.M)
        if count != 1:  # the starter's own file; tests/test_locale.py keeps these lines in place
            raise PortalError(f"mkdocs.yml mẫu thiếu dòng {pattern!r}")
    config.write_text(text, encoding="utf-8")


def new_portal(directory: str | Path, locale: str = "vi") -> Path:
    """A new portal in ``directory``; ``locale``: the language of the site's interface (a shipped strings file)."""
    from ..validate.ui_strings import shipped_locales

    target = Path(directory).resolve()
    if locale not in shipped_locales():
        raise PortalError(f"Không có giao diện ngôn ngữ '{locale}'; chọn một trong: {', '.join(shipped_locales())}.")
    if target.exists() and any(target.iterdir()):
        raise PortalError(f"Thư mục '{target}' đã có tệp; hãy chọn một thư mục mới hoặc trống.")
    shutil.copytree(
        STARTER_PORTAL, target, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__init__.py", "__pycache__")
    )
    (target / ".gitignore").write_text(GITIGNORE, encoding="utf-8")
    if locale != "vi":
        _set_locale(target / "mkdocs.yml", locale)
    write_schemas(target)  # schemas/*.schema.json for the editors' YAML extension (.vscode/settings.json)
    return target
