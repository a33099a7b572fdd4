"""Readers for the two public Bengali NER sets, the fixed banglakit split, and CoNLL scoring.

Used by ``scripts/train_ner.py`` and by the tests that check the shipped model.
Both readers return sentences as (original tokens, original tags, words, word tags):
original tokens are what the file has (rifat glues punctuation to words: ``না।’``);
words are our own tokens (``tokens.WORD``) that the tagger sees.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from khobor.analyze.ner_features import bio_to_spans
from khobor.analyze.tokens import WORD
from khobor.clean.normalize import normalize

KEEP = {"PER": "PER", "ORG": "ORG", "LOC": "LOC", "PERSON": "PER", "GPE": "LOC"}


@dataclass
class Sentence:
    tokens: list[str]
    tags: list[str]  # BIO over tokens, only PER/ORG/LOC
    words: list[str] = field(default_factory=list)
    word_tags: list[str] = field(default_factory=list)
    first_word: list[int] = field(default_factory=list)  # index into words of each token's first word (-1: none)


def _clean_tag(tag: str) -> str:
    prefix, _, label = tag.partition("-")
    if prefix in ("B", "I", "L", "U") and label in KEEP:
        return ("B-" if prefix in ("B", "U") else "I-") + KEEP[label]
    return "O"


def _split_words(tokens: list[str], tags: list[str]) -> Sentence:
    sent = Sentence(tokens, tags)
    for token, tag in zip(tokens, tags):
        pieces = WORD.findall(token)
        sent.first_word.append(-1)
        for piece in pieces:
            is_word = any(ch.isalnum() for ch in piece)
            if is_word and sent.first_word[-1] == -1:
                sent.first_word[-1] = len(sent.words)
                sent.word_tags.append(tag)
            elif is_word and tag != "O":
                sent.word_tags.append("I-" + tag[2:])
            else:
                sent.word_tags.append("O")
            sent.words.append(piece)
    sent.word_tags = starts_as_b(sent.word_tags)
    return sent


def starts_as_b(tags: list[str]) -> list[str]:
    """An I- that starts a chunk (noisy data) becomes B-: the same CoNLL chunks, consistent labels to learn."""
    out = []
    for tag in tags:
        if tag.startswith("I-") and (not out or out[-1][2:] != tag[2:]):
            tag = "B-" + tag[2:]
        out.append(tag)
    return out


def read_rifat(path: str | Path) -> list[Sentence]:
    """One ``token<TAB>tag`` per line, blank line between sentences; BOM, malformed lines, U+09DF handled."""
    sentences: list[Sentence] = []
    tokens: list[str] = []
    tags: list[str] = []
    for line in Path(path).read_text(encoding="utf-8-sig").splitlines():
        fields = [f.strip() for f in line.split("\t") if f.strip()]
        if not fields:
            if not line.strip() and tokens:
                sentences.append(_split_words(tokens, tags))
                tokens, tags = [], []
            continue
        token = normalize(fields[0])
        tag = fields[1] if len(fields) > 1 else "O"
        if token.endswith("TIM") and len(fields) == 1:  # a tag glued to its token
            token = token[:-3]
        if token:
            tokens.append(token)
            tags.append(_clean_tag(tag))
    if tokens:
        sentences.append(_split_words(tokens, tags))
    return sentences


def dedupe_test(train: list[Sentence], test: list[Sentence]) -> list[Sentence]:
    """Drop test sentences that occur in train, and repeats within test."""
    seen = {tuple(s.tokens) for s in train}
    kept = []
    for sent in test:
        key = tuple(sent.tokens)
        if key not in seen:
            seen.add(key)
            kept.append(sent)
    return kept


def read_banglakit(path: str | Path) -> list[Sentence]:
    """``[sentence, [BILOU tags]]`` lines; repeats removed; sentences whose tags do not align with our words dropped."""
    seen: set[str] = set()
    sentences = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        text, tags = json.loads(line)
        text = normalize(text)
        if text in seen:
            continue
        seen.add(text)
        words = WORD.findall(text)
        if len(words) != len(tags):
            continue
        sentences.append(_split_words(words, [_clean_tag(t) for t in tags]))
    return sentences


def banglakit_split(sentences: list[Sentence]) -> tuple[list[Sentence], list[Sentence]]:
    """Fixed 80/20 split by a hash of the sentence text (stable across runs and machines)."""
    train, test = [], []
    for sent in sentences:
        digest = hashlib.sha1(" ".join(sent.tokens).encode("utf-8")).digest()
        (test if digest[0] % 5 == 0 else train).append(sent)
    return train, test


def project(sent: Sentence, word_tags: list[str]) -> list[str]:
    """Predicted word tags back onto the file's tokens (each token takes its first word's tag)."""
    return [word_tags[i] if i >= 0 else "O" for i in sent.first_word]


def score(gold: list[list[str]], pred: list[list[str]]) -> dict[str, float]:
    """Exact-span micro P/R/F1 (CoNLL chunks) and token-level micro F1 over PER/ORG/LOC."""
    tp = fp = fn = 0
    ttp = tfp = tfn = 0
    by_type: dict[str, list[int]] = {}
    for g, p in zip(gold, pred):
        gs, ps = set(bio_to_spans(g)), set(bio_to_spans(p))
        tp += len(gs & ps)
        fp += len(ps - gs)
        fn += len(gs - ps)
        for span in gs | ps:
            counts = by_type.setdefault(span[2], [0, 0, 0])
            counts[0] += span in gs and span in ps
            counts[1] += span in ps and span not in gs
            counts[2] += span in gs and span not in ps
        for gt, pt in zip(g, p):
            gt, pt = gt[2:] if gt != "O" else "O", pt[2:] if pt != "O" else "O"
            ttp += gt != "O" and gt == pt
            tfp += pt != "O" and gt != pt
            tfn += gt != "O" and gt != pt
    result = {"precision": _div(tp, tp + fp), "recall": _div(tp, tp + fn)}
    result["f1"] = _f1(tp, fp, fn)
    result["token_f1"] = _f1(ttp, tfp, tfn)
    for kind, (a, b, c) in sorted(by_type.items()):
        result[f"f1_{kind}"] = _f1(a, b, c)
    return result


def _div(a: float, b: float) -> float:
    return a / b if b else 0.0


def _f1(tp: int, fp: int, fn: int) -> float:
    return _div(2 * tp, 2 * tp + fp + fn)


def dev_split(sentences: list[Sentence], block: int = 50) -> tuple[list[Sentence], list[Sentence]]:
    """Fixed 3/4 : 1/4 split of rifat train by blocks of consecutive sentences (dev deduplicated against fit).

    The file keeps each report's sentences together; whole blocks keep most reports on one
    side, so dev, like the test set, names people the fit part never saw. (A split by
    sentence put every report on both sides and overrated recall on new names.)
    """
    fit, dev = [], []
    for start in range(0, len(sentences), block):
        digest = hashlib.sha1(str(start // block).encode("ascii")).digest()
        (dev if digest[0] % 4 == 0 else fit).extend(sentences[start : start + block])
    return fit, dedupe_test(fit, dev)


def training_sets(rifat: Path, banglakit: Path | None, dev: bool) -> tuple[list[tuple[Sentence, bool]], dict[str, list[Sentence]]]:
    """What both training scripts fit on and score: ([(sentence, is_banglakit)], {name: sentences to score}).

    With ``dev`` only a held-out quarter of rifat train (blocks of consecutive sentences) is scored; otherwise the
    deduplicated rifat test and the banglakit held-out fifth.
    """
    train_sents = read_rifat(Path(rifat) / "train.txt")
    bk_train, bk_test = banglakit_split(read_banglakit(Path(banglakit) / "main.jsonl")) if banglakit else ([], [])
    if dev:
        fit, held = dev_split(train_sents)
        evals = {"rifat_dev": held}
    else:
        fit = train_sents
        evals = {"rifat_test": dedupe_test(train_sents, read_rifat(Path(rifat) / "test.txt"))}
        if bk_test:
            evals["banglakit_heldout"] = bk_test
    data = [(s, False) for s in fit if s.words] + [(s, True) for s in bk_train if s.words]
    return data, evals
