"""``portal validate``: check a whole portal and report every problem."""

from __future__ import annotations

from pathlib import Path

from ..paths import PortalPaths
from ..portal import Portal, read_portal
from ..site.memory import no_transparent_huge_pages


def validate(root: str | Path = ".", strict: bool = False, dossiers: str | None = None) -> Portal:
    """Raises InvalidInput listing every problem; returns the portal (with its warnings) when valid.

    ``dossiers``: the dossier records' folder, glob or URL (default ``ROOT/dossiers/``)."""
    no_transparent_huge_pages()  # a million statistics rows: see generator/site/memory.py
    return read_portal(PortalPaths.at(root), strict=strict, dossiers=dossiers)


def summary(portal: Portal) -> str:
    catalogue = portal.catalogue
    return (
        f"Hợp lệ: {len(catalogue.agencies)} cơ quan, {len(catalogue.procedures)} thủ tục, "
        f"{sum(1 for f in portal.content if f.path.endswith('.md'))} trang nội dung; "
        f"{len(portal.warnings)} cảnh báo."
    )
