"""What analyze finds on real articles, written out so that two versions of the code can be compared exactly.

    PYTHONPATH=<checkout> python bench/analyze_fingerprint.py --out A.json [--n 400] [--chunk 125]
    python bench/analyze_fingerprint.py --compare A.json B.json

The khobor package is the one on PYTHONPATH (this script does not put its own checkout first), so a speed
change can be checked against the code before it: run once per checkout, then ``--compare``. Articles: the
real-news-dev corpus cleaned as a run cleans it, ``--n`` of each language, analyzed in chunks of ``--chunk``
(as a worker gets them), then linked by one ``EntityResolver`` as the driver does. Written per article:
sentences, language, mentions (span, type, entity id), times (span, value, anchor) and quotes (span, speaker,
speaker entity).
"""

from __future__ import annotations

import argparse
import json
import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import sys  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the bench folder only: khobor stays PYTHONPATH's
from corpus import DEV, by_language, cleaned, real_articles  # noqa: E402


def fingerprint(article) -> dict:
    return {
        "id": article.id, "language": article.language, "sentences": [list(s) for s in article.sentences],
        "mentions": [[m.start, m.end, m.type, m.entity_id] for m in article.mentions],
        "times": [[t.start, t.end, t.value, t.anchor] for t in article.times],
        "quotes": [[q.start, q.end, q.speaker, q.speaker_entity_id] for q in article.quotes],
    }


def write(out: Path, data: Path, n: int, chunk: int) -> None:
    import khobor
    from khobor.analyze import EntityResolver, analyze_many

    groups = by_language(cleaned(real_articles(data)), n)
    articles = sorted(groups["bn"] + groups["en"], key=lambda a: a.id)
    for lo in range(0, len(articles), chunk):
        analyze_many(articles[lo : lo + chunk])
    resolver = EntityResolver()
    for lo in range(0, len(articles), 500):
        resolver.partial_fit(articles[lo : lo + 500])
    out.write_text(json.dumps([fingerprint(a) for a in articles], ensure_ascii=False))
    print(f"{len(articles)} articles analyzed by {Path(khobor.__file__).parent} -> {out}")


def compare(a: Path, b: Path) -> int:
    left, right = json.loads(a.read_text()), json.loads(b.read_text())
    if [x["id"] for x in left] != [y["id"] for y in right]:
        print("not the same articles")
        return 1
    differ = {key: sum(x[key] != y[key] for x, y in zip(left, right)) for key in left[0] if key != "id"}
    counts = {key: sum(len(x[key]) for x in left) for key in ("mentions", "times", "quotes")}
    print(f"{len(left)} articles; {counts}; articles that differ: {differ}")
    return 1 if any(differ.values()) else 0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=DEV)
    parser.add_argument("--n", type=int, default=400, help="articles per language")
    parser.add_argument("--chunk", type=int, default=125)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--compare", type=Path, nargs=2)
    args = parser.parse_args()
    if args.compare:
        sys.exit(compare(*args.compare))
    write(args.out, args.data, args.n, args.chunk)


if __name__ == "__main__":
    main()
