"""A large synthetic catalogue built in memory from the sample portal's procedures.

Used to measure what grows with the number of procedures (the search index a phone
downloads) without writing and building 2,000 files. Names, agencies and results are
varied from the sample's own words, so the text compresses like real text does.
"""

from __future__ import annotations

import dataclasses
import random

from generator.models import Agency, Catalogue

PLACES = [
    "Long Sơn", "Tân Phú", "Đồng Chùa", "Bắc Hà", "Ea Kar", "Phước Long", "Hòa Bình", "Quảng Điền",
    "Mỹ Đức", "Thạch Thất", "Yên Thế", "Lục Ngạn", "Cẩm Xuyên", "Đức Thọ", "Krông Pắc", "Châu Đốc",
]


def large_catalogue(base: Catalogue, procedures: int = 2000, agencies: int = 120, seed: int = 20261125) -> Catalogue:
    rng = random.Random(seed)
    words = sorted({w for p in base.procedures for w in p.name.split()})
    levels = ["commune", "district", "province"]
    agency_list = []
    for n in range(agencies):
        level = levels[n % 3]
        prefix = {"commune": "Ủy ban nhân dân xã", "district": "Ủy ban nhân dân huyện", "province": "Sở"}[level]
        place = f"{rng.choice(PLACES)} {n}"
        agency_list.append(Agency(
            id=f"co-quan-{n:03d}", name=f"{prefix} {place}", level=level, source=f"procedures/co-quan-{n:03d}/agency.yaml",
            address=f"Bộ phận Một cửa, {prefix} {place}, tỉnh Sơn Hà",
        ))
    items = []
    templates = list(base.procedures)
    for n in range(procedures):
        model = templates[n % len(templates)]
        extra = " ".join(rng.sample(words, 3))
        items.append(dataclasses.replace(
            model,
            code=f"{1 + n % 2}.{100000 + n:06d}",
            name=f"{model.name} {extra}",
            agency_id=agency_list[n % agencies].id,
            source=f"procedures/synthetic/{n}.yaml",
        ))
    return Catalogue({a.id: a for a in agency_list}, tuple(sorted(items, key=lambda p: p.code)))
