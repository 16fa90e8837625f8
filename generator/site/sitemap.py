"""Reproducible builds and what search engines read: build date, sitemap ``lastmod``, ``robots.txt``.

* The build date (``generator/build_date.py``, computed once by the compute stage) is
  set as ``SOURCE_DATE_EPOCH`` while the engine runs: MkDocs uses it for the sitemap
  dates and the gzip header, so two builds of one commit are byte-identical.
* Each procedure's ``<lastmod>`` in ``sitemap.xml`` is the day of its newest
  change (its ``updated`` date, or what git knows), not the build date; the
  ``.gz`` copy is rewritten with a zero gzip timestamp.
* ``robots.txt`` allows everything and names the sitemap when ``site_url`` is
  set (a portal's own ``content/robots.txt`` wins).
* Without ``site_url`` no sitemap is published: a sitemap needs absolute addresses,
  and MkDocs' empty ``<urlset>`` fails the sitemaps.org schema.
"""

from __future__ import annotations

import datetime as dt
import gzip
import os
import xml.etree.ElementTree as ET
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Mapping

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


@contextmanager
def source_date_epoch(epoch: int) -> Iterator[int]:
    """Set ``SOURCE_DATE_EPOCH`` for the engine (MkDocs' sitemap dates, gzip headers) during a build."""
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield epoch
    finally:
        if previous is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


def set_lastmod(site_dir: Path, lastmod_by_url: Mapping[str, dt.date]) -> int:
    """Rewrite ``sitemap.xml`` (and its ``.gz``) with the given ``<lastmod>`` per absolute URL; returns how many changed."""
    sitemap = site_dir / "sitemap.xml"
    if not sitemap.is_file():
        return 0
    ET.register_namespace("", SITEMAP_NS)
    tree = ET.parse(sitemap)
    changed = 0
    for url in tree.getroot().findall(f"{{{SITEMAP_NS}}}url"):
        loc = (url.findtext(f"{{{SITEMAP_NS}}}loc") or "").strip()
        day = lastmod_by_url.get(loc)
        if day is None:
            continue
        lastmod = url.find(f"{{{SITEMAP_NS}}}lastmod")
        if lastmod is None:
            lastmod = ET.SubElement(url, f"{{{SITEMAP_NS}}}lastmod")
        lastmod.text = day.isoformat()
        changed += 1
    ET.indent(tree, space="  ")
    data = ET.tostring(tree.getroot(), encoding="UTF-8", xml_declaration=True) + b"\n"
    sitemap.write_bytes(data)
    write_gzip(site_dir / "sitemap.xml.gz", data)
    return changed


def remove_sitemap(site_dir: Path) -> None:
    """Drop MkDocs' ``sitemap.xml`` and ``.gz`` (a portal without ``site_url``: no absolute addresses)."""
    for name in ("sitemap.xml", "sitemap.xml.gz"):
        (site_dir / name).unlink(missing_ok=True)


def write_gzip(path: Path, data: bytes) -> None:
    """Deterministic gzip: no file name, timestamp 0."""
    path.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))


def write_robots(site_dir: Path, site_url: str) -> bool:
    """Write ``robots.txt`` unless the site already has one (from ``content/``)."""
    robots = site_dir / "robots.txt"
    if robots.exists():
        return False
    lines = ["User-agent: *", "Allow: /"]
    if site_url:
        lines.append(f"Sitemap: {site_url.rstrip('/')}/sitemap.xml")
    robots.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return True
