"""Learning the NER lexicon and word clusters from training sentences (``khobor.analyze.ner_resources`` loads them)."""

from __future__ import annotations

from collections import Counter, defaultdict

from khobor.analyze.ner_features import bio_to_spans
from khobor.analyze.ner_resources import MAX_SPAN, TYPES, Resources, base


def build_lexicon(sentences: list[tuple[list[str], list[str]]], resources: Resources | None = None) -> Resources:
    """Count name types per base form and collect multi-word names from (words, BIO tags)."""
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
