"""Scores for a clustering against a gold clustering.

Pairwise precision/recall/F1 counts pairs of items put together; BCubed
(Bagga & Baldwin 1998) averages, per item, how pure and how complete its
predicted cluster is, so one huge wrong cluster cannot hide behind many
small right ones. Both are computed over the items present in gold; an item
missing from ``pred`` counts as a singleton.

``eval_clusters`` is the click command behind ``khobor eval clusters``. It
takes its predictions from a callable returning ``(id, source, event_id)``
rows, so the CLI can hand it the store and tests can hand it a list.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping
from pathlib import Path

from khobor.errors import ConfigError

Rows = Iterable[tuple[str, str | None, str | None]]


def _prf(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _groups(labels: Mapping[Hashable, Hashable]) -> dict[Hashable, list[Hashable]]:
    groups: dict[Hashable, list[Hashable]] = defaultdict(list)
    for item, label in labels.items():
        groups[label].append(item)
    return groups


def pairwise_scores(pred: Mapping, gold: Mapping) -> dict[str, float]:
    """Precision/recall/F1 over unordered pairs of items placed in one cluster."""
    pred = _complete(pred, gold)
    joint = Counter((pred[i], gold[i]) for i in gold)
    pairs = lambda counts: sum(c * (c - 1) // 2 for c in counts)  # noqa: E731
    both = pairs(joint.values())
    in_pred = pairs(Counter(pred[i] for i in gold).values())
    in_gold = pairs(Counter(gold.values()).values())
    precision = both / in_pred if in_pred else 1.0
    recall = both / in_gold if in_gold else 1.0
    return {"precision": precision, "recall": recall, "f1": _prf(precision, recall), "pairs_gold": in_gold, "pairs_pred": in_pred}


def bcubed_scores(pred: Mapping, gold: Mapping) -> dict[str, float]:
    """BCubed precision/recall/F1: per item, |pred cluster ∩ gold cluster| over each."""
    pred = _complete(pred, gold)
    joint = Counter((pred[i], gold[i]) for i in gold)
    pred_size = Counter(pred[i] for i in gold)
    gold_size = Counter(gold.values())
    n = len(gold)
    if not n:
        return {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    precision = sum(joint[(pred[i], gold[i])] / pred_size[pred[i]] for i in gold) / n
    recall = sum(joint[(pred[i], gold[i])] / gold_size[gold[i]] for i in gold) / n
    return {"precision": precision, "recall": recall, "f1": _prf(precision, recall)}


def _complete(pred: Mapping, gold: Mapping) -> dict:
    """Items gold knows but pred does not become their own singleton clusters."""
    return {i: (("__single__", i) if pred.get(i) is None else ("p", pred[i])) for i in gold}


def cluster_scores(pred: Mapping, gold: Mapping) -> dict[str, dict[str, float]]:
    """Both families of scores plus counts, for one predicted and one gold labelling."""
    completed = _complete(pred, gold)
    return {
        "pairwise": pairwise_scores(pred, gold),
        "bcubed": bcubed_scores(pred, gold),
        "items": len(gold),
        "gold_clusters": len(set(gold.values())),
        "pred_clusters": len(set(completed.values())),
        "missing": sum(1 for i in gold if pred.get(i) is None),
    }


def duplicate_pair_scores(pred_dup_of: Mapping[str, str | None], gold_group: Mapping[str, Hashable]) -> dict[str, float]:
    """Pairwise P/R/F1 of duplicate groups: each id is grouped with its original."""
    def root(item):
        seen = set()
        while pred_dup_of.get(item) and item not in seen:
            seen.add(item)
            item = pred_dup_of[item]
        return item

    pred = {i: root(i) for i in gold_group}
    return pairwise_scores(pred, dict(gold_group))


def _jsonl_rows(path: str | Path, valid, need: str) -> list[dict]:
    """The objects of a JSONL gold file; a bad line is named by its number."""
    rows = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            raise ConfigError(f"{path}:{number}: invalid JSON ({error.msg})") from error
        if not isinstance(row, dict) or not valid(row):
            raise ConfigError(f"{path}:{number}: need {need}")
        rows.append(row)
    return rows


def read_gold(path: str | Path) -> list[dict]:
    """JSONL lines with ``event`` and ``id`` or ``source``."""
    return _jsonl_rows(path, lambda row: "event" in row and bool(row.get("id") or row.get("source")),
                       "'event' and 'id' or 'source'")


def score_rows(gold_rows: list[dict], rows: Rows) -> dict:
    """Match gold lines to predicted rows by id, else by source, then score."""
    by_id, by_source = {}, {}
    for article_id, source, event_id in rows:
        by_id[article_id] = event_id
        if source:
            by_source[source] = event_id
    gold, pred = {}, {}
    for n, row in enumerate(gold_rows):
        key = row.get("id") or row.get("source")
        gold[key] = row["event"]
        if row.get("id") in by_id:
            pred[key] = by_id[row["id"]]
        elif row.get("source") in by_source:
            pred[key] = by_source[row["source"]]
    return cluster_scores(pred, gold)


def format_scores(scores: dict) -> str:
    lines = [f"items {scores['items']}  gold clusters {scores['gold_clusters']}  predicted clusters {scores['pred_clusters']}  not found {scores['missing']}"]
    for name in ("pairwise", "bcubed"):
        s = scores[name]
        lines.append(f"{name:9s} precision {s['precision']:.3f}  recall {s['recall']:.3f}  F1 {s['f1']:.3f}")
    return "\n".join(lines)


# -- labelled pairs ------------------------------------------------------------

PAIR_LABELS = ("copy", "same_event", "same_story", "different", "different_story")


def read_pairs(path: str | Path) -> list[dict]:
    """JSONL lines ``{"a", "b", "label"}`` with label one of copy / same_event / same_story / different /
    different_story."""
    return _jsonl_rows(path, lambda row: bool(row.get("a") and row.get("b")) and row.get("label") in PAIR_LABELS,
                       f"'a', 'b' and 'label' (one of {', '.join(PAIR_LABELS)})")


def pair_kept(label: str, copy: bool, same_event: bool, same_story: bool) -> bool:
    """Whether the output agrees with one labelled pair.

    A copy must be found as a copy; two reports of one happening must share an event (copies do); a same-story
    pair must share a story (or an event); a hard different-event pair must not share an event; a different-story
    pair (two storylines) must not share a story either.
    """
    if label == "copy":
        return copy
    if label == "same_event":
        return copy or same_event
    if label == "same_story":
        return copy or same_event or same_story
    if label == "different_story":
        return not (copy or same_event or same_story)
    return not (copy or same_event)


def score_pairs(pairs: list[dict], articles: Iterable[dict]) -> dict:
    """Per label and per language pair, how many labelled pairs the output keeps right; the failing pairs.

    ``articles``: dicts with id, sources (list), event_id, story_id, duplicate_of, language, title. A pair's
    ``a``/``b`` is matched to an article by its id or by any of its sources.
    """
    by_key: dict[str, dict] = {}
    dup_of: dict[str, str | None] = {}
    for article in articles:
        by_key[article["id"]] = article
        for source in article.get("sources") or ():
            by_key.setdefault(source, article)
        dup_of[article["id"]] = article.get("duplicate_of")

    def root(item: str) -> str:
        seen = set()
        while dup_of.get(item) and item not in seen:
            seen.add(item)
            item = dup_of[item]
        return item

    counts: dict[str, Counter] = defaultdict(Counter)
    failures: list[dict] = []
    missing = 0
    for pair in pairs:
        a, b = by_key.get(pair["a"]), by_key.get(pair["b"])
        if a is None or b is None:
            missing += 1
            continue
        copy = a["id"] == b["id"] or root(a["id"]) == root(b["id"])
        same_event = a.get("event_id") is not None and a.get("event_id") == b.get("event_id")
        same_story = a.get("story_id") is not None and a.get("story_id") == b.get("story_id")
        ok = pair_kept(pair["label"], copy, same_event, same_story)
        langs = "-".join(sorted((a.get("language") or "?", b.get("language") or "?")))
        for key in (pair["label"], f"{pair['label']} {langs}"):
            counts[key]["ok" if ok else "wrong"] += 1
        if not ok:
            failures.append({"label": pair["label"], "a": pair["a"], "b": pair["b"], "title_a": a.get("title"),
                             "title_b": b.get("title"), "got": "copy" if copy else "same_event" if same_event
                             else "same_story" if same_story else "apart"})
    table = {key: {"kept": c["ok"], "pairs": c["ok"] + c["wrong"], "fraction": c["ok"] / (c["ok"] + c["wrong"])}
             for key, c in sorted(counts.items())}
    return {"labels": table, "missing": missing, "failures": failures}


def format_pair_scores(scores: dict, show_failures: bool = True) -> str:
    lines = [f"{'label (languages)':26s} {'kept':>5s} {'pairs':>6s} {'fraction':>9s}"]
    for key, row in scores["labels"].items():
        lines.append(f"{key:26s} {row['kept']:5d} {row['pairs']:6d} {row['fraction']:9.3f}")
    if scores["missing"]:
        lines.append(f"pairs with an article not in the store: {scores['missing']}")
    if show_failures and scores["failures"]:
        lines.append("")
        lines.append("failing pairs (label -> what the store says):")
        for f in scores["failures"]:
            lines.append(f"  {f['label']} -> {f['got']}: {f['a']} {f['b']}")
            lines.append(f"      {(f['title_a'] or '')[:80]}")
            lines.append(f"      {(f['title_b'] or '')[:80]}")
    return "\n".join(lines)
