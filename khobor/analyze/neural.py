"""A small neural NER tagger run with numpy alone: sparse word features + char-CNN -> BiLSTM -> tags.

Trained with PyTorch by ``scripts/train_ner_neural.py`` (torch is needed only there) and
exported to one ``.npz`` next to this module. Each word is the sum of embeddings of the
same sparse features the CRF uses for the word itself (``ner.FeatureMaker``: word, base
form, affixes, gazetteers, titles, name lexicon, clusters) plus a character CNN; a BiLSTM
reads the sentence and a softmax per word gives tag scores, decoded by Viterbi under the
BIO constraints (no I-X after O or after another type).

Speed: per-word vectors (feature sum and char-CNN) are memoized; all sentences of an
article run through the LSTM as one padded batch, both directions in one loop.
"""

from __future__ import annotations

import functools

import numpy as np

from khobor.analyze.ner_resources import Resources
from khobor.lang.bn.names import strip_case_ending

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


def allowed_transitions() -> np.ndarray:
    """allowed[a, b]: tag b may follow tag a (I-X only after B-X or I-X); row len(TAGS) is the sentence start."""
    n = len(TAGS)
    allowed = np.ones((n + 1, n), dtype=bool)
    for b, tag in enumerate(TAGS):
        if tag.startswith("I-"):
            for a in range(n + 1):
                allowed[a, b] = a < n and TAGS[a] != "O" and TAGS[a][2:] == tag[2:]
    return allowed


def viterbi(scores: np.ndarray, lengths: np.ndarray) -> list[list[int]]:
    """Best allowed tag paths of a padded batch of log-probabilities (B, T, n), all sentences at once."""
    allowed = allowed_transitions()
    penalty = np.where(allowed, 0.0, -1e4).astype(scores.dtype)
    batch, steps, n = scores.shape
    best = scores[:, 0] + penalty[n]
    back = np.zeros((batch, steps, n), dtype=np.int64)
    for t in range(1, steps):
        cand = best[:, :, None] + penalty[None, :n]  # (B, from, to)
        back[:, t] = cand.argmax(1)
        new = cand.max(1) + scores[:, t]
        live = (t < lengths)[:, None]
        best = np.where(live, new, best)
    paths = []
    for b in range(batch):
        tag = int(best[b].argmax())
        path = [tag]
        for t in range(int(lengths[b]) - 1, 0, -1):
            tag = int(back[b, t, tag])
            path.append(tag)
        paths.append(path[::-1])
    return paths


class NeuralModel:
    """Weights of the exported network and its numpy forward pass."""

    def __init__(self, path):
        data = np.load(path, allow_pickle=False)
        self.feature_index = {f: i for i, f in enumerate(data["feature_vocab"].tolist())}
        self.char_index = {c: i for i, c in enumerate(data["char_vocab"].tolist())}  # 0 pad, 1 unknown
        self.feature_emb = data["feature_emb"].astype(np.float32)
        self.char_emb = data["char_emb"].astype(np.float32)
        self.conv_w = data["conv_w"].astype(np.float32)  # (width * char dim, filters)
        self.conv_b = data["conv_b"].astype(np.float32)
        self.w_ih = data["w_ih"].astype(np.float32)  # (2, input, 4H), gates i f g o
        self.w_hh = data["w_hh"].astype(np.float32)  # (2, H, 4H)
        self.b = data["b"].astype(np.float32)  # (2, 4H)
        self.out_w = data["out_w"].astype(np.float32)  # (2H, tags)
        self.out_b = data["out_b"].astype(np.float32)
        self.width = int(data["conv_width"])
        hidden = self.w_hh.shape[1]
        # sigmoid(x) = (tanh(x / 2) + 1) / 2: halve the i, f, o columns so one tanh serves all four gates
        scale = np.full(4 * hidden, 0.5, dtype=np.float32)
        scale[2 * hidden : 3 * hidden] = 1.0
        self.w_ih *= scale
        self.w_hh *= scale
        self.b *= scale
        self.hidden = hidden
        self.w_ih_both = np.ascontiguousarray(np.concatenate([self.w_ih[0], self.w_ih[1]], axis=1))
        self.b_both = np.concatenate([self.b[0], self.b[1]])

    def feature_ids(self, feats) -> list[int]:
        index = self.feature_index
        return [index[f] for f in feats if f in index]

    def word_vectors(self, feature_ids: list[list[int]], words: list[str]) -> np.ndarray:
        """(N, D + filters): feature-embedding sums and char-CNN outputs of N words."""
        lengths = [len(ids) for ids in feature_ids]
        flat = np.fromiter((i for ids in feature_ids for i in ids), dtype=np.int64, count=sum(lengths))
        starts = np.cumsum([0] + lengths[:-1])
        sums = np.add.reduceat(self.feature_emb[flat], starts, axis=0) if min(lengths) else self._sums_with_empty(feature_ids)
        return np.concatenate([sums, self.char_cnn(words)], axis=1)

    def _sums_with_empty(self, feature_ids: list[list[int]]) -> np.ndarray:
        sums = np.zeros((len(feature_ids), self.feature_emb.shape[1]), dtype=np.float32)
        for row, ids in enumerate(feature_ids):
            if ids:
                sums[row] = self.feature_emb[ids].sum(0)
        return sums

    def char_cnn(self, words: list[str]) -> np.ndarray:
        chars = [word_chars(w) for w in words]
        longest = max(len(c) for c in chars)
        half = self.width // 2
        ids = np.zeros((len(words), longest + 2 * half), dtype=np.int64)
        index = self.char_index
        for row, word in enumerate(chars):
            ids[row, half : half + len(word)] = [index.get(ch, 1) for ch in word]
        emb = self.char_emb[ids]  # (N, L + 2 half, C)
        windows = np.concatenate([emb[:, k : k + longest] for k in range(self.width)], axis=2)
        conv = windows @ self.conv_w + self.conv_b  # (N, L, filters)
        mask = np.arange(longest)[None, :] >= np.array([len(c) for c in chars])[:, None]
        conv[mask] = -np.inf
        return np.maximum(conv.max(1), 0.0)

    def log_probs(self, inputs: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """Word vectors of sentences laid end to end (N, input), sentences sorted longest first -> (N, tags) log-probabilities.

        At step t only the sentences longer than t are computed (like a packed sequence), so padding costs nothing.
        """
        hidden = self.hidden
        batch, steps = len(lengths), int(lengths[0])
        offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]])
        live_t, live_b = np.nonzero(np.arange(steps)[:, None] < lengths[None, :])  # (step, sentence) pairs in use
        fwd = offsets[live_b] + live_t
        bwd = offsets[live_b] + lengths[live_b] - 1 - live_t
        projected = inputs @ self.w_ih_both + self.b_both  # (N, 8H): forward gates, backward gates
        pre = np.zeros((steps, 2, batch, 4 * hidden), dtype=np.float32)
        pre[live_t, 0, live_b] = projected[fwd, : 4 * hidden]
        pre[live_t, 1, live_b] = projected[bwd, 4 * hidden :]
        h = np.zeros((2, batch, hidden), dtype=np.float32)
        c = np.zeros((2, batch, hidden), dtype=np.float32)
        out = np.empty((steps, 2, batch, hidden), dtype=np.float32)
        active = (lengths[None, :] > np.arange(steps)[:, None]).sum(1)
        w_hh = self.w_hh
        for t in range(steps):
            k = active[t]
            gates = pre[t, :, :k]
            gates += np.matmul(h[:, :k], w_hh)
            np.tanh(gates, out=gates)
            sig = gates * 0.5 + 0.5  # i, f, o (the g slice is unused)
            ck = c[:, :k]
            ck *= sig[..., hidden : 2 * hidden]
            ck += sig[..., :hidden] * gates[..., 2 * hidden : 3 * hidden]
            hk = np.tanh(ck)
            hk *= sig[..., 3 * hidden :]
            h[:, :k] = hk
            out[t, :, :k] = hk
        states = np.empty((len(inputs), 2 * hidden), dtype=np.float32)
        states[fwd, :hidden] = out[live_t, 0, live_b]
        states[bwd, hidden:] = out[live_t, 1, live_b]
        logits = states @ self.out_w + self.out_b
        logits -= logits.max(1, keepdims=True)
        return logits - np.log(np.exp(logits).sum(1, keepdims=True))


@functools.cache
def _blas():
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


class NeuralTagger:
    """BIO tags for the sentences of one article, batched; per-word vectors memoized."""

    def __init__(self, model_path, resources: Resources, memo_size: int = 200_000):
        from khobor.analyze.ner import FeatureMaker

        self.model = NeuralModel(model_path)
        self.features = FeatureMaker(resources)
        self._memo: dict[str, tuple[np.ndarray, str, str]] = {}  # word -> (vector, lower case, base form)
        self._memo_size = memo_size
        self._context_memo: dict[tuple, np.ndarray] = {}

    def words(self, words: list[str]) -> list[tuple[np.ndarray, str, str]]:
        """(vector, lower case, base form) of each word; new words are computed as one batch."""
        memo = self._memo
        new = [w for w in dict.fromkeys(words) if w not in memo]
        if not new:
            return [memo[w] for w in words]
        model = self.model
        ids = [model.feature_ids(("bias", *self.features.word_features(w))) for w in new]
        fresh = {}
        for word, vector in zip(new, model.word_vectors(ids, new)):
            low = word.casefold()
            fresh[word] = (vector, low, strip_case_ending(low))
        if len(memo) < self._memo_size:
            memo.update(fresh)
        return [memo[w] if w in memo else fresh[w] for w in words]

    def base(self, word: str) -> str:
        """Base form (case ending stripped), memoized with the word's vector."""
        entry = self._memo.get(word)
        return entry[2] if entry else strip_case_ending(word.casefold())

    def _context_vector(self, feats: list[str]) -> np.ndarray | int:
        key = tuple(feats)
        vec = self._context_memo.get(key)
        if vec is None:
            ids = self.model.feature_ids(feats)
            vec = self.model.feature_emb[ids].sum(0) if ids else 0
            self._context_memo[key] = vec
        return vec

    def tag_sentences(self, sentences: list[list[str]]) -> list[list[str]]:
        if not any(sentences):
            return [[] for _ in sentences]
        with _blas().limit(limits=1, user_api="blas"):  # tiny matrices: BLAS threads only cost time
            return self._tag_sentences(sentences)

    def _tag_sentences(self, sentences: list[list[str]]) -> list[list[str]]:
        order = sorted((i for i in range(len(sentences)) if sentences[i]), key=lambda i: -len(sentences[i]))
        ordered = [sentences[i] for i in order]
        info = self.words([w for s in ordered for w in s])
        inputs = np.stack([x[0] for x in info])
        dim = self.model.feature_emb.shape[1]
        k = 0
        for words in ordered:
            part = info[k : k + len(words)]
            for t, feats in enumerate(context_features(self.features, [x[1] for x in part], [x[2] for x in part], words)):
                if feats:
                    inputs[k + t, :dim] += self._context_vector(feats)
            k += len(words)
        lengths = np.array([len(s) for s in ordered])
        flat = self.model.log_probs(inputs, lengths)
        rows, cols = np.nonzero(np.arange(lengths[0])[None, :] < lengths[:, None])
        scores = np.zeros((len(ordered), lengths[0], len(TAGS)), dtype=np.float32)
        scores[rows, cols] = flat  # nonzero is row-major: sentence by sentence, as the words are laid out
        paths = viterbi(scores, lengths)
        out: list[list[str]] = [[] for _ in sentences]
        for i, path in zip(order, paths):
            out[i] = [TAGS[t] for t in path]
        return out
