"""The editors' own pages in ``content/``: listed with their titles, never modified."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import Problem
from ..paths import PortalPaths
from ..urls import GENERATED_SECTIONS
from .content_assets import asset_problem, theme_owners
from .safe_files import hidden_or_private, walk_files
from .content_meta import PageMeta, read_page_meta
from .text_files import decode_source


@dataclass(frozen=True)
class ContentFile:
    path: str  # relative to content/, POSIX
    source: Path
    title: str | None  # Markdown pages only; plain text (see :mod:`generator.load.content_meta`)
    text: str | None = None  # Markdown pages, decoded and NFC-normalised; other files are copied as bytes
    nav_title: str | None = None  # front matter ``nav_title``: a short label for tabs and menus (plain text)
    meta: PageMeta | None = None  # Markdown pages: the front matter kept, as plain text, and the body

    @property
    def url(self) -> str:
        if self.path == "index.md":
            return ""
        if self.path.endswith("/index.md"):
            return self.path.removesuffix("index.md")
        return self.path.removesuffix(".md") + "/"


def read_content(paths: PortalPaths) -> tuple[list[ContentFile], list[Problem]]:
    """Every file under ``content/`` (links out of the portal refused): Markdown pages with their front matter
    read as plain text, other files as they are; problems for names, types and pages that take a generated address."""
    files: list[ContentFile] = []
    problems: list[Problem] = []
    if not paths.content.is_dir():
        return files, problems
    owners = theme_owners(paths)
    for source in walk_files(paths.root, paths.content, problems, skip=hidden_or_private((".",))):
        rel = source.relative_to(paths.content).as_posix()
        if rel == "index.md" or rel.split("/")[0] in GENERATED_SECTIONS:
            problems.append(
                Problem(
                    paths.relative(source), 0, 0, "content-conflict",
                    f"Trang '{rel}' trùng với phần do hệ thống tự tạo ({', '.join(GENERATED_SECTIONS)}, index.md); "
                    "trang tự tạo không bao giờ ghi đè trang biên tập nên không thể đăng cả hai.",
                    hint="Đổi tên tệp hoặc chuyển nó sang thư mục khác, ví dụ content/huong-dan/.",
                )
            )
            continue
        refused = asset_problem(paths, source, rel, owners)
        if refused is not None:
            problems.append(refused)
            continue
        title = text = nav_title = meta = None
        if source.suffix == ".md":
            decoded = decode_source(source.read_bytes(), paths.relative(source))
            if isinstance(decoded, Problem):
                problems.append(decoded)
                continue
            text = decoded.text
            meta, meta_problems = read_page_meta(decoded)
            problems += meta_problems
            title, nav_title = meta.title, meta.nav_title
        files.append(ContentFile(rel, source, title, text, nav_title, meta))
    return files, problems
