"""Random quotes from a store, for checking by hand: is each a whole statement, and is its speaker right?

    python scripts/sample_quotes.py --db khobor.db --quotes 30 [--seed 0]

Prints, per quote: article id, speaker as written and the entity it resolved to, the quote, and
the sentence around it (so the speaker can be checked against the text).
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import khobor  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default="khobor.db")
    parser.add_argument("--quotes", type=int, default=30, help="how many to print")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    with khobor.open(args.db, read_only=True) as store:
        names = {e.id: e.name for e in store.entities()}
        pool = [(a.id, a.body, q) for a in store.articles() for q in a.quotes]
    print(f"{len(pool)} quotes in the store; {sum(q.speaker is not None for _, _, q in pool)} with a speaker")
    for n, (article_id, body, quote) in enumerate(random.Random(args.seed).sample(pool, min(args.quotes, len(pool))), 1):
        context = body[max(0, quote.start - 150) : quote.end + 150].replace("\n", " ")
        entity = names.get(quote.speaker_entity_id, "-")
        print(f"\n{n}. {article_id}  speaker: {quote.speaker or '-'}  entity: {entity}\n   quote: {quote.text}\n   context: …{context}…")


if __name__ == "__main__":
    main()
