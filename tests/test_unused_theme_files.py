"""The theme's search scripts and source maps are not published (generator/site/post_build.py): no page loads
them (the browser tests fail on any request that fails or script error), and they were 2.2 MB of every site."""

from __future__ import annotations

import os
from pathlib import Path

from generator.site.post_build import remove_unused_theme_files


def test_the_built_site_has_neither_the_themes_search_nor_source_maps(built_sample: Path):
    assets = built_sample / "assets"
    assert not (assets / "javascripts" / "lunr").exists() and not (assets / "javascripts" / "workers").exists()
    assert not [p for p in built_sample.rglob("*.map")]
    assert list((assets / "javascripts").glob("bundle.*.min.js")), "the theme's own script stays"
    assert (assets / "javascripts" / "portal-search.js").is_file() and list((assets / "stylesheets").glob("main.*.min.css"))


def test_only_the_sites_own_files_are_removed(tmp_path: Path):
    outside = tmp_path / "outside"
    (outside / "lunr").mkdir(parents=True)
    (outside / "keep.js.map").write_text("{}")
    (outside / "lunr" / "keep.js").write_text("x")
    site = tmp_path / "site"
    (site / "assets" / "javascripts" / "workers").mkdir(parents=True)
    (site / "assets" / "javascripts" / "workers" / "search.js").write_text("12345")
    (site / "assets" / "stylesheets").mkdir()
    (site / "assets" / "stylesheets" / "main.css.map").write_text("123")
    (site / "assets" / "stylesheets" / "main.css").write_text("body{}")
    os.symlink(outside / "lunr", site / "assets" / "javascripts" / "lunr")  # a link is not followed
    os.symlink(outside, site / "assets" / "linked")
    assert remove_unused_theme_files(site) == 8
    assert (outside / "keep.js.map").is_file() and (outside / "lunr" / "keep.js").is_file()
    assert (site / "assets" / "stylesheets" / "main.css").is_file()
    assert not (site / "assets" / "javascripts" / "workers").exists()
    assert not (site / "assets" / "stylesheets" / "main.css.map").exists()
