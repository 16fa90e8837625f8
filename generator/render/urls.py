"""Kept for portals whose ``mkdocs.yml`` was written by an earlier ``portal new``:
``slugify: !!python/name:generator.render.urls.heading_slug``. Addresses live in :mod:`generator.urls`."""

from ..urls import heading_slug

__all__ = ["heading_slug"]
