"""Give memory the pipeline no longer uses back to the system: large blocks as soon as they are freed
(:func:`give_large_blocks_back_when_freed`), the rest after each stage and before MkDocs runs; and keep
transparent huge pages out of the way (:func:`no_transparent_huge_pages`).

Reading and checking a million statistics rows leaves freed memory in pyarrow's pool and in glibc's
heap; MkDocs then holds every page in memory on top of it. Measured on the 2,000-procedure benchmark
portal after render: 857 MB resident, 721 MB after this (the frames still in use are not touched).
Between stages, what survives is also kept out of Python's cycle collector until MkDocs runs.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import sys


M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter (malloc.h)
LARGE_BLOCK = 1 << 20
PR_SET_THP_DISABLE, PR_GET_THP_DISABLE = 41, 42  # linux/prctl.h (Linux 3.15)


def _glibc():
    libc = ctypes.util.find_library("c")
    if not (libc and sys.platform.startswith("linux")):
        return None
    try:
        return ctypes.CDLL(libc)
    except OSError:
        return None


def give_large_blocks_back_when_freed() -> bool:
    """Have glibc map every block of ``LARGE_BLOCK`` bytes or more on its own and unmap it when freed.

    By default glibc raises that threshold each time such a block is freed (up to 32 MB), so the
    numpy arrays of a million statistics rows (9 MB a column) end up inside its heap, and the heap only
    grows: on the 2,000-procedure benchmark portal the resident memory after loading and checking was
    130 MB above what was still in use. Returns False where this is not glibc (musl, macOS: nothing set)."""
    libc = _glibc()
    try:
        return bool(libc and libc.mallopt(M_MMAP_THRESHOLD, LARGE_BLOCK))
    except AttributeError:
        return False


def no_transparent_huge_pages() -> bool:
    """Ask Linux not to back this process's memory with transparent huge pages (2 MB each), for the rest of
    its life. Returns False where it cannot (not Linux, or the kernel refused).

    NumPy asks for huge pages for every array over 4 MB (``madvise``), and so, by what was measured, does
    pyarrow's allocator: turning NumPy's request off alone took half of the cost away, this switch all of it.
    Reading and checking a million statistics rows allocates and frees gigabytes. Each first touch of a huge page makes the kernel zero all 2 MB of it. On the
    2,000-procedure benchmark portal this was 4.6 s of system time in load + validate. With this switch that
    became 1.3 s, load + validate went from 8.6 to 5.1 s, and the build's peak fell from 775 to 744 MB.
    Redis and MongoDB give the same advice for the same reason. Child processes (git, MkDocs' own) inherit it."""
    libc = _glibc()
    try:
        return bool(libc and libc.prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0) == 0)
    except AttributeError:
        return False


def release_unused_memory(freeze_survivors: bool = False) -> None:
    """Collect the garbage and give the freed memory back to the system (pyarrow's pool, glibc's heap).

    ``freeze_survivors``: between the stages of ``prepare_site``, what survives the collection (the
    catalogue, the figures, the pages: 120,000 more after each stage on the 2,000-procedure benchmark
    portal, 364,000 after render) is what the later stages read. It is then frozen (:func:`gc.freeze`),
    so that the collections Python runs by itself during the next stages do not walk it again: load +
    figures + render 9.9 → 9.4 s there.
    A call without it thaws everything first (:func:`thaw_frozen_objects`), so that what a stage let go of
    since, in reference cycles too, is collected."""
    if not freeze_survivors:
        thaw_frozen_objects()
    gc.collect()
    arrow = sys.modules.get("pyarrow")
    if arrow is not None:
        arrow.default_memory_pool().release_unused()
    libc = _glibc()
    if libc is not None:
        try:
            libc.malloc_trim(0)  # glibc: return free heap pages (musl has no malloc_trim)
        except AttributeError:
            pass
    if freeze_survivors:
        gc.freeze()


def thaw_frozen_objects() -> None:
    """Undo :func:`release_unused_memory`'s freezing: frozen objects are never collected, so a build that
    ends, or fails, in a longer-lived process (``portal serve``, a test run) thaws them."""
    gc.unfreeze()
