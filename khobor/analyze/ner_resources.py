"""What the NER model knows besides its weights: a name lexicon and word clusters.

Both are learned by ``scripts/train_ner.py`` from the training sentences only and ship
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
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from khobor.lang.bn.names import strip_case_ending

TYPES = ("PER", "ORG", "LOC")
MAX_SPAN = 5
EMBEDDING_CLUSTERS_PATH = Path(__file__).with_name("word-clusters-e5-v1.marisa")
EMBEDDING_CLUSTERS_FORMAT = "<HHHBBB"  # coarse, mid, fine cluster; PER, ORG, LOC score


def base(word: str) -> str:
    return strip_case_ending(word.casefold())


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


def build_lexicon(sentences: list[tuple[list[str], list[str]]], resources: Resources | None = None) -> Resources:
    """Count name types per base form and collect multi-word names from (words, BIO tags)."""
    from khobor.analyze.ner import bio_to_spans

    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    span_types: dict[str, Counter] = defaultdict(Counter)
    for words, tags in sentences:
        for word, tag in zip(words, tags):
            if not any(ch.isalpha() for ch in word):
                continue
            kind = tag[2:] if tag != "O" else "O"
            counts[base(word)][TYPES.index(kind) if kind in TYPES else 3] += 1
        for i, j, kind in bio_to_spans(tags):
            if kind in TYPES and 1 < j - i <= MAX_SPAN:
                key = " ".join([w.casefold() for w in words[i : j - 1]] + [base(words[j - 1])])
                span_types[key][kind] += 1
    out = resources or Resources()
    out.word_types = {w: c for w, c in counts.items() if c[3] < sum(c) or sum(c) >= 2}
    out.spans = {k: c.most_common(1)[0][0] for k, c in span_types.items()}
    return out


def build_clusters(sentences: list[list[str]], sizes: tuple[int, int] = (64, 512), dims: int = 100,
                   min_count: int = 2, n_contexts: int = 3000, seed: int = 0) -> dict[str, list[int]]:
    """Cluster ids per word from neighbour co-occurrence (PPMI, SVD, k-means); needs scikit-learn."""
    import numpy as np
    from scipy import sparse
    from sklearn.cluster import MiniBatchKMeans
    from sklearn.decomposition import TruncatedSVD
    from sklearn.preprocessing import normalize as l2

    freq = Counter(w.casefold() for sent in sentences for w in sent)
    vocab = [w for w, n in freq.most_common() if n >= min_count]
    index = {w: i for i, w in enumerate(vocab)}
    contexts = {w: i for i, (w, _) in enumerate(freq.most_common(n_contexts))}
    rows, cols = [], []
    for sent in sentences:
        low = [w.casefold() for w in sent]
        for i, word in enumerate(low):
            row = index.get(word)
            if row is None:
                continue
            for offset, slot in ((-2, 0), (-1, 1), (1, 2), (2, 3)):
                j = i + offset
                ctx = contexts.get(low[j]) if 0 <= j < len(low) else None
                if ctx is not None:
                    rows.append(row)
                    cols.append(slot * n_contexts + ctx)
    matrix = sparse.coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(vocab), 4 * n_contexts)).tocsr()
    matrix.sum_duplicates()
    total = matrix.sum()
    row_sum = np.asarray(matrix.sum(axis=1)).ravel() + 1e-9
    col_sum = np.asarray(matrix.sum(axis=0)).ravel() + 1e-9
    coo = matrix.tocoo()
    pmi = np.log(coo.data * total / (row_sum[coo.row] * col_sum[coo.col]))
    keep = pmi > 0
    ppmi = sparse.csr_matrix((pmi[keep], (coo.row[keep], coo.col[keep])), shape=matrix.shape)
    vectors = l2(TruncatedSVD(n_components=dims, random_state=seed).fit_transform(ppmi))
    labels = [MiniBatchKMeans(n_clusters=k, random_state=seed, n_init=3, batch_size=2048).fit_predict(vectors) for k in sizes]
    return {w: [int(lab[i]) for lab in labels] for w, i in index.items()}


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
