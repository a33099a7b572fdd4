"""Duplicates: exact copies and near-duplicate (syndicated) copies of one text.

Exact copies share a hash of their word sequence after normalization. Near
copies are found with MinHash (rensa, in Rust) over word 3-shingles: Bengali
words are long and inflected, so word shingles separate rewritten reports
from copies far better than character shingles, and there are ~10x fewer of
them. Shingles are hashed in one vectorized pass per batch (token hashes
from rensa, combined with numpy), then an LSH band index proposes candidates
and each candidate is verified on the signatures:

* estimated Jaccard >= ``threshold`` (a republished copy with a new headline), or
* estimated containment of the shorter text in the longer >= ``containment``
  (a copy trimmed at the end or wrapped in boilerplate: Jaccard drops, but
  nearly all of the shorter text is still inside the longer one).

Defaults were chosen from measurements on tests/fixtures/events (see
tests/test_dedup.py): gold copies sit at exact word-3-shingle Jaccard >= 0.57
and containment >= 0.93; independent reports of one event at Jaccard <= 0.30
and containment <= 0.69.

A duplicate's ``duplicate_of`` is the id of the earliest original (by
publication time within a batch, then arrival order), never another copy.
State (``to_state``) is pickled bytes: numpy signature matrix + band index.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Iterable

import numpy as np
import regex
from rensa import RMinHash

from khobor.clean.normalize import ascii_digits
from khobor.errors import NotFittedError
from khobor.model import Article

TOKEN = regex.compile(r"[\p{L}\p{M}\p{N}]+")
_BN_DIGIT = regex.compile("[\u09e6-\u09ef]+")
_EDGE = "।॥,;:!?.\"'‘’“”()[]{}<>«»—–-_/\\|*#@&%+=~`^$…•·"
_MIX = (np.uint64(0x9E3779B97F4A7C15), np.uint64(0xC2B2AE3D27D4EB4F))
STATE_VERSION = 1


def tokens(text: str) -> list[str]:
    """Word tokens of already-normalized text, digits as ASCII, case-folded.

    Whitespace split and punctuation stripped from word edges: the same words as
    ``[\\p{L}\\p{M}\\p{N}]+`` would give for news text (a hyphenated pair stays one
    token), at a third of the cost, which matters at millions of articles.
    """
    text = _BN_DIGIT.sub(lambda m: ascii_digits(m.group()), text).casefold()
    return [w for w in (w.strip(_EDGE) for w in text.split()) if w]


def exact_key(words: list[str]) -> str:
    return hashlib.blake2b(" ".join(words).encode("utf-8"), digest_size=12).hexdigest()


def shingle_batch(token_lists: list[list[str]], k: int = 3) -> tuple[np.ndarray, np.ndarray]:
    """Hash the word k-shingles of many documents at once.

    Returns (flat uint64 hashes, row offsets) as rensa's flat digest call wants.
    Documents shorter than k words get their words as shingles.
    """
    lengths = np.fromiter((len(t) for t in token_lists), dtype=np.int64, count=len(token_lists))
    flat_tokens = [w for t in token_lists for w in t]
    if not flat_tokens:
        return np.zeros(0, dtype=np.uint64), np.zeros(len(token_lists) + 1, dtype=np.uint64)
    hashes = np.asarray(RMinHash.hash_token_sets([flat_tokens])[0], dtype=np.uint64)
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    doc_of = np.repeat(np.arange(len(token_lists)), lengths)
    pos = np.arange(len(hashes)) - starts[doc_of]
    n_sh = np.where(lengths >= k, lengths - k + 1, lengths)
    keep = (pos < n_sh[doc_of])
    idx = np.nonzero(keep)[0]
    short = lengths[doc_of[idx]] < k
    with np.errstate(over="ignore"):
        combined = hashes[idx].copy()
        for j in range(1, k):
            nxt = np.minimum(idx + j, len(hashes) - 1)
            combined = combined * _MIX[j % 2] + hashes[nxt]
        combined = np.where(short, hashes[idx], combined)
    offsets = np.concatenate(([0], np.cumsum(n_sh))).astype(np.uint64)
    return combined, offsets


def distinct_counts(flat: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """Number of distinct shingles per document (set sizes, for containment)."""
    n = len(offsets) - 1
    if not len(flat):
        return np.zeros(n, dtype=np.int64)
    doc = np.repeat(np.arange(n), np.diff(offsets.astype(np.int64)))
    order = np.lexsort((flat, doc))
    d, f = doc[order], flat[order]
    new = np.ones(len(f), dtype=bool)
    new[1:] = (d[1:] != d[:-1]) | (f[1:] != f[:-1])
    return np.bincount(d[new], minlength=n)


class Deduper:
    """Incremental exact + near-duplicate detection over articles.

    Parameters are stored as given; learned state has a trailing underscore.
    """

    def __init__(self, threshold: float = 0.5, containment: float = 0.8, num_perm: int = 64, bands: int = 32,
                 shingle: int = 3, min_shingles: int = 8, seed: int = 1, max_bucket: int = 64):
        self.threshold = threshold
        self.containment = containment
        self.num_perm = num_perm
        self.bands = bands
        self.shingle = shingle
        self.min_shingles = min_shingles
        self.seed = seed
        self.max_bucket = max_bucket

    # ---------------------------------------------------------------- fitting
    def _init_state(self) -> None:
        self.ids_: list[str] = []
        self.root_: list[int] = []  # index of the original each stored text points to (itself if original)
        self.sizes_ = np.zeros(0, dtype=np.int64)
        self.signatures_ = np.zeros((0, self.num_perm), dtype=np.uint32)
        self.exact_: dict[str, int] = {}
        self.buckets_: dict[tuple[int, int], list[int]] = {}
        self.index_: dict[str, int] = {}

    def fit(self, articles: list[Article]) -> "Deduper":
        self._init_state()
        return self.partial_fit(articles)

    def partial_fit(self, articles: list[Article]) -> "Deduper":
        """Link each new article to an earlier original if it is a copy; sets ``duplicate_of``."""
        if not hasattr(self, "ids_"):
            self._init_state()
        batch = sorted((a for a in articles if a.id not in self.index_), key=lambda a: (a.published_at or "\uffff"))
        if not batch:
            return self
        words = [tokens((a.body or "")) for a in batch]
        flat, offsets = shingle_batch(words, self.shingle)
        sizes = np.diff(offsets.astype(np.int64))
        sigs = self._signatures(flat, offsets, len(batch))
        band_keys = self._band_keys(sigs)
        base = len(self.ids_)
        self.signatures_ = np.vstack([self.signatures_, sigs])
        self.sizes_ = np.concatenate([self.sizes_, sizes])
        for i, article in enumerate(batch):
            row = base + i
            key = exact_key(words[i]) if words[i] else None
            original = self.exact_.get(key) if key else None
            how, score = ("exact", 1.0) if original is not None else (None, 0.0)
            if original is None and sizes[i] >= self.min_shingles:
                original, how, score = self._near(row, band_keys[i])
            self.ids_.append(article.id)
            self.index_[article.id] = row
            self.root_.append(self.root_[original] if original is not None else row)
            if key:
                self.exact_.setdefault(key, row)
            if original is not None:
                article.duplicate_of = self.ids_[self.root_[row]]
                article.extras["duplicate_why"] = {"how": how, "score": round(float(score), 3)}
            for b, h in enumerate(band_keys[i]):
                bucket = self.buckets_.setdefault((b, int(h)), [])
                if len(bucket) < self.max_bucket:
                    bucket.append(row)
        return self

    def _signatures(self, flat: np.ndarray, offsets: np.ndarray, n: int) -> np.ndarray:
        if not len(flat):
            return np.zeros((n, self.num_perm), dtype=np.uint32)
        matrix = RMinHash.digest_matrix_from_flat_token_hashes(flat, offsets, self.num_perm, self.seed)
        sigs = np.asarray(matrix.to_rows(), dtype=np.uint32).reshape(n, self.num_perm)
        empty = np.diff(offsets.astype(np.int64)) == 0
        sigs[empty] = np.arange(self.num_perm, dtype=np.uint32)  # never collides with real digests in all bands
        return sigs

    def _band_keys(self, sigs: np.ndarray) -> np.ndarray:
        rows = self.num_perm // self.bands
        banded = sigs[:, : rows * self.bands].reshape(len(sigs), self.bands, rows).astype(np.uint64)
        key = np.zeros(banded.shape[:2], dtype=np.uint64)
        with np.errstate(over="ignore"):
            for r in range(rows):
                key = key * _MIX[r % 2] + banded[:, :, r] + np.uint64(r + 1)
        return key

    def _near(self, row: int, keys: np.ndarray) -> tuple[int | None, str | None, float]:
        candidates = set()
        for b, h in enumerate(keys):
            candidates.update(self.buckets_.get((b, int(h)), ()))
        if not candidates:
            return None, None, 0.0
        cand = np.fromiter(candidates, dtype=np.int64)
        jac = (self.signatures_[cand] == self.signatures_[row]).mean(axis=1)
        a, b = self.sizes_[row], self.sizes_[cand]
        inter = jac * (a + b) / (1.0 + jac)
        contain = inter / np.maximum(np.minimum(a, b), 1)
        ok = (jac >= self.threshold) | ((contain >= self.containment) & (np.minimum(a, b) >= self.min_shingles))
        if not ok.any():
            return None, None, 0.0
        best = int(np.argmax(np.where(ok, jac + contain, -1)))
        how = "near" if jac[best] >= self.threshold else "contained"
        return int(cand[best]), how, float(jac[best] if how == "near" else contain[best])

    # ---------------------------------------------------------------- views
    def groups(self) -> dict[str, list[str]]:
        """Original id -> ids of its copies (originals without copies left out)."""
        self._check()
        out: dict[str, list[str]] = {}
        for row, root in enumerate(self.root_):
            if root != row:
                out.setdefault(self.ids_[root], []).append(self.ids_[row])
        return out

    def original_of(self, article_id: str) -> str | None:
        self._check()
        row = self.index_.get(article_id)
        if row is None or self.root_[row] == row:
            return None
        return self.ids_[self.root_[row]]

    def _check(self) -> None:
        if not hasattr(self, "ids_"):
            raise NotFittedError("Deduper")

    # ---------------------------------------------------------------- state
    def to_state(self) -> bytes:
        """Pickled bytes (numpy arrays inside): parameters plus everything learned."""
        self._check()
        learned = {k: getattr(self, k) for k in ("ids_", "root_", "sizes_", "signatures_", "exact_", "buckets_")}
        return pickle.dumps({"version": STATE_VERSION, "params": self.get_params(), "learned": learned}, protocol=5)

    @classmethod
    def from_state(cls, state: bytes) -> "Deduper":
        data = pickle.loads(state)
        self = cls(**data["params"])
        for k, v in data["learned"].items():
            setattr(self, k, v)
        self.index_ = {i: n for n, i in enumerate(self.ids_)}
        return self

    def get_params(self) -> dict:
        return {k: getattr(self, k) for k in ("threshold", "containment", "num_perm", "bands", "shingle", "min_shingles", "seed", "max_bucket")}


def dedup(articles: Iterable[Article], **params) -> Deduper:
    """One-shot helper: fit a fresh Deduper on ``articles``."""
    return Deduper(**params).fit(list(articles))
