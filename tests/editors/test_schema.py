"""The editors' JSON Schemas: generated from the contract, committed, and agreeing with the validator.

Agreement: for every fixture file (valid and invalid) the JSON Schema's verdict
on the file as an editor reads it equals ``portal validate``'s verdict on that
file. The differences that JSON Schema cannot express are listed explicitly
(and checked to still be differences, so the list cannot go stale).
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from pydantic import ValidationError

from generator.contract import AgencyInput, ProcedureInput
from generator.load.catalogue_files import parse_mapping
from generator.load.text_files import decode_source
from generator.paths import STARTER_PORTAL
from generator.schema_export import SCHEMA_DIR, SCHEMA_FILES, render_schema, stale_schemas
from generator.validate.model_errors import problems_from_validation

from ..conftest import FIXTURES, REPO
from .yaml12 import OutsideJsonSchema, editor_values

SCHEMAS = {name: json.loads(render_schema(name)) for name in SCHEMA_FILES}
MODELS = {"agency.schema.json": AgencyInput, "procedure.schema.json": ProcedureInput}

# Refused by the YAML layer before any value exists: outside what JSON Schema can see.
YAML_LEVEL = {"alias-bomb.yaml", "duplicate-key.yaml", "python-tag.yaml", "windows-1258.yaml", "yaml-syntax.yaml"}
# Valid on its own; refused by a rule across files (the code is already used by another procedure).
CROSS_FILE = {"duplicate-code.yaml"}
# An editor's YAML reads `200.000` as the number 200; only `portal validate` sees the text as written.
TEXT_AS_WRITTEN = {"fee-thousands-dot.yaml"}


def schema_for(path: Path) -> str:
    return "agency.schema.json" if path.name == "agency.yaml" else "procedure.schema.json"


def schema_verdict(data: bytes, schema_name: str) -> list[str]:
    """JSON Schema errors (empty = valid) for the file as an editor reads it."""
    validator = jsonschema.Draft7Validator(SCHEMAS[schema_name], format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(editor_values(data))]


def validator_verdict(data: bytes, schema_name: str) -> list[str]:
    """``portal validate``'s problems for this one file (its own rules, not those across files)."""
    source = decode_source(data, "x.yaml")
    if not hasattr(source, "text"):
        return [source.code]
    parsed, problems = parse_mapping(source, "ubnd-xa-vi-du")
    if problems:
        return [p.code for p in problems]
    model = MODELS[schema_name]
    try:
        model.model_validate(parsed.data)
    except ValidationError as exc:
        return [p.code for p in problems_from_validation(exc, model, "x.yaml", parsed.positions)]
    return []


def catalogue_files(root: Path) -> list[Path]:
    return sorted(p for p in (root / "procedures").rglob("*.yaml") if not any(part.startswith(("_", ".")) for part in p.parts))


VALID_FILES = (
    catalogue_files(FIXTURES / "golden_portal") + catalogue_files(STARTER_PORTAL) + catalogue_files(REPO)
)
INVALID_FILES = sorted((FIXTURES / "invalid").glob("*.yaml"))


def test_committed_schemas_are_current():
    assert stale_schemas(REPO) == [], "run `portal schema` and commit schemas/"


def test_schemas_are_valid_draft7_with_vietnamese_help():
    for name, schema in SCHEMAS.items():
        jsonschema.Draft7Validator.check_schema(schema)
        assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
        for field, prop in schema["properties"].items():
            assert prop.get("title") and prop.get("markdownDescription"), (name, field)
    procedure = SCHEMAS["procedure.schema.json"]["properties"]
    assert procedure["status"]["enumDescriptions"] == ["Đang áp dụng", "Đã được sửa đổi, bổ sung", "Đã bị bãi bỏ (vẫn đăng để tra cứu)"]
    assert procedure["code"]["examples"] == ["1.001193", "1.000948.H38"]
    online_level = procedure["online"]["anyOf"][0]["properties"]["level"]
    assert online_level["anyOf"][0]["enum"] == [2, 3, 4, "partial", "full"]


def test_schema_files_are_stable_text():
    for name in SCHEMA_FILES:
        assert render_schema(name) == render_schema(name)
        text = (REPO / SCHEMA_DIR / name).read_text(encoding="utf-8")
        assert text.endswith("\n") and json.loads(text) == SCHEMAS[name]


def test_there_are_enough_valid_fixtures():
    assert len(VALID_FILES) >= 40 and any(p.name == "agency.yaml" for p in VALID_FILES)


@pytest.mark.parametrize("path", VALID_FILES, ids=lambda p: p.relative_to(REPO).as_posix())
def test_schema_accepts_every_valid_file(path: Path):
    data = path.read_bytes()
    assert validator_verdict(data, schema_for(path)) == []
    assert schema_verdict(data, schema_for(path)) == []


@pytest.mark.parametrize("path", INVALID_FILES, ids=lambda p: p.name)
def test_schema_and_validator_agree_on_invalid_fixtures(path: Path):
    data = path.read_bytes()
    if path.name in YAML_LEVEL:
        assert validator_verdict(data, "procedure.schema.json") != []
        with pytest.raises(OutsideJsonSchema):
            editor_values(data)
        return
    schema_errors = schema_verdict(data, "procedure.schema.json")
    validator_errors = validator_verdict(data, "procedure.schema.json")
    if path.name in CROSS_FILE:
        assert schema_errors == [] and validator_errors == []  # refused only against the rest of the catalogue
    elif path.name in TEXT_AS_WRITTEN:
        assert schema_errors == [] and validator_errors != []
    else:
        assert schema_errors != [] and validator_errors != [], (schema_errors, validator_errors)


# Small documents: each is read by both and must get the same verdict.
BASE = """code: 1.000001
name: Thủ tục thử
field: Hộ tịch
processing_time:
  days: 5
documents:
  - name: Tờ khai
steps:
  - Nộp hồ sơ
result: Giấy xác nhận
"""
CASES = {
    "base": ("", True),
    "unknown top-level key": ("tittle: x\n", False),
    "unknown key in processing_time": ("", False, ("  days: 5\n", "  days: 5\n  dayz: 5\n")),
    "unknown key in a fee": ("fees:\n  - name: Lệ phí\n    amount: 1\n    nots: x\n", False),
    "unknown key in online": ("online:\n  level: 2\n  lvl: 2\n", False),
    "unknown key in postal": ("postal:\n  submitt: true\n", False),
    "unknown key in a document": ("", False, ("  - name: Tờ khai\n", "  - name: Tờ khai\n    copys: 1\n")),
    "online level 3 as a number with url": ("online:\n  level: 3\n  url: https://dvc.gov.vn/x\n", True),
    "online level quoted": ("online:\n  level: '2'\n", True),
    "online level 5": ("online:\n  level: 5\n", False),
    "online partial without url": ("online:\n  level: partial\n", False),
    "online url not https": ("online:\n  level: 2\n  url: http://dvc.gov.vn\n", False),
    "postal true": ("postal: true\n", True),
    "postal yes": ("postal: yes\n", False),
    "postal group": ("postal:\n  submit: false\n  return: true\n", True),
    "half a day": ("", True, ("  days: 5\n", "  days: 0.5\n")),
    "same day with note": ("", True, ("  days: 5\n", "  days: 0\n  note: Trong ngày\n")),
    "same day without note": ("", False, ("  days: 5\n", "  days: 0\n")),
    "negative days": ("", False, ("  days: 5\n", "  days: -1\n")),
    "calendar days": ("", True, ("  days: 5\n", "  days: 5\n  unit: calendar_days\n")),
    "code with local suffix": ("", True, ("code: 1.000001\n", "code: 1.000948.H38\n")),
    "code with a space": ("", False, ("code: 1.000001\n", "code: 1 000\n")),
    "phone as digits": ("", True, ("result: Giấy xác nhận\n", "result: 2024\n")),
    "empty name": ("", False, ("name: Thủ tục thử\n", "name:\n")),
    "no documents": ("", False, ("documents:\n  - name: Tờ khai\n", "documents: []\n")),
    "fee amount digits": ("fees:\n  - name: Lệ phí\n    amount: 200000\n", True),
    "fee amount decimal": ("fees:\n  - name: Lệ phí\n    amount: 1.5\n", False),
    "free": ("fees: []\n", True),
    "copies negative": ("", False, ("  - name: Tờ khai\n", "  - name: Tờ khai\n    copies: -1\n")),
    "status amended": ("status: amended\nupdated: 2026-02-01\n", True),
    "status unknown": ("status: cancelled\n", False),
    "bad date": ("updated: 2026-02-30\n", False),
    "date as text": ("updated: 1 tháng 2\n", False),
    "level by procedure": ("level: district\n", True),
    "steps not a list": ("", False, ("steps:\n  - Nộp hồ sơ\n", "steps: Nộp hồ sơ\n")),
    "legal basis list": ("legal_basis:\n  - Luật Hộ tịch năm 2014\n", True),
    "description markdown": ("description: |\n  **Chú ý**: mang theo bản chính.\n", True),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_schema_and_validator_agree_on_small_cases(case: str):
    appended, valid, *replace = CASES[case]
    text = BASE
    for old, new in replace:
        assert old in text
        text = text.replace(old, new, 1)
    data = (text + appended).encode("utf-8")
    schema_errors = schema_verdict(data, "procedure.schema.json")
    validator_errors = validator_verdict(data, "procedure.schema.json")
    assert (schema_errors == []) == valid, schema_errors
    assert (validator_errors == []) == valid, validator_errors


AGENCY_CASES = {
    "minimal": ("name: Sở Tư pháp\nlevel: province\n", True),
    "all fields": ("name: Sở\nlevel: district\nparent: ubnd-tinh\naddress: x\nphone: 0200000000\nemail: a@b.vn\n"
                   "website: https://x.vn\nhours: 7-17\n", True),
    "bad level": ("name: Sở\nlevel: ward\n", False),
    "bad parent": ("name: Sở\nlevel: district\nparent: UBND Tỉnh\n", False),
    "misspelt key": ("name: Sở\nlevel: district\nadress: x\n", False),
    "missing name": ("level: district\n", False),
}


@pytest.mark.parametrize("case", sorted(AGENCY_CASES))
def test_agency_schema_agrees(case: str):
    text, valid = AGENCY_CASES[case]
    data = text.encode("utf-8")
    assert (schema_verdict(data, "agency.schema.json") == []) == valid
    assert (validator_verdict(data, "agency.schema.json") == []) == valid
