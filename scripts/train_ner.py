"""Train the Bengali NER CRF and its resources (name lexicon, word clusters) that ship in khobor/analyze/.

    python scripts/train_ner.py --rifat DIR --banglakit DIR --out-dir khobor/analyze [--dev] [--c1 0.2 --c2 0.01]

Training data: rifat train.txt plus the fixed 80% of banglakit. With ``--dev`` one quarter
of rifat train (fixed by a hash) is held out and scored instead of the test sets: use it
to choose c1/c2 and features, never the test set. Without ``--dev`` the model is trained on
all the training data and scored on rifat test.txt (deduplicated against train) and on the
held-out 20% of banglakit: exact-span (CoNLL) and token-level micro F1 over PER/ORG/LOC.

The lexicon features of each training sentence come from a lexicon built on the other
folds (5-fold), so the CRF learns how far a lexicon match can be trusted on unseen text;
the shipped lexicon is built from all training sentences. Clusters use the training
sentences' words only.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import pycrfsuite

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing

from khobor.analyze.ner import NerTagger, FeatureMaker  # noqa: E402
from training.ner_data import project, score, training_sets  # noqa: E402
from khobor.analyze.ner_resources import Resources
from training.resources import build_clusters, build_lexicon  # noqa: E402

FOLDS = 5


def evaluate(tagger: NerTagger, sentences) -> dict[str, float]:
    gold, pred = [], []
    for sent in sentences:
        gold.append(sent.tags)
        pred.append(project(sent, tagger.tag_words(sent.words) if sent.words else []))
    return {k: round(v, 4) for k, v in score(gold, pred).items()}


def train(data, model: Path, resources_path: Path, c1: float, c2: float, iterations: int) -> None:
    """data: [(Sentence, is_banglakit)]; writes the CRF and its resources."""
    started = time.perf_counter()
    clusters = build_clusters([sent.words for sent, _ in data])
    print(f"clusters for {len(clusters)} words in {time.perf_counter() - started:.0f} s")
    trainer = pycrfsuite.Trainer(verbose=False)
    for fold in range(FOLDS):
        others = [(s.words, s.word_tags) for i, (s, _) in enumerate(data) if i % FOLDS != fold]
        features = FeatureMaker(build_lexicon(others, Resources(clusters=clusters)))
        for i, (sent, banglakit) in enumerate(data):
            if i % FOLDS == fold:
                seq = features(sent.words)
                if banglakit:  # a domain flag lets the model learn banglakit's sparser annotation apart
                    seq = [f + ["dom=bk"] for f in seq]
                trainer.append(seq, sent.word_tags)
    trainer.set_params({"c1": c1, "c2": c2, "max_iterations": iterations, "feature.possible_transitions": True})
    model.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(model))
    build_lexicon([(s.words, s.word_tags) for s, _ in data], Resources(clusters=clusters)).save(resources_path)
    print(f"trained in {time.perf_counter() - started:.0f} s; model {model.stat().st_size / 1e6:.2f} MB, "
          f"resources {resources_path.stat().st_size / 1e6:.2f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rifat", required=True, type=Path, help="folder with train.txt and test.txt")
    parser.add_argument("--banglakit", type=Path, help="folder with main.jsonl")
    parser.add_argument("--out-dir", required=True, type=Path)
    parser.add_argument("--name", default="v2", help="file names: ner-crf-NAME.crfsuite, ner-resources-NAME.json.gz")
    parser.add_argument("--dev", action="store_true", help="hold out 1/4 of rifat train (blocks of 50 sentences) and score only that")
    parser.add_argument("--c1", type=float, default=0.2)
    parser.add_argument("--c2", type=float, default=0.01)
    parser.add_argument("--iterations", type=int, default=200)
    args = parser.parse_args()

    data, evals = training_sets(args.rifat, args.banglakit, args.dev)
    print(f"training on {len(data)} sentences; scoring " + ", ".join(f"{k} {len(v)}" for k, v in evals.items()))

    model = args.out_dir / f"ner-crf-{args.name}.crfsuite"
    resources = args.out_dir / f"ner-resources-{args.name}.json.gz"
    train(data, model, resources, args.c1, args.c2, args.iterations)
    tagger = NerTagger(model, resources_path=resources)
    results = {name: evaluate(tagger, sents) for name, sents in evals.items()}
    print(json.dumps({"c1": args.c1, "c2": args.c2, **results}, indent=1))


if __name__ == "__main__":
    main()
