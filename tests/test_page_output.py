"""What every built page carries for machines and for the browser's security model:
schema.org JSON-LD on procedure pages, the Content-Security-Policy, no inline script,
and a procedure page small enough for a phone."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.models import Agency, Fee, ProcessingTime
from generator.paths import SHIPPED_TEMPLATES, PortalPaths
from generator.portal import read_portal
from generator.render import urls
from generator.render.structured_data import government_service, iso_duration, json_ld
from generator.render.ui_strings import load_strings

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)
SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.DOTALL | re.IGNORECASE)
ISO_DURATION = re.compile(r"^P(\d+(\.\d+)?D)$")
PROCEDURE_PAGE_LIMIT = 46_000  # 40 KB + the dossier records' section (figures, distribution chart and table: ~5.6 KB)


def _procedure_pages(built: Path, catalogue):
    for procedure in catalogue.procedures:
        yield procedure, built / urls.procedure_url(procedure.code, procedure.name) / "index.html"


def test_every_procedure_page_embeds_a_government_service(sample_copy: Path, built_sample: Path):
    catalogue = read_portal(PortalPaths.at(sample_copy)).catalogue
    for procedure, page in _procedure_pages(built_sample, catalogue):
        blocks = JSON_LD.findall(page.read_text(encoding="utf-8"))
        assert len(blocks) == 1, page
        data = json.loads(blocks[0])
        agency = catalogue.agencies[procedure.agency_id]
        assert data["@context"] == "https://schema.org" and data["@type"] == "GovernmentService"
        assert data["identifier"] == procedure.code and data["name"] == procedure.name
        assert data["provider"]["@type"] == "GovernmentOrganization" and data["provider"]["name"] == agency.name
        channels = {c["name"]: c for c in data["availableChannel"]}
        assert all(c["@type"] == "ServiceChannel" and ISO_DURATION.match(c["processingTime"]) for c in channels.values())
        assert ("Trực tuyến" in channels) == bool(procedure.online and procedure.online.submit_online and not procedure.abolished)
        assert ("Qua bưu chính công ích" in channels) == (procedure.postal.available and not procedure.abolished)
        assert "Trực tiếp tại Bộ phận Một cửa" in channels
        if procedure.online and procedure.online.submit_online and not procedure.abolished:
            assert channels["Trực tuyến"]["serviceUrl"] == procedure.online.url
        offers = data["offers"]
        assert all(o["@type"] == "Offer" and o["priceCurrency"] == "VND" for o in offers)
        assert sum(o["price"] for o in offers) == sum(f.amount for f in procedure.fees)


@pytest.mark.parametrize("days, duration", [(0, "P0D"), (15, "P15D"), (2.5, "P2.5D"), (30.0, "P30D")])
def test_iso_durations(days, duration):
    assert iso_duration(ProcessingTime(days)) == duration


def test_json_ld_cannot_close_its_script_element(sample_copy: Path):
    catalogue = read_portal(PortalPaths.at(sample_copy)).catalogue
    procedure = catalogue.procedures[0].__class__(
        **{**catalogue.procedures[0].__dict__, "name": "</script><script>alert(1)</script><!--", "fees": (Fee("a & b", 1000),)}
    )
    agency = Agency("x", "Cơ quan </SCRIPT>", "commune", "x.yaml")
    text = str(json_ld(government_service(procedure, agency, load_strings("vi", [SHIPPED_TEMPLATES]), "1 ngày")))
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text)["name"] == "</script><script>alert(1)</script><!--"


STATISTICS_SECTION = re.compile(r'<h2 id="tinh-hinh-giai-quyet">.*?(?=<h2 |<p class="tt-updated")', re.DOTALL)


def _page_sizes(sample_copy: Path, built_sample: Path, without_statistics: bool) -> dict[str, int]:
    catalogue = read_portal(PortalPaths.at(sample_copy)).catalogue
    sizes = {}
    for _, page in _procedure_pages(built_sample, catalogue):
        html = page.read_text(encoding="utf-8")
        if without_statistics:
            html = STATISTICS_SECTION.sub("", html)
        sizes[page.parent.name] = len(html.encode("utf-8"))
    return sizes


def test_procedure_pages_stay_small_without_their_statistics(sample_copy: Path, built_sample: Path):
    sizes = _page_sizes(sample_copy, built_sample, without_statistics=True)
    largest = max(sizes, key=sizes.get)
    print(f"largest procedure page without its statistics section: {largest} {sizes[largest]} bytes")
    assert sizes[largest] < PROCEDURE_PAGE_LIMIT, (largest, sizes[largest])


def test_procedure_pages_stay_small(sample_copy: Path, built_sample: Path):
    sizes = _page_sizes(sample_copy, built_sample, without_statistics=False)
    largest = max(sizes, key=sizes.get)
    print(f"largest procedure page: {largest} {sizes[largest]} bytes")
    assert sizes[largest] < PROCEDURE_PAGE_LIMIT, (largest, sizes[largest])


def test_every_page_has_the_csp_and_no_inline_script(built_sample: Path):
    for page in built_sample.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' in html:
            continue  # permanent-link redirects: no script, no style
        assert '<meta http-equiv="Content-Security-Policy" content="default-src \'self\'; script-src \'self\';' in html, page
        for attributes, body in SCRIPT.findall(html):
            if "src=" in attributes:
                continue
            assert re.search(r'type="application/(ld\+)?json"', attributes), (page, attributes, body[:80])
        assert not re.search(r"\sstyle=", html), page
        assert not re.search(r"\son[a-z]+\s*=", html.replace("data-md-", "")), page


GUIDES = {
    "huong-dan/dich-vu-cong-truc-tuyen/": ("toàn trình", "Mức 3", "Mức 4", "tài khoản", "thanh toán", "nhận kết quả"),
    "huong-dan/buu-chinh-cong-ich/": ("bưu chính công ích", "Gửi hồ sơ", "Nhận kết quả", "Cước"),
    "huong-dan/ho-so-tre-han/": ("xin lỗi", "hẹn", "phản ánh", "khiếu nại"),
}


def test_guides_cover_what_citizens_need(built_sample: Path):
    for url, phrases in GUIDES.items():
        text = (built_sample / url / "index.html").read_text(encoding="utf-8").lower()
        missing = [p for p in phrases if p.lower() not in text]
        assert not missing, (url, missing)


def test_procedure_pages_link_the_guides_that_apply(sample_copy: Path, built_sample: Path):
    catalogue = read_portal(PortalPaths.at(sample_copy)).catalogue
    for procedure, page in _procedure_pages(built_sample, catalogue):
        html = page.read_text(encoding="utf-8")
        assert ('href="../../huong-dan/dich-vu-cong-truc-tuyen/"' in html) == bool(procedure.online), page
        assert ('href="../../huong-dan/buu-chinh-cong-ich/"' in html) == procedure.postal.available, page
        assert 'href="../../huong-dan/ho-so-tre-han/"' in html, page
