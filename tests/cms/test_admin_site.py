"""``/quan-tri/`` in the built sample: its own files, its own CSP; every public page keeps the strict one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.cms import admin_site
from generator.cms.admin_site import find_node_modules, write_admin, write_portal_admin
from generator.validate.settings import read_settings
from generator.paths import PortalPaths
from generator.portal import read_portal
from tests.conftest import REPO

# Today's policy of every public page (site_templates/theme/main.html), written out independently.
PUBLIC_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
              "connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'")
CSP_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')


def csp_of(page: Path) -> list[str]:
    return CSP_META.findall(page.read_text(encoding="utf-8"))


def test_public_pages_keep_the_strict_policy(built_sample: Path):
    pages = [p for p in built_sample.rglob("*.html") if "quan-tri" not in p.relative_to(built_sample).parts]
    assert len(pages) > 100
    redirects = 0
    for page in pages:
        policies = csp_of(page)
        if not policies:  # the generator's redirect pages (old names, code permalinks): no script at all
            text = page.read_text(encoding="utf-8")
            assert 'http-equiv="refresh"' in text and "<script" not in text and "<style" not in text, page
            redirects += 1
            continue
        assert policies == [PUBLIC_CSP], page
    assert redirects < len(pages) / 2


def test_admin_page_has_its_own_policy_and_only_local_scripts(built_sample: Path):
    page = built_sample / "quan-tri" / "index.html"
    [policy] = csp_of(page)
    directives = dict(d.split(" ", 1) for d in policy.split("; "))
    assert directives["style-src"] == "'self' 'unsafe-inline'"  # Decap's CSS-in-JS writes <style> elements
    assert directives["script-src"] == "'self' 'unsafe-eval'"  # no inline script
    assert directives["connect-src"] == "'self' https://gitlab.com"  # the sample's backend: gitlab.com
    assert directives["object-src"] == "'none'" and directives["form-action"] == "'self'"
    text = page.read_text(encoding="utf-8")
    assert re.findall(r'<script src="([^"]+)"', text) == ["js-yaml.min.js", "portal-contract.js", "decap-cms.js", "portal-cms.js"]
    assert "<script>" not in text and "<style" not in text and "://" not in CSP_META.sub("", text)
    assert 'name="robots" content="noindex, nofollow"' in text


def test_admin_bundle_is_the_installed_decap(built_sample: Path):
    base = find_node_modules(PortalPaths.at(REPO))
    assert base is not None, "npm ci has not installed decap-cms (bash scripts/test.sh does)"
    dist = base / "node_modules" / "decap-cms" / "dist"
    chunks = sorted(p.name for p in dist.glob("*.decap-cms.js"))
    assert len(chunks) > 50
    for name in ["decap-cms.js", *chunks, *(p.name for p in dist.glob("*.wasm"))]:
        assert (built_sample / "quan-tri" / name).read_bytes() == (dist / name).read_bytes(), name
    config = (built_sample / "quan-tri" / "config.yml").read_text(encoding="utf-8")
    assert "publish_mode: editorial_workflow" in config and "locale: vi" in config
    assert "quan-tri" not in (built_sample / "sitemap.xml").read_text(encoding="utf-8")


def test_without_the_bundle_the_build_leaves_the_form_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(admin_site, "CHECKOUT", tmp_path / "no-checkout")  # neither portal nor checkout has it
    paths = PortalPaths.at(tmp_path / "portal")
    problems = write_admin(tmp_path / "site", paths, "Cổng", [("so-tu-phap", "Sở Tư pháp")], [], None)
    assert [(p.code, p.severity.value, p.message) for p in problems] == [(
        "cms-bundle-missing", "warning",
        "Không có bộ mã Decap CMS trong node_modules: trang quản trị /quan-tri/ không được dựng.",
    )]
    assert not (tmp_path / "site" / "quan-tri").exists()


def test_portal_without_cms_settings_has_no_form(starter_portal: Path, tmp_path: Path):
    portal = read_portal(PortalPaths.at(starter_portal))
    assert portal.settings.portal.cms is None
    assert write_portal_admin(tmp_path, portal) == []
    assert not (tmp_path / "quan-tri").exists()


@pytest.mark.parametrize("cms, code, field", [
    ("{backend: gitlab, repo: tinh/cong}", "cms-app-id-missing", "extra.portal.cms"),
    ("{backend: bitbucket, repo: tinh/cong}", "invalid-choice", "extra.portal.cms.backend"),
    ("{backend: github, repo: 'tinh cong'}", "invalid-format", "extra.portal.cms.repo"),
    ("{backend: github, repo: tinh/cong, secret: x}", "unknown-field", "extra.portal.cms.secret"),
])
def test_cms_settings_are_validated(tmp_path: Path, cms: str, code: str, field: str):
    (tmp_path / "mkdocs.yml").write_text(f"site_name: Cổng\nextra:\n  portal:\n    cms: {cms}\n", encoding="utf-8")
    settings, problems = read_settings(PortalPaths.at(tmp_path))
    assert settings is None
    assert [(p.code, p.field) for p in problems] == [(code, field)]


def test_bundle_files_reached_through_a_symlink_out_of_the_portal_are_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(admin_site, "CHECKOUT", tmp_path / "no-checkout")
    root = tmp_path / "portal"
    dist = root / "node_modules" / "decap-cms" / "dist"
    dist.mkdir(parents=True)
    (dist / "decap-cms.js").write_text("/* bundle */", encoding="utf-8")
    outside = tmp_path / "secret.txt"
    outside.write_text("not the portal's", encoding="utf-8")
    (root / "node_modules" / "js-yaml" / "dist").mkdir(parents=True)
    (root / "node_modules" / "js-yaml" / "dist" / "js-yaml.min.js").symlink_to(outside)
    assert find_node_modules(PortalPaths.at(root)) is None
    problems = write_admin(tmp_path / "site", PortalPaths.at(root), "Cổng", [], [], None)
    assert [p.code for p in problems] == ["cms-bundle-missing"]
    assert not (tmp_path / "site" / "quan-tri").exists()


def test_an_editor_page_cannot_take_the_forms_address(starter_portal: Path):
    from generator.errors import InvalidInput

    (starter_portal / "content" / "quan-tri").mkdir()
    (starter_portal / "content" / "quan-tri" / "index.md").write_text("# Trang\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        read_portal(PortalPaths.at(starter_portal))
    assert [(p.file, p.code) for p in caught.value.problems] == [("content/quan-tri/index.md", "content-conflict")]


def test_the_starters_commented_cms_block_is_valid_once_uncommented(tmp_path):
    from generator.commands.new import new_portal

    portal = new_portal(tmp_path / "portal")
    config = portal / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "\n    # cms:\n" in text and read_settings(PortalPaths.at(portal))[0].portal.cms is None
    head, block = text.split("    # cms:\n")
    block = "".join(line.replace("    # ", "    ", 1) + "\n" for line in block.splitlines())
    lines = (head + "    cms:\n" + block).splitlines()
    config.write_text("\n".join(lines).replace("app_id: …", "app_id: 0123abcd") + "\n", encoding="utf-8")

    settings, problems = read_settings(PortalPaths.at(portal))

    assert problems == []
    cms = settings.portal.cms
    assert (cms.backend, cms.repo, cms.branch, cms.app_id) == ("gitlab", "nhom/cong-thu-tuc", "main", "0123abcd")
