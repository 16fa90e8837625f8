"""One page of every page family and template of the built site: what the HTML checker and axe see.

A family is listed with the site it is found in: the sample portal, or the sample
with enough procedures for a second list page (``built_variant``). Pages whose
address depends on the data (the first month, an agency with overdue dossiers, an
amended procedure) are looked up in the built site; a family that cannot be
found there is an error, never a silent skip.
"""

from __future__ import annotations

from pathlib import Path

SAMPLE, LONG = "sample", "long"

FIXED = {
    "home": "",
    "catalogue": "thu-tuc/",
    "fully-online-list": "thu-tuc/truc-tuyen-toan-trinh/",
    "postal-list": "thu-tuc/buu-chinh-cong-ich/",
    "procedure": "thu-tuc/1-001193-dang-ky-khai-sinh/",
    "agencies": "co-quan/",
    "agency": "co-quan/so-tu-phap/",
    "fields": "linh-vuc/",
    "field": "linh-vuc/ho-tich/",
    "levels": "muc-do/",
    "level": "muc-do/province/",
    "guides": "huong-dan/",
    "guide": "huong-dan/dich-vu-cong-truc-tuyen/",
    "guide-late": "huong-dan/ho-so-tre-han/",
    "content-page": "gioi-thieu/",
    "feedback-page": "phan-anh-kien-nghi/",
    "statistics": "thong-ke/",
    "statistics-method": "thong-ke/cach-tinh/",
    "statistics-archive": "thong-ke/luu-tru/",
    "statistics-ranking": "thong-ke/xep-hang/",
    "statistics-overdue": "thong-ke/qua-han/",
    "statistics-overdue-now": "thong-ke/qua-han-hien-tai/",  # from the sample's dossier records
    "agency-from-dossiers": "co-quan/ubnd-xa-binh-an/",  # an agency whose figures all come from dossiers
    "open-data": "du-lieu/",
    "changes": "thay-doi/",
    "search": "tim-kiem/",
    "not-found": "404.html",
}
LONG_PAGES = {
    "fully-online-list-page-2": "thu-tuc/truc-tuyen-toan-trinh/trang-2/",
    "level-page-2": "muc-do/province/trang-2/",
}
LOOKED_UP = ("statistics-month", "statistics-quarter", "statistics-year", "statistics-overdue-agency",
             "procedure-abolished-or-amended")
BROWSER_FAMILIES = [*FIXED, *LOOKED_UP, *LONG_PAGES]  # every family but the permanent-link redirect
REDIRECT = {"procedure-permalink": "thu-tuc/1-001193/"}  # a permanent link: a meta refresh, no content


def _first(site: Path, pattern: str, contains: str | None = None) -> str | None:
    for page in sorted(site.glob(pattern)):
        if contains is None or contains in page.read_text(encoding="utf-8"):
            return page.parent.relative_to(site).as_posix() + "/"
    return None


def families(sample: Path, long: Path | None = None, redirects: bool = False) -> dict[str, tuple[str, str]]:
    """family → (site, address). ``redirects``: include the permanent-link page (not for a browser)."""
    found = {name: (SAMPLE, url) for name, url in FIXED.items()}
    looked_up = {
        "statistics-month": _first(sample, "thong-ke/thang/*/index.html"),
        "statistics-quarter": _first(sample, "thong-ke/quy/*/index.html"),
        "statistics-year": _first(sample, "thong-ke/nam/*/index.html"),
        "statistics-overdue-agency": _first(sample, "thong-ke/qua-han/*/index.html"),
        "procedure-abolished-or-amended": _first(sample, "thu-tuc/*/index.html", "tt-status"),
    }
    missing = [name for name, url in looked_up.items() if url is None]
    assert not missing, f"the sample portal no longer has a page of: {missing}"
    found.update({name: (SAMPLE, url) for name, url in looked_up.items()})
    if redirects:
        found.update({name: (SAMPLE, url) for name, url in REDIRECT.items()})
    if long is not None:
        found.update({name: (LONG, url) for name, url in LONG_PAGES.items()})
    for name, (site, url) in found.items():
        root = long if site == LONG else sample
        file = root / url if url.endswith(".html") else root / url / "index.html"
        assert file.is_file(), f"page family '{name}': {url} was not built"
    return found


def file_of(root: Path, url: str) -> Path:
    return root / url if url.endswith(".html") else root / url / "index.html"
