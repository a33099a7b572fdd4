"""Without a PostgreSQL server the PostgreSQL tests say why they skip; in CI they fail instead."""

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def run_store_tests(**env):
    environment = {k: v for k, v in os.environ.items() if k != "CI"}
    environment.update(env, KHOBOR_TEST_PG_BIN="/nonexistent/postgresql/bin")
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", str(HERE / "test_store.py"),
                           "-k", "idempotent"], capture_output=True, text=True, env=environment, cwd=HERE.parent, timeout=300)


def test_without_a_server_the_skip_reason_is_in_the_summary():
    done = run_store_tests()
    assert done.returncode == 0, done.stdout[-2000:]
    assert "1 passed, 1 skipped" in done.stdout  # SQLite ran, PostgreSQL skipped
    assert "PostgreSQL tests skipped: no initdb/pg_ctl" in done.stdout and "apt-get install postgresql" in done.stdout


def test_in_ci_a_missing_server_fails_the_run():
    done = run_store_tests(CI="true")
    assert done.returncode != 0
    assert "CI=true" in done.stdout and "1 passed" in done.stdout
