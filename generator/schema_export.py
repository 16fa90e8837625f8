"""JSON Schemas of ``agency.yaml`` and procedure files, generated from the contract models.

The schemas give editors hover help, completion and red squiggles in their
editor (VS Code + the YAML extension, which reads ``.vscode/settings.json``).
They are generated from :mod:`generator.contract` — the same pydantic models the
validator uses — so there is one source of truth; ``tests/editors`` checks that
the committed files are current and that the schema and ``portal validate`` give
the same verdict on every fixture.

Regenerate after changing the contract::

    portal schema            # writes ./schemas/*.schema.json (or: python -m generator.schema_export)
    portal schema --check    # exit 1 when the files are stale

What the schema sees differs from what the validator sees in one way: an editor
reads YAML values already typed (``1.000100`` is the number 1.0001, ``200.000``
is the number 200), while ``portal validate`` reads every value as the text that
was written. So the schema accepts a number wherever the contract accepts text
(``code: 1.000100``, ``phone: 0200000000``), and cannot refuse ``amount: 200.000``:
only ``portal validate`` can. Rules outside a single file (unique codes, an
agency's parent exists) and the YAML-level refusals (tags, aliases, duplicated
keys, non-UTF-8 files) are also checked by ``portal validate`` only.
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .contract import CODE_PATTERN, ONLINE_LEVELS_NEEDING_URL, AgencyInput, ProcedureInput

SCHEMA_DIR = "schemas"
DRAFT = "http://json-schema.org/draft-07/schema#"
SCHEMA_FILES: dict[str, type[BaseModel]] = {
    "agency.schema.json": AgencyInput,
    "procedure.schema.json": ProcedureInput,
}

# Vietnamese meaning of each code-like value, shown by the editor next to the completion.
ENUM_LABELS: dict[str, str] = {
    "province": "Cấp tỉnh",
    "district": "Cấp huyện",
    "commune": "Cấp xã",
    "central": "Trung ương",
    "working_days": "Ngày làm việc (không tính thứ Bảy, Chủ nhật, ngày lễ)",
    "calendar_days": "Ngày lịch (tính cả ngày nghỉ, ngày lễ)",
    "active": "Đang áp dụng",
    "amended": "Đã được sửa đổi, bổ sung",
    "abolished": "Đã bị bãi bỏ (vẫn đăng để tra cứu)",
    "2": "Mức 2: xem thông tin, tải mẫu đơn trực tuyến",
    "3": "Mức 3: nộp hồ sơ trực tuyến (cần url)",
    "4": "Mức 4: nộp hồ sơ, phí và nhận kết quả trực tuyến (cần url)",
    "partial": "Trực tuyến một phần (Nghị định 42/2022; cần url)",
    "full": "Trực tuyến toàn trình (Nghị định 42/2022; cần url)",
}

# The shapes of the contract's scalars as an editor's YAML reader types them.
_NON_BLANK = r"\S"
_TEXT = [{"type": "string", "pattern": _NON_BLANK}, {"type": "number"}, {"type": "boolean"}]
_WHOLE = [{"type": "integer", "minimum": 0}, {"type": "string", "pattern": r"^\s*[0-9]+\s*$"}]
_DECIMAL = [{"type": "number", "minimum": 0}, {"type": "string", "pattern": r"^\s*[0-9]+(\.[0-9]+)?\s*$"}]
_FLAG = [{"type": "boolean"}, {"type": "string", "enum": ["true", "True", "TRUE", "false", "False", "FALSE"]}]
_DATE = {"type": "string", "format": "date", "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
_CODE = [{"type": "string", "pattern": CODE_PATTERN}, {"type": "number", "minimum": 0}]
_ONLINE_LEVEL_VALUES = [2, 3, 4, "partial", "full"]  # also "2", "3", "4" written in quotes
_ANNOTATIONS = ("title", "description", "default", "examples")


def _scalar(schema: dict[str, Any], name: str) -> dict[str, Any]:
    """Rewrite one pydantic scalar schema into what an editor's YAML values must match."""
    kind = schema.get("type")
    if name == "code":
        return {"anyOf": copy.deepcopy(_CODE)}
    if "enum" in schema:
        return {"enum": list(schema["enum"])}
    if kind == "string" and schema.get("format") == "date":
        return dict(_DATE)
    if kind == "string" and "pattern" in schema:
        return {"type": "string", "pattern": schema["pattern"]}
    if kind == "string":
        return {"anyOf": copy.deepcopy(_TEXT)}
    if kind in ("integer", "number"):
        shapes = copy.deepcopy(_WHOLE if kind == "integer" else _DECIMAL)
        maximum = schema.get("maximum", schema.get("le"))  # pydantic says "le" for a float with a BeforeValidator
        if maximum is not None:  # the contract's documented limit (contract.MAX_DAYS …): typed numbers only
            shapes[0]["maximum"] = maximum
        return {"anyOf": shapes}
    if kind == "boolean":
        return {"anyOf": copy.deepcopy(_FLAG)}
    raise ValueError(f"schema_export: no editor shape for {name}: {schema}")


class _Exporter:
    def __init__(self, definitions: dict[str, Any]):
        self.definitions = definitions

    def model(self, schema: dict[str, Any]) -> dict[str, Any]:
        properties = {name: self.property(name, sub) for name, sub in schema["properties"].items()}
        result: dict[str, Any] = {
            "type": "object",
            "additionalProperties": False,
            "properties": properties,
        }
        if schema.get("required"):
            result["required"] = list(schema["required"])
        if schema.get("description"):
            result["description"] = schema["description"]
        return result

    def value(self, schema: dict[str, Any], name: str) -> dict[str, Any]:
        """A value without its annotations: model, list, nullable, enum or scalar."""
        if "$ref" in schema:
            return self.model(self.definitions[schema["$ref"].rsplit("/", 1)[-1]])
        if "anyOf" in schema:
            options = [o for o in schema["anyOf"] if o.get("type") != "null"]
            nullable = len(options) < len(schema["anyOf"])
            values = [self.value(o, name) for o in options]
            if nullable:
                values.append({"type": "null"})
            return values[0] if len(values) == 1 else {"anyOf": values}
        if schema.get("type") == "array":
            result: dict[str, Any] = {"type": "array", "items": self.value(schema["items"], name)}
            if "minItems" in schema:
                result["minItems"] = schema["minItems"]
            return result
        return _scalar(schema, name)

    def property(self, name: str, schema: dict[str, Any]) -> dict[str, Any]:
        result = self.value(schema, name)
        for key in _ANNOTATIONS:
            if key in schema and not (key == "default" and schema[key] is None):
                result[key] = schema[key]
        return result


def _describe(node: Any) -> None:
    """Add Vietnamese hover text (markdownDescription) and labels for enum values, everywhere."""
    if isinstance(node, list):
        for item in node:
            _describe(item)
        return
    if not isinstance(node, dict):
        return
    for value in node.values():
        _describe(value)
    if "enum" in node and any(str(v) in ENUM_LABELS for v in node["enum"]):
        labels = [ENUM_LABELS.get(str(v), str(v)) for v in node["enum"]]
        node["enumDescriptions"] = labels
        node["markdownEnumDescriptions"] = labels
    if "title" in node:
        text = f"**{node['title']}**"
        if node.get("description"):
            text += f"\n\n{node['description']}"
        if node.get("examples"):
            shown = ", ".join(f"`{json.dumps(e, ensure_ascii=False)}`" for e in node["examples"])
            text += f"\n\nVí dụ: {shown}"
        node["markdownDescription"] = text


def _procedure_rules(schema: dict[str, Any]) -> None:
    """The contract's rules that tie fields together (pydantic model validators), in JSON Schema."""
    properties = schema["properties"]

    # online: level 3/4/partial/full needs a url; the editor also reads `level: 3` as a number.
    online = properties["online"]["anyOf"][0]
    level = online["properties"]["level"]
    del level["enum"]
    level["anyOf"] = [{"enum": list(_ONLINE_LEVEL_VALUES)}, {"type": "string", "enum": ["2", "3", "4"]}]
    needing_url = sorted(ONLINE_LEVELS_NEEDING_URL) + [int(v) for v in sorted(ONLINE_LEVELS_NEEDING_URL) if v.isdigit()]
    online["if"] = {"properties": {"level": {"enum": needing_url}}, "required": ["level"]}
    online["then"] = {"properties": {"url": {"type": "string"}}, "required": ["url"]}

    # processing_time: 0 days means "the same day" and needs a note.
    processing = properties["processing_time"]
    processing["if"] = {"properties": {"days": {"enum": [0, "0"]}}, "required": ["days"]}
    processing["then"] = {"properties": {"note": {"type": ["string", "number", "boolean"]}}, "required": ["note"]}

    # postal: `true` / `false` means both / neither; or a group with submit / return.
    postal = properties["postal"]
    postal["anyOf"] = copy.deepcopy(_FLAG) + postal["anyOf"]

    schema["defaultSnippets"] = [
        {
            "label": "Thủ tục mới",
            "description": "Khung một thủ tục hành chính với các trường bắt buộc",
            "body": {
                "code": "${1:1.001193}",
                "name": "${2:Tên thủ tục}",
                "field": "${3:Lĩnh vực}",
                "processing_time": {"days": "^${4:5}"},
                "fees": [],
                "documents": [{"name": "${5:Tờ khai}"}],
                "steps": ["${6:Nộp hồ sơ tại Bộ phận Một cửa.}"],
                "result": "${7:Kết quả}",
                "status": "active",
                "updated": "${8:2026-01-15}",
            },
        }
    ]


def build_schema(filename: str) -> dict[str, Any]:
    model = SCHEMA_FILES[filename]
    source = model.model_json_schema(mode="validation")
    exporter = _Exporter(source.get("$defs", {}))
    schema = exporter.model(source)
    doc = (model.__doc__ or "").strip()
    schema.update(
        {
            "$schema": DRAFT,
            "title": doc.split("\n")[0].rstrip("."),
            "description": "Sinh tự động từ generator/contract.py bằng 'portal schema'; đừng sửa tay.",
        }
    )
    if model is ProcedureInput:
        _procedure_rules(schema)
    _describe(schema["properties"])
    return schema


def render_schema(filename: str) -> str:
    """The file's text: sorted keys, two-space indent, UTF-8, final newline (stable across runs)."""
    return json.dumps(build_schema(filename), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_schemas(root: str | Path) -> list[Path]:
    """Write ``root/schemas/*.schema.json``; returns the files that changed."""
    folder = Path(root) / SCHEMA_DIR
    folder.mkdir(parents=True, exist_ok=True)
    changed = []
    for filename in SCHEMA_FILES:
        target = folder / filename
        text = render_schema(filename)
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
            changed.append(target)
    return changed


def stale_schemas(root: str | Path) -> list[Path]:
    folder = Path(root) / SCHEMA_DIR
    return [
        folder / filename
        for filename in SCHEMA_FILES
        if not (folder / filename).is_file() or (folder / filename).read_text(encoding="utf-8") != render_schema(filename)
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator.schema_export", description=__doc__.split("\n")[0])
    parser.add_argument("root", nargs="?", default=".")
    parser.add_argument("--check", action="store_true", help="chỉ kiểm tra, báo lỗi nếu tệp đã cũ")
    args = parser.parse_args(argv)
    return run(args.root, args.check)


def run(root: str | Path, check: bool) -> int:
    if check:
        stale = stale_schemas(root)
        for path in stale:
            print(f"{path}: cũ hoặc thiếu; chạy 'portal schema' để sinh lại.", file=sys.stderr)
        return 1 if stale else 0
    for path in write_schemas(root):
        print(f"Đã ghi {path}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
