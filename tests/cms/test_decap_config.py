"""The form's configuration (Decap's config.yml) is in step with the contract models, field by field.

The expected widgets are written out here by hand, and the contract's fields are walked through
pydantic's ``model_fields`` (not the JSON Schema the generator reads): a field added to, removed
from or retyped in the contract fails this test until the form follows.
"""

from __future__ import annotations

import re
import typing

import pytest
import yaml
from pydantic import BaseModel

from generator.cms.decap_config import decap_config, model_fields, render_config
from generator.cms.settings import CmsSettings
from generator.contract import CODE_PATTERN, AgencyInput, ProcedureInput
from generator.schema_export import ENUM_LABELS
from tests.conftest import REPO

EXPECTED_PROCEDURE_WIDGETS = {
    "code": "string", "name": "string", "field": "string", "level": "select",
    "processing_time": "object", "processing_time.days": "number", "processing_time.unit": "select",
    "processing_time.note": "string",
    "fees": "list", "fees.name": "string", "fees.amount": "portal-dong", "fees.note": "string",
    "online": "object", "online.level": "select", "online.url": "portal-online-url",
    "postal": "object", "postal.submit": "boolean", "postal.return": "boolean",
    "documents": "list", "documents.name": "string", "documents.originals": "number", "documents.copies": "number",
    "documents.form": "string", "documents.note": "string",
    "steps": "list", "requirements": "list", "result": "string", "legal_basis": "list", "announced_by": "string",
    "status": "select", "updated": "datetime", "description": "text",
}
EXPECTED_AGENCY_WIDGETS = {
    "name": "string", "level": "select", "parent": "string", "address": "string", "phone": "string",
    "email": "string", "website": "string", "hours": "string",
}
CMS = CmsSettings(backend="gitlab", repo="tinh/cong-thu-tuc", app_id="abc123")


def _inner(annotation):
    """The model, list or literal inside Optional[...] / Annotated[...]."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin is typing.Union:
            annotation = next(a for a in typing.get_args(annotation) if a is not type(None))
        else:
            return annotation


def contract_fields(model: type[BaseModel], prefix: str = "", optional_group: bool = False):
    """(path, FieldInfo, required in the form, inner annotation) for every field, nested groups included."""
    for name, info in model.model_fields.items():
        key = info.alias or name
        inner = _inner(info.annotation)
        required = info.is_required() and not optional_group
        yield prefix + key, info, required, inner
        if typing.get_origin(inner) is list:  # an item's fields are required once the item is there
            item = _inner(typing.get_args(inner)[0])
            if isinstance(item, type) and issubclass(item, BaseModel):
                yield from contract_fields(item, prefix + key + ".", optional_group)
        elif isinstance(inner, type) and issubclass(inner, BaseModel):  # an optional group: none of its fields
            yield from contract_fields(inner, prefix + key + ".", optional_group or not info.is_required())


def form_fields(fields: list[dict], prefix: str = ""):
    for field in fields:
        if field["widget"] == "hidden":
            continue
        yield prefix + field["name"], field
        yield from form_fields(field.get("fields", []), prefix + field["name"] + ".")


@pytest.mark.parametrize("model, expected", [(ProcedureInput, EXPECTED_PROCEDURE_WIDGETS), (AgencyInput, EXPECTED_AGENCY_WIDGETS)])
def test_every_contract_field_has_its_widget_label_hint_and_required_flag(model, expected):
    contract = {path: (info, required, inner) for path, info, required, inner in contract_fields(model)}
    form = dict(form_fields(model_fields(model)))
    assert set(contract) == set(expected), "contract changed: update the form (generator/cms) and this table"
    assert set(form) == set(contract)
    for path, (info, required, inner) in contract.items():
        field = form[path]
        assert field["widget"] == expected[path], path
        assert field["label"] == info.title, path  # the same Vietnamese text as the JSON Schema's title
        assert field.get("hint") == info.description, path
        assert field["required"] is required, path
        if typing.get_origin(inner) is typing.Literal:
            values = [str(v) for v in typing.get_args(inner)]
            assert [o["value"] for o in field["options"]] == values, path
            assert [o["label"] for o in field["options"]] == [ENUM_LABELS[v] for v in values], path


def test_required_in_the_form_as_in_the_contract():
    form = dict(form_fields(model_fields(ProcedureInput)))
    assert {p for p, f in form.items() if f["required"]} == {
        "code", "name", "field", "processing_time", "processing_time.days", "documents", "documents.name",
        "steps", "result", "fees.name", "fees.amount",
    }
    assert form["documents"]["min"] == 1 and form["steps"]["min"] == 1


def _pattern(field: dict) -> re.Pattern:
    return re.compile(field["pattern"][0])


def test_patterns_refuse_what_the_contract_refuses():
    form = dict(form_fields(model_fields(ProcedureInput)))
    assert form["code"]["pattern"][0] == CODE_PATTERN
    amount = _pattern(form["fees.amount"])
    assert [bool(amount.match(v)) for v in ("200000", "0", "200.000", "200,000", "200 000", "-5", "")] == [
        True, True, False, False, False, False, False]
    url = _pattern(form["online.url"])
    assert url.match("https://dichvucong.gov.vn/x") and not url.match("http://a.b") and not url.match("https://a b")
    assert form["documents.originals"]["value_type"] == "int" and form["processing_time.days"]["value_type"] == "float"
    assert form["updated"]["format"] == "YYYY-MM-DD" and form["updated"]["time_format"] is False


def _sample_agencies() -> list[tuple[str, str]]:
    folders = sorted(p.parent.name for p in (REPO / "procedures").glob("*/agency.yaml"))
    return [(f, yaml.safe_load((REPO / "procedures" / f / "agency.yaml").read_text(encoding="utf-8"))["name"]) for f in folders]


def test_one_collection_per_agency_folder_and_the_editorial_pages():
    agencies = _sample_agencies()
    pages = [(p.relative_to(REPO / "content").as_posix(), p.stem) for p in sorted((REPO / "content").rglob("*.md"))]
    config = yaml.safe_load(render_config(decap_config(agencies, pages, CMS)))
    assert config["locale"] == "vi" and config["publish_mode"] == "editorial_workflow" and "local_backend" not in config
    assert config["backend"] == {**config["backend"], "name": "gitlab", "repo": "tinh/cong-thu-tuc", "auth_type": "pkce",
                                 "app_id": "abc123", "branch": "main"}
    folders = [c for c in config["collections"] if "folder" in c]
    assert [c["folder"] for c in folders] == [f"procedures/{a}" for a, _ in agencies]
    assert all(c["extension"] == "yaml" and c["format"] == "portal-yaml" and c["create"] for c in folders)
    assert all(c["slug"] == "{{code}}-{{name}}" for c in folders)
    by_name = {c["name"]: c for c in config["collections"]}
    assert [f["file"] for f in by_name["co-quan"]["files"]] == [f"procedures/{a}/agency.yaml" for a, _ in agencies]
    assert [f["label"] for f in by_name["co-quan"]["files"]] == [n for _, n in agencies]
    assert [f["file"] for f in by_name["trang"]["files"]] == [f"content/{p}" for p, _ in pages]


def test_preview_configuration_saves_through_the_local_proxy():
    config = decap_config([("so-tu-phap", "Sở Tư pháp")], [], None, local_port=8123)
    assert config["local_backend"]["url"] == "http://127.0.0.1:8123/api/v1"
    assert "publish_mode" not in config  # decap-server's fs mode has no editorial workflow


def test_unknown_shape_is_refused():
    class Odd(BaseModel):
        when: dict[str, int]

    with pytest.raises(ValueError, match="no widget for when"):
        model_fields(Odd)


def test_rendered_configuration_has_no_yaml_aliases():
    text = render_config(decap_config(_sample_agencies(), [], CMS))
    assert "&id" not in text and "*id" not in text
