from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"shared data folder not found at ../shared (next to the checkout); skipping")
    return SHARED


@pytest.fixture
def seeds_dir(shared_dir) -> Path:
    seeds = shared_dir / "seeds"
    if not seeds.is_dir():
        pytest.skip("../shared/seeds is absent; skipping the seed end-to-end test")
    return seeds
