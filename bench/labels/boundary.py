"""Pairs near the event decision's boundary, for hand labelling (event-pairs-own2.jsonl was drawn this way).

    python bench/labels/boundary.py STORE [--seed 1] [--joined 60] [--near 45] [--later] > candidates.jsonl

STORE: a khobor store of the real-news dev corpus (``khobor run ... --source-field id``). Pairs already
in the given gold or in our own labels, caveat ids and copies are left out. Two kinds are sampled:
report pairs the store put in one event (whatever their own pair score), and pairs it kept apart whose
pair probability is at least 0.12. ``--later`` samples instead pairs told 0.7+ days apart (joined) and
same-day pairs with a headline conflict or from one outlet (near), scored at least 0.15: the daily
bulletins and same-template reports. Each line has both headlines, dates, outlets and openings; the
labels were written by reading them, with the reason in ``note``.

event-pairs-own3.jsonl was drawn another way: the Bengali-English pairs the store joined on the multilingual
embedding (decided_by ``dense``), read one by one; it is no random sample (most of its ``different`` pairs were
joined when it was drawn).
"""
import argparse
import json
import random
import sys
from collections import Counter, defaultdict
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import khobor  # noqa: E402
from khobor.cluster.pairs import Idf, counted_terms, default_model, pair_features, profile  # noqa: E402

HERE = Path(__file__).resolve().parent
DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "real-news-dev"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("store")
    ap.add_argument("--data", default=str(DATA))
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--joined", type=int, default=60)
    ap.add_argument("--near", type=int, default=45)
    ap.add_argument("--later", action="store_true")
    args = ap.parse_args()
    done = set()
    for path in [*HERE.glob("event-pairs-own*.jsonl"), Path(args.data) / "gold-pairs.jsonl"]:
        for line in open(path, encoding="utf-8"):
            g = json.loads(line)
            done.add(frozenset((g["a"], g["b"])))
    caveat = set(open(Path(args.data) / "caveat-ids.txt", encoding="utf-8").read().split())
    with khobor.open(args.store, read_only=True) as store:
        arts = [a for a in store.articles() if a.source not in caveat and not a.duplicate_of]
    prof = {a.id: profile(a) for a in arts}
    df = Counter()
    for p in prof.values():
        df.update(counted_terms(p))
    idf, model, vectors = Idf(df, len(prof)), default_model(), {}
    by_lang = defaultdict(list)
    for a in arts:
        if a.published_at:
            by_lang[a.language].append(a)
    joined, near = [], []
    for xs in by_lang.values():
        xs.sort(key=lambda a: a.published_at)
        for i, a in enumerate(xs):
            for b in xs[i + 1:]:
                if (datetime.fromisoformat(b.published_at[:19]) - datetime.fromisoformat(a.published_at[:19])).days >= 3:
                    break
                if frozenset((a.source, b.source)) in done:
                    continue
                f = pair_features(prof[a.id], prof[b.id], idf, vectors)
                if f["lexical"] < 0.05:
                    continue
                p = model.probability(f)
                if args.later:
                    if p < 0.15:
                        continue
                    if f["gap"] >= 0.7:
                        joined.append((p, a, b))
                    elif f["title_entity_conflict"] or f["title_number_conflict"] or a.outlet == b.outlet:
                        near.append((p, a, b))
                elif a.event_id == b.event_id:
                    joined.append((p, a, b))
                elif p >= 0.12:
                    near.append((p, a, b))
    random.seed(args.seed)
    pick = random.sample(joined, min(args.joined, len(joined))) + random.sample(near, min(args.near, len(near)))
    random.shuffle(pick)
    for p, a, b in pick:
        print(json.dumps({"a": a.source, "b": b.source, "p": round(p, 2), "same": a.event_id == b.event_id,
                          "ta": a.title, "tb": b.title, "da": a.published_at[:16], "db": b.published_at[:16],
                          "oa": a.outlet, "ob": b.outlet, "ba": (a.body or "")[:300], "bb": (b.body or "")[:300]},
                         ensure_ascii=False))


if __name__ == "__main__":
    main()
