"""How much of each outlet's raw text its cleaned bodies keep, on the real-news dev corpus.

    python bench/kept_fraction.py [--data ../shared/data/real-news-dev] [--db STORE] [--show OUTLET] [--n 20]
                                  [--entities N]

Without ``--db`` the corpus is ingested (read and cleaned only, as `khobor run` does, input order kept) into a
temporary store; with it, an existing store built by bench_real_news.py is read. Prints per outlet the raw
characters, the body characters and their ratio: an outlet that appends other stories to its pages keeps far
less than one that does not. ``--show OUTLET`` prints the end of ``--n`` of its bodies (a fixed sample), to read
where each body stops. ``--entities N`` (with ``--db``) lists the N entities of the store found in most
articles, with their articles per outlet: a name an outlet's appended stories carry shows up there
(scripts/eval_entities.py --top reads the raw text, so it cannot show what cleaning cut).
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import tempfile
from collections import Counter
from pathlib import Path

import khobor
from khobor import pipeline
from khobor.ingest import FieldMapping

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = HERE.parent.parent / "shared" / "data" / "real-news-dev"
NAMES = ("munt-dev", "miraz")


def raw_docs(data: Path) -> dict[str, dict]:
    """Input records by id (the bench's article source)."""
    out = {}
    for name in NAMES:
        with gzip.open(data / f"{name}.jsonl.gz", "rt", encoding="utf-8") as f:
            for line in f:
                rec = json.loads(line)
                out[rec["id"]] = rec
    return out


def bodies(data: Path, db: str | None) -> dict[str, str]:
    """Cleaned body by input id, from ``db`` or from a fresh ingest."""
    with tempfile.TemporaryDirectory() as tmp:
        if db is None:
            inputs = []
            for name in NAMES:
                path = Path(tmp) / f"{name}.jsonl"
                with gzip.open(data / f"{name}.jsonl.gz", "rb") as src:
                    path.write_bytes(src.read())
                inputs.append(path)
            db = str(Path(tmp) / "ingest.db")
            with khobor.open(db) as store:
                pipeline.ingest(store, inputs, mapping=FieldMapping(date="published", source="id"))
        with khobor.open(db) as store:
            return {a.source: a.body for a in store.articles()}


def top_entities(db: str, n: int) -> None:
    """The ``n`` entities of a store found in most articles, with their articles per outlet."""
    with khobor.open(db) as store:
        outlets = {a.id: a.outlet for a in store.articles()}
        ranked = sorted(store.entities(), key=lambda e: -len(e.article_ids))[:n]
    print(f"\ntop {n} entities by articles (per outlet):")
    for rank, e in enumerate(ranked, 1):
        per = Counter(outlets.get(i) for i in e.article_ids)
        print(f"  {rank:3d}. {e.type} {e.name} ({len(e.article_ids)}): " + ", ".join(f"{o} {c}" for o, c in per.most_common()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--db", help="a store built from the dev corpus (source = input id)")
    parser.add_argument("--show", help="print the last characters of some of this outlet's bodies")
    parser.add_argument("--n", type=int, default=20)
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--tail", type=int, default=300, help="characters shown from each body's end")
    parser.add_argument("--entities", type=int, default=0, help="with --db: the N entities in most articles")
    args = parser.parse_args()
    if not (args.data / "munt-dev.jsonl.gz").exists():
        raise SystemExit(f"real-news-dev corpus not found at {args.data} (dev-only data, not shipped)")
    raws, cleaned = raw_docs(args.data), bodies(args.data, args.db)
    raw_chars, body_chars, docs = Counter(), Counter(), Counter()
    for doc_id, body in cleaned.items():
        rec = raws.get(doc_id)
        if rec is None or not body:  # (a copy stored as a source only)
            continue
        raw_chars[rec["outlet"]] += len(rec["text"])
        body_chars[rec["outlet"]] += len(body)
        docs[rec["outlet"]] += 1
    print(f"{'outlet':18s} {'docs':>5s} {'raw chars':>10s} {'body chars':>10s}  kept")
    for outlet in sorted(raw_chars):
        print(f"{outlet:18s} {docs[outlet]:5d} {raw_chars[outlet]:10d} {body_chars[outlet]:10d}  "
              f"{body_chars[outlet] / raw_chars[outlet]:.3f}")
    print(f"{'all':18s} {sum(docs.values()):5d} {sum(raw_chars.values()):10d} {sum(body_chars.values()):10d}  "
          f"{sum(body_chars.values()) / sum(raw_chars.values()):.3f}")
    if args.entities and args.db:
        top_entities(args.db, args.entities)
    if args.show:
        ids = sorted(i for i, b in cleaned.items() if b and raws.get(i, {}).get("outlet") == args.show)
        for doc_id in random.Random(args.seed).sample(ids, min(args.n, len(ids))):
            rec, body = raws[doc_id], cleaned[doc_id]
            print(f"\n--- {doc_id} kept {len(body)}/{len(rec['text'])}: {rec['title']}\n... {body[-args.tail:]}")


if __name__ == "__main__":
    main()
