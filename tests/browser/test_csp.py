"""The Content-Security-Policy is really enforced: a positive control.

Listening for violations on the real pages proves nothing when the policy is
missing (there is nothing to violate). Here a built page is served with an
inline script slipped into it, as an attacker's injected markup would be;
Chromium must refuse to run it and raise ``securitypolicyviolation``.
"""

from __future__ import annotations

from .conftest import DESKTOP

INJECTED = "<script>window.__injectedRan = true;</script>"
LISTENER = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', e =>
  window.__violations.push({directive: e.effectiveDirective, blocked: e.blockedURI}));
"""


def test_an_injected_inline_script_is_blocked_and_reported(browser, sample_server):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.add_init_script(LISTENER)
    url = sample_server.url("thu-tuc/")

    def inject(route):
        response = route.fetch()
        body = response.text()
        assert "</main>" in body
        route.fulfill(response=response, body=body.replace("</main>", INJECTED + "</main>", 1))

    page.route(url, inject)
    page.goto(url, wait_until="networkidle")
    ran = page.evaluate("window.__injectedRan === true")
    violations = page.evaluate("window.__violations")
    context.close()
    assert not ran, "an inline script injected into a page ran: the Content-Security-Policy is missing or allows it"
    assert {"directive": "script-src-elem", "blocked": "inline"} in violations, (
        f"Chromium reported no script-src violation for the injected script: {violations}")
