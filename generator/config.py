"""Portal settings, the typed and documented model of the portal's ``mkdocs.yml`` (``site_name`` and
``extra.portal``): shared vocabulary that crosses every stage, like :mod:`generator.models`.

Reading and checking them is validation: :func:`generator.validate.settings.read_settings`.
"""

from __future__ import annotations

from typing import Optional

from pydantic import BaseModel, ConfigDict, Field

from .cms.settings import CmsSettings


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
