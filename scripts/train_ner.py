"""Train the Bengali NER CRF that ships in khobor/analyze/.

    python scripts/train_ner.py --rifat DIR --banglakit DIR --out khobor/analyze/ner-crf-v1.crfsuite

Trains on rifat train.txt plus the fixed 80% of banglakit, then prints exact-span
(CoNLL) and token-level F1 on rifat test.txt (deduplicated against train) and on the
held-out 20% of banglakit.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import pycrfsuite

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing

from khobor.analyze.ner import FeatureMaker
from khobor.analyze.ner_data import banglakit_split, dedupe_test, project, read_banglakit, read_rifat, score


def evaluate(model: str, sentences) -> dict[str, float]:
    tagger = pycrfsuite.Tagger()
    tagger.open(model)
    features = FeatureMaker()
    gold, pred = [], []
    for sent in sentences:
        word_tags = tagger.tag(features(sent.words)) if sent.words else []
        gold.append(sent.tags)
        pred.append(project(sent, word_tags))
    return score(gold, pred)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rifat", required=True, type=Path, help="folder with train.txt and test.txt")
    parser.add_argument("--banglakit", type=Path, help="folder with main.jsonl")
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--c1", type=float, default=0.1)
    parser.add_argument("--c2", type=float, default=0.05)
    parser.add_argument("--iterations", type=int, default=200)
    args = parser.parse_args()

    train = read_rifat(args.rifat / "train.txt")
    test = dedupe_test(train, read_rifat(args.rifat / "test.txt"))
    bk_train, bk_test = [], []
    if args.banglakit:
        bk_train, bk_test = banglakit_split(read_banglakit(args.banglakit / "main.jsonl"))
    print(f"rifat train {len(train)} / test {len(test)} sentences; banglakit train {len(bk_train)} / held-out {len(bk_test)}")

    started = time.perf_counter()
    trainer = pycrfsuite.Trainer(verbose=False)
    features = FeatureMaker()
    for sent in train:
        if sent.words:
            trainer.append(features(sent.words), sent.word_tags)
    for sent in bk_train:  # a domain flag lets the model learn banglakit's sparser annotation apart
        if sent.words:
            trainer.append([f + ["dom=bk"] for f in features(sent.words)], sent.word_tags)
    trainer.set_params({"c1": args.c1, "c2": args.c2, "max_iterations": args.iterations, "feature.possible_transitions": True})
    args.out.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(args.out))
    print(f"trained in {time.perf_counter() - started:.0f} s; model {args.out.stat().st_size / 1e6:.2f} MB")

    results = {"rifat_test": evaluate(str(args.out), test)}
    if bk_test:
        results["banglakit_heldout"] = evaluate(str(args.out), bk_test)
    print(json.dumps({k: {m: round(v, 4) for m, v in r.items()} for k, r in results.items()}, indent=1))


if __name__ == "__main__":
    main()
