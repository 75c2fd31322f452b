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


@pytest.fixture(scope="session")
def postgres():
    """A private PostgreSQL cluster for this run (tests/postgres.py), or a skip where none is installed;
    CI sets READER_REQUIRE_POSTGRES=1, which makes a missing server a failure instead."""
    from tests.postgres import Cluster, binaries

    if binaries() is None:
        if os.environ.get("READER_REQUIRE_POSTGRES") == "1":
            pytest.fail("PostgreSQL is not installed, and READER_REQUIRE_POSTGRES=1 asks for it")
        pytest.skip("PostgreSQL is not installed here (apt-get install postgresql)")
    cluster = Cluster.start()
    yield cluster
    cluster.remove()


@pytest.fixture(params=["sqlite", "postgresql"])
def library_address(request, tmp_path: Path) -> str:
    """The address of a new, empty library on each engine: a temporary file, and a fresh database on the
    test cluster."""
    if request.param == "sqlite":
        return str(tmp_path / "library.sqlite3")
    return request.getfixturevalue("postgres").new_database()


@pytest.fixture
def any_library(library_address: str):
    """A fresh Library on each engine (SQLite and PostgreSQL), closed after the test."""
    from reader.store import Library

    library = Library.open(library_address)
    yield library
    library.close()
