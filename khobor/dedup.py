"""Duplicates: exact copies and near-duplicate (syndicated) copies of one text.

Exact copies share a hash of their word sequence after normalization. Near
copies are found with MinHash (rensa, in Rust) over word 3-shingles: Bengali
words are long and inflected, so word shingles separate rewritten reports
from copies far better than character shingles, and there are ~10x fewer of
them. A batch is handled as a whole, with no Python work per word or per
candidate: words are hashed with numpy over the code points of all texts,
shingle hashes combined from them, MinHash signatures computed by rensa, and
an LSH index (one sorted array of band keys) proposes candidate pairs, each
verified on the signatures:

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
State (``to_state``) is bytes in the store's safe codec: numpy signature matrix + sorted band-key index.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Iterable

import numpy as np
from rensa import RMinHash

from khobor.cluster.features import day_number, section_page
from khobor.errors import NotFittedError
from khobor.model import Article

_DIGITS = [(chr(0x09E6 + d), str(d)) for d in range(10)]
_PUNCT_CHARS = "।॥,;:!?.\"'‘’“”()[]{}<>«»—–-_/\\|*#@&%+=~`^$…•·"
_PUNCT = re.compile("[" + re.escape(_PUNCT_CHARS) + "]")  # a fixed set, never \w
_MIX = (np.uint64(0x9E3779B97F4A7C15), np.uint64(0xC2B2AE3D27D4EB4F))
STATE_VERSION = 2


def tokens_batch(texts: list[str]) -> list[list[str]]:
    """Word tokens of many already-normalized texts: digits as ASCII, lower-cased, punctuation as spaces.

    For news text these are the words ``[\\p{L}\\p{M}\\p{N}]+`` would give, but found over all
    texts joined into one string with C-speed replaces and one whitespace split per text: at
    millions of articles, per-word Python work is what costs.
    """
    joined = "\x00".join(texts)
    for bengali, ascii_digit in _DIGITS:
        joined = joined.replace(bengali, ascii_digit)
    joined = _PUNCT.sub(" ", joined).lower()
    return [t.split() for t in joined.split("\x00")]


def tokens(text: str) -> list[str]:
    """Word tokens of one already-normalized text (see ``tokens_batch``)."""
    return tokens_batch([text.replace("\x00", " ")])[0]


def exact_keys(flat: np.ndarray, offsets: np.ndarray) -> list[str | None]:
    """A digest of each text's shingle sequence: equal word sequences, equal keys (None for empty texts)."""
    bounds = offsets.astype(np.int64).tolist()
    return [hashlib.blake2b(flat[a:b].tobytes(), digest_size=12).hexdigest() if b > a else None for a, b in zip(bounds, bounds[1:])]


@functools.cache
def _separators() -> np.ndarray:
    """For every code point, whether it ends a word: whitespace as ``str.split`` sees it, the punctuation set, NUL."""
    table = np.zeros(0x110000, dtype=bool)
    table[[c for c in range(0x3000 + 1) if chr(c).isspace()]] = True  # no whitespace lies above U+3000
    table[[ord(c) for c in _PUNCT_CHARS + "\x00"]] = True
    return table


def token_hashes(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """uint64 hashes of the words of many texts, and words per text; the words of ``tokens_batch``.

    Works on the code points of all texts at once (numpy, no Python object per word): a word's
    hash is a polynomial over its code points (Bengali digits as ASCII, ASCII lower-cased),
    summed per word with ``reduceat`` and mixed with splitmix64.
    """
    points = np.frombuffer("\x00".join(texts).encode("utf-32-le"), dtype=np.uint32).copy()
    points[(points >= 0x09E6) & (points <= 0x09EF)] -= 0x09E6 - 0x30
    points[(points >= 0x41) & (points <= 0x5A)] += 32
    sep = _separators()[points]
    start = ~sep
    start[1:] &= sep[:-1]
    chars = np.flatnonzero(~sep)
    first = start[chars]
    first_char = np.flatnonzero(first)  # where each word begins among the word characters
    docs = np.searchsorted(np.flatnonzero(points == 0), chars[first_char])  # NULs separate the texts
    counts = np.bincount(docs, minlength=len(texts)).astype(np.int64)
    if not len(chars):
        return np.zeros(0, dtype=np.uint64), counts
    pos = np.arange(len(chars)) - first_char[np.cumsum(first) - 1]
    powers = np.cumprod(np.full(int(pos.max()) + 1, _MIX[0], dtype=np.uint64))
    with np.errstate(over="ignore"):
        hashes = np.add.reduceat((points[chars].astype(np.uint64) + np.uint64(1)) * powers[pos], first_char)
        hashes ^= hashes >> np.uint64(30)
        hashes *= np.uint64(0xBF58476D1CE4E5B9)
        hashes ^= hashes >> np.uint64(27)
        hashes *= np.uint64(0x94D049BB133111EB)
        hashes ^= hashes >> np.uint64(31)
    return hashes, counts


def _shingles(hashes: np.ndarray, lengths: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Combine consecutive word hashes into k-shingle hashes; (flat hashes, shingles per text)."""
    n_sh = np.where(lengths >= k, lengths - k + 1, lengths)
    if not len(hashes):
        return hashes, n_sh
    starts = np.cumsum(lengths) - lengths
    doc_of = np.repeat(np.arange(len(lengths)), lengths)
    idx = np.flatnonzero(np.arange(len(hashes)) - starts[doc_of] < n_sh[doc_of])
    with np.errstate(over="ignore"):
        combined = hashes[idx]
        for j in range(1, k):
            combined = combined * _MIX[j % 2] + hashes[np.minimum(idx + j, len(hashes) - 1)]
    short = lengths[doc_of[idx]] < k
    combined[short] = hashes[idx[short]]
    return combined, n_sh


def shingle_batch(texts: list[str], k: int = 3, chunk: int = 4000) -> tuple[np.ndarray, np.ndarray]:
    """Hash the word k-shingles of many texts at once.

    Returns (flat uint64 hashes, row offsets) as rensa's flat digest call wants.
    Texts shorter than k words get their words as shingles. Texts go in chunks that fit in cache.
    """
    parts = [_shingles(*token_hashes([t.replace("\x00", " ") for t in texts[i:i + chunk]]), k) for i in range(0, len(texts), chunk)]
    if not parts:
        return np.zeros(0, dtype=np.uint64), np.zeros(1, dtype=np.uint64)
    flat = np.concatenate([p[0] for p in parts])
    offsets = np.concatenate(([0], np.cumsum(np.concatenate([p[1] for p in parts])))).astype(np.uint64)
    return flat, offsets


def _expand(owner: np.ndarray, start: np.ndarray, count: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each i, ``count[i]`` pairs (owner[i], start[i] + j): ranges expanded without a Python loop."""
    total = int(count.sum())
    if not total:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    ends = np.cumsum(count)
    offset = np.arange(total) - np.repeat(ends - count, count)
    return np.repeat(owner, count).astype(np.int64), np.repeat(start, count) + offset


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
                 shingle: int = 3, min_shingles: int = 8, seed: int = 1, max_bucket: int = 64, min_band_hits: int = 2,
                 max_gap_days: float = 1.5):
        self.threshold = threshold
        self.containment = containment
        self.num_perm = num_perm
        self.bands = bands
        self.shingle = shingle
        self.min_shingles = min_shingles
        self.seed = seed
        self.max_bucket = max_bucket
        self.min_band_hits = min_band_hits
        self.max_gap_days = max_gap_days  # a daily bulletin re-using yesterday's text is a new report, not a copy

    # ---------------------------------------------------------------- fitting
    def _init_state(self) -> None:
        self.ids_: list[str] = []
        self.root_: list[int] = []  # index of the original each stored text points to (itself if original)
        self.sizes_ = np.zeros(0, dtype=np.int64)
        self.days_ = np.zeros(0, dtype=np.float64)  # publication day of each row (NaN: unknown)
        self.signatures_ = np.zeros((0, self.num_perm), dtype=np.uint32)
        self.exact_: dict[str, int] = {}
        self.band_keys_ = np.zeros(0, dtype=np.uint64)  # sorted LSH band keys of all indexed texts
        self.band_rows_ = np.zeros(0, dtype=np.int64)  # the row each key belongs to
        self.index_: dict[str, int] = {}
        self.unindexed_ = np.zeros(0, dtype=np.int64)  # loaded rows not yet in the band index (see _reach)
        self._waiting_keys: np.ndarray | None = None  # their band keys, once a report with no date asked (a speed-up)

    def fit(self, articles: list[Article]) -> "Deduper":
        self._init_state()
        return self.partial_fit(articles)

    def partial_fit(self, articles: list[Article]) -> "Deduper":
        """Link each new article to an earlier original if it is a copy; sets ``duplicate_of``.

        Everything but the final bookkeeping is done for the whole batch at once: shingle hashes, signatures,
        LSH candidates (sorted band-key arrays, no per-article lookups) and their verification.
        """
        if not hasattr(self, "ids_"):
            self._init_state()
        batch = sorted((a for a in articles if a.id not in self.index_), key=lambda a: (a.published_at or "\uffff"))
        if not batch:
            return self
        flat, offsets = shingle_batch([a.body or "" for a in batch], self.shingle)
        keys_exact = exact_keys(flat, offsets)
        sizes = np.diff(offsets.astype(np.int64))
        sigs = self._signatures(flat, offsets, len(batch))
        keys = self._band_keys(sigs)
        base = len(self.ids_)
        rows = np.arange(base, base + len(batch))
        self.signatures_ = np.vstack([self.signatures_, sigs])
        self.sizes_ = np.concatenate([self.sizes_, sizes])
        days = [day_number(a.published_at) for a in batch]
        self.days_ = np.concatenate([self.days_, np.array([np.nan if d is None else d for d in days], dtype=np.float64)])
        section = np.array([section_page(a) for a in batch], dtype=bool)
        indexed = (sizes >= self.min_shingles) & ~section  # too short to compare by shingles: exact copies only
        self._reach(self.days_[base:], keys)
        later, earlier = self._candidate_pairs(keys[indexed], rows[indexed])
        near = self._verify(later, earlier)
        for i, article in enumerate(batch):
            row = base + i
            key = None if section[i] else keys_exact[i]
            original = self.exact_.get(key) if key else None
            if original is not None and self._too_far(row, original):
                original = None
            how, score = ("exact", 1.0) if original is not None else (None, 0.0)
            if original is None and row in near:
                original, how, score = near[row]
            self.ids_.append(article.id)
            self.index_[article.id] = row
            self.root_.append(self.root_[original] if original is not None else row)
            if key:
                self.exact_.setdefault(key, row)
            if original is not None:
                article.duplicate_of = self.ids_[self.root_[row]]
                article.extras["duplicate_why"] = {"how": how, "score": round(float(score), 3)}
        self._insert(keys[indexed], rows[indexed])
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
        """One uint64 per (document, band); the band number is mixed in, so one sorted array serves all bands."""
        rows = self.num_perm // self.bands
        banded = sigs[:, : rows * self.bands].reshape(len(sigs), self.bands, rows).astype(np.uint64)
        key = np.broadcast_to(np.arange(1, self.bands + 1, dtype=np.uint64), banded.shape[:2]).copy()
        with np.errstate(over="ignore"):
            for r in range(rows):
                key = key * _MIX[r % 2] + banded[:, :, r] + np.uint64(r + 1)
        return key

    def _candidate_pairs(self, keys: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(later row, earlier row) pairs sharing a band key: with the stored index, and inside the batch."""
        flat_keys = keys.ravel()
        flat_rows = np.repeat(rows, keys.shape[1])
        # stored: the first max_bucket rows under each key
        lo = np.searchsorted(self.band_keys_, flat_keys, side="left")
        hi = np.minimum(np.searchsorted(self.band_keys_, flat_keys, side="right"), lo + self.max_bucket)
        later_s, earlier_pos = _expand(flat_rows, lo, hi - lo)
        earlier_s = self.band_rows_[earlier_pos]
        # inside the batch: every earlier member of the same key group (capped)
        order = np.lexsort((flat_rows, flat_keys))
        k, r = flat_keys[order], flat_rows[order]
        first = np.ones(len(k), dtype=bool)
        first[1:] = k[1:] != k[:-1]
        start = np.maximum.accumulate(np.where(first, np.arange(len(k)), 0))
        count = np.minimum(np.arange(len(k)) - start, self.max_bucket)
        later_b, earlier_pos = _expand(r, start, count)
        earlier_b = r[earlier_pos]
        pairs, hits = np.unique(np.concatenate([later_s, later_b]) * (1 << 32) + np.concatenate([earlier_s, earlier_b]), return_counts=True)
        pairs = pairs[hits >= self.min_band_hits]  # one shared band is what texts sharing a sentence or two get
        return pairs >> 32, pairs & 0xFFFFFFFF

    def _verify(self, later: np.ndarray, earlier: np.ndarray) -> dict[int, tuple[int, str, float]]:
        """For each later row, its best earlier match that passes the Jaccard or containment test."""
        if not len(later):
            return {}
        jac = (self.signatures_[later] == self.signatures_[earlier]).mean(axis=1)
        a, b = self.sizes_[later], self.sizes_[earlier]
        inter = jac * (a + b) / (1.0 + jac)
        small = np.minimum(a, b)
        contain = inter / np.maximum(small, 1)
        ok = (jac >= self.threshold) | ((contain >= self.containment) & (small >= self.min_shingles))
        ok &= ~(np.abs(self.days_[later] - self.days_[earlier]) > self.max_gap_days)  # NaN (unknown) compares False
        later, earlier, jac, contain = later[ok], earlier[ok], jac[ok], contain[ok]
        order = np.lexsort((-(jac + contain), later))
        best = order[np.r_[True, later[order][1:] != later[order][:-1]]] if len(order) else order
        found = {}
        for i in best.tolist():
            near = jac[i] >= self.threshold
            found[int(later[i])] = (int(earlier[i]), "near" if near else "contained", float(jac[i] if near else contain[i]))
        return found

    def _too_far(self, row: int, other: int) -> bool:
        return bool(abs(self.days_[row] - self.days_[other]) > self.max_gap_days)

    def _reach(self, days: np.ndarray, keys: np.ndarray) -> None:
        """Put into the band index the loaded rows a batch (these publication days, these band keys) can be a copy of.

        A loaded store's rows enter the index only when a batch comes within ``max_gap_days`` of them (``_verify``
        drops a pair further apart): a run adding a week of news to years of it indexes that week, not the years
        (building the whole index cost 0.6 CPU-s a run at 100k articles). A report with no date reaches every row:
        the rows sharing a band key with it come in, all of those under each of its keys. Under a band key, the
        ``max_bucket`` rows looked at are then the earliest of those in reach, where the whole index gave the
        earliest ever: older rows that could never pass no longer hide them.
        """
        waiting = self.unindexed_
        if not len(waiting) or not len(days):
            return
        undated = np.isnan(days)
        their = self.days_[waiting]
        near = np.isnan(their)  # (a stored row with no date reaches every report)
        if not undated.all():
            margin = self.max_gap_days + 1.0  # (a day more: rounding never decides which rows are looked at)
            dated = days[~undated]
            near |= (their >= dated.min() - margin) & (their <= dated.max() + margin)
        if undated.any():
            if self._waiting_keys is None:
                self._waiting_keys = self._band_keys(self.signatures_[waiting])
            wanted = np.unique(keys[undated])
            at = np.minimum(np.searchsorted(wanted, self._waiting_keys), len(wanted) - 1)
            near |= (wanted[at] == self._waiting_keys).any(axis=1)
        if near.any():
            rows = waiting[near]
            self.unindexed_ = waiting[~near]
            held = self._waiting_keys
            self._waiting_keys = None if held is None else held[~near]
            self._insert(held[near] if held is not None else self._band_keys(self.signatures_[rows]), rows)

    def _insert(self, keys: np.ndarray, rows: np.ndarray) -> None:
        """Merge band keys into the sorted index (later rows after earlier ones under equal keys)."""
        flat_keys = keys.ravel()
        flat_rows = np.repeat(rows, keys.shape[1])
        if len(self.band_keys_) and len(rows) and rows.min() < self.band_rows_.max():  # loaded rows, come into reach
            flat_keys = np.concatenate([self.band_keys_, flat_keys])
            flat_rows = np.concatenate([self.band_rows_, flat_rows])
            self.band_keys_ = np.zeros(0, dtype=np.uint64)
        order = np.lexsort((flat_rows, flat_keys))
        flat_keys, flat_rows = flat_keys[order], flat_rows[order]
        if not len(self.band_keys_):  # (nothing to merge into)
            self.band_keys_ = flat_keys.astype(np.uint64, copy=False)
            self.band_rows_ = flat_rows.astype(np.int64, copy=False)
            return
        at = np.searchsorted(self.band_keys_, flat_keys, side="right")
        self.band_keys_ = np.insert(self.band_keys_, at, flat_keys)
        self.band_rows_ = np.insert(self.band_rows_, at, flat_rows)

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
    # Rows are only ever appended, so the store keeps them in chunks of CHUNK rows (codec.Rows), one chunk a stored
    # row: a batch writes the chunk it filled, not the whole signature matrix (nor the 63 full chunks a row of the
    # store's default size would hold beside it); the band index is rebuilt after load, as far as batches reach (_reach).
    CHUNK = 1000

    def state_parts(self) -> dict:
        """Parameters plus everything learned (numpy arrays inside, never pickle), in append-only chunks."""
        from khobor import codec

        self._check()
        n, size = len(self.ids_), self.CHUNK
        exact: dict[int, dict[str, int]] = {}

        def chunk(k: int) -> dict:
            if not exact:
                for key, row in self.exact_.items():
                    exact.setdefault(row // size, {})[key] = row
            lo, hi = k * size, min(n, (k + 1) * size)
            return {"ids": self.ids_[lo:hi], "root": self.root_[lo:hi], "sizes": self.sizes_[lo:hi], "days": self.days_[lo:hi],
                    "signatures": self.signatures_[lo:hi], "exact": exact.get(k, {})}

        chunks = {f"{k:08d}": k for k in range(-(-n // size))}
        return {"version": STATE_VERSION, "params": self.get_params(), "rows": n,
                "chunks": codec.Rows(chunks, chunk, lambda k: min(n, (k + 1) * size) - k * size, page=1)}

    def to_state(self) -> bytes:
        """Codec bytes (numpy arrays inside, never pickle): parameters plus everything learned."""
        from khobor import codec

        return codec.dumps(codec.plain_parts(self.state_parts()))

    @classmethod
    def from_state(cls, state: bytes) -> "Deduper":
        from khobor import codec

        return cls.from_parts(codec.loads(state))

    @classmethod
    def from_parts(cls, data: dict) -> "Deduper":
        self = cls(**data["params"])
        if "chunks" in data:
            self._init_state()
            chunks = [data["chunks"][k] for k in sorted(data["chunks"])]
            if chunks:
                self.ids_ = [i for c in chunks for i in c["ids"]]
                self.root_ = [r for c in chunks for r in c["root"]]
                self.sizes_ = np.concatenate([np.asarray(c["sizes"], dtype=np.int64) for c in chunks])
                self.days_ = np.concatenate([np.asarray(c["days"], dtype=np.float64) for c in chunks])
                self.signatures_ = np.vstack([np.asarray(c["signatures"], dtype=np.uint32).reshape(-1, self.num_perm) for c in chunks])
                self.exact_ = {k: r for c in chunks for k, r in c["exact"].items()}
            self.index_ = {i: n for n, i in enumerate(self.ids_)}
            self.unindexed_ = np.flatnonzero(self.sizes_ >= self.min_shingles)  # indexed as batches reach them
            self._waiting_keys = None
            return self
        learned = data["learned"]
        learned.pop("buckets_", None)  # version 1 kept a dict of buckets (see below)
        for k, v in learned.items():
            setattr(self, k, v)
        self.index_ = {i: n for n, i in enumerate(self.ids_)}
        self.unindexed_, self._waiting_keys = np.zeros(0, dtype=np.int64), None  # (its band index came with it)
        if not hasattr(self, "days_"):
            self.days_ = np.full(len(self.ids_), np.nan)
        if data.get("version", 1) < 2:
            # Version 1 hashed words differently: its links stay, but its texts cannot be compared with new ones.
            self.band_keys_, self.band_rows_ = np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64)
            self.exact_ = {}
        return self

    def get_params(self) -> dict:
        return {k: getattr(self, k) for k in ("threshold", "containment", "num_perm", "bands", "shingle", "min_shingles", "seed", "max_bucket", "min_band_hits", "max_gap_days")}


def dedup(articles: Iterable[Article], **params) -> Deduper:
    """One-shot helper: fit a fresh Deduper on ``articles``."""
    return Deduper(**params).fit(list(articles))
