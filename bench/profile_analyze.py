"""Where analyze spends its time on real articles: CPU seconds per component, per language.

    python bench/profile_analyze.py [--data ../shared/data/real-news-dev] [--n 400] [--chunk 125] [--old] [--cprofile 25]

Reads the real-news-dev corpus (never copied), cleans each article as a run does, then times
each part of ``analyze`` separately on the same articles (one thread): sentences, language,
Bengali NER (the tagger's network over a chunk of articles and its rules apart), speaker mentions,
English entities (spaCy's tokenizer and ner, tagged ahead as ``analyze_many`` does, then the rules), the mentions
tidied, times, quotes, and what a pool worker adds (``work.analyze_profiled``: the names' keys and the events' text
part), so the total is what a worker spends per article. ``--old``: the
code path before the speed work (``analyze_reference``), one article per network batch. ``--cprofile N`` also prints the N most costly functions of a whole analyze pass.
``--resolve``: then entity resolution as a run's driver does it (``EntityResolver.partial_fit`` over the analyzed
articles of both languages in corpus order, batches of 500, the state encoded after each), CPU ms per article.
"""

from __future__ import annotations

import argparse
import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import DEV, by_language, cleaned, real_articles  # noqa: E402


def components(articles: list, tagger, chunk: int) -> dict[str, float]:
    """CPU seconds of each part of analyze over the articles, in ``analyze_many``'s order of work, ``chunk`` articles
    to a network batch."""
    from khobor.analyze import _told_outlet, detect_language, english_ner
    from khobor.analyze.mention_tidy import tidy_mentions
    from khobor.analyze.names import packed_keys
    from khobor.cluster.pairs import text_part
    from khobor.analyze.english import english_entities, is_english
    from khobor.analyze.quotes import find_quotes, speaker_mentions
    from khobor.analyze.times import find_times, parse_anchor
    from khobor.analyze.ner import sentence_tokens
    from khobor.analyze.tokens import sentences
    from khobor.model import Mention

    cost: dict[str, float] = {}
    memo: dict = {}  # a pool worker's word memo for the event text parts
    sent: set = set()  # names whose keys were made already (as a pool worker keeps them)

    def timed(name, fn, *args):
        start = time.process_time()
        out = fn(*args)
        cost[name] = cost.get(name, 0.0) + time.process_time() - start
        return out

    for lo in range(0, len(articles), chunk):
        part = articles[lo : lo + chunk]
        bengali = []
        for a in part:
            a.sentences = timed("sentences", sentences, a.body)
            a.language = timed("language", detect_language, a.body) or a.language
            if not is_english(a.body, a.language):
                bengali.append(a)
        docs = []
        for a in bengali:
            body = a.body
            docs.append(timed("bn tokens", sentence_tokens, body, a.sentences))
        tags = iter(timed("bn network (BiLSTM tagger)", tagger.tag_sentences, [w for d in docs for _, w in d]))
        spans = {id(a): timed("bn rules", tagger._document_spans, [(t, w, next(tags)) for t, w in d]) for a, d in zip(bengali, docs)}
        for a in part:
            body = a.body
            if id(a) in spans:
                mentions = [Mention(s.start, s.end, body[s.start : s.end], s.type) for s in spans[id(a)]]
                mentions += timed("bn speaker mentions", speaker_mentions, body, mentions, tagger.name_like)
            else:  # tagged ahead as analyze_many does, so the rules find the doc ready and the tagger is counted once
                ahead = english_ner.tagged_ahead([body])
                timed("en ner (spaCy tokenizer + network)", ahead.__enter__)
                found = timed("en rules", english_entities, body)
                ahead.__exit__(None, None, None)
                mentions = [Mention(s.start, s.end, body[s.start : s.end], s.type) for s in found]
            mentions = timed("tidy mentions", tidy_mentions, mentions, body)
            mentions = timed("told outlet", lambda: sorted((m for m in mentions if not _told_outlet(body, m)), key=lambda m: m.start))
            timed("times", find_times, body, parse_anchor(a.published_at))
            a.mentions = mentions
            a.quotes = timed("quotes", find_quotes, body, mentions)
        names = {m.surface for a in part for m in a.mentions} | {q.speaker for a in part for q in a.quotes if q.speaker}
        timed("pool: name keys (packed_keys)", packed_keys, sorted(names - sent))
        sent.update(names)
        for a in part:
            timed("pool: event text part", text_part, a, memo)
    return cost


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=DEV)
    parser.add_argument("--n", type=int, default=400, help="articles per language")
    parser.add_argument("--cprofile", type=int, default=0)
    parser.add_argument("--chunk", type=int, default=125, help="articles per network batch (a worker's chunk)")
    parser.add_argument("--old", action="store_true", help="the old code path (bench/analyze_reference.py), article by article")
    parser.add_argument("--resolve", action="store_true", help="also time entity resolution over the analyzed articles")
    args = parser.parse_args()
    import contextlib

    from analyze_reference import old_code_path

    with old_code_path() if args.old else contextlib.nullcontext():
        run(args, 1 if args.old else args.chunk)


def run(args, chunk: int) -> None:
    from khobor.analyze import analyze, analyze_many
    from khobor.analyze.english import english_nlp
    from khobor.analyze.ner import default_tagger

    groups = by_language(cleaned(real_articles(args.data)), args.n)
    tagger = default_tagger()
    english_nlp()
    for a in groups["bn"][:3] + groups["en"][:3]:  # warm the lazy tables
        analyze(a.__class__(id=a.id, source=a.source, body=a.body, published_at=a.published_at))
    for lang, arts in groups.items():
        tagger.__init__(tagger.model_path)  # cold word memos, as a fresh worker
        cost = components(arts, tagger, chunk)
        total = sum(v for k, v in cost.items() if "alone" not in k)
        print(f"\n{lang}: {len(arts)} articles, {sum(len(a.body) for a in arts) / len(arts):.0f} characters each on average; "
              f"analyze {len(arts) / total:.0f} articles/s ({total / len(arts) * 1000:.2f} ms each) by CPU time")
        for name, sec in sorted(cost.items(), key=lambda kv: -kv[1]):
            print(f"  {name:40s} {sec / len(arts) * 1000:7.2f} ms/article  {100 * sec / total:5.1f}%")
    if args.resolve:
        resolve(groups["bn"] + groups["en"])
    if args.cprofile:
        import cProfile
        import pstats

        arts = groups["bn"] + groups["en"]
        tagger.__init__(tagger.model_path)
        prof = cProfile.Profile()
        prof.enable()
        for lo in range(0, len(arts), chunk):
            analyze_many(arts[lo : lo + chunk], tagger=tagger)
        prof.disable()
        pstats.Stats(prof).sort_stats("tottime").print_stats(args.cprofile)


def resolve(articles: list, batch: int = 500) -> None:
    """CPU time of the driver's entity resolution over analyzed ``articles`` (in a run's order: by id)."""
    from khobor.analyze import analyze_many
    from khobor.analyze.entities import EntityResolver

    articles = sorted(articles, key=lambda a: a.id)
    for lo in range(0, len(articles), 125):  # what the workers send back (not timed)
        analyze_many(articles[lo : lo + 125])
    resolver = EntityResolver()
    start = time.process_time()
    for lo in range(0, len(articles), batch):
        resolver.partial_fit(articles[lo : lo + batch])
        resolver.to_state()
    sec = time.process_time() - start
    print(f"\nentity resolution (driver): {len(articles)} articles, {len(resolver.entities_)} entities, "
          f"{sec / len(articles) * 1000:.2f} ms/article, {len(articles) / sec:.0f} articles/s by CPU time")


if __name__ == "__main__":
    main()
