"""Domain objects that cross pipeline stages: validated, frozen, defaults resolved."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from typing import get_args

from .contract import Level

LEVEL_ORDER = ("central", "province", "district", "commune")  # the contract's levels, in the order lists show them
assert sorted(LEVEL_ORDER) == sorted(get_args(Level)), "every level of the contract, once"
FULLY_ONLINE_LEVELS = frozenset({"4", "full"})
SUBMIT_ONLINE_LEVELS = frozenset({"3", "4", "partial", "full"})


@dataclass(frozen=True)
class Agency:
    id: str
    name: str
    level: str
    source: str  # agency.yaml, relative to the portal root
    parent: str | None = None
    address: str | None = None
    phone: str | None = None
    email: str | None = None
    website: str | None = None
    hours: str | None = None


@dataclass(frozen=True)
class ProcessingTime:
    days: float
    unit: str = "working_days"
    note: str | None = None

    @property
    def same_day(self) -> bool:
        return self.days == 0


@dataclass(frozen=True)
class Fee:
    name: str
    amount: int
    note: str | None = None


@dataclass(frozen=True)
class Document:
    name: str
    originals: int = 1
    copies: int = 0
    form: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class OnlineService:
    level: str
    url: str | None = None

    @property
    def fully_online(self) -> bool:
        return self.level in FULLY_ONLINE_LEVELS

    @property
    def submit_online(self) -> bool:
        return self.level in SUBMIT_ONLINE_LEVELS and self.url is not None


@dataclass(frozen=True)
class PostalService:
    submit: bool = False
    return_result: bool = False

    @property
    def available(self) -> bool:
        return self.submit or self.return_result


@dataclass(frozen=True)
class Procedure:
    code: str
    name: str
    field: str
    level: str
    agency_id: str
    processing_time: ProcessingTime
    documents: tuple[Document, ...]
    steps: tuple[str, ...]
    result: str
    source: str  # the procedure file, relative to the portal root
    fees: tuple[Fee, ...] = ()
    online: OnlineService | None = None
    postal: PostalService = PostalService()
    requirements: tuple[str, ...] = ()
    legal_basis: tuple[str, ...] = ()
    announced_by: str | None = None
    status: str = "active"
    updated: dt.date | None = None
    description: str | None = None

    @property
    def is_free(self) -> bool:
        return sum(fee.amount for fee in self.fees) == 0

    @property
    def fully_online(self) -> bool:
        return self.online is not None and self.online.fully_online

    @property
    def abolished(self) -> bool:
        return self.status == "abolished"


@dataclass(frozen=True)
class Catalogue:
    """Every agency and procedure of a portal, in a stable order."""

    agencies: dict[str, Agency]  # by id, sorted
    procedures: tuple[Procedure, ...]  # sorted by code
    by_code: dict[str, Procedure] = field(default_factory=dict, compare=False)
    by_agency: dict[str, list[Procedure]] = field(default_factory=dict, compare=False, repr=False)
    children: dict[str, list[Agency]] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self.by_code.update({p.code: p for p in self.procedures})
        for procedure in self.procedures:  # grouped once: pages ask per agency (linear, not agencies × procedures)
            self.by_agency.setdefault(procedure.agency_id, []).append(procedure)
        for agency in self.agencies.values():
            if agency.parent:
                self.children.setdefault(agency.parent, []).append(agency)

    def procedures_of(self, agency_id: str) -> list[Procedure]:
        return list(self.by_agency.get(agency_id, ()))

    def children_of(self, agency_id: str) -> list[Agency]:
        """Agencies whose ``parent`` is ``agency_id``, in catalogue order."""
        return list(self.children.get(agency_id, ()))
