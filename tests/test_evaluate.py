import json

import pytest
from click.testing import CliRunner

from khobor.evaluate import bcubed_scores, cluster_scores, duplicate_pair_scores, pairwise_scores


def test_perfect_clustering_scores_one():
    gold = {"a": 1, "b": 1, "c": 2}
    scores = cluster_scores({"a": "x", "b": "x", "c": "y"}, gold)
    assert scores["pairwise"]["f1"] == 1.0 and scores["bcubed"]["f1"] == 1.0


def test_bcubed_by_hand():
    # gold {a,b,c} {d}; pred {a,b} {c,d}
    gold = {"a": 1, "b": 1, "c": 1, "d": 2}
    pred = {"a": "x", "b": "x", "c": "y", "d": "y"}
    s = bcubed_scores(pred, gold)
    assert s["precision"] == pytest.approx((1 + 1 + 0.5 + 0.5) / 4)
    assert s["recall"] == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 1) / 4)


def test_pairwise_by_hand():
    gold = {"a": 1, "b": 1, "c": 1, "d": 2}
    pred = {"a": "x", "b": "x", "c": "y", "d": "y"}
    s = pairwise_scores(pred, gold)
    assert s["precision"] == pytest.approx(0.5)  # pairs ab (right), cd (wrong)
    assert s["recall"] == pytest.approx(1 / 3)  # of ab ac bc


def test_all_in_one_cluster_has_full_recall_low_precision():
    gold = {i: i % 3 for i in range(9)}
    s = bcubed_scores({i: 0 for i in range(9)}, gold)
    assert s["recall"] == 1.0 and s["precision"] == pytest.approx(1 / 3)


def test_missing_predictions_are_singletons():
    s = cluster_scores({"a": "x"}, {"a": 1, "b": 1})
    assert s["missing"] == 1 and s["pairwise"]["recall"] == 0.0


def test_duplicate_pairs_follow_chains():
    s = duplicate_pair_scores({"b": "a", "c": "b"}, {"a": "a", "b": "a", "c": "a", "d": "d"})
    assert s["f1"] == 1.0


def test_eval_clusters_command_scores_the_store(tmp_path):
    from pathlib import Path

    from khobor.cli import main

    db = str(tmp_path / "k.db")
    samples = Path(__file__).resolve().parents[1] / "samples"
    runner = CliRunner()
    assert runner.invoke(main, ["run", str(samples), "--db", db]).exit_code == 0
    articles = [json.loads(x) for x in runner.invoke(main, ["export", "--db", db]).output.splitlines()]
    same = tmp_path / "same.jsonl"
    same.write_text("\n".join(json.dumps({"source": a["source"], "event": a["event_id"]}) for a in articles))
    result = runner.invoke(main, ["eval", "clusters", "--gold", str(same), "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["bcubed"]["f1"] == 1.0
    lumped = tmp_path / "lumped.jsonl"  # a gold that puts everything in one event
    lumped.write_text("\n".join(json.dumps({"id": a["id"], "event": "all"}) for a in articles))
    text = runner.invoke(main, ["eval", "clusters", "--gold", str(lumped), "--db", db]).output
    assert "bcubed" in text and "F1 1.000" not in text.split("bcubed")[1]
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"event": "x"}\n')
    result = runner.invoke(main, ["eval", "clusters", "--gold", str(bad), "--db", db])
    assert result.exit_code == 1 and "need 'event' and 'id' or 'source'" in result.output


def test_pairs_are_scored_per_label_and_language_pair(tmp_path):
    from khobor.evaluate import read_pairs, score_pairs

    gold = tmp_path / "pairs.jsonl"
    gold.write_text("\n".join(json.dumps(p) for p in [
        {"a": "s1", "b": "s2", "label": "copy"},  # found as a copy
        {"a": "s1", "b": "s3", "label": "same_event"},  # one event across languages
        {"a": "s3", "b": "s4", "label": "different"},  # wrongly in one event
        {"a": "s4", "b": "s5", "label": "same_story"},  # one story
        {"a": "s1", "b": "nowhere", "label": "different"},
        {"a": "s3", "b": "s5", "label": "different_story"},  # wrongly in one story
    ]), encoding="utf-8")
    articles = [
        {"id": "a1", "sources": ["s1"], "event_id": "e1", "story_id": "t1", "duplicate_of": None, "language": "bn", "title": "x"},
        {"id": "a2", "sources": ["s2"], "event_id": "e1", "story_id": "t1", "duplicate_of": "a1", "language": "bn", "title": "x"},
        {"id": "a3", "sources": ["s3"], "event_id": "e1", "story_id": "t1", "duplicate_of": None, "language": "en", "title": "y"},
        {"id": "a4", "sources": ["s4"], "event_id": "e1", "story_id": "t1", "duplicate_of": None, "language": "en", "title": "z"},
        {"id": "a5", "sources": ["s5"], "event_id": "e2", "story_id": "t1", "duplicate_of": None, "language": "en", "title": "w"},
    ]
    scores = score_pairs(read_pairs(gold), articles)
    table = scores["labels"]
    assert table["copy"]["fraction"] == 1.0 and table["same_event bn-en"]["kept"] == 1
    assert table["different"]["kept"] == 0 and table["different en-en"]["pairs"] == 1
    assert table["same_story"]["fraction"] == 1.0 and scores["missing"] == 1
    assert table["different_story"]["kept"] == 0 and table["different_story en-en"]["pairs"] == 1
    assert [f["got"] for f in scores["failures"]] == ["same_event", "same_story"]
