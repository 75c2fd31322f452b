import gc
import os
import sys
from pathlib import Path

import pytest

# Qt tests run on real widgets without a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    """Every test has run and been reported. pytest then collects garbage five times over (its
    unraisable-exception check); the Qt wrappers the window tests left behind, collected there after
    pytest-qt has let go of the application, sometimes crash the process (exit 139 after "N passed").
    Coverage's tracer used to hide it. Nothing of Reader runs at that point, so the leftovers are
    frozen instead of collected: the process ends with the suite's own status."""
    if "PySide6.QtCore" in sys.modules:
        gc.freeze()


@pytest.fixture
def seed_paths() -> list[Path]:
    assert len(SEEDS) == 5
    return SEEDS


def _mount_tmpfs(folder: Path, size: str) -> bool:
    """A real, small file system at ``folder`` (root only); False where this machine does not allow it."""
    import subprocess

    if os.geteuid() != 0:
        return False
    folder.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    return result.returncode == 0


def _unmount(folder: Path) -> None:
    import subprocess

    subprocess.run(["umount", "-l", str(folder)], capture_output=True, check=False)


@pytest.fixture
def small_fs(tmp_path: Path):
    """A real 1 MB file system (a tmpfs, which needs root); skips where none can be mounted, and the
    tests that need a full disk fall back on a file-size limit."""
    folder = tmp_path / "small-fs"
    if not _mount_tmpfs(folder, "1m"):
        pytest.skip("no small file system can be mounted here (needs root and mount)")
    yield folder
    _unmount(folder)


@pytest.fixture
def remount_read_only():
    """Makes a mounted folder read-only: ``remount_read_only(folder)``."""

    def remount(folder: Path) -> None:
        import subprocess

        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True, capture_output=True)

    return remount


@pytest.fixture
def web():
    """A real HTTP server on 127.0.0.1 serving saved pages and failures (tests/web.py)."""
    from tests.web import serving

    with serving() as server:
        yield server
