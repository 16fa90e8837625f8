"""The editors' form end to end: real Chromium, the real Decap bundle, real decap-server, real ``portal serve``.

Files are read back with PyYAML's BaseLoader (every scalar as the text written), independent of
the portal's own loader; ``portal validate`` is run as the editors run it.
"""

from __future__ import annotations

import difflib
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from generator.urls import procedure_url
from tests.cms.preview import cms_preview  # noqa: F401 - the fixture
from tests.editors.test_serve import wait_for

UI_TIMEOUT = 90_000  # ms: Decap's first load parses a 5 MB bundle on a slow, shared machine
SAVE_TIMEOUT = 60  # s: decap-server writes the file
AGENCY = "so-tu-phap"
EXISTING = "cap-phieu-ly-lich-tu-phap-cong-dan"


def read_text_values(path: Path) -> dict:
    with open(path, encoding="utf-8") as stream:
        return yaml.load(stream, Loader=yaml.BaseLoader)


def validate(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", "validate", str(root)],
                          capture_output=True, text=True, timeout=300)


@pytest.fixture
def admin(browser, cms_preview):  # noqa: F811 - the fixture imported above
    """A fresh page logged in to /quan-tri/ (decap-server needs no password), recording every request."""
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, locale="vi-VN")
    page = context.new_page()
    page.requests = []
    page.on("request", lambda request: page.requests.append(request.url))
    page.add_init_script("window.__csp = []; document.addEventListener('securitypolicyviolation', "
                         "e => window.__csp.push([e.violatedDirective, e.blockedURI]));")
    page.set_default_timeout(UI_TIMEOUT)
    page.goto(cms_preview.url("quan-tri/"))
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_text("Bộ sưu tập").first.wait_for()
    try:
        yield page
        # the only violation allowed: the inline live-reload script MkDocs' preview server adds to every page
        assert [v for v in page.evaluate("window.__csp") if v != ["script-src-elem", "inline"]] == []
    finally:
        context.close()


def open_new(page, agency: str = AGENCY) -> None:
    page.goto(page.url.split("#")[0] + f"#/collections/thu-tuc-{agency}/new")
    page.locator("[id^=code-field-]").wait_for()


def choose(page, field_locator, option: str) -> None:
    field_locator.click()
    page.get_by_text(option, exact=True).click()


def fill_required(page, code: str, name: str) -> None:
    """Name, code, field, time limit, a document, a step, the result (the fee and online level are separate)."""
    page.locator("[id^=code-field-]").fill(code)
    page.locator("[id^=name-field-]").first.fill(name)
    page.locator("[id^=field-field-]").fill("Chứng thực")
    page.locator("[id^=days-field-]").fill("15")
    page.locator("[id^=name-field-]").last.fill("Tờ khai theo mẫu")
    page.get_by_role("button", name=re.compile("^Thêm: trình tự thực hiện", re.I)).click()
    page.locator("[id^=item-field-]").first.fill("Nộp hồ sơ tại Bộ phận Một cửa.")
    page.locator("[id^=result-field-]").fill("Giấy chứng nhận")


def add_fee(page, amount: str) -> None:
    page.get_by_role("button", name=re.compile("^Thêm: phí, lệ phí", re.I)).click()
    names = page.locator("[id^=name-field-]")
    names.nth(1).fill("Lệ phí cấp giấy")  # DOM order: procedure name, the fee, the document
    page.locator("[id^=amount-field-]").first.fill(amount)


def online_level(page, label: str) -> None:
    choose(page, page.locator("[id^=level-field-]").last, label)  # the first level is the procedure's own


def publish(page) -> None:
    page.get_by_role("button", name="Công bố", exact=True).click()
    page.get_by_text("Công bố ngay", exact=True).click()


def new_files(folder: Path, before: set[Path], timeout: float = SAVE_TIMEOUT) -> list[Path]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        created = sorted(set(folder.glob("*.yaml")) - before)
        if created:
            time.sleep(0.5)  # let decap-server finish writing
            return created
        time.sleep(0.3)
    return []


def test_new_procedure_saved_through_the_form(admin, cms_preview):
    folder = cms_preview.root / "procedures" / AGENCY
    before = set(folder.glob("*.yaml"))
    open_new(admin)
    fill_required(admin, "1.009999", "Cấp thử giấy chứng nhận qua biểu mẫu")
    add_fee(admin, "200000")
    online_level(admin, "Mức 4: nộp hồ sơ, phí và nhận kết quả trực tuyến (cần url)")
    admin.locator("[id^=url-field-]").fill("https://dichvucong.gov.vn/p/home/dvc-chi-tiet.html?ma_thu_tuc=1.009999")
    publish(admin)

    created = new_files(folder, before)
    assert [p.name for p in created] == ["1-009999-cap-thu-giay-chung-nhan-qua-bieu-mau.yaml"]  # code and name
    text = created[0].read_text(encoding="utf-8")
    assert 'code: "1.009999"\n' in text  # text, not the number 1.009999
    assert "amount: 200000\n" in text
    assert list(read_text_values(created[0])) == [
        "code", "name", "field", "processing_time", "fees", "online", "documents", "steps", "result", "status"]
    assert read_text_values(created[0])["online"] == {
        "level": "4", "url": "https://dichvucong.gov.vn/p/home/dvc-chi-tiet.html?ma_thu_tuc=1.009999"}
    assert read_text_values(created[0])["fees"] == [{"name": "Lệ phí cấp giấy", "amount": "200000"}]

    result = validate(cms_preview.root)
    assert result.returncode == 0, result.stderr
    # the preview follows the save: the new procedure's page is served
    page_url = cms_preview.url(procedure_url("1.009999", "Cấp thử giấy chứng nhận qua biểu mẫu"))
    body = wait_for(page_url, lambda status, body: status == 200 and "Cấp thử giấy chứng nhận qua biểu mẫu" in body,
                    120, cms_preview.process)
    assert "200.000" in body  # the fee as the site shows it (Vietnamese thousands separator)


@pytest.mark.parametrize("agency, entry, code, amount, new_amount", [
    (AGENCY, EXISTING, "2.000488", "200000", "250000"),
    ("so-y-te", "cap-giay-phep-hoat-dong-phong-kham", "1.012280", "5700000", "5800000"),  # Decap's own YAML: 1.01228
])
def test_editing_one_fee_changes_only_that_fee(admin, cms_preview, agency, entry, code, amount, new_amount):
    path = cms_preview.root / "procedures" / agency / f"{entry}.yaml"
    original = path.read_text(encoding="utf-8")
    before = read_text_values(path)
    assert before["code"] == code and before["fees"][0]["amount"] == amount
    stamp = path.stat().st_mtime_ns
    admin.goto(admin.url.split("#")[0] + f"#/collections/thu-tuc-{agency}/entries/{entry}")
    field = admin.locator("[id^=amount-field-]").first
    field.wait_for()
    assert field.input_value() == amount
    assert admin.locator("[id^=code-field-]").input_value() == code  # written unquoted: still the text
    field.fill(new_amount)
    publish(admin)
    wait_for_change(path, stamp)
    after = read_text_values(path)
    expected = {**before, "fees": [{**before["fees"][0], "amount": new_amount}, *before["fees"][1:]]}
    assert after == expected
    assert list(after) == list(before)  # key order kept
    text = path.read_text(encoding="utf-8")
    assert f'code: "{code}"\n' in text
    # the file as text: the amount's line and the code, now in quotes; nothing else
    assert changed_lines(original, text) == ([f"-code: {code}", f"-    amount: {amount}"],
                                             [f'+code: "{code}"', f"+    amount: {new_amount}"])
    result = validate(cms_preview.root)
    assert result.returncode == 0, result.stderr


def wait_for_change(path: Path, stamp: int) -> None:
    deadline = time.monotonic() + SAVE_TIMEOUT
    while path.stat().st_mtime_ns == stamp and time.monotonic() < deadline:
        time.sleep(0.3)
    time.sleep(0.5)


def changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    diff = list(difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0))[2:]
    return [line for line in diff if line.startswith("-")], [line for line in diff if line.startswith("+")]


def test_editing_an_agency_keeps_its_schema_line(admin, cms_preview):
    path = cms_preview.root / "procedures" / AGENCY / "agency.yaml"
    original, stamp = path.read_text(encoding="utf-8"), path.stat().st_mtime_ns
    admin.goto(admin.url.split("#")[0] + f"#/collections/co-quan/entries/{AGENCY}")
    phone = admin.locator("[id^=phone-field-]")
    phone.wait_for()
    assert phone.input_value() == "0217 3852 146"
    phone.fill("0217 3852 147")
    publish(admin)
    wait_for_change(path, stamp)
    removed, added = changed_lines(original, path.read_text(encoding="utf-8"))
    # the schema line stays; the form drops the two lines of free comment (Decap rewrites the file)
    assert removed == ["-# Thông tin cơ quan. Tên thư mục (so-tu-phap) là mã cơ quan dùng trong",
                       "-# tệp thống kê; không đổi tên thư mục khi đã có số liệu.", "-phone: 0217 3852 146"]
    assert added == ["+phone: 0217 3852 147"]
    assert validate(cms_preview.root).returncode == 0


def test_editing_a_page_changes_only_that_field(admin, cms_preview):
    path = cms_preview.root / "content" / "gioi-thieu.md"
    original, stamp = path.read_text(encoding="utf-8"), path.stat().st_mtime_ns
    admin.goto(admin.url.split("#")[0] + "#/collections/trang/entries/gioi-thieu")
    title = admin.locator("[id^=nav_title-field-]")
    title.wait_for()
    assert title.input_value() == "Về cổng"
    title.fill("Về cổng này")
    publish(admin)
    wait_for_change(path, stamp)
    assert changed_lines(original, path.read_text(encoding="utf-8")) == (["-nav_title: Về cổng"], ["+nav_title: Về cổng này"])


def test_required_field_empty_is_refused_in_vietnamese(admin, cms_preview):
    folder = cms_preview.root / "procedures" / AGENCY
    before = set(folder.glob("*.yaml"))
    open_new(admin)
    fill_required(admin, "1.009998", "Thủ tục thiếu kết quả")
    admin.locator("[id^=result-field-]").fill("")
    publish(admin)
    admin.get_by_text("Kết quả bắt buộc nhập.").wait_for()
    assert not new_files(folder, before, timeout=3)


def test_online_level_4_without_url_is_refused_in_vietnamese(admin, cms_preview):
    folder = cms_preview.root / "procedures" / AGENCY
    before = set(folder.glob("*.yaml"))
    open_new(admin)
    fill_required(admin, "1.009997", "Thủ tục trực tuyến thiếu địa chỉ")
    online_level(admin, "Mức 4: nộp hồ sơ, phí và nhận kết quả trực tuyến (cần url)")
    publish(admin)
    admin.get_by_text(
        "Địa chỉ nộp hồ sơ trực tuyến (https): bắt buộc nhập địa chỉ nộp hồ sơ trực tuyến (https://…) khi mức độ là 4."
    ).wait_for()
    assert not new_files(folder, before, timeout=3)


def test_fee_written_with_thousands_dots_is_refused(admin, cms_preview):
    folder = cms_preview.root / "procedures" / AGENCY
    before = set(folder.glob("*.yaml"))
    open_new(admin)
    fill_required(admin, "1.009996", "Thủ tục có phí viết sai")
    add_fee(admin, "200.000")
    publish(admin)
    admin.get_by_text(
        "Số tiền (đồng) không khớp với mẫu: chỉ gồm chữ số, ví dụ 200000 (không viết 200.000 hay 200,000)."
    ).wait_for()
    assert not new_files(folder, before, timeout=3)


def test_admin_loads_nothing_from_another_host(admin, cms_preview):
    admin.goto(admin.url.split("#")[0] + f"#/collections/thu-tuc-{AGENCY}/entries/{EXISTING}")
    admin.locator("[id^=amount-field-]").first.wait_for()
    hosts = {re.match(r"^[a-z]+://([^/]+)", url).group(1) for url in admin.requests if "://" in url}
    allowed = {cms_preview.base.split("/")[2], f"127.0.0.1:{cms_preview.decap_port}"}
    assert hosts <= allowed, hosts
    assert all(url.startswith(("http://127.0.0.1:", "data:", "blob:")) for url in admin.requests), admin.requests


def test_built_admin_boots_without_a_policy_violation_or_another_host(browser, sample_server):
    """The built site's /quan-tri/ (the sample's GitLab backend) under its own policy: the login page, nothing blocked."""
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.add_init_script("window.__csp = []; document.addEventListener('securitypolicyviolation', "
                         "e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));")
    try:
        page.goto(sample_server.url("quan-tri/"))
        page.get_by_role("button", name=re.compile("GitLab")).wait_for(timeout=UI_TIMEOUT)
        assert page.evaluate("window.__csp") == []
        assert {url.split("/")[2] for url in requests if url.startswith("http")} == {sample_server.host}
    finally:
        page.close()
