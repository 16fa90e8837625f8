"""Which editors' files ``content/`` may publish, and the site files they may never replace.

``content/`` holds Markdown pages and inert files that the pages link to or show. Anything a browser
runs on the portal's origin (HTML, JavaScript, CSS, an SVG with scripts …) is refused: one such file
would run on every page, Content-Security-Policy or not (``script-src 'self'`` allows it). A file at
the path of one of the theme's own files (the shipped ``site_templates/theme/``, a portal's
``site_templates/theme/``, Material's theme) or of a file written after MkDocs would replace it.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from ..errors import Problem
from ..paths import SHIPPED_THEME, PortalPaths
from ..urls import SEARCH_INDEX
from .safe_files import walk_files
from .svg_check import svg_danger

MARKDOWN_SUFFIX = ".md"
INERT_SUFFIXES = frozenset({
    ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".ico",  # images
    ".pdf",  # forms to print
    ".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp",  # office forms (no macros: .docm/.xlsm are refused)
    ".txt", ".csv",  # plain text, served as text
})
SVG_SUFFIX = ".svg"
# written into the site by MkDocs or after it (robots.txt is not: a portal may write its own); none of these
# types is accepted today, the check keeps them safe if the list of inert types grows
WRITTEN_AFTER_MKDOCS = frozenset({"sitemap.xml", "sitemap.xml.gz", SEARCH_INDEX})


@lru_cache(maxsize=4)
def _theme_files(folder: Path) -> frozenset[str]:
    """The files of an installed theme, relative to it (Material's are 14,500: listed with ``scandir``,
    without a ``Path`` and a ``stat`` for each)."""
    if not folder.is_dir():
        return frozenset()
    found: list[str] = []
    pending = [(str(folder), "")]
    while pending:
        directory, prefix = pending.pop()
        with os.scandir(directory) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    pending.append((entry.path, f"{prefix}{entry.name}/"))
                elif entry.is_file():
                    found.append(prefix + entry.name)
    return frozenset(found)


@lru_cache(maxsize=1)
def _material_theme() -> Path | None:
    try:
        from mkdocs.utils import get_theme_dir

        return Path(get_theme_dir("material"))
    except Exception:  # Material missing: MkDocs itself will say so
        return None


def theme_owners(paths: PortalPaths) -> list[tuple[str, frozenset[str]]]:
    """(folder as shown in messages, files in it) for every theme folder merged into the site."""
    owners = []
    portal_theme = paths.template_overrides / "theme"
    if portal_theme.is_dir():  # its links are reported by read_portal's check of site_templates/
        files = frozenset(p.relative_to(portal_theme).as_posix() for p in walk_files(paths.root, portal_theme, []))
        owners.append(("site_templates/theme", files))
    owners.append((f"{SHIPPED_THEME} (giao diện của hệ thống)", _theme_files(SHIPPED_THEME)))
    material = _material_theme()
    if material is not None:
        owners.append((f"{material} (giao diện material)", _theme_files(material)))
    return owners


def asset_problem(paths: PortalPaths, source: Path, rel: str, owners: list[tuple[str, frozenset[str]]]) -> Problem | None:
    """Why ``content/<rel>`` cannot be published, or None."""
    shown = paths.relative(source)
    suffix = source.suffix.lower()  # .PNG is an image; but only .md is a page (MkDocs would copy x.MD as is)
    if source.suffix != MARKDOWN_SUFFIX and suffix not in INERT_SUFFIXES and suffix != SVG_SUFFIX:
        kind = f"'{source.suffix}'" if source.suffix else "không có phần mở rộng"
        return Problem(
            shown, 0, 0, "content-file-type",
            f"Không đăng được tệp {kind} trong content/: chỉ nhận trang Markdown (.md) và tệp tĩnh an toàn "
            "(ảnh, PDF, tài liệu văn phòng); trang HTML, mã JavaScript hay CSS sẽ chạy trong trình duyệt của người dân.",
            hint="Viết nội dung thành trang .md; ảnh dùng .png/.jpg/.webp/.svg, biểu mẫu dùng .pdf/.docx/.xlsx/.odt. "
                 "Giao diện (CSS, JavaScript) do người quản trị sửa trong site_templates/theme/.",
        )
    for owner, files in owners:
        if rel in files:
            return Problem(
                shown, 0, 0, "content-shadows-asset",
                f"Tệp '{shown}' trùng đường dẫn với tệp giao diện '{owner}/{rel}' và sẽ thay thế nó trên mọi trang.",
                hint="Đổi tên tệp hoặc chuyển nó sang thư mục khác, ví dụ content/tai-lieu/.",
            )
    if rel in WRITTEN_AFTER_MKDOCS:
        return Problem(
            shown, 0, 0, "content-shadows-asset",
            f"Tệp '{shown}' trùng với tệp '{rel}' do hệ thống tự tạo cho trang web.",
            hint="Đổi tên tệp hoặc chuyển nó sang thư mục khác, ví dụ content/tai-lieu/.",
        )
    if suffix == SVG_SUFFIX:
        danger = svg_danger(source.read_bytes())
        if danger is not None:
            return Problem(
                shown, 0, 0, "svg-unsafe",
                f"Ảnh SVG {danger}: SVG có thể chứa mã chạy trong trình duyệt nên chỉ nhận hình vẽ thuần.",
                hint="Xuất lại ảnh dạng 'Plain SVG' (Inkscape) hoặc dùng ảnh .png/.webp.",
            )
    return None
