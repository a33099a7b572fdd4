"""The analyze code path before the speed work, kept as a reference for bench_analyze and the tests.

``old_code_path()`` swaps in, for as long as it is active:
- the BiLSTM loop over a padded (steps, directions, sentences, gates) input array, one article's
  sentences per batch (``analyze`` called article by article);
- spaCy's own ``ner`` pipe (``english_nlp()(text)``) for English entities, one text per call (nothing tagged ahead).
"""

from __future__ import annotations

import contextlib
from unittest import mock

import numpy as np


def padded_log_probs(self, projected: np.ndarray, lengths: np.ndarray, rows=None, added=None) -> np.ndarray:
    """``NeuralModel.log_probs`` as it was: inputs copied into a padded array, then one step per word position
    (``rows`` and ``added`` as there: the words' vectors gathered first, their context vectors added)."""
    if rows is not None:
        projected = projected[rows]
        if added is not None:
            projected[added[0]] += added[1]
    hidden, dirs = self.hidden, 2 * self.models
    batch, steps, n = len(lengths), int(lengths[0]), len(projected)
    offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    live_t, live_b = np.nonzero(np.arange(steps)[:, None] < lengths[None, :])
    fwd = offsets[live_b] + live_t
    bwd = offsets[live_b] + lengths[live_b] - 1 - live_t
    projected = (projected + self.b_all).reshape(n, dirs, 4 * hidden)
    pre = np.zeros((steps, dirs, batch, 4 * hidden), dtype=np.float32)
    pre[live_t, 0::2, live_b] = projected[fwd, 0::2]
    pre[live_t, 1::2, live_b] = projected[bwd, 1::2]
    c = np.zeros((dirs, batch, hidden), dtype=np.float32)
    out = np.zeros((steps + 1, dirs, batch, hidden), dtype=np.float32)
    active = (lengths[None, :] > np.arange(steps)[:, None]).sum(1)
    for t in range(steps):
        k = active[t]
        gates = pre[t, :, :k]
        gates += np.matmul(out[t, :, :k], self.w_hh)
        np.tanh(gates, out=gates)
        sig = gates[..., : 3 * hidden]
        sig *= 0.5
        sig += 0.5
        ck = c[:, :k]
        ck *= sig[..., hidden : 2 * hidden]
        ck += sig[..., :hidden] * gates[..., 3 * hidden :]
        hk = out[t + 1, :, :k]
        np.tanh(ck, out=hk)
        hk *= sig[..., 2 * hidden :]
    out = out[1:]
    states = np.empty((n, dirs, hidden), dtype=np.float32)
    states[fwd, 0::2] = out[live_t, 0::2, live_b]
    states[bwd, 1::2] = out[live_t, 1::2, live_b]
    states = states.reshape(n, self.models, 2 * hidden).transpose(1, 0, 2)
    logits = np.matmul(states, self.out_w) + self.out_b[:, None]
    logits -= logits.max(2, keepdims=True)
    logits -= np.log(np.exp(logits).sum(2, keepdims=True))
    if self.models == 1:
        return logits[0]
    return np.log(np.exp(logits).mean(0))


def spacy_doc(text: str):
    from khobor.analyze.english import english_nlp

    return english_nlp()(text)


@contextlib.contextmanager
def old_code_path():
    with mock.patch("khobor.analyze.neural.NeuralModel.log_probs", padded_log_probs), \
            mock.patch("khobor.analyze.english.english_doc", spacy_doc), \
            mock.patch("khobor.analyze.english_ner.tagged_ahead", lambda texts: contextlib.nullcontext()):
        yield


def analyze_old(articles: list, tagger=None) -> list:
    """Each article through ``analyze`` alone, on the old code path."""
    from khobor.analyze import analyze

    with old_code_path():
        for article in articles:
            analyze(article, tagger=tagger)
    return articles
