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
