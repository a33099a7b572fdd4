"""spaCy's English NER decoded in numpy: the same entities as the pipe, about half its time.

spaCy's ``ner`` pipe is a greedy transition parser. Its network (token-to-vector layers and the
precomputed first layer) is cheap next to its decoding loop, which checks every one of 74
actions for validity at every token, one state at a time. Here the network runs through thinc
exactly as in spaCy (same layers, same arrays), and the decoding is vectorized:

- the model's state features are (this token, entity start, previous token when an entity is
  open), so with no entity open the scores of a token depend on the token alone: all of them
  are one matrix product, and the best valid action of every token one masked argmax;
- an entity opened at a token (Begin) runs on with In/Last decisions that need the scores of
  (token, entity start): computed for all candidate starts at once, a step per entity word;
- the candidates are then walked in order: one inside an entity that runs on is dropped, and the
  decision after an entity's last word is again the precomputed one.

Token vectors: the first stage of spaCy's tok2vec (hashed norm, prefix, suffix and shape embeddings, a maxout
and a layer norm) maps each token to a vector on its own, so it is memoized per distinct token (``_tokvecs``);
the context layers run with thinc's numbers through numpy's faster BLAS (``Encoder``). ``tagged_ahead`` runs a few
docs per network pass.

Every sum is done in spaCy's order (features, then bias), and ties go to the first action as in
spaCy, so the entities are identical (checked against the pipe on the seeds and the English dev news
by ``tests/test_english_ner_fast.py``). The products of the precomputed first layer and of the output
layer go through numpy's BLAS, about three times BLIS's speed here: their numbers differ from thinc's
by float32 rounding (~1e-6), which changed no entity of the 882 English dev reports. So does the
encode stage on a CPU where no block size makes numpy's product give BLIS's bits (BLIS's kernel for
it sums otherwise): it then runs through numpy in its own order, at about a third of BLIS's cost (the
encode stage is most of the English tagging).
``_fast`` (what ``english_doc`` uses) tags only the parts of a doc that can hold a name (``names_only``): a token
with a capital (but no sentence-opening The or He) and the encoder's reach of context around it (so its vector is the
whole doc's; the margins are tagged too, so a name may run on into them); nearly half of the tokens of English
news are left out, and no entity ``english`` keeps changed on the 882 English dev reports. Each part is encoded as a sequence of its
own, so its entities depend on its tokens alone and a part tagged before is not tagged again (``_known``: a quarter
of the parts of English dev news repeat one, an outlet's footer most often; the same entities on all 1,782 dev reports).
Docs with preset entities or sentence starts, or a model other than the small English one's
kind (greedy, three state features, an output layer, no unseen classes), go through spaCy itself.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib

import numpy as np

from khobor.lang.en import FUNCTION_WORDS

MEMO_TOKENS = 100_000  # distinct tokens whose embed-stage vectors are kept (38 MB at most); then it starts again
MEMO_PIECES = 50_000  # tagged ranges whose entities are kept (a few MB); then it starts again
AHEAD_BATCH = 4  # docs per network pass in ``tagged_ahead``: fewer layer calls; much larger batches fall out of the CPU cache
NAME_REACH = 0  # more tokens either side of a capital tagged as in the whole doc (2 found no other entity on dev news)
MIN_CUT = 2  # fewest tokens left out between two tagged parts
_READY: dict[str, list] = {}  # text -> its docs tagged by ``tagged_ahead``, not yet taken by ``english_doc``


def english_doc(text: str):
    """``english_nlp()(text)``, decoded here: a doc with the same ``ents`` that can be names (``FastNer.names_only``;
    tagged ahead if ``tagged_ahead`` did)."""
    ready = _READY.get(text)
    if ready:
        return ready.pop()
    return _fast().docs([text])[0]


@contextlib.contextmanager
def tagged_ahead(texts: list[str]):
    """Tag ``texts`` up front, a few docs per network pass (the same entities: docs do not mix in the network);
    inside the block ``english_doc`` of each returns its doc, after it the untaken ones are dropped."""
    fast = _fast() if texts else None
    for lo in range(0, len(texts), AHEAD_BATCH):
        part = texts[lo : lo + AHEAD_BATCH]
        for text, doc in zip(part, fast.docs(part)):
            _READY.setdefault(text, []).append(doc)
    try:
        yield
    finally:
        for text in texts:
            _READY.pop(text, None)


@functools.cache
def _blas():
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


@functools.cache
def _fast() -> "FastNer":
    from khobor.analyze.english import english_nlp

    return FastNer(english_nlp(), names_only=True)


class FastNer:
    """Runs the trained ``ner`` pipe of ``nlp`` on many docs at once; ``docs(texts)`` tokenizes and tags.

    ``names_only``: the entities that hold a capital letter only (all that ``english`` keeps: it drops a span
    without a capital, or one that starts in lower case once "the" is cut); long runs of tokens without one are not
    tagged at all (``_pieces``), nearly half of news text."""

    def __init__(self, nlp, names_only: bool = False):
        self.nlp = nlp
        self._loud_shapes: dict[int, int] = {}  # a token shape's hash -> its ``_loudness``
        self._function_words = np.array(sorted(nlp.vocab.strings.add(w) for w in FUNCTION_WORDS), dtype=np.uint64)
        self.pipe = nlp.get_pipe("ner")
        moves = self.pipe.moves
        names = [moves.get_class_name(i) for i in range(moves.n_moves)]
        tok2vec, lower, upper = self.pipe.model.layers
        self.usable = (self.pipe.cfg.get("beam_width", 1) == 1 and not self.pipe.model.attrs["unseen_classes"]
                       and self.pipe.model.attrs["has_upper"] and lower.get_dim("nF") == 3)
        self.tok2vec, self.lower, self.ops = tok2vec, lower, self.pipe.model.ops
        self.bias = lower.get_param("b")  # (hidden, pieces)
        self.out_w, self.out_b = upper.get_param("W"), upper.get_param("b")  # (actions, hidden), (actions,)
        self.usable = self.usable and lower.name == "precomputable_affine"
        # the products through numpy's BLAS (about three times BLIS's speed here): weights transposed once
        self.out_w_t = np.ascontiguousarray(self.out_w.T)
        self.lower_shape = tuple(lower.get_param("W").shape[:3])  # (features, hidden, pieces)
        self.lower_w_t = np.ascontiguousarray(lower.get_param("W").reshape(int(np.prod(self.lower_shape)), -1).T)
        self.lower_pad = lower.get_param("pad")[0]  # (features, hidden, pieces): a feature that is no token
        self.labels = [name.split("-", 1)[1] if "-" in name else "" for name in names]
        kind = np.array([name[0] for name in names])
        real = np.array([bool(label) for label in self.labels])
        self.begin, self.unit = (kind == "B") & real, (kind == "U") & real
        self.out = kind == "O"
        # In-X and Last-X of each action's label: the only choices once X is open
        index = {name: i for i, name in enumerate(names)}
        self.in_of = np.array([index.get("I-" + label, -1) for label in self.labels])
        self.last_of = np.array([index.get("L-" + label, -1) for label in self.labels])
        # In-X before Last-X: a tie goes to In, as spaCy's loop keeps the first best action
        self.usable = self.usable and bool((self.in_of[self.begin] < self.last_of[self.begin]).all())
        # tok2vec = (embed >> encode) >> list2array >> linear; embed = extract_features >> list2ragged >>
        # with_array(hash embeddings) >> with_array(maxout >> layernorm >> dropout) >> ragged2list
        self.embed_exact = False  # (set below: the embed stage's and output layer's products give thinc's bits)
        self._memo: dict[bytes, int] = {}  # a token's feature ids (as bytes) -> its row of _table (the embed stage's output)
        self._table = np.empty((0, 0), dtype=np.float32)
        self._known: dict[bytes, list] = {}  # a tagged range's ``_piece_key`` -> its entities (start, end, label) in it
        try:
            (embed, self._encode), self._to_array, self._linear = (tok2vec.layers[0].layers, *tok2vec.layers[1:])
            extract, _, hashed, mixed, _ = embed.layers
            self._extract, self._hashed, self._mixed = extract, hashed.layers[0], mixed.layers[0]
            names = [layer.name.split("(")[0] for layer in embed.layers]
            self._memo_ok = (self._to_array.name == "list2array" and self._linear.name == "linear"
                             and names == ["extract_features", "list2ragged", "with_array", "with_array", "ragged2list"]
                             and self._mixed.name == "maxout>>layernorm>>dropout")
            # the embed stage's maxout and the output layer through numpy's BLAS (BLIS's products cost ~3x here),
            # summed as BLIS sums them where a block size gives its bits (``blis_block``, as for the encoder), else
            # in numpy's own order (``embed_exact`` False: float32 rounding apart, as the encoder's ``exact``)
            maxout, norm = self._mixed.layers[0].layers
            units, pieces = maxout.get_dim("nO"), maxout.get_dim("nP")
            weights = maxout.get_param("W").reshape(units * pieces, maxout.get_dim("nI"))
            output = self._linear.get_param("W")
            blocks = blis_block(self.ops, weights), blis_block(self.ops, output)
            self.embed_exact = None not in blocks
            self._maxout = (np.ascontiguousarray(weights.T), maxout.get_param("b").reshape(-1), units, pieces,
                            blocks[0] or weights.shape[1], norm.get_param("G"), norm.get_param("b"))
            self._out = (np.ascontiguousarray(output.T), self._linear.get_param("b"), blocks[1] or output.shape[1])
        except (ValueError, AttributeError, IndexError):
            self._memo_ok = False
        self._encoder = Encoder.of(self._encode, self.ops) if self._memo_ok else None
        self.names_only = names_only and self._encoder is not None  # the parts' context needs the encoder's reach

    def docs(self, texts: list[str]) -> list:
        """Tokenized and tagged docs of ``texts`` (only ``ents`` set, as the pipeline with only ner does)."""
        docs = [self.nlp.make_doc(text) for text in texts]
        self(docs)
        return docs

    def __call__(self, docs: list) -> list:
        from spacy.attrs import ENT_IOB, IS_SPACE, SENT_START

        todo, slow = [], []
        for doc in docs:
            if not len(doc):
                continue
            arr = doc.to_array([ENT_IOB, SENT_START, IS_SPACE])
            (todo if self.usable and not arr[:, 0].any() and not (arr[1:, 1] == 1).any() else slow).append((doc, arr[:, 2]))
        for doc, _ in slow:
            self.pipe(doc)
        if todo:
            todo_docs = [d for d, _ in todo]
            whole = [(d, 0, len(doc)) for d, doc in enumerate(todo_docs)]
            bounds = self._pieces(todo_docs) if self.names_only else whole
            with _blas().limit(limits=1, user_api="blas"):  # numpy's products (Encoder): one thread, as thinc's BLIS
                self._tag(todo_docs, [s.astype(bool) for _, s in todo], bounds)
        return docs

    def _pieces(self, docs: list) -> list[tuple[int, int, int]]:
        """(doc index, first token, end token) of the parts of ``docs`` that can hold a name: the tokens within
        ``NAME_REACH`` of one with a capital letter (not a function word opening a sentence), widened by the
        encoder's reach so that their vectors are the whole doc's; runs of other tokens longer than ``MIN_CUT`` are left
        out (no name can start there, and the encoder's products are most of the tagging)."""
        from spacy.attrs import LOWER, SHAPE

        shapes = np.concatenate([doc.to_array(SHAPE) for doc in docs])
        distinct, inverse = np.unique(shapes, return_inverse=True)
        known, strings = self._loud_shapes, self.nlp.vocab.strings
        for key in distinct.tolist():
            if key not in known:
                known[key] = _loudness(strings[key])
        kinds = np.fromiter(map(known.__getitem__, distinct.tolist()), dtype=np.int8, count=len(distinct))
        kind = kinds[inverse.reshape(-1)]
        loud = kind > 0
        titled = np.flatnonzero(kind == TITLED)  # The, He, After: a sentence's first word, not a name
        if len(titled):
            lows = np.concatenate([doc.to_array(LOWER) for doc in docs])[titled]
            loud[titled[np.isin(lows, self._function_words)]] = False
        reach = NAME_REACH + self._encoder.reach
        out, at = [], 0
        for d, doc in enumerate(docs):
            n = len(doc)
            where = np.flatnonzero(loud[at : at + n])
            at += n
            if not len(where):
                continue
            starts, ends = np.maximum(where - reach, 0), np.minimum(where + reach + 1, n)
            cut = np.flatnonzero(starts[1:] - ends[:-1] > MIN_CUT)
            firsts, lasts = starts[np.r_[0, cut + 1]].tolist(), ends[np.r_[cut, len(ends) - 1]].tolist()
            out += [(d, lo, hi) for lo, hi in zip(firsts, lasts)]
        return out

    def _tokvecs(self, docs: list, bounds: list[tuple[int, int, int]] | None = None, feats: list | None = None) -> np.ndarray:
        """``tok2vec.predict(docs)`` with its embed stage memoized: that stage maps each token's hashed features
        (norm, prefix, suffix, shape) to a vector row by row, so a token seen before is one table row. New
        rows go through the same layers as a batch (the same numbers: no layer there mixes rows).
        ``bounds``: only these (doc, first, end) token ranges, each encoded as a sequence of its own (only the
        tokens within the encoder's reach of its ends see padding instead of the doc: the margins ``_pieces`` adds).
        ``feats``: the docs' features (``_extract.predict(docs)``) if already made."""
        feats = self._extract.predict(docs) if feats is None else feats
        if bounds is not None:
            feats = [feats[d][lo:hi] for d, lo, hi in bounds]
        flat = np.ascontiguousarray(np.concatenate(feats), dtype=np.uint64)
        # each token's features as one 32-byte key; the distinct ones looked up once
        distinct, inverse = np.unique(flat.view(np.dtype((np.void, 8 * flat.shape[1]))).ravel(), return_inverse=True)
        keys = distinct.tolist()
        memo = self._memo
        new = [i for i, key in enumerate(keys) if key not in memo]
        if new:
            if len(memo) + len(new) > MEMO_TOKENS:
                memo.clear()
                new = list(range(len(keys)))
            features = distinct.view(np.uint64).reshape(len(keys), -1)[new]
            rows = self._mixed_rows(self._hashed.predict(features))
            first = len(memo)
            if first + len(new) > len(self._table):
                grown = np.empty((max(2 * len(self._table), first + len(new), 1024), rows.shape[1]), dtype=rows.dtype)
                if first:
                    grown[:first] = self._table[:first]
                self._table = grown
            self._table[first : first + len(new)] = rows
            memo.update(zip((keys[i] for i in new), range(first, first + len(new))))
        at = np.fromiter(map(memo.__getitem__, keys), dtype=np.intp, count=len(keys))
        embedded = self._table[at[inverse.reshape(-1)]]
        ends = np.cumsum([len(f) for f in feats])[:-1]
        arrays = np.split(embedded, ends)
        encoded = self._encoder(arrays) if self._encoder else self._encode.predict(arrays)
        flat = self._to_array.predict(encoded)
        if self._out is None or len(flat) < 2:  # (None: thinc's own layer; numpy takes another routine for one row)
            return self._linear.predict(flat)
        weights_t, bias, block = self._out
        out = blocked_matmul(flat, weights_t, block)
        out += bias
        return out

    def _mixed_rows(self, hashed: np.ndarray) -> np.ndarray:
        """``_mixed.predict`` (maxout, layer norm; dropout is off at prediction): thinc's bits where ``embed_exact``."""
        if len(hashed) < 2:
            return self._mixed.predict(hashed)
        weights_t, bias, units, pieces, block, gain, shift = self._maxout
        mixed = blocked_matmul(hashed, weights_t, block)
        mixed += bias
        return _layer_norm(mixed.reshape(len(hashed), units, pieces).max(axis=2), gain, shift)

    def _scores(self, hidden_in: np.ndarray) -> np.ndarray:
        """Output scores of summed first-layer features (states, hidden, pieces), as spaCy's predict_states."""
        hidden_in += self.bias
        hidden = np.maximum(hidden_in[..., 0], hidden_in[..., 1]) if hidden_in.shape[2] == 2 else hidden_in.max(2)
        scores = hidden @ self.out_w_t
        scores += self.out_b
        return scores

    def _tag(self, docs: list, spaces: list[np.ndarray], bounds: list[tuple[int, int, int]]) -> None:
        """Set the ents of ``docs``, decoding only the (doc, first, end) token ranges ``bounds``, each as a doc.
        With the embed stage memoized, each range is also encoded as a sequence of its own, so its entities are a
        function of its tokens alone: a range whose tokens (features and spaces) were tagged before is not tagged
        again (``_known``; the boilerplate of an outlet, a report sent twice: about a quarter of the ranges)."""
        ents_of: list[list] = [[] for _ in docs]
        if not bounds:
            found = []
        elif not self._memo_ok:  # (then ``bounds`` are the whole docs)
            found = self._decode(self.tok2vec.predict(docs), spaces, bounds)
        else:
            feats = self._extract.predict(docs)
            keys = [_piece_key(feats[d][lo:hi], spaces[d][lo:hi]) for d, lo, hi in bounds]
            known = self._known
            if len(known) + len(bounds) > MEMO_PIECES:
                known.clear()
            new = {key: p for p, key in enumerate(keys) if key not in known}  # (a range repeated in the batch: once)
            if new:
                todo = [bounds[p] for p in new.values()]
                tokvecs = self._tokvecs(docs, todo, feats)
                known.update(zip(new, self._decode(tokvecs, spaces, todo)))
            found = [known[key] for key in keys]
        for (d, first, _), ents in zip(bounds, found):
            doc = docs[d]
            ents_of[d] += [(first + lo, first + hi, label) for lo, hi, label in ents]
        for doc, ents in zip(docs, ents_of):
            _set_ents(doc, ents)

    def _decode(self, tokvecs: np.ndarray, spaces: list[np.ndarray], bounds: list[tuple[int, int, int]]) -> list[list]:
        """The entities of each (doc, first, end) range of ``bounds`` as (start, end, label) within it, decoded as a
        doc of its own from ``tokvecs`` (the ranges' token vectors laid end to end)."""
        # the precomputed first layer: (1 + tokens, 3, hidden, pieces); row 0 the padding of each feature
        cached = np.empty((len(tokvecs) + 1, self.lower_w_t.shape[1]), dtype=np.float32)
        np.matmul(tokvecs, self.lower_w_t, out=cached[1:])
        cached = cached.reshape(len(cached), *self.lower_shape)
        cached[0] = self.lower_pad
        pad = cached[0]
        lengths = np.array([hi - lo for _, lo, hi in bounds])
        starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
        n = int(lengths.sum())
        # no entity open: (token, -1, -1)
        closed = self._scores(cached[1:, 0] + pad[1] + pad[2])
        doc_of = np.repeat(np.arange(len(bounds)), lengths)
        local = np.arange(n) - starts[doc_of]
        last = local == lengths[doc_of] - 1
        space = np.concatenate([spaces[d][lo:hi] for d, lo, hi in bounds])
        valid = np.zeros_like(closed, dtype=bool)
        valid[:, self.out] = True
        can_unit = ~space
        can_begin = ~space & ~last
        valid[np.ix_(can_unit, self.unit)] = True
        valid[np.ix_(can_begin, self.begin)] = True
        best = np.where(valid, closed, -np.inf).argmax(1)
        # every Begin opens a candidate entity; run each on (In) until Last, all at once
        cand = np.nonzero(self.begin[best])[0]
        ends = cand.copy()  # index of the token the entity's Last is on
        label_in, label_last = self.in_of[best[cand]], self.last_of[best[cand]]
        live = np.arange(len(cand))
        t = cand + 1
        while len(live):
            tok = t[live]
            feats = cached[tok + 1, 0] + cached[cand[live] + 1, 1] + cached[tok, 2]
            scores = self._scores(feats)
            rows = np.arange(len(live))
            s_in, s_last = scores[rows, label_in[live]], scores[rows, label_last[live]]
            go_on = ~last[tok] & ~(s_last > s_in)  # In is not allowed on the last token
            ends[live[~go_on]] = tok[~go_on]
            live, t = live[go_on], t.copy()
            t[live] += 1
        # walk each range's Begin and Unit decisions in order; those inside an entity that ran on were never taken
        first_word = np.zeros(n, dtype=bool)
        first_word[cand] = True
        first_word |= self.unit[best]
        end_of = dict(zip(cand.tolist(), ends.tolist()))
        taken = np.nonzero(first_word)[0].tolist()
        labels, best = self.labels, best.tolist()
        out: list[list] = []
        k = 0
        for lo, length in zip(starts.tolist(), lengths.tolist()):
            hi, after, ents = lo + length, lo, []
            while k < len(taken) and taken[k] < hi:
                i = taken[k]
                k += 1
                if i < after:
                    continue
                after = end_of.get(i, i) + 1
                ents.append((i - lo, after - lo, labels[best[i]]))
            out.append(ents)
        return out


def _set_ents(doc, ents: list[tuple[int, int, str]]) -> None:
    """``doc.set_ents([Span(doc, start, end, label=label) ...], default="outside")`` for ``ents`` that do not overlap,
    written as the tokens' entity tags and types at once (no Span objects: 0.11 -> 0.06 CPU-ms an English dev report)."""
    from spacy.attrs import ENT_IOB, ENT_TYPE

    values = np.zeros((len(doc), 2), dtype=np.uint64)
    values[:, 0] = 2  # outside
    strings = doc.vocab.strings
    for start, end, label in ents:
        values[start, 0] = 3  # begins
        values[start + 1 : end, 0] = 1  # inside
        values[start:end, 1] = strings.add(label)
    doc.from_array([ENT_IOB, ENT_TYPE], values)


def _piece_key(feats: np.ndarray, spaces: np.ndarray) -> bytes:
    """What a range's entities depend on, as a short digest: its tokens' features and which are spaces."""
    return hashlib.blake2b(feats.tobytes() + spaces.tobytes(), digest_size=16).digest()


TITLED = 2  # ``_loudness`` of a word in title case (a capital, then small letters only)


def _loudness(shape: str) -> int:
    """0: a token shape no kept name can hold (small letters, digits, signs: a number is part of a name only beside a
    capital); TITLED: a word in title case (a name, or a function word opening a sentence); 1: any other with a capital
    or a dotted name (a web address: an outlet)."""
    if len(shape) > 1 and shape[0] == "X" and shape[1:] == "x" * (len(shape) - 1):
        return TITLED
    return int("X" in shape or "x.x" in shape)


class Encoder:
    """tok2vec's encode stage (``with_array`` of residual window blocks: expand_window >> maxout >> layernorm) with
    the same numbers as thinc, in less time: its big product (tokens x 288 by 288 x 288) goes through numpy's
    BLAS instead of thinc's BLIS, summed as BLIS sums it (the inner dimension in blocks of ``block`` columns, each
    block's sum added to the output in turn), which gives the same bits (``block`` is found by trying, see ``of``;
    where none does, one product in numpy's order: ``exact`` False);
    the maxout takes the best of three contiguous column slices (the weights' rows regrouped by piece: the
    same products) and the layer norm runs in place (the same operations in the same order)."""

    exact = True  # False: numpy sums the product in its own order (no block size gives BLIS's bits on this CPU)

    def __init__(self, ops, pad: int, blocks: list[tuple], block: int):
        self.ops, self.pad, self.block = ops, pad, block
        self.reach = sum(expand.attrs["window_size"] for expand, _, _ in blocks)  # tokens either side a vector sees
        self.layers = []
        for expand, maxout, norm in blocks:
            n_out, pieces, n_in = maxout.get_param("W").shape
            weights = maxout.get_param("W").transpose(1, 0, 2).reshape(pieces * n_out, n_in)  # piece-major rows
            bias = np.ascontiguousarray(maxout.get_param("b").T).reshape(-1)
            self.layers.append((expand.attrs["window_size"], np.ascontiguousarray(weights.T), bias, n_out, pieces,
                                norm.get_param("G"), norm.get_param("b")))

    @classmethod
    def of(cls, encode, ops) -> "Encoder | None":
        """The encoder of a spaCy tok2vec's encode layer, or None when it is built otherwise (then thinc runs it).
        When no block size reproduces thinc's product on this machine, numpy's plain product (``exact`` False)."""
        try:
            pad = encode.attrs["pad"]
            blocks = []
            for residual in encode.layers[0].layers:
                layers = list(residual.walk())
                names = [layer.name for layer in layers[2:]]
                if names != ["expand_window", "maxout>>layernorm>>dropout", "maxout>>layernorm", "dropout", "maxout",
                             "layernorm"] or not residual.name.startswith("residual"):
                    return None
                blocks.append((layers[2], layers[6], layers[7]))
        except (KeyError, AttributeError, IndexError):
            return None
        if not blocks or not encode.name.startswith("with_array") or pad < 1:
            return None  # (padding keeps every product at 2 rows or more: numpy takes another routine for one row)
        n_out, pieces, n_in = blocks[0][1].get_param("W").shape
        if pieces < 2:
            return None
        block = blis_block(ops, blocks[0][1].get_param("W").reshape(n_out * pieces, n_in))
        if block is None:  # BLIS here sums in an order numpy cannot follow: numpy's own order, float32 rounding apart
            encoder = cls(ops, pad, blocks, n_in)  # one product
            encoder.exact = False
            return encoder
        return cls(ops, pad, blocks, block)

    def __call__(self, arrays: list[np.ndarray]) -> list[np.ndarray]:
        ops = self.ops
        lengths = ops.asarray1i([len(a) for a in arrays])
        x = ops.flatten(arrays, pad=self.pad)
        for window, weights_t, bias, n_out, pieces, gain, shift in self.layers:
            y = blocked_matmul(ops.seq2col(x, window), weights_t, self.block)
            y += bias
            best = np.maximum(y[:, :n_out], y[:, n_out : 2 * n_out])
            for p in range(2, pieces):
                np.maximum(best, y[:, p * n_out : (p + 1) * n_out], out=best)
            x += _layer_norm(best, gain, shift)
        return ops.unflatten(x, lengths, pad=self.pad)


def _layer_norm(x: np.ndarray, gain: np.ndarray, shift: np.ndarray) -> np.ndarray:
    """thinc's layernorm forward, the same operations in the same order; the variance as ``x.var`` computes it
    (sum, divide; squares of ``x - mean``, sum, divide), its mean and differences computed once, not twice."""
    mu = x.mean(axis=1, keepdims=True)
    x -= mu
    var = np.add.reduce(np.square(x), axis=1, keepdims=True)
    np.true_divide(var, np.intp(x.shape[1]), out=var, casting="unsafe")
    var += 1e-08
    x *= var ** (-1.0 / 2.0)
    x *= gain
    x += shift
    return x


def blocked_matmul(x: np.ndarray, weights_t: np.ndarray, block: int) -> np.ndarray:
    """``x @ weights_t`` summed over the inner dimension a block of columns at a time (as BLIS does)."""
    out = x[:, :block] @ weights_t[:block]
    for lo in range(block, x.shape[1], block):
        out += x[:, lo : lo + block] @ weights_t[lo : lo + block]
    return out


def blis_block(ops, weights: np.ndarray) -> int | None:
    """The inner block size with which ``blocked_matmul`` gives exactly ``ops.gemm(x, weights, trans2=True)``
    here (tried on random inputs of several row counts), None if none does."""
    rng = np.random.default_rng(0)
    weights_t = np.ascontiguousarray(weights.T)
    tries = [rng.standard_normal((rows, weights.shape[1]), dtype=np.float32) for rows in (2, 3, 9, 17, 64, 300)]
    wanted = [ops.gemm(x, weights, trans2=True) for x in tries]
    for block in sorted({weights.shape[1], 256, 128, 384, 512, 192, 64}):
        if all(np.array_equal(blocked_matmul(x, weights_t, block), want) for x, want in zip(tries, wanted)):
            return block
    return None
