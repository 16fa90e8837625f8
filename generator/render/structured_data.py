"""schema.org JSON-LD for procedure pages: a ``GovernmentService`` that search engines
and other machines can read without scraping the page.

Pure functions: a validated procedure and its agency in, a dict out; and a
serialiser whose output is safe inside ``<script type="application/ld+json">``
whatever an editor wrote (``<``, ``>`` and ``&`` are written as ``\\u003c`` …, so
no text can close the script element or open a comment).
"""

from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup

from ..models import Agency, ProcessingTime, Procedure
from .ui_strings import Strings


def iso_duration(time: ProcessingTime) -> str:
    """ISO 8601 duration of a time limit: 15 days → ``P15D``, half a day → ``P0.5D``, same day → ``P0D``.

    Whether days are working or calendar days is said in the channel's description."""
    days = time.days
    return f"P{int(days)}D" if float(days).is_integer() else f"P{days:g}D"


def _without_empty(value: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in value.items() if v not in (None, "", [], {})}


def _provider(agency: Agency) -> dict[str, Any]:
    return _without_empty({
        "@type": "GovernmentOrganization",
        "name": agency.name,
        "address": agency.address,
        "telephone": agency.phone,
        "email": agency.email,
        "url": agency.website,
    })


def government_service(p: Procedure, agency: Agency, t: Strings, time_text: str) -> dict[str, Any]:
    """The procedure as a schema.org ``GovernmentService`` (only properties whose domain and range
    allow it: no ``dateModified``, a CreativeWork's; tests/structured/ checks the vocabulary).

    ``time_text`` is the time limit in words, as the page shows it (it says
    working or calendar days, which the ISO duration cannot)."""
    duration = iso_duration(p.processing_time)
    channels: list[dict[str, Any]] = []
    if p.online and p.online.submit_online and not p.abolished:
        channels.append(_without_empty({
            "@type": "ServiceChannel",
            "name": t.channels.online,
            "description": t.online["short_" + p.online.level],
            "serviceUrl": p.online.url,
            "processingTime": duration,
            "availableLanguage": "vi",
        }))
    if p.postal.available and not p.abolished:
        channels.append(_without_empty({
            "@type": "ServiceChannel",
            "name": t.channels.postal,
            "description": t.channels["postal_" + ("both" if p.postal.submit and p.postal.return_result else "submit" if p.postal.submit else "return")],
            "servicePostalAddress": _without_empty({"@type": "PostalAddress", "name": agency.name, "streetAddress": agency.address}),
            "processingTime": duration,
        }))
    channels.append(_without_empty({
        "@type": "ServiceChannel",
        "name": t.channels.desk,
        "serviceLocation": {"@type": "Place", "name": agency.name},  # its address is the provider's
        "servicePhone": _without_empty({"@type": "ContactPoint", "telephone": agency.phone, "email": agency.email}) if agency.phone or agency.email else None,
        # schema.org's hoursAvailable takes an OpeningHoursSpecification (and not on a ServiceChannel):
        # the editors' free-text hours go in the description
        "description": f"{t.agency.hours}: {agency.hours}" if agency.hours else None,
        "processingTime": duration,
    }))
    offers = [
        _without_empty({"@type": "Offer", "name": fee.name, "price": fee.amount, "priceCurrency": "VND", "description": fee.note})
        for fee in p.fees
    ] or [{"@type": "Offer", "name": t.money.free, "price": 0, "priceCurrency": "VND"}]
    return _without_empty({
        "@context": "https://schema.org",
        "@type": "GovernmentService",
        "identifier": p.code,
        "name": p.name,
        "serviceType": p.field,
        "category": t.levels[p.level],
        "provider": _provider(agency),
        "availableChannel": channels,
        "offers": offers,
        "serviceOutput": {"@type": "Thing", "name": p.result},
        "termsOfService": list(p.legal_basis) or None,
        "disambiguatingDescription": f"{t.procedure.time_limit}: {time_text}",
    })


def json_ld(data: dict[str, Any]) -> Markup:
    """JSON for a ``<script type="application/ld+json">`` element, safe whatever the text."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)  # never Infinity/NaN
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)
