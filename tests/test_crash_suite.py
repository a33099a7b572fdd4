"""The crash-test suite: `khobor run` killed (SIGKILL) at 24 points over every stage, then run again;
each time the store must equal a clean run's (bench/crash_test.py prints the same per point)."""

import os
from pathlib import Path

import pytest

from bench import crash_test  # the kill-and-rerun harness (pyproject: pythonpath = ["."])

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_kills_at_24_points_over_every_stage_then_rerun_equal_a_clean_run():
    lines = []
    results = crash_test.run(points=24, batch_size=2, jobs=max(2, min(4, os.cpu_count() or 1)), report=lines.append)
    assert len(results) >= 20
    assert {r["stage"] for r in results} == set(crash_test.STAGES)
    assert all(r["killed"] for r in results), "\n".join(lines)
    assert all(r.get("equal") for r in results), "\n".join(lines)
