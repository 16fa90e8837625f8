"""No script blocks the first paint (issue 13, item 4): every script file is deferred, in the
order that makes Material's bundle find the helpers it needs, and none is inline (the CSP)."""

from __future__ import annotations

import re
from pathlib import Path

SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S | re.I)


def test_every_script_is_deferred_in_order(built_sample: Path):
    pages = [p for p in sorted(built_sample.rglob("*.html")) if "md-footer" in p.read_text(encoding="utf-8")]
    assert len(pages) > 100
    for page in pages:
        html = page.read_text(encoding="utf-8")
        files = []
        for attributes, body in SCRIPT.findall(html):
            src = re.search(r'\bsrc="([^"]+)"', attributes)
            if src is None:
                assert re.search(r'type="application/(ld\+)?json"', attributes), f"{page}: inline script {body[:60]!r}"
                continue
            assert re.search(r"\bdefer\b", attributes), f"{page}: {src.group(1)} blocks parsing"
            files.append(src.group(1).rsplit("/", 1)[-1])
        assert files[:2] == ["portal-base.js", "portal-search.js"], (page, files)
        assert files[2].startswith("bundle.") and files[2].endswith(".min.js"), (page, files)
        assert 'http-equiv="Content-Security-Policy"' in html and "script-src 'self';" in html
