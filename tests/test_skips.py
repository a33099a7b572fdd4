"""Skipped tests say why in the summary; in CI the browser tests may not be skipped."""

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def run_browser_tests(**env):
    environment = {k: v for k, v in os.environ.items() if k != "CI"}
    environment.update(env, KHOBOR_TEST_CHROMIUM="/nonexistent/chromium")
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(HERE / "test_serve_browser.py"),
                           "-k", "fixture_walkthrough"], capture_output=True, text=True, env=environment, cwd=HERE.parent,
                          timeout=300)


def test_without_a_browser_the_skip_reason_is_in_the_summary():
    done = run_browser_tests()
    assert done.returncode == 0, done.stdout[-2000:]
    assert "SKIPPED" in done.stdout and "chromium is not installed at /nonexistent/chromium" in done.stdout


def test_in_ci_a_missing_browser_fails_the_run():
    done = run_browser_tests(CI="true")
    assert done.returncode != 0
    assert "CI=true" in done.stdout and "must run" in done.stdout
