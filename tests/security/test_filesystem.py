"""Issue 9, filesystem and code-execution half: every test builds an attack from a fresh ``portal new`` root.

Each test failed on main before the fix (see the issue for what each attack did)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from mkdocs.config import load_config

from generator.commands.build import build
from generator.preview.restage import restage
from generator.commands.validate import validate
from generator.errors import InvalidInput, Problem, problems_to_json
from generator.load.git_history import read_history
from generator.paths import PortalPaths

from ..publishing.gitutil import git, init_repo

AGENCY = "procedures/ubnd-xa-vi-du"


def digest(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (links not followed) with its content's hash."""
    found = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in filenames:
            path = Path(dirpath) / name
            found[path.relative_to(folder).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    """A folder beside the portal that nothing may touch."""
    folder = tmp_path / "victim"
    (folder / "sub").mkdir(parents=True)
    (folder / "important.txt").write_text("bí mật\n", encoding="utf-8")
    (folder / "sub" / "data.csv").write_text("a,b\n", encoding="utf-8")
    (folder / ".gitignore").write_text("keep-me\n", encoding="utf-8")
    (folder / "index.html").write_text("<p>other site</p>\n", encoding="utf-8")
    return folder


def problems_of(call, *args, **kwargs) -> list[Problem]:
    with pytest.raises(InvalidInput) as caught:
        call(*args, **kwargs)
    return caught.value.problems


def only(problems: list[Problem], code: str) -> list[Problem]:
    return [p for p in problems if p.code == code]


# --- 1. the build's own folders -------------------------------------------------------------------


def test_cache_docs_linked_outside_is_refused_and_nothing_outside_changes(starter_portal: Path, victim: Path):
    before = digest(victim)
    (starter_portal / ".portal-cache").mkdir()
    os.symlink("../../victim", starter_portal / ".portal-cache" / "docs")
    for command in (validate, build):
        [problem] = only(problems_of(command, starter_portal), "own-folder-link")
        assert problem.file == ".portal-cache/docs"
        assert problem.message == (
            "'.portal-cache/docs' là một liên kết (symlink); thư mục này do hệ thống tạo và ghi đè, "
            "nên không được là liên kết."
        )
    assert digest(victim) == before


def test_cache_folder_linked_outside_is_refused(starter_portal: Path, victim: Path):
    before = digest(victim)
    os.symlink("../victim", starter_portal / ".portal-cache")
    [problem] = only(problems_of(build, starter_portal), "own-folder-link")
    assert problem.file == ".portal-cache"
    assert digest(victim) == before
    assert not (victim / "mkdocs.yml").exists() and not (victim / "docs").exists()


def test_cache_not_made_by_the_generator_is_never_emptied(starter_portal: Path):
    """A committed ``.portal-cache`` (no marker of the generator) is left alone, not cleaned."""
    kept = starter_portal / ".portal-cache" / "docs" / "mine.md"
    kept.parent.mkdir(parents=True)
    kept.write_text("# Của tôi\n", encoding="utf-8")
    [problem] = only(problems_of(build, starter_portal), "own-folder-foreign")
    assert problem.file == ".portal-cache"
    assert kept.read_text(encoding="utf-8") == "# Của tôi\n"


def test_cache_of_an_earlier_version_is_taken_over(starter_portal: Path):
    """Caches written before the marker existed hold the generator's own staged mkdocs.yml: they are reused."""
    build(starter_portal)
    (starter_portal / ".portal-cache" / ".created-by-portal").unlink()
    stale = starter_portal / ".portal-cache" / "docs" / "cu.md"
    stale.write_text("# Cũ\n", encoding="utf-8")
    build(starter_portal)
    assert (starter_portal / ".portal-cache" / ".created-by-portal").is_file() and not stale.exists()


def test_link_inside_the_staging_folder_is_never_followed(starter_portal: Path, victim: Path):
    build(starter_portal)  # a real cache, made by the generator
    before = digest(victim)
    os.symlink("../../../victim", starter_portal / ".portal-cache" / "docs" / "lien-ket")
    main = starter_portal / ".portal-cache" / "theme" / "main.html"
    main.unlink()
    os.symlink("../../../victim/important.txt", main)
    problems = only(problems_of(build, starter_portal), "own-folder-link")
    assert sorted(p.file for p in problems) == [".portal-cache/docs/lien-ket"]  # the build stops at the first folder
    assert digest(victim) == before
    os.unlink(starter_portal / ".portal-cache" / "docs" / "lien-ket")
    [problem] = only(problems_of(build, starter_portal), "own-folder-link")
    assert problem.file == ".portal-cache/theme/main.html"
    assert digest(victim) == before


def test_output_folder_linked_outside_is_refused(starter_portal: Path, victim: Path):
    before = digest(victim)
    os.symlink("../victim", starter_portal / "site")
    [problem] = only(problems_of(build, starter_portal), "own-folder-link")
    assert problem.file == "site"
    os.unlink(starter_portal / "site")
    os.symlink("../victim", starter_portal / "public")  # --out public/site: a folder on the way is a link
    [problem] = only(problems_of(build, starter_portal, out=starter_portal / "public" / "site"), "own-folder-link")
    assert problem.file == "public"
    assert digest(victim) == before


# --- 2. editors' files never replace the site's own -----------------------------------------------


def test_content_scripts_html_and_styles_are_refused(starter_portal: Path):
    content = starter_portal / "content"
    (content / "assets" / "javascripts").mkdir(parents=True)
    (content / "assets" / "javascripts" / "portal-base.js").write_text("alert(1)\n", encoding="utf-8")
    (content / "x.html").write_text("<script>alert(1)</script>\n", encoding="utf-8")
    (content / "y.css").write_text("body{}\n", encoding="utf-8")
    (content / "Z.MD").write_text("<script>alert(1)</script>\n", encoding="utf-8")  # MkDocs copies it, unrendered
    (content / "anh.PNG").write_bytes(b"\x89PNG\r\n\x1a\n")  # accepted: an image, whatever the case
    problems = only(problems_of(validate, starter_portal), "content-file-type")
    assert sorted(p.file for p in problems) == [
        "content/Z.MD", "content/assets/javascripts/portal-base.js", "content/x.html", "content/y.css"]
    html = next(p for p in problems if p.file == "content/x.html")
    assert html.message == (
        "Không đăng được tệp '.html' trong content/: chỉ nhận trang Markdown (.md) và tệp tĩnh an toàn "
        "(ảnh, PDF, tài liệu văn phòng); trang HTML, mã JavaScript hay CSS sẽ chạy trong trình duyệt của người dân."
    )


def test_content_file_shadowing_a_theme_asset_is_refused(starter_portal: Path):
    icon = starter_portal / "content" / "assets" / "images" / "favicon.png"
    icon.parent.mkdir(parents=True)
    icon.write_bytes(b"\x89PNG\r\n\x1a\n")
    [problem] = only(problems_of(validate, starter_portal), "content-shadows-asset")
    assert problem.file == "content/assets/images/favicon.png"
    assert "assets/images/favicon.png" in problem.message and "material" in problem.message
    icon.unlink()
    own = starter_portal / "site_templates" / "theme" / "assets" / "logo.webp"
    own.parent.mkdir(parents=True)
    own.write_bytes(b"RIFF")
    (starter_portal / "content" / "assets" / "logo.webp").write_bytes(b"RIFF")
    [problem] = only(problems_of(validate, starter_portal), "content-shadows-asset")
    assert problem.message == ("Tệp 'content/assets/logo.webp' trùng đường dẫn với tệp giao diện "
                               "'site_templates/theme/assets/logo.webp' và sẽ thay thế nó trên mọi trang.")


def test_svg_with_active_content_is_refused_and_plain_svg_accepted(starter_portal: Path):
    content = starter_portal / "content"
    (content / "ok.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><title>Logo</title>'
        '<rect width="10" height="10" fill="red"/><use href="#a"/></svg>\n', encoding="utf-8")
    validate(starter_portal)
    attacks = {
        "script.svg": '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        "onload.svg": '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        "foreign.svg": '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><p>x</p></foreignObject></svg>',
        "href.svg": '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
                    '<a xlink:href="javascript:alert(1)"><rect width="1" height="1"/></a></svg>',
        "entity.svg": '<!DOCTYPE svg [<!ENTITY x "y">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>',
        "style.svg": '<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill:url(http://evil/x)"/></svg>',
    }
    for name, text in attacks.items():
        (content / name).write_text(text, encoding="utf-8")
    problems = only(problems_of(validate, starter_portal), "svg-unsafe")
    assert sorted(p.file for p in problems) == sorted(f"content/{name}" for name in attacks)


# --- 4. mkdocs.yml is read without running code ---------------------------------------------------


def test_python_tags_in_mkdocs_yml_are_refused_before_anything_runs(starter_portal: Path, tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    config = starter_portal / "mkdocs.yml"
    lines = config.read_text(encoding="utf-8").splitlines()
    config.write_text("\n".join(lines + ['x: !!python/object/apply:os.mkdir ["pwned"]']) + "\n", encoding="utf-8")
    for command in (validate, build):
        [problem] = only(problems_of(command, starter_portal), "mkdocs-config-tag")
        assert (problem.file, problem.line) == ("mkdocs.yml", len(lines) + 1)
        assert "!!python/object/apply:os.mkdir" in problem.message
        assert not (tmp_path / "pwned").exists() and not (starter_portal / "pwned").exists()
    # the preview stages a page listing the problems, with a config that does not inherit mkdocs.yml
    [problem] = only(restage(PortalPaths.at(starter_portal)), "mkdocs-config-tag")
    load_config(config_file=str(starter_portal / ".portal-cache" / "mkdocs.yml"), site_dir=str(tmp_path / "out"))
    assert not (tmp_path / "pwned").exists() and not (starter_portal / "pwned").exists()


def test_mkdocs_yml_may_not_inherit_from_outside_the_portal(starter_portal: Path, tmp_path: Path):
    (tmp_path / "outside.yml").write_text("site_name: x\n", encoding="utf-8")
    config = starter_portal / "mkdocs.yml"
    config.write_text("INHERIT: ../outside.yml\n" + config.read_text(encoding="utf-8"), encoding="utf-8")
    [problem] = only(problems_of(validate, starter_portal), "mkdocs-config-inherit")
    assert (problem.file, problem.line) == ("mkdocs.yml", 1)


def test_starter_says_which_files_are_code(starter_portal: Path):
    owners = (starter_portal / "CODEOWNERS").read_text(encoding="utf-8")
    for pattern in ("/mkdocs.yml", "/site_templates/"):
        assert any(line.split()[0] == pattern for line in owners.splitlines() if line and not line.startswith("#"))


# --- 5. links out of the portal are never read ----------------------------------------------------


def test_links_out_of_the_portal_are_refused_everywhere(starter_portal: Path, tmp_path: Path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "secret.md").write_text("# MẬT-KHẨU-123\n", encoding="utf-8")
    (elsewhere / "agency.yaml").write_text((starter_portal / AGENCY / "agency.yaml").read_text(encoding="utf-8"))
    (elsewhere / "stats.csv").write_text((starter_portal / "statistics" / "vi-du-2026.csv").read_text(encoding="utf-8"))
    os.symlink(elsewhere, starter_portal / "procedures" / "co-quan-khac")
    os.symlink(elsewhere / "stats.csv", starter_portal / "statistics" / "khac.csv")
    os.symlink(elsewhere / "secret.md", starter_portal / "content" / "passwd.md")
    os.symlink(elsewhere, starter_portal / "content" / "thu-muc")
    (starter_portal / "site_templates" / "pages").mkdir(parents=True)
    os.symlink(elsewhere / "secret.md", starter_portal / "site_templates" / "pages" / "procedure.md.j2")
    problems = problems_of(validate, starter_portal)
    links = only(problems, "link-outside")
    assert sorted(p.file for p in links) == [
        "content/passwd.md", "content/thu-muc", "procedures/co-quan-khac", "site_templates/pages/procedure.md.j2",
        "statistics/khac.csv",
    ]
    passwd = next(p for p in links if p.file == "content/passwd.md")
    assert passwd.message == (
        f"'content/passwd.md' là liên kết (symlink) trỏ ra ngoài thư mục cổng, tới thư mục '{elsewhere}'; "
        "hệ thống không đọc tệp qua liên kết này."
    )
    assert not any("MẬT-KHẨU" in p.message for p in problems)


def test_links_into_the_portals_hidden_folders_are_refused(starter_portal: Path):
    (starter_portal / ".git").mkdir()
    (starter_portal / ".git" / "config").write_text("[http] extraheader = AUTHORIZATION: basic c2VjcmV0\n")
    os.symlink("../.git/config", starter_portal / "content" / "config.txt")
    [problem] = only(problems_of(validate, starter_portal), "link-outside")
    assert problem.file == "content/config.txt"


def test_links_that_stay_inside_the_portal_are_followed(starter_portal: Path):
    os.symlink("huong-dan/ho-so-tre-han.md", starter_portal / "content" / "tre-han.md")
    os.symlink("huong-dan", starter_portal / "content" / "hd")
    os.symlink(".", starter_portal / "content" / "vong-lap")  # a loop is listed once, never walked forever
    portal = validate(starter_portal)
    paths = {f.path for f in portal.content}
    assert {"tre-han.md", "hd/ho-so-tre-han.md"} <= paths
    assert not any(path.startswith("vong-lap/") for path in paths)


def test_mkdocs_yml_linked_outside_is_refused(starter_portal: Path, tmp_path: Path):
    outside = tmp_path / "elsewhere" / "mkdocs.yml"
    outside.parent.mkdir()
    (starter_portal / "mkdocs.yml").rename(outside)
    os.symlink(outside, starter_portal / "mkdocs.yml")
    [problem] = only(problems_of(validate, starter_portal), "link-outside")
    assert problem.file == "mkdocs.yml" and str(outside.parent) in problem.message


# --- 8. git names: any byte ----------------------------------------------------------------------


def test_git_file_names_with_any_byte_are_read(starter_portal: Path):
    init_repo(starter_portal)
    odd = starter_portal / AGENCY / "a\x1eb\nc.yaml"
    odd.write_text((starter_portal / AGENCY / "dang-ky-khai-sinh.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    git(starter_portal, "add", "-A")
    git(starter_portal, "commit", "-q", "-m", "thêm", date="2026-11-02T09:00:00+07:00")
    git(starter_portal, "rm", "-q", str(odd))
    git(starter_portal, "commit", "-q", "-m", "xoá", date="2026-11-03T09:00:00+07:00")  # after the starter's statistics months
    history = read_history(starter_portal)
    assert [change.path for change in history.deleted] == [f"{AGENCY}/a\x1eb\nc.yaml"]
    assert sorted(history.changes) == [f"{AGENCY}/agency.yaml", f"{AGENCY}/dang-ky-khai-sinh.yaml"]
    build(starter_portal)


# --- 9. validate refuses every name that build refuses ------------------------------------------


def test_file_names_build_cannot_stage_are_refused_by_validate(starter_portal: Path):
    guides = starter_portal / "content" / "huong-dan"
    (guides / "a\\b.md").write_text("# A\n", encoding="utf-8")
    (guides / "c\x07d.md").write_text("# C\n", encoding="utf-8")
    (guides / "e\u202egp.md").write_text("# E\n", encoding="utf-8")  # right-to-left override: shows as "pg.md"
    problems = only(problems_of(validate, starter_portal), "file-name")
    assert sorted(p.file for p in problems) == [
        "content/huong-dan/a\\b.md", "content/huong-dan/c\\x07d.md", "content/huong-dan/e\\u202egp.md"]
    assert problems[0].message == "Tên tệp hoặc thư mục có dấu '\\'; trang web không thể đăng tệp dưới tên này."
    (guides / os.fsdecode(b"f\xff.md")).write_text("# F\n", encoding="utf-8")  # not UTF-8: still printable as JSON
    problem = next(p for p in problems_of(validate, starter_portal) if p.file.endswith("f\\xff.md"))
    assert problem.code == "file-name" and problems_to_json([problem]).encode("utf-8")


def test_locale_is_a_language_tag_never_a_path(starter_portal: Path, tmp_path: Path):
    """``extra.portal.locale`` names ``site_templates/strings/<locale>.yaml``: ``../..`` would read any YAML file."""
    (tmp_path / "x.yaml").write_text("secret: MẬT-KHẨU-123\n", encoding="utf-8")
    config = starter_portal / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("locale: vi", "locale: ../../../x"), encoding="utf-8")
    [problem] = problems_of(validate, starter_portal)
    assert (problem.file, problem.code) == ("mkdocs.yml", "unknown-locale")
    assert problem.message == "Không có chuỗi giao diện cho ngôn ngữ '../../../x' (extra.portal.locale)."
    assert "MẬT-KHẨU" not in problem.message + problem.hint


def test_leftover_names_that_are_links_are_never_followed(starter_portal: Path, victim: Path):
    """``.site.old-*`` is put back as the site after a killed build: a committed link of that name must not be."""
    before = digest(victim)
    os.symlink("../victim", starter_portal / ".site.old-1")
    os.symlink("../victim", starter_portal / f".site.building-{os.getpid()}")
    build(starter_portal)
    assert not (starter_portal / "site").is_symlink() and (starter_portal / "site" / "index.html").is_file()
    assert not (starter_portal / ".site.old-1").exists() and not (starter_portal / ".site.old-1").is_symlink()
    assert digest(victim) == before
