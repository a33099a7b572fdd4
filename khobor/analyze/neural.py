"""A small neural NER tagger run with numpy alone: sparse word features + char-CNN -> BiLSTM -> tags.

Trained with PyTorch by ``scripts/train_ner_neural.py`` (torch is needed only there) and
exported to one ``.npz`` next to this module. Each word is the sum of embeddings of the
same sparse features the CRF uses for the word itself (``ner.FeatureMaker``: word, base
form, affixes, gazetteers, titles, name lexicon, clusters) plus a character CNN; a BiLSTM
reads the sentence and a softmax per word gives tag scores, decoded by Viterbi under the
BIO constraints (no I-X after O or after another type).

Speed: the input-to-gate product of the LSTM is linear, so it is memoized per word (one
table row) and per set of context features, and an article's inputs are one gather plus a
few additions; new words are featurized and embedded as one batch. All sentences of an
article run through the LSTM as one batch, longest first, both directions (and all stacked
networks) in one loop with the three sigmoid gates in one slice. Viterbi runs only on the
sentences whose per-word best tags break the BIO rules (otherwise they are the best path).
"""

from __future__ import annotations

import functools
import itertools
from pathlib import Path

import numpy as np

from khobor.analyze.ner_features import FeatureMaker
from khobor.analyze.ner_resources import Resources, embedding_clusters_for
from khobor.lang.bn.names import strip_ending

TAGS = ("O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC")
MAX_CHARS = 20
QUOTES = ("“", '"', "‘")


def context_features(features, low: list[str], bases: list[str], words: list[str]) -> list[list[str]]:
    """Features of a word that depend on its neighbours: gazetteer/lexicon span marks, sentence ends, a quote before."""
    extra = features.span_marks(low, bases)
    if extra:
        extra[0].append("BOS")
        extra[-1].append("EOS")
    for i in range(1, len(words)):
        if words[i - 1] in QUOTES:
            extra[i].append("afterquote")
    return extra


def word_chars(word: str) -> str:
    return word[:MAX_CHARS]


@functools.cache
def allowed_transitions() -> np.ndarray:
    """allowed[a, b]: tag b may follow tag a (I-X only after B-X or I-X); row len(TAGS) is the sentence start.

    Built once (read-only): every article's decoding uses it."""
    n = len(TAGS)
    allowed = np.ones((n + 1, n), dtype=bool)
    for b, tag in enumerate(TAGS):
        if tag.startswith("I-"):
            for a in range(n + 1):
                allowed[a, b] = a < n and TAGS[a] != "O" and TAGS[a][2:] == tag[2:]
    allowed.flags.writeable = False
    return allowed


def viterbi(scores: np.ndarray, lengths: np.ndarray, transitions: np.ndarray | None = None) -> list[list[int]]:
    """Best allowed tag paths of a padded batch of log-probabilities (B, T, n).

    ``transitions`` (n + 1, n; row n is the sentence start): learned transition scores of a
    CRF output layer, added to the scores of each step.
    """
    lengths = np.asarray(lengths)
    allowed = allowed_transitions()
    if transitions is not None:
        return _viterbi(scores, lengths, allowed, transitions)
    greedy = scores.argmax(2)
    out = [greedy[b, : lengths[b]].tolist() for b in range(len(lengths))]
    # the best tag of every word is the best path when no word breaks the BIO rules: decode only the rest
    before = np.concatenate([np.full((len(lengths), 1), len(TAGS)), greedy[:, :-1]], axis=1)
    live = np.arange(scores.shape[1])[None, :] < lengths[:, None]
    broken = np.nonzero((~allowed[before, greedy] & live).any(1))[0]
    if len(broken):
        for b, path in zip(broken, _viterbi(scores[broken], lengths[broken], allowed)):
            out[b] = path
    return out


def _viterbi(scores: np.ndarray, lengths: np.ndarray, allowed: np.ndarray, transitions: np.ndarray | None = None) -> list[list[int]]:
    """Viterbi under the BIO rules, all sentences at once: sorted longest first, the live
    sentences at step t are a prefix of the batch, and only those rows are computed."""
    penalty = np.where(allowed, 0.0, -1e4).astype(scores.dtype)
    if transitions is not None:
        penalty = penalty + transitions.astype(scores.dtype)
    batch, steps, n = scores.shape
    order = np.argsort(-lengths, kind="stable")
    scores, lengths = scores[order], lengths[order]
    steps = int(lengths[0]) if batch else 0
    active = (lengths[None, :] > np.arange(steps)[:, None]).sum(1)
    best = scores[:, 0] + penalty[n]
    back = np.zeros((batch, steps, n), dtype=np.intp)
    trans = penalty[None, :n]
    for t in range(1, steps):
        k = active[t]
        cand = best[:k, :, None] + trans  # (k, from, to)
        back[:k, t] = cand.argmax(1)
        best[:k] = cand.max(1) + scores[:k, t]
    path = np.zeros((batch, steps), dtype=np.intp)
    last = best.argmax(1)
    rows = np.arange(batch)
    for t in range(steps - 1, -1, -1):
        k, k_next = active[t], (active[t + 1] if t + 1 < steps else 0)
        if k_next:
            path[:k_next, t] = back[rows[:k_next], t + 1, path[:k_next, t + 1]]
        path[k_next:k, t] = last[k_next:k]
    out: list[list[int]] = [[] for _ in range(batch)]
    for row, b in enumerate(order.tolist()):
        out[b] = path[row, : lengths[row]].tolist()
    return out


class NeuralModel:
    """Weights of the exported network(s) and the numpy forward pass.

    A file may hold M networks trained with different seeds on the same features (arrays
    with a leading model axis): they run as one batch, 2M LSTM directions per step, and
    their tag probabilities are averaged.
    """

    def __init__(self, path):
        data = np.load(path, allow_pickle=False)
        self.feature_index = {f: i for i, f in enumerate(data["feature_vocab"].tolist())}
        self.char_index = {c: i for i, c in enumerate(data["char_vocab"].tolist())}  # 0 pad, 1 unknown
        stacked = data["feature_emb"].ndim == 3

        def load(name):
            array = data[name].astype(np.float32)
            return array if stacked else array[None]

        self.feature_emb = load("feature_emb")  # (M, features, D)
        self.char_emb = load("char_emb")  # (M, chars, C)
        self.conv_w = load("conv_w")  # (M, width * char dim, filters)
        self.conv_b = load("conv_b")
        w_ih = load("w_ih")  # (M, 2, input, 4H), gates i f g o
        w_hh = load("w_hh")  # (M, 2, H, 4H)
        b = load("b")  # (M, 2, 4H)
        self.out_w = load("out_w")  # (M, 2H, tags)
        self.out_b = load("out_b")  # (M, tags)
        self.width = int(data["conv_width"])
        # CRF output layer (n + 1, n): transition scores, row n the sentence start; None: tags scored per word
        self.transitions = data["transitions"].astype(np.float32) if "transitions" in data.files else None
        if self.transitions is not None and self.transitions.ndim == 3:  # stacked networks: their mean
            self.transitions = self.transitions.mean(0)
        self.models, hidden = w_hh.shape[0], w_hh.shape[2]
        # gates reordered i f o g, so one slice holds the three sigmoid gates; sigmoid(x) = (tanh(x / 2) + 1) / 2:
        # halve the i, f, o columns so one tanh serves all four gates
        order = np.r_[0 : 2 * hidden, 3 * hidden : 4 * hidden, 2 * hidden : 3 * hidden]
        scale = np.full(4 * hidden, 0.5, dtype=np.float32)
        scale[3 * hidden :] = 1.0
        w_ih = w_ih[..., order] * scale
        self.w_hh = np.ascontiguousarray((w_hh[..., order] * scale).reshape(2 * self.models, hidden, 4 * hidden))
        self.b_all = (b[..., order] * scale).reshape(-1)  # (M * 8H): model, direction, gate
        self.hidden = hidden
        self.w_ih_both = np.ascontiguousarray(np.concatenate([w_ih[:, 0], w_ih[:, 1]], axis=2))  # (M, input, 8H)

    def feature_ids(self, feats) -> list[int]:
        return [i for i in map(self.feature_index.get, feats) if i is not None]

    def word_vectors(self, feature_ids: list[list[int]], words: list[str]) -> np.ndarray:
        """(M, N, D + filters): feature-embedding sums and char-CNN outputs of N words."""
        lengths = [len(ids) for ids in feature_ids]
        flat = np.fromiter(itertools.chain.from_iterable(feature_ids), dtype=np.int64, count=sum(lengths))
        starts = np.cumsum([0] + lengths[:-1])
        sums = np.add.reduceat(self.feature_emb[:, flat], starts, axis=1) if min(lengths) else self._sums_with_empty(feature_ids)
        return np.concatenate([sums, self.char_cnn(words)], axis=2)

    def _sums_with_empty(self, feature_ids: list[list[int]]) -> np.ndarray:
        sums = np.zeros((self.models, len(feature_ids), self.feature_emb.shape[2]), dtype=np.float32)
        for row, ids in enumerate(feature_ids):
            if ids:
                sums[:, row] = self.feature_emb[:, ids].sum(1)
        return sums

    def char_cnn(self, words: list[str]) -> np.ndarray:
        chars = [word_chars(w) for w in words]
        longest = max(len(c) for c in chars)
        half = self.width // 2
        ids = np.zeros((len(words), longest + 2 * half), dtype=np.int64)
        index = self.char_index
        for row, word in enumerate(chars):
            ids[row, half : half + len(word)] = [index.get(ch, 1) for ch in word]
        emb = self.char_emb[:, ids]  # (M, N, L + 2 half, C)
        windows = np.concatenate([emb[:, :, k : k + longest] for k in range(self.width)], axis=3)
        conv = windows @ self.conv_w[:, None] + self.conv_b[:, None, None]  # (M, N, L, filters)
        mask = np.arange(longest)[None, :] >= np.array([len(c) for c in chars])[:, None]
        conv[:, mask] = -np.inf
        return np.maximum(conv.max(2), 0.0)

    def project(self, inputs: np.ndarray) -> np.ndarray:
        """Word vectors (M, N, input) -> their input-to-gate products (N, M * 8H) for all directions, without bias.

        Linear, so the tagger memoizes it per word and per context-feature set and adds the parts.
        """
        out = np.matmul(inputs, self.w_ih_both)  # (M, N, 8H)
        return out[0] if self.models == 1 else out.transpose(1, 0, 2).reshape(inputs.shape[1], -1)

    def context_projection(self, ids: list[int]) -> np.ndarray:
        """``project`` of a word vector holding only the embeddings of ``ids`` (context features)."""
        summed = self.feature_emb[:, ids].sum(1)  # (M, D)
        inputs = np.concatenate([summed, np.zeros((self.models, self.conv_w.shape[2]), np.float32)], axis=1)
        return self.project(inputs[:, None])[0]

    def log_probs(self, projected: np.ndarray, lengths: np.ndarray, rows: np.ndarray | None = None,
                  added: tuple[np.ndarray, np.ndarray] | None = None) -> np.ndarray:
        """Projected word vectors (``project``) of sentences laid end to end (N, M * 8H), sentences sorted longest
        first -> (N, tags) log-probabilities (of the mean of the M networks' probabilities).

        ``rows``: word i's vector is ``projected[rows[i]]`` (rows of the tagger's memo table, gathered straight into
        the packed inputs: no copy of the words' vectors in between); ``added``: (word positions, vectors) added
        to those words' vectors first (their context features), as an addition to each before the biases.

        The inputs are packed step by step, as a packed sequence: at step t the sentences longer than t are a
        prefix of the batch and their inputs one contiguous slice, so a step costs a few numpy calls whatever
        the batch (padding costs nothing, and a batch may hold the sentences of many articles).
        """
        hidden, dirs = self.hidden, 2 * self.models
        batch, steps = len(lengths), int(lengths[0])
        n = len(projected) if rows is None else len(rows)
        offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]])
        live_t, live_b = np.nonzero(np.arange(steps)[:, None] < lengths[None, :])  # (step, sentence) pairs, step-major
        fwd = offsets[live_b] + live_t
        bwd = offsets[live_b] + lengths[live_b] - 1 - live_t
        width = 4 * hidden
        packed = np.empty((dirs, n, width), dtype=np.float32)  # [:, first[t]:first[t + 1]]: the inputs of step t
        for d in range(dirs):  # forward and backward gates of each model, with their biases
            words = fwd if d % 2 == 0 else bwd  # the word at each slot
            columns = slice(d * width, (d + 1) * width)
            gathered = projected[words if rows is None else rows[words], columns]
            if added is not None:
                slot = np.empty(n, dtype=np.intp)
                slot[words] = np.arange(n)
                gathered[slot[added[0]]] += added[1][:, columns]
            np.add(gathered, self.b_all[columns], out=packed[d])  # (the same sums, one pass fewer than a copy, then +=)
        first = np.concatenate([[0], np.cumsum((lengths[None, :] > np.arange(steps)[:, None]).sum(1))]).tolist()
        c = np.zeros((dirs, batch, hidden), dtype=np.float32)
        out = np.empty((dirs, n, hidden), dtype=np.float32)  # states after each step, packed as the inputs
        product = np.empty((dirs, batch, width), dtype=np.float32)  # scratch: h @ w_hh
        both = np.empty((dirs, batch, hidden), dtype=np.float32)  # scratch: i * g
        w_hh = self.w_hh
        matmul, tanh, multiply = np.matmul, np.tanh, np.multiply
        for t in range(steps):
            start, end = first[t], first[t + 1]
            k = end - start
            gates = packed[:, start:end]
            if t:  # the previous step's states are the first k of its slice of ``out`` (h is 0 before the first step)
                gates += matmul(out[:, first[t - 1] : first[t - 1] + k], w_hh, out=product[:, :k])
            tanh(gates, out=gates)
            sig = gates[..., : 3 * hidden]  # i, f, o
            sig *= 0.5
            sig += 0.5
            ck = c[:, :k]
            ck *= sig[..., hidden : 2 * hidden]
            ck += multiply(sig[..., :hidden], gates[..., 3 * hidden :], out=both[:, :k])
            hk = out[:, start:end]
            tanh(ck, out=hk)
            hk *= sig[..., 2 * hidden :]
        states = np.empty((n, dirs, hidden), dtype=np.float32)
        states[fwd, 0::2] = out[0::2].transpose(1, 0, 2)
        states[bwd, 1::2] = out[1::2].transpose(1, 0, 2)
        states = states.reshape(n, self.models, 2 * hidden).transpose(1, 0, 2)  # (M, N, 2H): forward, backward
        logits = np.matmul(states, self.out_w) + self.out_b[:, None]  # (M, N, tags)
        logits -= logits.max(2, keepdims=True)
        logits -= np.log(np.exp(logits).sum(2, keepdims=True))
        if self.models == 1:
            return logits[0]
        return np.log(np.exp(logits).mean(0))


SENTENCE_MEMO = 50_000  # sentences whose tags a tagger keeps (a few MB); then it starts again
BATCH_WORDS = 8192  # words per network batch: ~25 MB of packed LSTM inputs


def _batches(sentences: list[list[str]], limit: int):
    """(start, end) of consecutive runs of sentences with at most ``limit`` words (a longer sentence alone)."""
    start, words = 0, 0
    for i, sentence in enumerate(sentences):
        if words and words + len(sentence) > limit:
            yield start, i
            start, words = i, 0
        words += len(sentence)
    if start < len(sentences):
        yield start, len(sentences)


@functools.cache
def _blas():
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


class NeuralTagger:
    """BIO tags for the sentences of one article, batched; per-word vectors memoized.

    The memo maps a word to a row of one table of projected vectors (so an article's inputs
    are a single gather), its lower case and its base form; it starts again when full.
    """

    def __init__(self, model_path, resources: Resources, memo_size: int = 50_000):
        self.model = NeuralModel(model_path)
        self.features = FeatureMaker(resources, word_clusters=embedding_clusters_for(self.model.feature_index))
        self._memo_size = memo_size
        self._memo: dict[str, tuple[int, str, str]] = {}  # word -> (row in _table, lower case, base form)
        # room for the whole memo at once: growing it by doubling copied every row each time (~0.3 ms per Bengali
        # article); the rows not yet written take no memory
        self._table = np.empty((memo_size, self.model.w_ih_both.shape[0] * self.model.w_ih_both.shape[2]), dtype=np.float32)
        self._context_memo: dict[tuple, np.ndarray] = {}
        self._tags_memo: dict[tuple[str, ...], tuple[str, ...]] = {}  # sentence -> its tags (``tag_sentences``)

    def words(self, words: list[str]) -> tuple[np.ndarray, list[str], list[str]]:
        """Projected vectors (N, M * 8H), lower cases and base forms of the words; new words are computed as one batch."""
        rows, lows, bases = self._rows(words)
        return self._table[rows], lows, bases

    def _rows(self, words: list[str]) -> tuple[np.ndarray, list[str], list[str]]:
        """The words' rows of the memo table ``_table`` (new words computed as one batch), lower cases, base forms."""
        memo = self._memo
        new = [w for w in dict.fromkeys(words) if w not in memo]
        if new:
            if len(memo) + len(new) > self._memo_size:
                memo.clear()
                new = list(dict.fromkeys(words))
            model = self.model
            lows = [w.casefold() for w in new]
            bases = [strip_ending(low) for low in lows]
            word_features = self.features.word_features
            ids = [model.feature_ids(("bias", *word_features(w, low, base))) for w, low, base in zip(new, lows, bases)]
            first = len(memo)
            if first + len(new) > len(self._table):
                grown = np.empty((max(2 * len(self._table), first + len(new)), self._table.shape[1]), dtype=np.float32)
                grown[:first] = self._table[:first]
                self._table = grown
            self._table[first : first + len(new)] = model.project(model.word_vectors(ids, new))
            memo.update(zip(new, zip(range(first, first + len(new)), lows, bases)))
        entries = [memo[w] for w in words]
        rows = np.fromiter((e[0] for e in entries), dtype=np.intp, count=len(entries))
        return rows, [e[1] for e in entries], [e[2] for e in entries]

    def base(self, word: str) -> str:
        """Base form (case ending stripped), memoized with the word's vector."""
        entry = self._memo.get(word)
        return entry[2] if entry else strip_ending(word.casefold())

    def _context_vector(self, feats: list[str]) -> np.ndarray:
        key = tuple(feats)
        vec = self._context_memo.get(key)
        if vec is None:
            ids = self.model.feature_ids(feats)
            vec = self.model.context_projection(ids) if ids else np.zeros(self._table.shape[1], dtype=np.float32)
            self._context_memo[key] = vec
        return vec

    def tag_sentences(self, sentences: list[list[str]]) -> list[list[str]]:
        """BIO tags of each sentence; the sentences of many articles may come at once (run as batches of
        ``BATCH_WORDS`` words, which bounds the memory of the packed inputs).

        A sentence's tags depend on its words alone, so they are memoized per sentence (``_tags_memo``): a fifth
        of the words of Bengali dev news are in a sentence a worker has tagged before (an outlet's footer, a
        report sent twice); only the new sentences go through the network, each once."""
        memo = self._tags_memo
        keys = [tuple(words) for words in sentences]
        new = {key: () for key in keys if key and key not in memo}
        fresh = list(new)
        for lo, hi in _batches(fresh, BATCH_WORDS):
            with _blas().limit(limits=1, user_api="blas"):  # small matrices: BLAS threads only cost time
                order, lengths, scores = self._scores(fresh[lo:hi])
            for i, path in zip(order, viterbi(scores, lengths, self.model.transitions)):
                new[fresh[lo + i]] = tuple(TAGS[t] for t in path)
        out = [list(memo.get(key) or new[key]) if key else [] for key in keys]  # (lists: the rules edit them)
        if len(memo) + len(new) > SENTENCE_MEMO:
            memo.clear()
        memo.update(new)
        return out

    def log_probs(self, sentences: list[list[str]]) -> list[np.ndarray]:
        """(words, tags) log-probabilities per sentence, before decoding (for combining models)."""
        out = [np.zeros((0, len(TAGS)), dtype=np.float32) for _ in sentences]
        if any(sentences):
            with _blas().limit(limits=1, user_api="blas"):
                order, lengths, scores = self._scores(sentences)
            for row, i in enumerate(order):
                out[i] = scores[row, : lengths[row]]
        return out

    def _scores(self, sentences: list[list[str]]) -> tuple[list[int], np.ndarray, np.ndarray]:
        """Non-empty sentences longest first: their indices, lengths and padded log-probabilities (B, T, tags)."""
        order = sorted((i for i in range(len(sentences)) if sentences[i]), key=lambda i: -len(sentences[i]))
        ordered = [sentences[i] for i in order]
        rows, lows, bases = self._rows([w for s in ordered for w in s])
        positions, vectors = [], []
        k = 0
        for words in ordered:
            end = k + len(words)
            for t, feats in enumerate(context_features(self.features, lows[k:end], bases[k:end], words)):
                if feats:
                    positions.append(k + t)
                    vectors.append(self._context_vector(feats))
            k += len(words)
        lengths = np.array([len(s) for s in ordered])
        added = (np.array(positions, dtype=np.intp), np.stack(vectors)) if vectors else None
        flat = self.model.log_probs(self._table, lengths, rows, added)
        rows, cols = np.nonzero(np.arange(lengths[0])[None, :] < lengths[:, None])
        scores = np.zeros((len(ordered), lengths[0], len(TAGS)), dtype=np.float32)
        scores[rows, cols] = flat  # nonzero is row-major: sentence by sentence, as the words are laid out
        return order, lengths, scores
