"""The numpy decoding of spaCy's English NER (english_ner) gives exactly the pipe's entities."""

import gzip
import json

import pytest

from khobor.analyze.english import english_nlp
from khobor.analyze.english_ner import FastNer, english_doc

SHORT = [
    "",
    "   \n\n  ",
    "Barack Obama",  # an entity on the last token
    "I met Sheikh Hasina in Dhaka on Monday.\n\nThe United Nations said so.",
    "Dhaka",
    "Bangladesh Bank Governor Ahsan H Mansur told reporters at the Bangladesh Secretariat in Dhaka.",
    "Officer-in-Charge (OC) of Kotwali Model Police Station Md Nazmul Hasan said,\n\n\"We are investigating.\"",
]


def _ents(doc):
    return [(e.start, e.end, e.label_, e.start_char, e.end_char) for e in doc.ents]


def _same_as_spacy(texts):
    nlp = english_nlp()
    fast = FastNer(nlp)
    for text in texts:
        assert _ents(fast.docs([text])[0]) == _ents(nlp(text)), text[:80]
    batch = fast.docs(texts)  # several docs in one network pass: the same too
    assert [_ents(d) for d in batch] == [_ents(nlp(t)) for t in texts]


def test_short_texts_match_spacy():
    assert FastNer(english_nlp()).usable  # else the check below would compare spaCy with itself
    _same_as_spacy(SHORT)
    assert _ents(english_doc(SHORT[3]))  # not vacuous: the example has entities


def test_preset_sentence_starts_go_through_spacy():
    nlp = english_nlp()
    fast = FastNer(nlp)
    doc = nlp.make_doc(SHORT[3])
    doc[5].is_sent_start = True
    fast([doc])
    ref = nlp.make_doc(SHORT[3])
    ref[5].is_sent_start = True
    assert _ents(doc) == _ents(nlp.get_pipe("ner")(ref))


def test_english_seeds_and_dev_news_match_spacy(shared_dir):
    texts = []
    for path in sorted((shared_dir / "seeds").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        if sum(c.isascii() and c.isalpha() for c in text) > len(text) / 2:
            texts.append(text)
    dev = shared_dir / "data" / "real-news-dev" / "munt-dev.jsonl.gz"
    if dev.exists():
        with gzip.open(dev, "rt", encoding="utf-8") as f:
            rows = [json.loads(line) for line in f if line.strip()]
        texts += [r["text"] for r in rows if r.get("language") == "en"][:120]
    if not texts:
        pytest.skip("no English seeds or real-news-dev corpus under ../shared; dev-only data")
    _same_as_spacy(texts)


def test_tagged_ahead_gives_each_text_its_own_docs_and_keeps_none():
    from khobor.analyze import english_ner

    texts = SHORT[2:] + [SHORT[3]]  # one text twice: each call takes one of its docs
    alone = [_ents(english_doc(t)) for t in texts]
    with english_ner.tagged_ahead(texts):
        assert english_ner._READY[SHORT[3]]  # tagged ahead, not when asked
        ahead = [english_doc(t) for t in texts]
        assert len({id(d) for d in ahead}) == len(texts)
        assert not english_ner._READY[SHORT[3]]
    assert [_ents(d) for d in ahead] == alone and any(alone)
    with english_ner.tagged_ahead(texts):
        pass
    assert not english_ner._READY  # untaken docs are dropped with the block


def test_memoized_embed_stage_gives_the_networks_own_vectors(monkeypatch):
    """Token vectors with the embed stage memoized are bit for bit tok2vec's, with the memo cold, warm and
    started again when full (where numpy's products cannot follow BLIS's order on this CPU: the memo bit for bit
    through thinc's own layers, and numpy's products within float32 rounding)."""
    import numpy as np

    from khobor.analyze import english_ner

    fast = FastNer(english_nlp())
    assert fast._memo_ok  # else the fast path would not be taken at all
    if fast._encoder is not None and not fast._encoder.exact:
        fast._encoder = None  # the memo alone, bit for bit (the encoder's own rounding: test_encoder_gives_thinc_numbers)
    docs = [fast.nlp.make_doc(t) for t in SHORT[2:]]
    if not fast.embed_exact:
        assert np.allclose(fast._tokvecs(docs), fast.tok2vec.predict(docs), rtol=1e-4, atol=1e-4)
        monkeypatch.setattr(fast, "_mixed_rows", fast._mixed.predict)  # the memo alone, through thinc's layers
        monkeypatch.setattr(fast, "_out", None)
        fast._memo.clear()
    for _ in range(2):  # cold, then every token from the memo
        assert np.array_equal(fast._tokvecs(docs), fast.tok2vec.predict(docs))
    assert len(fast._memo) < sum(len(d) for d in docs)  # repeated tokens share a row
    monkeypatch.setattr(english_ner, "MEMO_TOKENS", len(fast._memo) + 2)
    more = [fast.nlp.make_doc("Rahim Uddin met Karim Mia in Sylhet on Tuesday, officials said.")]
    assert np.array_equal(fast._tokvecs(more), fast.tok2vec.predict(more))
    distinct = {row.tobytes() for row in fast._extract.predict(more)[0].astype(np.uint64)}  # keys: the features' bytes
    assert set(fast._memo) == distinct  # full: started again with this doc's tokens only
    assert np.array_equal(fast._tokvecs(docs), fast.tok2vec.predict(docs))


def test_encoder_gives_thinc_numbers():
    """The encode stage through numpy's BLAS: bit for bit what thinc computes where a block size is found, else
    the same to float32 rounding (the entities are then checked against the pipe by the tests above)."""
    import numpy as np

    fast = FastNer(english_nlp())
    docs = [fast.nlp.make_doc(t) for t in SHORT[2:]]
    feats = fast._extract.predict(docs)
    embedded = fast._mixed.predict(fast._hashed.predict(np.concatenate(feats)))
    arrays = np.split(embedded, np.cumsum([len(f) for f in feats])[:-1])
    assert fast._encoder is not None  # the small English model's encode stage is one numpy can run
    want = fast._encode.predict(arrays)
    got = fast._encoder(arrays)
    if fast._encoder.exact:
        assert all(np.array_equal(a, b) for a, b in zip(got, want))
    else:
        assert all(np.allclose(a, b, rtol=1e-4, atol=1e-4) for a, b in zip(got, want))


def test_layer_norm_gives_thincs_bits():
    import numpy as np

    from khobor.analyze.english_ner import _layer_norm

    rng = np.random.default_rng(5)
    gain, shift = rng.standard_normal(96, dtype=np.float32), rng.standard_normal(96, dtype=np.float32)
    for rows in (1, 2, 7, 300):
        x = (rng.standard_normal((rows, 96), dtype=np.float32) * 3 + 1).astype(np.float32)
        mu = x.mean(axis=1, keepdims=True)  # thinc's layernorm forward, as it is written there
        var = x.var(axis=1, keepdims=True) + 1e-08
        want = (x - mu) * var ** (-1.0 / 2.0) * gain + shift
        assert np.array_equal(_layer_norm(x.copy(), gain, shift), want)



def test_names_only_leaves_out_lower_case_runs_and_finds_the_same_names(shared_dir, monkeypatch):
    """Tagging only the parts that can hold a name leaves text out and gives the entities ``english`` keeps from the
    whole doc's (those from the pipe's own decoding, checked above)."""
    from khobor.analyze import english_ner
    from khobor.analyze.english import english_entities

    nlp = english_nlp()
    fast, whole = FastNer(nlp, names_only=True), FastNer(nlp)
    assert fast.names_only and not whole.names_only
    quiet = "the talks went on for hours and the two sides agreed on almost nothing that would help the people here"
    texts = SHORT + [f"{quiet}, said Sheikh Hasina in Dhaka on Monday. {quiet} until the UN came.", quiet,
                     f"He said {quiet}. The {quiet}. After {quiet}."]
    dev = shared_dir / "data" / "real-news-dev" / "munt-dev.jsonl.gz"
    if dev.exists():
        with gzip.open(dev, "rt", encoding="utf-8") as f:
            rows = [json.loads(line) for line in f if line.strip()]
        texts += [r["text"] for r in rows if r.get("language") == "en"][:120]
    docs = [nlp.make_doc(t) for t in texts]
    parts = fast._pieces(docs)
    assert sum(hi - lo for _, lo, hi in parts) < 0.9 * sum(len(d) for d in docs)
    assert not [p for p in parts if p[0] in (len(SHORT) + 1, len(SHORT) + 2)]  # no name can be there: nothing tagged
    found = {}
    for tagger in (fast, whole):
        monkeypatch.setattr(english_ner, "_fast", lambda tagger=tagger: tagger)
        found[tagger] = [[(s.start, s.end, s.type) for s in english_entities(t)] for t in texts]
    assert found[fast] == found[whole]
    assert found[fast][len(SHORT)]  # not vacuous


def test_a_range_tagged_before_is_taken_from_the_memo_with_the_same_entities(monkeypatch):
    """Each tagged range is encoded on its own, so one seen before (a repeated footer, a report sent twice) gives
    its entities from ``_known``: the same as tagging it again, in a doc of its own or beside others."""
    from khobor.analyze import english_ner

    nlp = english_nlp()
    footer = "Copyright The Daily Sun. Reproduction of any content is prohibited without permission of Sun Media Ltd."
    texts = [f"{SHORT[5]} {footer}", f"{SHORT[6]}\n\n{footer}", SHORT[3]]
    want = [_ents(FastNer(nlp, names_only=True).docs([t])[0]) for t in texts]  # each tagged cold, alone
    fast = FastNer(nlp, names_only=True)
    assert [_ents(d) for d in fast.docs(texts)] == want
    ranges = len(fast._known)
    assert ranges and [_ents(d) for d in fast.docs(texts[::-1])] == want[::-1]
    assert len(fast._known) == ranges  # nothing tagged again
    monkeypatch.setattr(english_ner, "MEMO_PIECES", 1)  # full: started again, the same entities
    assert [_ents(d) for d in fast.docs(texts)] == want
