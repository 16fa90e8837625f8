"""Portal settings: read from the portal's ``mkdocs.yml`` (``site_name`` and ``extra.portal``).

One typed, documented model; a wrong setting is a :class:`Problem` on mkdocs.yml.
"""

from __future__ import annotations

from typing import Any, Optional

from mkdocs.utils.yaml import yaml_load
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .errors import Problem
from .paths import PortalPaths
from .validate.model_errors import problems_from_validation


class GuidePaths(BaseModel):
    """Guide pages in ``content/`` that procedure pages link to (left out when missing)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    online: str = "huong-dan/dich-vu-cong-truc-tuyen.md"
    postal: str = "huong-dan/buu-chinh-cong-ich.md"
    late: str = "huong-dan/ho-so-tre-han.md"


class PortalSettings(BaseModel):
    """``extra.portal`` in mkdocs.yml."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    locale: str = Field("vi", description="Language of the site's text: site_templates/strings/<locale>.yaml")
    authority: Optional[str] = Field(None, description="The body that publishes the portal")
    intro: Optional[str] = Field(None, description="Markdown shown at the top of the home page")
    guides: GuidePaths = GuidePaths()
    ranking_min_resolved: int = Field(
        20, ge=1, description="Agencies with fewer resolved dossiers in a period are listed but not ranked"
    )
    min_dossiers_quantile: int = Field(
        20, ge=1, description="A median or percentile of dossier processing times is published only above this many dossiers"
    )
    min_dossiers_share: int = Field(
        10, ge=1, description="A share computed from dossier records is published only above this many dossiers"
    )


class SiteSettings(BaseModel):
    model_config = ConfigDict(frozen=True)
    name: str
    description: str = ""
    url: str = ""  # mkdocs.yml `site_url` (empty: unknown; no sitemap entries, robots.txt without Sitemap line)
    has_own_nav: bool = False
    portal: PortalSettings = PortalSettings()


def read_settings(paths: PortalPaths) -> tuple[SiteSettings | None, list[Problem]]:
    rel = paths.relative(paths.mkdocs_config)
    if not paths.mkdocs_config.is_file():
        return None, [
            Problem(rel, 0, 0, "no-mkdocs-config", "Không tìm thấy tệp cấu hình mkdocs.yml ở thư mục gốc của cổng.",
                    hint="Tạo cổng mới bằng 'portal new <thư-mục>' rồi chép mkdocs.yml sang.")
        ]
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
    if problems:
        return None, problems
    settings = SiteSettings(
        name=raw["site_name"], description=raw.get("site_description") or "", url=str(raw.get("site_url") or ""),
        has_own_nav="nav" in raw, portal=portal
    )
    return settings, []
