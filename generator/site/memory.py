"""Give memory the pipeline no longer uses back to the system before MkDocs runs.

Reading and checking a million statistics rows leaves freed memory in pyarrow's pool and in glibc's
heap; MkDocs then holds every page in memory on top of it. Measured on the 2,000-procedure benchmark
portal after render: 857 MB resident, 721 MB after this (the frames still in use are not touched).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import sys


def release_unused_memory() -> None:
    gc.collect()
    arrow = sys.modules.get("pyarrow")
    if arrow is not None:
        arrow.default_memory_pool().release_unused()
    libc = ctypes.util.find_library("c")
    if libc and sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(libc).malloc_trim(0)  # glibc: return free heap pages (musl has no malloc_trim)
        except (OSError, AttributeError):
            pass
