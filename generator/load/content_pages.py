"""The editors' own pages in ``content/``: listed with their titles, never modified."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import Problem
from ..paths import PortalPaths
from ..render.urls import GENERATED_SECTIONS
from .content_assets import asset_problem, theme_owners
from .safe_files import hidden_or_private, walk_files
from .text_files import decode_source

_H1 = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.MULTILINE)
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*\n", re.DOTALL)
_META_LINE = re.compile(r"^(title|nav_title):[ \t]*[\"']?(.+?)[\"']?[ \t]*$", re.MULTILINE)


def _titles(text: str) -> tuple[str | None, str | None]:
    """(page title, short navigation label) from front matter ``title``/``nav_title`` or the first H1."""
    front = _FRONT_MATTER.match(text)
    meta = dict(_META_LINE.findall(front.group(1))) if front else {}
    heading = _H1.search(text[front.end():] if front else text)
    title = meta.get("title") or (heading.group(1).strip() if heading else None)
    return title, meta.get("nav_title") or title


@dataclass(frozen=True)
class ContentFile:
    path: str  # relative to content/, POSIX
    source: Path
    title: str | None  # Markdown pages only
    text: str | None = None  # Markdown pages, decoded and NFC-normalised; other files are copied as bytes
    nav_title: str | None = None  # front matter ``nav_title``: a short label for tabs and menus

    @property
    def url(self) -> str:
        if self.path == "index.md":
            return ""
        if self.path.endswith("/index.md"):
            return self.path.removesuffix("index.md")
        return self.path.removesuffix(".md") + "/"


def read_content(paths: PortalPaths) -> tuple[list[ContentFile], list[Problem]]:
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
        title = text = nav_title = None
        if source.suffix == ".md":
            decoded = decode_source(source.read_bytes(), paths.relative(source))
            if isinstance(decoded, Problem):
                problems.append(decoded)
                continue
            text = decoded.text
            title, nav_title = _titles(text)
        files.append(ContentFile(rel, source, title, text, nav_title))
    return files, problems
