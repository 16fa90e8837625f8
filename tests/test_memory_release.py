"""Freed statistics buffers go back to the system before MkDocs runs (generator/site/memory.py)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from .conftest import REPO


def test_freed_buffers_leave_the_process():
    # in a fresh process: what this test measures must not depend on what other tests allocated
    code = textwrap.dedent("""
        import numpy as np, pyarrow as pa
        from generator.site.memory import release_unused_memory
        def rss():
            return next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmRSS")) // 1024
        strings = [pa.array([str(i) * 5 for i in range(200_000)]) for _ in range(40)]  # many small buffers
        small = [str(i) * 20 for i in range(2_000_000)]  # and Python objects on glibc's heap
        del strings, small
        before = rss()
        release_unused_memory()
        print(before, rss())
    """)
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True).stdout
    before, after = map(int, out.split())
    assert before - after >= 50, (before, after)
