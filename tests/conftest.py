import os
from pathlib import Path

import pytest

# Qt tests run on real widgets without a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


@pytest.fixture
def seed_paths() -> list[Path]:
    assert len(SEEDS) == 5
    return SEEDS
