"""What a run starts before anything else. Light on purpose (neither the store nor the pipeline): the CLI imports it
ahead of the use cases, whose import (SQLAlchemy, the store, the stages: ~0.4 s) then overlaps the models' loading."""

from __future__ import annotations

from collections.abc import Iterable


def start_workers(paths: Iterable, workers: int | None, executor: str) -> None:
    """When a run over ``paths`` will analyze on a local pool, start its fork server now: it loads the models (~2
    CPU-s) on the other core while this process imports, opens the store and reads the first files."""
    from khobor.executors import pool

    if pool.repays_early_start(paths, workers, executor):
        pool.start_server()
