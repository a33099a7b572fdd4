"""What the NER model knows besides its weights: a name lexicon and word clusters.

Both are learned by ``scripts/train_ner.py`` (``training/resources.py``) from the training sentences only and ship
next to the CRF as one gzipped JSON file.

- The lexicon counts, per base form (case ending stripped), how often the word was
  inside a PER / ORG / LOC name and how often outside, and lists multi-word names
  with their type. Features built from it tell the CRF "this was a person's name in
  the training news" even for a word the weights saw only once.
- Word clusters group words that occur in similar contexts (positive PMI of left
  and right neighbours, truncated SVD, k-means at two sizes), so rare words share
  what frequent words of their kind learned.
"""

from __future__ import annotations

import functools
import gzip
import json
from dataclasses import dataclass, field
from pathlib import Path

from khobor.lang.bn.names import strip_ending

TYPES = ("PER", "ORG", "LOC")
MAX_SPAN = 5
EMBEDDING_CLUSTERS_PATH = Path(__file__).with_name("word-clusters-e5-v1.marisa")
EMBEDDING_CLUSTERS_FORMAT = "<HHHBBB"  # coarse, mid, fine cluster; PER, ORG, LOC score


def base(word: str) -> str:
    return strip_ending(word.casefold())


@dataclass
class Resources:
    """Lexicon and clusters; empty resources give no features (the model still works)."""

    word_types: dict[str, list[int]] = field(default_factory=dict)  # base -> [PER, ORG, LOC, O] counts
    spans: dict[str, str] = field(default_factory=dict)  # "base base ..." -> type (multi-word names)
    clusters: dict[str, list[int]] = field(default_factory=dict)  # word -> [coarse, fine] cluster ids

    def save(self, path: str | Path) -> None:
        data = {"word_types": self.word_types, "spans": self.spans, "clusters": self.clusters}
        with gzip.open(path, "wt", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def load(cls, path: str | Path) -> "Resources":
        with gzip.open(path, "rt", encoding="utf-8") as f:
            data = json.load(f)
        return cls(data.get("word_types", {}), data.get("spans", {}), data.get("clusters", {}))

    def word_marks(self, word: str, word_base: str | None = None) -> tuple[str, ...]:
        """Lexicon features of one word alone (``word_base``: its base form, when known)."""
        counts = self.word_types.get(base(word) if word_base is None else word_base)
        if not counts:
            return ()
        total = sum(counts)
        named = total - counts[3]
        feats = ["lr=%d" % round(4 * named / total)]
        if total >= 3:
            feats.append("lf=%d" % min(total.bit_length(), 6))
        if named:
            best = max(range(3), key=lambda k: counts[k])
            feats.append("lt=" + TYPES[best])
            if counts[best] < named:
                feats.append("lt2")
        return tuple(feats)


@functools.cache
def embedding_clusters(path: Path = EMBEDDING_CLUSTERS_PATH):
    """Per word of ~200k Bengali words: e5-embedding cluster ids (coarse, mid, fine) and PER/ORG/LOC probe scores 0-9.

    Built by ``scripts/build_word_clusters.py``; a memory-light trie (a dict of the same rows takes
    ~100 MB). Returns a mapping with ``get(word)`` -> row tuple or None.
    """
    import marisa_trie

    trie = marisa_trie.RecordTrie(EMBEDDING_CLUSTERS_FORMAT)
    if Path(path).exists():
        trie.load(str(path))
    return _FirstRecord(trie)


EMBEDDING_FEATURES = ("e0=", "e1=", "e2=", "ep=")  # the features FeatureMaker makes from the table


def embedding_clusters_for(feature_names) -> "_FirstRecord | dict":
    """The table for a model whose features include e5 ones, else an empty mapping (no lookups it has no weights for)."""
    return embedding_clusters() if any(f.startswith(EMBEDDING_FEATURES) for f in feature_names) else {}


class _FirstRecord:
    """``get`` on a RecordTrie gives a list of records; each word has one."""

    def __init__(self, trie):
        self.trie = trie

    def get(self, word: str, default=None):
        records = self.trie.get(word)
        return records[0] if records else default

    def __len__(self) -> int:
        return len(self.trie)

    def __getitem__(self, word: str):
        return self.trie[word][0]

    def __contains__(self, word: str) -> bool:
        return word in self.trie
