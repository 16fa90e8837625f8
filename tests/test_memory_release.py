"""Freed statistics buffers go back to the system (generator/site/memory.py): large blocks as soon as they
are freed, the rest before MkDocs runs; what survives a stage is frozen for the collector until then."""

from __future__ import annotations

import ctypes
import os
import subprocess
import sys
import textwrap

from generator.site.memory import PR_GET_THP_DISABLE

from .conftest import REPO


def _glibc_defaults() -> dict[str, str]:
    """This process's environment without glibc's allocator settings. Setting any of them turns off the
    threshold glibc raises by itself, which the control below measures; and Dask's LocalCluster, run by
    other tests in the same worker, leaves ``MALLOC_TRIM_THRESHOLD_=65536`` in ``os.environ``."""
    return {k: v for k, v in os.environ.items() if not (k.startswith("MALLOC_") or k == "GLIBC_TUNABLES")}


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
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=_glibc_defaults(), capture_output=True, text=True,
                         check=True).stdout
    before, after = map(int, out.split())
    assert before - after >= 50, (before, after)


LARGE_BLOCKS = textwrap.dedent("""
    import sys, numpy as np
    from generator.site.memory import give_large_blocks_back_when_freed
    def rss():
        return next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmRSS")) // 1024
    if sys.argv[1] == "on":
        assert give_large_blocks_back_when_freed()
    first = np.ones(1_200_000); del first  # a freed 9.6 MB block: glibc raises its threshold above it
    columns, pins = [], []
    for _ in range(30):  # like a million rows' count columns, with small blocks after each on the heap
        columns.append(np.ones(1_200_000))
        pins.append([0] * 600)
    before = rss()
    del columns
    print(before, rss())
""")


def test_large_blocks_leave_the_process_as_soon_as_they_are_freed():
    def resident(mode: str) -> tuple[int, int]:
        out = subprocess.run([sys.executable, "-c", LARGE_BLOCKS, mode], cwd=REPO, env=_glibc_defaults(),
                             capture_output=True, text=True, check=True).stdout
        before, after = map(int, out.split())
        return before, after
    before, after = resident("on")
    assert before - after >= 250, f"288 MB of freed arrays should have left the process: {before} → {after} MB"
    before, after = resident("off")  # the control: glibc's default keeps them (else this test proves nothing)
    assert before - after < 50, f"glibc's default returned the freed arrays: {before} → {after} MB"


THP_STATE = textwrap.dedent("""
    import ctypes, sys
    from generator.site.memory import PR_SET_THP_DISABLE, no_transparent_huge_pages
    if sys.argv[1] == "on":
        assert no_transparent_huge_pages()
    else:  # the switch is inherited from the parent (this test process built the sample): cleared for the control
        assert ctypes.CDLL(None).prctl(PR_SET_THP_DISABLE, 0, 0, 0, 0) == 0
    print(next(l.split()[1] for l in open("/proc/self/status") if l.startswith("THP_enabled")))
""")


def test_the_build_keeps_transparent_huge_pages_out(built_sample):
    """The kernel's own record of the process (``THP_enabled`` in /proc/self/status, Linux 5.0) says huge pages
    are off after the switch, and on without it (the control); a build turns it on (``prctl`` asked back)."""
    def state(mode: str) -> str:
        return subprocess.run([sys.executable, "-c", THP_STATE, mode], cwd=REPO, capture_output=True, text=True,
                              check=True).stdout.strip()
    assert state("on") == "0"
    assert state("off") == "1"
    libc = ctypes.CDLL(None)
    assert libc.prctl(PR_GET_THP_DISABLE, 0, 0, 0, 0) == 1  # this process built the sample (tests/conftest.py)


class _Node:
    """An object in a reference cycle: only the cycle collector frees it."""

    def __init__(self) -> None:
        self.me = self


def test_objects_frozen_between_stages_are_thawed_and_collected():
    """What survives a stage is frozen (the collector's own count says so); the next release without freezing
    thaws it, so a cycle a later stage let go of is freed (a weak reference to it dies)."""
    import gc
    import weakref

    from generator.site.memory import release_unused_memory

    try:
        node = _Node()
        alive = weakref.ref(node)
        release_unused_memory(freeze_survivors=True)
        assert gc.get_freeze_count() > 0
        del node
        gc.collect()  # frozen: the collector does not see it
        assert alive() is not None
        release_unused_memory()
        assert gc.get_freeze_count() == 0
        assert alive() is None
    finally:
        gc.unfreeze()


def test_a_build_leaves_nothing_frozen(built_sample, starter_portal, monkeypatch):
    """A build in a longer-lived process (this test run, ``portal serve``) leaves no object frozen, whether it
    publishes or fails after freezing (a broken template override: render fails after two stages)."""
    import gc

    import pytest

    import generator.commands.build as build_module
    from generator.errors import BuildFailed

    assert gc.get_freeze_count() == 0  # built_sample was built in this process
    override = starter_portal / "site_templates" / "pages" / "procedure.md.j2"
    override.parent.mkdir(parents=True)
    override.write_text("{% if %}\n", encoding="utf-8")
    frozen_after: list[int] = []
    release = build_module.release_unused_memory

    def release_and_count(freeze_survivors: bool = False) -> None:
        release(freeze_survivors)
        frozen_after.append(gc.get_freeze_count())

    monkeypatch.setattr(build_module, "release_unused_memory", release_and_count)
    with pytest.raises(BuildFailed):
        build_module.build(starter_portal)
    assert frozen_after and frozen_after[-1] > 0  # the failure came after a stage froze what it kept
    assert gc.get_freeze_count() == 0
