"""Page addresses: the site's shared vocabulary, imported by every stage (load, validate, render, site).

Built only from validated codes and ids, and always relative. Templates get this module as
``sections`` and use the names below, never an address written out.

Every generated page lives at ``<section>/<slug>/`` (MkDocs directory URLs);
links are written relative to the page that holds them so the site works at
any base path (for example a GitHub Pages project site).
"""

from __future__ import annotations

import hashlib
import posixpath
from functools import lru_cache

from slugify import slugify

PROCEDURES = "thu-tuc"
AGENCIES = "co-quan"
FIELDS = "linh-vuc"
LEVELS = "muc-do"
STATISTICS = "thong-ke"
OPEN_DATA = "du-lieu"
CHANGES = "thay-doi"
ADMIN = "quan-tri"  # the editors' form (generator/cms), written after MkDocs
SEARCH = "tim-kiem"  # the site's own search page and its index (generator/render/search_index.py)
GENERATED_SECTIONS = (PROCEDURES, AGENCIES, FIELDS, LEVELS, STATISTICS, OPEN_DATA, CHANGES, ADMIN, SEARCH)
# Fixed pages (site-relative, directory URLs; :func:`page_source` names the Markdown file of each)
FULLY_ONLINE_LIST = f"{PROCEDURES}/truc-tuyen-toan-trinh/"
POSTAL_LIST = f"{PROCEDURES}/buu-chinh-cong-ich/"
STATISTICS_OVERVIEW = f"{STATISTICS}/"
STATISTICS_RANKING = f"{STATISTICS}/xep-hang/"
STATISTICS_METHOD = f"{STATISTICS}/cach-tinh/"
STATISTICS_ARCHIVE = f"{STATISTICS}/luu-tru/"
OVERDUE_NOW = f"{STATISTICS}/qua-han-hien-tai/"  # from dossier records
SEARCH_PAGE = f"{SEARCH}/"  # the results page: a GET form (?q=) filled by assets/javascripts/portal-search.js
SEARCH_INDEX = f"{SEARCH}/chi-muc.json"  # written after MkDocs from the catalogue
# What the theme (Material) copies into every site that no page of this one loads: its search, replaced by
# the site's own (SEARCH), and the source maps of its minified scripts and styles; removed after the build
THEME_SEARCH_ASSETS = ("assets/javascripts/lunr", "assets/javascripts/workers")
THEME_ASSETS = "assets"  # where the source maps (*.map) are
NAME_SLUG_MAX = 60


def page_source(url: str) -> str:
    """``thong-ke/cach-tinh/`` → ``thong-ke/cach-tinh.md`` (the staged Markdown of a directory URL)."""
    return url.rstrip("/") + ".md"


@lru_cache(maxsize=1 << 17)  # pure; asked for the same texts and links on many pages
def text_slug(text: str, max_length: int = NAME_SLUG_MAX) -> str:
    """ASCII slug of Vietnamese text: ``Đăng ký khai sinh`` → ``dang-ky-khai-sinh``."""
    return slugify(text, max_length=max_length, word_boundary=True, replacements=[["Đ", "D"], ["đ", "d"]])


@lru_cache(maxsize=1 << 17)
def procedure_slug(code: str, name: str) -> str:
    """``1.001193`` + ``Đăng ký khai sinh`` → ``1-001193-dang-ky-khai-sinh``."""
    code_part = slugify(code, lowercase=True, regex_pattern=r"[^a-z0-9]+")
    name_part = text_slug(name)
    return f"{code_part}-{name_part}" if name_part else code_part


def procedure_url(code: str, name: str) -> str:
    return f"{PROCEDURES}/{procedure_slug(code, name)}/"


def procedure_permalink(code: str) -> str:
    """Stays valid when the procedure is renamed; redirects to :func:`procedure_url`."""
    return f"{PROCEDURES}/{procedure_slug(code, '')}/"


def agency_url(agency_id: str) -> str:
    return f"{AGENCIES}/{agency_id}/"


@lru_cache(maxsize=1 << 12)
def field_slug(field: str) -> str:
    """``Hộ tịch`` → ``ho-tich``; a name with no letter or digit to spell (``!!!``) gets ``lv-`` and the
    first 8 hex digits of its SHA-256, so that its page is never lost at ``linh-vuc//``."""
    return text_slug(field) or "lv-" + hashlib.sha256(field.encode("utf-8")).hexdigest()[:8]


def field_url(field: str) -> str:
    return f"{FIELDS}/{field_slug(field)}/"


def overdue_url(agency_id: str = "") -> str:
    """``thong-ke/qua-han/`` (where the overdue dossiers are), or one agency's part of it:
    ``thong-ke/qua-han/<agency-id>/`` (ids are validated: lowercase ASCII letters, digits, '-')."""
    return f"{STATISTICS}/qua-han/{agency_id}/" if agency_id else f"{STATISTICS}/qua-han/"


def _relpath(path: str, start: str) -> str:
    """``posixpath.relpath`` for site-relative paths without ``..`` (the ones this generator makes), without
    its ``abspath``/``normpath`` calls: a 2,000-procedure site asks for 80,000 different links. Anything else
    goes to ``posixpath.relpath`` itself (tests/test_rendering.py compares both)."""
    if path.startswith("/") or start.startswith("/") or ".." in path or ".." in start:
        return posixpath.relpath(path, start)
    path_parts = [p for p in path.split("/") if p and p != "."]
    start_parts = [p for p in start.split("/") if p and p != "."]
    common = 0
    for a, b in zip(path_parts, start_parts):
        if a != b:
            break
        common += 1
    parts = [".."] * (len(start_parts) - common) + path_parts[common:]
    return "/".join(parts) if parts else "."


@lru_cache(maxsize=1 << 17)
def relative_url(target: str, from_page: str) -> str:
    """Link from the page at URL ``from_page`` to ``target`` (both site-relative, ``a/b/``)."""
    start = posixpath.dirname(from_page.rstrip("/") + "/x") if from_page else "."
    link = _relpath(target or ".", start or ".")
    if (target == "" or target.endswith("/")) and not link.endswith("/"):
        link += "/"
    return "./" if link in (".", "./") else link


@lru_cache(maxsize=1 << 17)
def heading_slug(value: str, separator: str = "-") -> str:
    """Anchor ids for headings (MkDocs ``toc.slugify``): ``Đăng ký`` → ``dang-ky``, never ``ang-ky``."""
    return slugify(value, separator=separator, replacements=[["Đ", "D"], ["đ", "d"]]) or "muc"
