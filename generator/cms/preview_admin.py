"""``/quan-tri/`` in ``portal serve --cms``: written after each rebuild when the agencies or pages changed.

While the data is invalid the preview has no portal; the form is then built from the agency
folders on disk, so that an editor can still open the form and fix the file.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..paths import PortalPaths
from .admin_site import write_admin
from .decap_config import ADMIN_FOLDER

if TYPE_CHECKING:
    from ..portal import Portal

_written: dict[Path, tuple] = {}


def _agency_folders(paths: PortalPaths) -> list[tuple[str, str]]:
    if not paths.procedures.is_dir():
        return []
    return [(folder.name, folder.name) for folder in sorted(paths.procedures.iterdir())
            if folder.is_dir() and not folder.is_symlink() and (folder / "agency.yaml").is_file()
            and not folder.name.startswith(("_", "."))]


def write_preview_admin(site_dir: Path, paths: PortalPaths, portal: "Portal | None", port: int) -> None:
    if portal is not None:
        agencies = [(a.id, a.name) for a in portal.catalogue.agencies.values()]
        pages = [(c.path, c.title or c.path) for c in portal.content if c.path.endswith(".md")]
        name, cms, url = portal.settings.name, portal.settings.portal.cms, ""
    else:
        agencies, pages, name, cms, url = _agency_folders(paths), [], "Xem trước", None, ""
    key = (tuple(agencies), tuple(pages), name, cms, port)
    if _written.get(site_dir) == key and (site_dir / ADMIN_FOLDER / "index.html").is_file():
        return
    for problem in write_admin(site_dir, paths, name, agencies, pages, cms, port, url):
        print(problem.format())
    _written[site_dir] = key
