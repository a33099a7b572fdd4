"""A bounded memo of a pure function: the speed-up many stages take for words, lines and tag sequences."""

from __future__ import annotations

from typing import Callable


class Memo(dict):
    """``memo[key]`` is ``fn(key)``, computed once and kept (never state: the same answer either way).

    Emptied when it would pass ``limit`` entries, so a long run's memory stays bounded. A key seen before is read with
    no Python call (``list(map(memo.__getitem__, words))`` runs at dict speed); only a new one calls ``fn``."""

    def __init__(self, fn: Callable, limit: int = 200_000):
        super().__init__()
        self.fn, self.limit = fn, limit

    def __missing__(self, key):
        if len(self) >= self.limit:
            self.clear()
        value = self[key] = self.fn(key)
        return value
