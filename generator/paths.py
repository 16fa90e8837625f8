"""Where a portal's files live. Every path the generator reads or writes is named here."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

CACHE_DIR_NAME = ".portal-cache"


def package_data(*parts: str) -> Path:
    """A folder or file shipped inside the installed ``generator`` package."""
    return Path(str(resources.files("generator").joinpath(*parts)))


@dataclass(frozen=True)
class PortalPaths:
    """The layout of one portal root (see the data contract)."""

    root: Path

    @classmethod
    def at(cls, root: str | Path) -> "PortalPaths":
        return cls(Path(root).resolve())

    # --- inputs -----------------------------------------------------------
    @property
    def procedures(self) -> Path:
        return self.root / "procedures"

    @property
    def statistics(self) -> Path:
        return self.root / "statistics"

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def mkdocs_config(self) -> Path:
        return self.root / "mkdocs.yml"

    @property
    def template_overrides(self) -> Path:
        """A portal may override any shipped template in its own ``site_templates/``."""
        return self.root / "site_templates"

    # --- outputs ----------------------------------------------------------
    @property
    def default_output(self) -> Path:
        return self.root / "site"

    @property
    def cache(self) -> Path:
        """Staging area: merged docs and theme handed to MkDocs (never published)."""
        return self.root / CACHE_DIR_NAME

    @property
    def staged_docs(self) -> Path:
        return self.cache / "docs"

    @property
    def staged_theme(self) -> Path:
        return self.cache / "theme"

    @property
    def staged_mkdocs_config(self) -> Path:
        return self.cache / "mkdocs.yml"

    def relative(self, path: Path) -> str:
        """A path as editors see it in messages: relative to the root, with ``/``."""
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()


def _shipped_templates() -> Path:
    """Top-level ``site_templates/`` of the source tree, installed as ``generator.site_templates``.

    In a source checkout the checkout's own folder wins, so the templates always match the
    code that runs (an editable install of another checkout cannot lend its templates)."""
    checkout = Path(__file__).resolve().parent.parent
    if (checkout / "pyproject.toml").is_file() and (checkout / "site_templates" / "pages").is_dir():
        return checkout / "site_templates"
    return Path(str(resources.files("generator.site_templates")))


SHIPPED_TEMPLATES = _shipped_templates()
SHIPPED_PAGE_TEMPLATES = SHIPPED_TEMPLATES / "pages"
SHIPPED_THEME = SHIPPED_TEMPLATES / "theme"
STARTER_PORTAL = package_data("starter")
