"""The Dask cluster a ``portal aggregate`` run works on: an existing scheduler, or one started here.

``--scheduler tcp://host:8786`` connects to a cluster started elsewhere
(``dask scheduler`` + ``dask worker tcp://…``, dask-kubernetes, a managed
service); without it a ``distributed.LocalCluster`` of worker *processes*
starts on this machine and stops at the end. Either way the dashboard link
is reported before any work starts.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from typing import Callable, Iterator

from distributed import Client, LocalCluster

from ..errors import PortalError


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


@contextmanager
def dask_client(scheduler: str | None = None, workers: int | None = None, say: Callable[[str], None] = print,
                dashboard_address: str = ":8787") -> Iterator[Client]:
    """A connected client; a LocalCluster (one single-threaded process per worker) when no scheduler is given."""
    if scheduler:
        try:
            client = Client(scheduler, timeout="30s")
        except (OSError, TimeoutError) as exc:
            raise PortalError(f"Không kết nối được bộ lập lịch Dask '{scheduler}': {exc}") from exc
        with client:
            say(f"Cụm Dask: {scheduler}, {len(client.scheduler_info()['workers'])} tiến trình làm việc; "
                f"bảng theo dõi: {client.dashboard_link}")
            yield client
        return
    count = workers or default_workers()
    # one thread per worker: pandas work is mostly GIL-bound, and one piece at a time bounds a worker's memory
    with LocalCluster(n_workers=count, threads_per_worker=1, processes=True, dashboard_address=dashboard_address,
                      silence_logs=40) as cluster, Client(cluster) as client:
        say(f"Cụm Dask trên máy này: {count} tiến trình làm việc; bảng theo dõi: {client.dashboard_link}")
        yield client
