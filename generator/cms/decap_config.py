"""Decap CMS's ``config.yml``, generated from the contract models (:mod:`generator.contract`).

One source of truth: every field of ``AgencyInput`` and ``ProcedureInput`` becomes a form
field, labelled with the model's Vietnamese ``title`` and hinted with its ``description``
(the same text the JSON Schemas show in editors); a field is required in the form exactly
when the model requires it. A field whose shape has no widget here raises, so a change of
the contract cannot silently leave the form behind (``tests/cms`` builds the form from the
contract and checks it field by field).

What Decap cannot say in its configuration is done by ``site_templates/cms/portal-cms.js``
(widgets ``portal-dong``, ``portal-online-url`` and the ``portal-yaml`` format): amounts
written with digits only, the online URL required when the level needs one, and YAML read
with every value as the text that was written (``code: 1.000100`` stays "1.000100").
"""

from __future__ import annotations

from typing import Any, Iterable

import yaml
from pydantic import BaseModel

from ..contract import CODE_PATTERN, ONLINE_LEVELS_NEEDING_URL, AgencyInput, ProcedureInput
from ..urls import ADMIN
from ..schema_export import ENUM_LABELS
from .settings import CmsSettings

ADMIN_FOLDER = ADMIN  # content/quan-tri/ is refused (content-conflict), so the form never overwrites a page
LOCAL_PROXY_URL = "http://127.0.0.1:{port}/api/v1"
PROCEDURE_MARK = "_portal_procedure"  # set by portal-yaml on files with a code; filters agency.yaml out

# Patterns (Decap: [regex, message shown after "<label> không khớp với mẫu:"]).
WHOLE_DONG = ["^[0-9]+$", "chỉ gồm chữ số, ví dụ 200000 (không viết 200.000 hay 200,000)"]
WHOLE_COUNT = ["^[0-9]+$", "số nguyên từ 0 trở lên, chỉ gồm chữ số"]
CODE = [CODE_PATTERN, "chữ cái không dấu, chữ số, '.', '-', '_', ví dụ 1.001193 hoặc 1.000948.H38"]
HTTPS_URL = [r"^https://\S+$", "địa chỉ bắt đầu bằng https://, không có dấu cách"]
AGENCY_ID = [r"^[a-z0-9]+(-[a-z0-9]+)*$", "tên thư mục: chữ thường không dấu, chữ số và '-'"]
DAYS = [r"^[0-9]+(\.[0-9]+)?$", "số ngày, ví dụ 15 hoặc 0.5"]


def _resolve(schema: dict[str, Any], definitions: dict[str, Any]) -> dict[str, Any]:
    """The value's schema without ``$ref`` and the ``null`` of an optional field."""
    if "anyOf" in schema:
        options = [o for o in schema["anyOf"] if o.get("type") != "null"]
        if len(options) != 1:
            raise ValueError(f"decap_config: no widget for a choice of shapes: {schema}")
        schema = options[0]
    if "$ref" in schema:
        schema = definitions[schema["$ref"].rsplit("/", 1)[-1]]
    return schema


class _FormBuilder:
    """Turns one pydantic model's JSON Schema into Decap fields."""

    def __init__(self, model: type[BaseModel]):
        source = model.model_json_schema(mode="validation")
        self.definitions = source.get("$defs", {})
        self.root = source

    def fields(self, schema: dict[str, Any], path: str = "", optional_group: bool = False) -> list[dict[str, Any]]:
        """``optional_group``: the fields of an optional group (``online``) are not required in the form,
        which would otherwise refuse every procedure without that group; ``portal validate`` still is."""
        required = set(schema.get("required", [])) if not optional_group else set()
        return [
            self.field(name, sub, name in required, f"{path}{name}")
            for name, sub in schema["properties"].items()
        ]

    def field(self, name: str, schema: dict[str, Any], required: bool, path: str) -> dict[str, Any]:
        value = _resolve(schema, self.definitions)
        result: dict[str, Any] = {"name": name, "label": schema.get("title") or name}
        if schema.get("description"):
            result["hint"] = schema["description"]
        result.update(self.widget(value, path, optional_group=not required and "properties" in value))
        result["required"] = required
        if "default" in schema and schema["default"] is not None and result["widget"] in ("select", "boolean", "number"):
            result["default"] = schema["default"]
        return result

    def widget(self, value: dict[str, Any], path: str, optional_group: bool = False) -> dict[str, Any]:
        kind = value.get("type")
        if "properties" in value:  # a nested model: a group of fields
            return {"widget": "object", "collapsed": False, "fields": self.fields(value, path + ".", optional_group)}
        if kind == "array":
            item = _resolve(value["items"], self.definitions)
            extra = {"min": value["minItems"]} if value.get("minItems") else {}
            if "properties" in item:
                return {"widget": "list", "collapsed": False, "summary": "{{fields.name}}",
                        "fields": self.fields(item, path + "."), **extra}
            if item.get("type") == "string":
                return {"widget": "list", "field": {"name": "item", "label": "Dòng", "widget": "string"}, **extra}
        if "enum" in value or "const" in value:
            values = value.get("enum") or [value["const"]]
            if path == "online.level":  # the url rule lives in portal-online-url, which reads this select
                values = [str(v) for v in values]
            return {"widget": "select", "options": [{"label": ENUM_LABELS.get(str(v), str(v)), "value": v} for v in values]}
        if path == "code":
            return {"widget": "string", "pattern": CODE}
        if path == "online.url":
            return {"widget": "portal-online-url", "pattern": HTTPS_URL}
        if path == "parent":
            return {"widget": "string", "pattern": AGENCY_ID}
        if path == "description":
            return {"widget": "text"}  # Markdown kept as written (Decap's markdown widget rewrites it)
        if kind == "string" and value.get("format") == "date":
            return {"widget": "datetime", "format": "YYYY-MM-DD", "date_format": "DD/MM/YYYY", "time_format": False,
                    "picker_utc": True, "default": ""}
        if kind == "string":
            return {"widget": "string"}
        if kind == "integer" and path.endswith(".amount"):
            return {"widget": "portal-dong", "pattern": WHOLE_DONG}
        if kind == "integer":
            return {"widget": "number", "value_type": "int", "min": 0, "step": 1, "pattern": WHOLE_COUNT}
        if kind == "number":
            return {"widget": "number", "value_type": "float", "min": 0, "step": 0.5, "pattern": DAYS}
        if kind == "boolean":
            return {"widget": "boolean"}
        raise ValueError(f"decap_config: no widget for {path}: {value}")


def model_fields(model: type[BaseModel]) -> list[dict[str, Any]]:
    builder = _FormBuilder(model)
    return builder.fields(builder.root)


def _backend(cms: CmsSettings | None) -> dict[str, Any]:
    if cms is None:  # portal serve --cms only: local_backend takes over on localhost
        return {"name": "proxy", "proxy_url": LOCAL_PROXY_URL.format(port=8081), "branch": "main"}
    backend: dict[str, Any] = {"name": cms.backend, "repo": cms.repo, "branch": cms.branch}
    if cms.backend == "gitlab":
        backend["auth_type"] = "pkce"
        backend["app_id"] = cms.app_id
    for key in ("base_url", "api_root", "auth_endpoint"):
        value = getattr(cms, key)
        if value is not None:
            backend[key] = str(value).rstrip("/") if key != "auth_endpoint" else value
    backend["squash_merges"] = True
    backend["commit_messages"] = {
        "create": "Thêm {{collection}} “{{slug}}” (qua trang quản trị)",
        "update": "Sửa {{collection}} “{{slug}}” (qua trang quản trị)",
        "delete": "Xoá {{collection}} “{{slug}}” (qua trang quản trị)",
        "uploadMedia": "Tải lên “{{path}}”",
        "deleteMedia": "Xoá “{{path}}”",
    }
    return backend


def procedure_collection(agency_id: str, agency_name: str) -> dict[str, Any]:
    return {
        "name": f"thu-tuc-{agency_id}",
        "label": f"Thủ tục — {agency_name}",
        "label_singular": "thủ tục",
        "description": f"Các thủ tục do {agency_name} tiếp nhận và giải quyết (procedures/{agency_id}/).",
        "folder": f"procedures/{agency_id}",
        "extension": "yaml",
        "format": "portal-yaml",
        "create": True,
        "delete": False,
        "slug": "{{code}}-{{name}}",
        "identifier_field": "name",
        "summary": "{{code}} — {{name}}",
        "filter": {"field": PROCEDURE_MARK, "value": True},
        "fields": model_fields(ProcedureInput) + [{"name": PROCEDURE_MARK, "widget": "hidden", "default": True}],
    }


def agencies_collection(agencies: Iterable[tuple[str, str]]) -> dict[str, Any]:
    fields = model_fields(AgencyInput)
    return {
        "name": "co-quan",
        "label": "Cơ quan (agency.yaml)",
        "label_singular": "cơ quan",
        "description": "Thông tin từng cơ quan; tên thư mục là mã cơ quan, không đổi khi đã có số liệu.",
        "format": "portal-yaml",
        "delete": False,
        "files": [
            {"name": agency_id, "label": name, "file": f"procedures/{agency_id}/agency.yaml", "fields": fields}
            for agency_id, name in agencies
        ],
    }


def pages_collection(pages: Iterable[tuple[str, str]]) -> dict[str, Any]:
    fields = [
        {"name": "nav_title", "label": "Tên ngắn trên thanh điều hướng", "widget": "string", "required": False,
         "hint": "Để trống: dùng tiêu đề đầu trang."},
        {"name": "body", "label": "Nội dung (Markdown)", "widget": "markdown", "required": True,
         "hint": "Dòng đầu '# Tiêu đề' là tiêu đề trang. Mã HTML không được chạy."},
    ]
    return {
        "name": "trang",
        "label": "Trang giới thiệu, hướng dẫn",
        "label_singular": "trang",
        "format": "frontmatter",
        "delete": False,
        "files": [
            {"name": path.removesuffix(".md").replace("/", "-"), "label": title, "file": f"content/{path}", "fields": fields}
            for path, title in pages
        ],
    }


def decap_config(
    agencies: Iterable[tuple[str, str]],
    pages: Iterable[tuple[str, str]],
    cms: CmsSettings | None,
    local_port: int | None = None,
    site_url: str = "",
) -> dict[str, Any]:
    """The whole configuration; ``local_port``: ``portal serve --cms`` with decap-server on that port
    (files written straight into the working copy, so no editorial workflow: decap-server's ``fs`` mode)."""
    agencies = list(agencies)
    config: dict[str, Any] = {"backend": _backend(cms), "locale": "vi"}
    if local_port is not None:
        config["local_backend"] = {"url": LOCAL_PROXY_URL.format(port=local_port), "allowed_hosts": ["127.0.0.1", "localhost"]}
    else:
        config["publish_mode"] = "editorial_workflow"
    config.update({
        "media_folder": "content/tep",
        "public_folder": "/tep",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "site_url": site_url or "/",
        "display_url": site_url or "/",
        "collections": [procedure_collection(a, n) for a, n in agencies] + [agencies_collection(agencies), pages_collection(pages)],
    })
    return config


def online_levels_needing_url() -> list[str]:
    return sorted(ONLINE_LEVELS_NEEDING_URL)


class _NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:  # noqa: ARG002 - PyYAML's signature
        return True


def render_config(config: dict[str, Any]) -> str:
    header = "# Sinh tự động từ generator/contract.py khi dựng trang; đừng sửa tay.\n"
    return header + yaml.dump(config, Dumper=_NoAliases, allow_unicode=True, sort_keys=False, width=1000)
