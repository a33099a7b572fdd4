"""Namesakes on real news: do two reports' mentions of one written name end in one entity exactly when they name one
person?

    python scripts/eval_namesakes.py [--labels bench/labels/namesakes-own1.jsonl ...] [--show]

Each label row names two dev articles (``a``, ``b``), the name as each writes it (``a_name``, ``b_name``) and whether
it is the same person there (``label``: same / different). The whole dev corpus is analyzed and resolved in one
resolver (as ``eval_entities.py`` does); a row is kept when the two mentions share an entity id exactly when the label
says "same". A name a report does not return as a mention counts as missed.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from eval_entities import load_articles, to_article  # noqa: E402

from khobor.analyze import analyze  # noqa: E402
from khobor.analyze.entities import EntityResolver  # noqa: E402
from khobor.clean.normalize import normalize  # noqa: E402


def entity_of(article, name: str) -> str | None:
    """The entity of the article's mention that starts with ``name`` (else that contains it)."""
    name = normalize(name)
    found = [m for m in article.mentions if m.entity_id and normalize(m.surface).startswith(name)]
    found = found or [m for m in article.mentions if m.entity_id and name in normalize(m.surface)]
    return found[0].entity_id if found else None


def main() -> None:
    root = Path(__file__).resolve().parents[1]
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=root.parent / "shared" / "data" / "real-news-dev")
    parser.add_argument("--labels", type=Path, nargs="+", default=[root / "bench" / "labels" / "namesakes-own1.jsonl"],
                        help="one or more label files (the corpus is analyzed once)")
    parser.add_argument("--show", action="store_true", help="list the rows not kept")
    args = parser.parse_args()
    articles = []
    for record in load_articles(args.data).values():
        article = to_article(record)
        analyze(article)
        articles.append(article)
    resolver = EntityResolver().partial_fit(articles)
    by_id = {a.id: a for a in articles}
    for labels in args.labels:
        score(labels, resolver, by_id, args.show)


def score(labels: Path, resolver: EntityResolver, by_id: dict, show: bool) -> None:
    """Print how many of the file's pairs are kept."""
    rows = [json.loads(line) for line in labels.read_text(encoding="utf-8").splitlines() if line.strip()]
    kept, total, missed = Counter(), Counter(), []
    for row in rows:
        a, b = (entity_of(by_id[row[k]], row[k + "_name"]) if row[k] in by_id else None for k in ("a", "b"))
        total[row["label"]] += 1
        if a is None or b is None:
            missed.append(row)
            continue
        same = resolver.resolve_id(a) == resolver.resolve_id(b)
        if same == (row["label"] == "same"):
            kept[row["label"]] += 1
        elif show:
            print(f"  not kept ({row['label']}): {row['a_name']} {row['a']} / {row['b_name']} {row['b']}: {row['why']}")
    print(f"== {labels.name}")
    print(f"{'label':12s} {'kept':>5s} {'pairs':>6s} fraction")
    for label in sorted(total):
        print(f"{label:12s} {kept[label]:5d} {total[label]:6d} {kept[label] / total[label]:.3f}")
    for row in missed:
        print(f"  name not found: {row['a_name']} {row['a']} / {row['b_name']} {row['b']}")


if __name__ == "__main__":
    main()
