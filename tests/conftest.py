import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from postgres_server import pg_url, postgres_server, store_url  # noqa: F401 - fixtures for both backends

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SAMPLES = Path(__file__).resolve().parents[1] / "samples"

# The tables khobor derives from installed packages (khobor/lang/cache.py) are kept in a folder of this test session,
# not in the user's cache; processes the tests start inherit it.
if "KHOBOR_CACHE_DIR" not in os.environ:
    os.environ["KHOBOR_CACHE_DIR"] = tempfile.mkdtemp(prefix="khobor-test-cache-")
    atexit.register(shutil.rmtree, os.environ["KHOBOR_CACHE_DIR"], ignore_errors=True)


@pytest.fixture
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("shared data folder not found at ../shared (next to the checkout); skipping")
    return SHARED


@pytest.fixture
def seeds_dir(shared_dir) -> Path:
    seeds = shared_dir / "seeds"
    if not seeds.is_dir():
        pytest.skip("../shared/seeds is absent; skipping the seed end-to-end test")
    return seeds


@pytest.fixture
def cli():
    """Run a khobor command in-process; fails the test on an unexpected exit code."""
    from khobor.cli import main

    def invoke(*args, code=0):
        result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
        assert result.exit_code == code, result.output
        return result
    return invoke


@pytest.fixture
def sample_store(tmp_path, cli):
    """A copy of samples/ (so tests may add files) run into a fresh store: (folder, db path)."""
    folder = tmp_path / "in"
    shutil.copytree(SAMPLES, folder)
    db = str(tmp_path / "k.db")
    cli("run", folder, "--db", db)
    return folder, db
