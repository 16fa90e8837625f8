"""Portal settings: read from the portal's ``mkdocs.yml`` (``site_name`` and ``extra.portal``).

One typed, documented model; a wrong setting is a :class:`Problem` on mkdocs.yml.
"""

from __future__ import annotations

from typing import Any, Optional

from mkdocs.utils.yaml import yaml_load
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .cms.settings import CmsSettings
from .errors import Problem
from .load.mkdocs_yaml import config_problems
from .paths import PortalPaths
from .validate.model_errors import problems_from_validation


class GuidePaths(BaseModel):
    """Guide pages in ``content/`` that procedure pages link to (left out when missing)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    online: str = "huong-dan/dich-vu-cong-truc-tuyen.md"
    postal: str = "huong-dan/buu-chinh-cong-ich.md"
    late: str = "huong-dan/ho-so-tre-han.md"


class ContactSettings(BaseModel):
    """How to reach the publishing authority (``extra.portal.contact``), shown in every page's footer."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    address: Optional[str] = Field(None, description="Postal address")
    phone: Optional[str] = Field(None, description="Telephone number as written")
    email: Optional[str] = Field(None, description="E-mail address")


class PortalSettings(BaseModel):
    """``extra.portal`` in mkdocs.yml."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    locale: str = Field("vi", description="Language of the site's text: site_templates/strings/<locale>.yaml "
                                          "(checked, never a path: generator/validate/ui_strings.py)")
    authority: Optional[str] = Field(None, description="The body that publishes the portal")
    contact: ContactSettings = ContactSettings()
    intro: Optional[str] = Field(None, description="Markdown shown at the top of the home page")
    guides: GuidePaths = GuidePaths()
    ranking_min_resolved: int = Field(
        20, ge=1, description="Agencies with fewer resolved dossiers in a period are listed but not ranked"
    )
    cms: Optional[CmsSettings] = Field(None, description="The editors' form at /quan-tri/ (Decap CMS); none: no form")
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
    theme_language: str = ""  # mkdocs.yml `theme.language` ("" when not set: Material's default, en)
    portal: PortalSettings = PortalSettings()


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
