"""Check the parsed catalogue against the contract and build the domain objects.

Returns problems, never raises: every file is checked so that editors see all
problems of a run at once.
"""

from __future__ import annotations

from typing import Callable

from pydantic import ValidationError

from ..contract import AgencyInput, ProcedureInput
from ..errors import Problem
from ..load.catalogue_files import ParsedFile, RawCatalogue
from ..models import Agency, Catalogue, Document, Fee, OnlineService, PostalService, Procedure, ProcessingTime
from ..urls import procedure_slug
from .invisible_characters import strip_invisible
from .model_errors import problems_from_validation


CheckProcedure = Callable[[ParsedFile, "Agency | None"], "tuple[Procedure | None, list[Problem]]"]


def validate_catalogue(raw: RawCatalogue, check: CheckProcedure | None = None) -> tuple[Catalogue, list[Problem]]:
    """The raw catalogue checked against the contract's models and cross-references: the catalogue of every
    valid agency and procedure, and a problem for each rule broken (all of them, in file order).
    ``check(parsed, agency)``: one procedure file against the contract (default :func:`check_procedure`;
    ``portal serve`` remembers the files that did not change)."""
    check = check or check_procedure
    problems: list[Problem] = []
    agencies: dict[str, Agency] = {}
    for parsed in raw.agencies:
        agency = _agency(parsed, problems)
        if agency is not None:
            agencies[agency.id] = agency

    procedures: list[Procedure] = []
    for parsed in raw.procedures:
        procedure, found = check(parsed, agencies.get(parsed.agency_id))
        problems += found
        if procedure is not None:
            procedures.append(procedure)

    problems += _parents_exist(agencies, raw)
    problems += _codes_unique(procedures, raw)
    catalogue = Catalogue(
        agencies=dict(sorted(agencies.items())),
        procedures=tuple(sorted(procedures, key=lambda p: (p.code, p.source))),
    )
    return catalogue, problems


def _checked(model, parsed: ParsedFile, problems: list[Problem]):
    data, warnings = strip_invisible(parsed.data, parsed.positions, parsed.path)  # one rule for every text value
    problems += warnings
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems += problems_from_validation(exc, model, parsed.path, parsed.positions)
        return None


def _agency(parsed: ParsedFile, problems: list[Problem]) -> Agency | None:
    data = _checked(AgencyInput, parsed, problems)
    if data is None:
        return None
    return Agency(id=parsed.agency_id, source=parsed.path, **data.model_dump())


def check_procedure(parsed: ParsedFile, agency: Agency | None) -> tuple[Procedure | None, list[Problem]]:
    """The procedure of one parsed file (None when it breaks the contract) and its problems."""
    problems: list[Problem] = []
    data = _checked(ProcedureInput, parsed, problems)
    if data is None or agency is None:
        return None, problems  # an agency.yaml problem is reported on its own file
    return Procedure(
        code=data.code,
        name=data.name,
        field=data.field,
        level=data.level or agency.level,
        agency_id=agency.id,
        processing_time=ProcessingTime(**data.processing_time.model_dump()),
        documents=tuple(Document(**d.model_dump()) for d in data.documents),
        steps=tuple(data.steps),
        result=data.result,
        source=parsed.path,
        fees=tuple(Fee(**f.model_dump()) for f in data.fees or ()),
        online=OnlineService(**data.online.model_dump()) if data.online else None,
        postal=PostalService(data.postal.submit, data.postal.return_) if data.postal else PostalService(),
        requirements=tuple(data.requirements or ()),
        legal_basis=tuple(data.legal_basis or ()),
        announced_by=data.announced_by,
        status=data.status,
        updated=data.updated,
        description=data.description,
    ), problems


def _position_of(parsed: ParsedFile, key: str) -> tuple[int, int]:
    position = parsed.positions.get((key,)) or parsed.positions.get(())
    return (position.line, position.column) if position else (0, 0)


def _parents_exist(agencies: dict[str, Agency], raw: RawCatalogue) -> list[Problem]:
    problems = []
    for parsed in raw.agencies:
        agency = agencies.get(parsed.agency_id)
        if agency and agency.parent and agency.parent not in agencies:
            line, column = _position_of(parsed, "parent")
            problems.append(
                Problem(
                    parsed.path, line, column, "unknown-parent",
                    f"Cơ quan cấp trên '{agency.parent}' không có trong danh mục.",
                    field="parent",
                    hint=f"Dùng tên một thư mục trong procedures/: {', '.join(sorted(agencies))}.",
                )
            )
    return problems


def _codes_unique(procedures: list[Procedure], raw: RawCatalogue) -> list[Problem]:
    """Codes are unique, and so are the page addresses they give (``1.0-1`` vs ``1-0.1``)."""
    problems = []
    parsed_by_path = {parsed.path: parsed for parsed in raw.procedures}
    first_by_code: dict[str, Procedure] = {}
    first_by_url: dict[str, Procedure] = {}
    for procedure in sorted(procedures, key=lambda p: p.source):
        url_key = procedure_slug(procedure.code, "")
        first = first_by_code.get(procedure.code) or first_by_url.get(url_key)
        if first is not None:
            line, column = _position_of(parsed_by_path[procedure.source], "code")
            if first.code == procedure.code:
                message = f"Mã thủ tục '{procedure.code}' đã được dùng trong {first.source}."
            else:
                message = f"Mã thủ tục '{procedure.code}' cho cùng địa chỉ trang với mã '{first.code}' trong {first.source}."
            problems.append(
                Problem(
                    procedure.source, line, column, "duplicate-code",
                    message,
                    field="code",
                    hint="Mỗi thủ tục phải có một mã riêng; nếu là cùng một thủ tục, xoá một trong hai tệp.",
                )
            )
            continue
        first_by_code[procedure.code] = procedure
        first_by_url[url_key] = procedure
    return problems
