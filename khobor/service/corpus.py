"""A store with the pipeline's verbs: what ``khobor.open`` returns.

The store layer knows tables, not stages; the use case "read these files, then run every stage" lives here,
above both, so neither imports the other.
"""

from __future__ import annotations

from khobor import pipeline
from khobor.ingest import FieldMapping
from khobor.store import Store


class Corpus(Store):
    """``Store`` plus ``ingest`` and ``process``, each holding the store's writer lock."""

    def ingest(self, paths, *, mapping=None, batch_size: int = 500, on_progress=None):
        """Read files into the store; returns an IngestReport (bad files listed, not raised)."""
        with self.writer():
            return pipeline.ingest(self, paths, mapping=mapping or FieldMapping(), batch_size=batch_size, on_progress=on_progress)

    def process(self, *, on_progress=None, gazetteer=None, batch_size: int = 500) -> dict[str, int]:
        """Run analyze and the corpus stages over articles they have not seen."""
        with self.writer():
            return pipeline.process(self, on_progress=on_progress, gazetteer=gazetteer, batch_size=batch_size)
