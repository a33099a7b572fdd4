"""Imported by the fork server before it forks any pool worker (``pool._context``): the models load once, there,
and every worker starts as a copy that already holds them, instead of each loading its own (~2 CPU-s a worker)."""

import gc

from khobor.executors import work

work.lower_priority()  # loading yields to the driver, as a worker's does; the forks inherit it
work.worker_init(None)
work.warm_up()  # what the analyzers build on first use, built once here rather than in each worker's first chunk
gc.freeze()  # nor does a worker's collector scan the models' objects (or copy the pages they are on)
