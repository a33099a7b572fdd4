"""Analyze on a Dask cluster: a scheduler's address, or a LocalCluster of ``workers`` processes.

The same stages as a pool on one machine: chunks of articles go to the workers, come back in
input order, and this process alone writes the store (one transaction per batch, as always).
Each worker loads the models once, through a worker plugin (so workers that join later do too).
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from khobor.errors import KhoborError
from khobor.executors import default_workers, work
from khobor.executors.pool import chunks


class _LoadModels:
    """Worker plugin: one BLAS/OpenMP thread, the tagger and the English model loaded at start."""

    name = "khobor-models"

    def __init__(self, gazetteer: str | None):
        self.gazetteer = gazetteer

    def setup(self, worker=None) -> None:
        work.worker_init(self.gazetteer)


def _client(workers: int | None, scheduler: str | None):
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as error:  # an install without the dask extra
        raise KhoborError("--executor dask needs dask and distributed: pip install 'khobor[dask]'") from error
    if scheduler:
        try:
            return Client(scheduler, timeout="20s"), None
        except (OSError, TimeoutError) as error:
            raise KhoborError(f"cannot reach the Dask scheduler at {scheduler} ({error})") from error
    cluster = LocalCluster(n_workers=workers or default_workers(), threads_per_worker=1, processes=True,
                           dashboard_address=None, silence_logs=logging.ERROR)
    return Client(cluster), cluster


class DaskExecutor:
    """Analyze batches on a Dask cluster, one batch in flight ahead of the one being stored."""

    def __init__(self, workers: int | None = None, scheduler: str | None = None, gazetteer: str | Path | None = None):
        from distributed.diagnostics.plugin import WorkerPlugin

        self.client, self.cluster = _client(workers, scheduler)
        plugin = type("LoadModels", (_LoadModels, WorkerPlugin), {})(str(gazetteer) if gazetteer else None)
        self.client.register_plugin(plugin)
        self.workers = max(1, len(self.client.scheduler_info()["workers"]))

    def _submit(self, batch: list) -> list:
        return [self.client.submit(work.analyze_chunk, part, pure=False) for part in chunks(batch, self.workers * 2)]

    def analyze_batches(self, batches: Iterable[list], ahead: int = 1) -> Iterator[list]:
        pending: deque[list] = deque()
        for batch in batches:
            pending.append(self._submit(batch))
            if len(pending) > ahead:
                yield [a for part in self.client.gather(pending.popleft()) for a in part]
        while pending:
            yield [a for part in self.client.gather(pending.popleft()) for a in part]

    def map(self, fn: Callable, items: Iterable) -> Iterator:
        return iter(self.client.gather(self.client.map(fn, list(items), pure=False)))

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()
