"""The portal's settings read from ``mkdocs.yml`` without running it, and checked against their model.

A wrong setting is a :class:`~generator.errors.Problem` on mkdocs.yml; the model is
:mod:`generator.config`.
"""

from __future__ import annotations

from typing import Any

from mkdocs.utils.yaml import yaml_load
from pydantic import ValidationError

from ..config import PortalSettings, SiteSettings
from ..errors import Problem
from ..load.mkdocs_yaml import config_problems
from ..paths import PortalPaths
from .model_errors import problems_from_validation


def read_settings(paths: PortalPaths) -> tuple[SiteSettings | None, list[Problem]]:
    """``mkdocs.yml`` read without running it (tags checked first) and its ``extra.portal`` settings validated:
    the settings, or None and the problems."""
    rel = paths.relative(paths.mkdocs_config)
    if not paths.mkdocs_config.is_file():
        return None, [
            Problem(rel, 0, 0, "no-mkdocs-config", "Không tìm thấy tệp cấu hình mkdocs.yml ở thư mục gốc của cổng.",
                    hint="Tạo cổng mới bằng 'portal new <thư-mục>' rồi chép mkdocs.yml sang.")
        ]
    unsafe = config_problems(paths.root, paths.mkdocs_config)  # before MkDocs' loader, which runs Python tags
    if unsafe:
        return None, unsafe
    try:
        with open(paths.mkdocs_config, "rb") as stream:
            raw: dict[str, Any] = yaml_load(stream) or {}
    except Exception as exc:  # mkdocs' loader raises several kinds; all mean "unreadable"
        return None, [Problem(rel, 0, 0, "mkdocs-config-unreadable", f"Không đọc được mkdocs.yml: {exc}")]
    problems: list[Problem] = []
    if not raw.get("site_name"):
        problems.append(Problem(rel, 1, 1, "missing", "Thiếu 'site_name' (tên cổng) trong mkdocs.yml.", field="site_name",
                                hint="Thêm dòng 'site_name: Cổng công khai thủ tục hành chính tỉnh …'."))
    extra = raw.get("extra") or {}
    try:
        portal = PortalSettings.model_validate(extra.get("portal") or {})
    except ValidationError as exc:
        problems += [
            Problem(rel, 0, 0, p.code, p.message, field="extra.portal." + p.field, hint=p.hint)
            for p in problems_from_validation(exc, PortalSettings, rel, {})
        ]
        portal = PortalSettings()
    # a locale without a strings file: validate/ui_strings.py (with the strings file's own checks)
    if problems:
        return None, problems
    settings = SiteSettings(
        name=raw["site_name"], description=raw.get("site_description") or "", url=str(raw.get("site_url") or ""),
        has_own_nav="nav" in raw, portal=portal,
        theme_language=str(raw["theme"].get("language") or "") if isinstance(raw.get("theme"), dict) else "",
    )
    return settings, []
