"""Write ``/quan-tri/``: the editors' form (Decap CMS) as files of the site itself.

The page, its generated ``config.yml`` and ``portal-contract.js``, the portal's own
``portal-cms.js`` and the Decap bundle (``decap-cms.js``, its lazily loaded chunks and
WebAssembly files, from ``node_modules/decap-cms/dist`` as installed by ``npm ci``) and
``js-yaml.min.js``. Nothing is loaded from another host. Only this page gets the looser
Content-Security-Policy Decap needs (inline styles written by its CSS-in-JS, ``eval`` in
its bundled libraries); every public page keeps the strict policy of the theme.

When ``node_modules`` has no bundle (a portal built without npm), ``/quan-tri/`` is left
out and the build says so (problem ``cms-bundle-missing``, a warning).
"""

from __future__ import annotations

import html
import json
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable
from urllib.parse import urlsplit

from ..errors import Problem, Severity
from ..paths import SHIPPED_TEMPLATES, PortalPaths
from .decap_config import ADMIN_FOLDER, PROCEDURE_MARK, decap_config, online_levels_needing_url, render_config
from .settings import CmsSettings

if TYPE_CHECKING:
    from ..portal import Portal

BUNDLE = Path("node_modules/decap-cms/dist")
JS_YAML = Path("node_modules/js-yaml/dist/js-yaml.min.js")
CHECKOUT = Path(__file__).resolve().parent.parent.parent  # the generator's own source checkout
AGENCY_SCHEMA_LINE = "# yaml-language-server: $schema=../../schemas/agency.schema.json"  # as in the sample, portal new
MESSAGES = {"needUrl": "bắt buộc nhập địa chỉ nộp hồ sơ trực tuyến (https://…) khi mức độ là {level}."}
# Decap's own Vietnamese phrases that are missing (shown in English otherwise).
PHRASES = {
    "editor": {"editorWidgets": {
        "list": {"add": "Thêm: %{item}", "addType": "Thêm: %{item}"},
        "markdown": {"addComponent": "Thêm thành phần"},
    }},
}


def _inside(path: Path, base: Path) -> bool:
    """A regular file whose real path is inside ``base`` (a symlink in a commit cannot lend a file from elsewhere)."""
    try:
        return path.is_file() and path.resolve().is_relative_to(base.resolve())
    except OSError:
        return False


def find_node_modules(paths: PortalPaths) -> Path | None:
    """``node_modules`` of the portal, else of the generator's checkout, that holds the Decap bundle."""
    for base in (paths.root, CHECKOUT):
        if _inside(base / BUNDLE / "decap-cms.js", base) and _inside(base / JS_YAML, base):
            return base
    return None


def bundle_files(base: Path) -> dict[str, Path]:
    """Site path (inside /quan-tri/) → source file: the main bundle, its chunks and wasm, licences."""
    dist = base / BUNDLE
    files = {name.name: name for name in sorted(dist.iterdir())
             if not name.is_symlink() and _inside(name, base)
             and (name.name.endswith("decap-cms.js") or name.suffix == ".wasm" or name.name == "decap-cms.js.LICENSE.txt")}
    files["js-yaml.min.js"] = base / JS_YAML
    return files


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def admin_csp(cms: CmsSettings | None, local_port: int | None) -> str:
    """The policy of /quan-tri/ only: the site itself, plus the git host's API and login."""
    connect = ["'self'"]
    images = ["'self'", "data:", "blob:"]
    if local_port is not None:
        connect.append(f"http://127.0.0.1:{local_port}")
    if cms is not None:
        if cms.backend == "gitlab":
            server = str(cms.base_url or "https://gitlab.com")
            connect.append(_origin(str(cms.api_root)) if cms.api_root else _origin(server))
            connect.append(_origin(server))
            images.append(_origin(server))
        else:
            connect += [_origin(str(cms.api_root)) if cms.api_root else "https://api.github.com",
                        "https://www.githubstatus.com"]
            images += ["https://avatars.githubusercontent.com", "https://raw.githubusercontent.com"]
            if cms.base_url:
                connect.append(_origin(str(cms.base_url)))
    connect = list(dict.fromkeys(connect))
    return "; ".join([
        "default-src 'self'",
        "script-src 'self' 'unsafe-eval'",  # Decap's bundle compiles code at start (measured: it stops without)
        "style-src 'self' 'unsafe-inline'",
        "img-src " + " ".join(dict.fromkeys(images)),
        "font-src 'self' data:",
        "connect-src " + " ".join(connect),
        "worker-src 'self' blob:",
        "frame-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ])


def admin_page(site_name: str, csp: str) -> str:
    return (
        "<!doctype html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<meta name=\"robots\" content=\"noindex, nofollow\">\n"
        f"<meta http-equiv=\"Content-Security-Policy\" content=\"{html.escape(csp, quote=False).replace(chr(34), '&quot;')}\">\n"
        f"<title>Quản trị nội dung — {html.escape(site_name)}</title>\n"
        "<link href=\"config.yml\" type=\"text/yaml\" rel=\"cms-config-url\">\n"
        "</head>\n<body>\n"
        "<noscript>Trang quản trị cần bật JavaScript.</noscript>\n"
        "<script src=\"js-yaml.min.js\"></script>\n"
        "<script src=\"portal-contract.js\"></script>\n"
        "<script src=\"decap-cms.js\"></script>\n"
        "<script src=\"portal-cms.js\"></script>\n"
        "</body>\n</html>\n"
    )


def _shape(fields: list[dict[str, Any]]) -> dict[str, Any]:
    """Each field's type as portal-cms.js reads YAML: text, int, number, bool, a group or a list."""
    shape: dict[str, Any] = {}
    for item in fields:
        widget = item["widget"]
        if widget == "object":
            shape[item["name"]] = _shape(item["fields"])
        elif widget == "list":
            shape[item["name"]] = [_shape(item["fields"])] if "fields" in item else ["text"]
        elif widget == "portal-dong" or (widget == "number" and item.get("value_type") == "int"):
            shape[item["name"]] = "int"
        elif widget == "number":
            shape[item["name"]] = "number"
        elif widget == "boolean":
            shape[item["name"]] = "bool"
        elif widget != "hidden":
            shape[item["name"]] = "text"
    return shape


def contract_script(config: dict[str, Any]) -> str:
    """``window.PORTAL_CONTRACT``: the fields' types in the contract's order (procedure keys first, then the
    agency's), the online levels that need a url, and the form's own messages."""
    procedure = next((c["fields"] for c in config["collections"] if "folder" in c), [])
    agencies = next(c for c in config["collections"] if c["name"] == "co-quan")["files"]
    shape = _shape(procedure)
    for key, value in _shape(agencies[0]["fields"] if agencies else []).items():
        shape.setdefault(key, value)
    postal = shape.get("postal")
    if postal is not None:
        shape["postal"] = "postal-or-flag"  # `postal: true` means both
    data = {"shape": shape, "postal": postal, "needUrl": online_levels_needing_url(), "mark": PROCEDURE_MARK,
            "agencyHeader": AGENCY_SCHEMA_LINE,
            "messages": MESSAGES, "phrases": PHRASES}
    return "window.PORTAL_CONTRACT = " + json.dumps(data, ensure_ascii=False, indent=1) + ";\n"


def write_portal_admin(site_dir: Path, portal: "Portal", local_port: int | None = None) -> list[Problem]:
    """``/quan-tri/`` of a built portal: only when mkdocs.yml has ``extra.portal.cms`` (or for ``portal serve --cms``)."""
    cms = portal.settings.portal.cms
    if cms is None and local_port is None:
        return []
    agencies = [(a.id, a.name) for a in portal.catalogue.agencies.values()]
    pages = [(c.path, c.title or c.path) for c in portal.content if c.path.endswith(".md")]
    return write_admin(site_dir, portal.paths, portal.settings.name, agencies, pages, cms, local_port, portal.settings.url)


def write_admin(
    site_dir: Path,
    paths: PortalPaths,
    site_name: str,
    agencies: Iterable[tuple[str, str]],
    pages: Iterable[tuple[str, str]],
    cms: CmsSettings | None,
    local_port: int | None = None,
    site_url: str = "",
) -> list[Problem]:
    """Write ``site_dir/quan-tri/``; returns a warning instead when the Decap bundle is not installed."""
    base = find_node_modules(paths)
    if base is None:
        return [Problem(
            "package.json", 0, 0, "cms-bundle-missing",
            "Không có bộ mã Decap CMS trong node_modules: trang quản trị /quan-tri/ không được dựng.",
            hint="Chạy 'npm ci --ignore-scripts' ở thư mục gốc của cổng rồi dựng lại.", severity=Severity.WARNING,
        )]
    target = site_dir / ADMIN_FOLDER
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    config = decap_config(agencies, pages, cms, local_port, site_url)
    (target / "config.yml").write_text(render_config(config), encoding="utf-8")
    (target / "portal-contract.js").write_text(contract_script(config), encoding="utf-8")
    shutil.copyfile(SHIPPED_TEMPLATES / "cms" / "portal-cms.js", target / "portal-cms.js")
    (target / "index.html").write_text(admin_page(site_name, admin_csp(cms, local_port)), encoding="utf-8")
    for name, source in bundle_files(base).items():
        shutil.copyfile(source, target / name)
    return []
