"""Every procedure page's JSON-LD conforms to the schema.org vocabulary (issue 13, item 7)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from .schema_org import problems, vocabulary

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


def test_the_validator_knows_the_vocabulary_and_catches_what_it_should():
    vocab = vocabulary()
    assert "GovernmentService" in vocab.supertypes and "Service" in vocab.ancestors("GovernmentService")
    bad = {"@type": "GovernmentService", "name": "x", "dateModified": "2025-01-01",
           "availableChannel": [{"@type": "ServiceChannel", "hoursAvailable": "Sáng 7:30–11:30"}],
           "provider": {"@type": "Place", "name": "y"}}
    assert problems(bad) == [
        "$.dateModified: not a property of GovernmentService (domain: ['CreativeWork', 'DataFeedItem'])",
        "$.availableChannel[0].hoursAvailable: not a property of ServiceChannel "
        "(domain: ['ContactPoint', 'LocationFeatureSpecification', 'Service'])",
        "$.availableChannel[0].hoursAvailable: text 'Sáng 7:30–11:30' where the range is ['OpeningHoursSpecification']",
        "$.provider: a Place where the range is ['Organization', 'Person']",
    ]
    assert problems({"@type": "GovernmentService", "name": "x", "processingTime": "P1D"})  # a channel's property
    assert problems({"@type": "Offer", "price": 0, "priceCurrency": "VND", "name": "Miễn phí"}) == []


def test_every_procedure_page_conforms_to_schema_org(built_sample: Path):
    pages = sorted((built_sample / "thu-tuc").glob("*/index.html"))
    checked = 0
    for page in pages:
        for block in JSON_LD.findall(page.read_text(encoding="utf-8")):
            data = json.loads(block)
            assert problems(data) == [], page.parent.name
            checked += 1
    assert checked >= 50
