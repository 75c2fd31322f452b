"""Opening a large library that did not change: time and bytes written to backups/ per start. Not a test.

    python tests/benchmarks/bench_library_open.py --baseline DIR [--starts N]

The library holds 70 snapshots of about 400 KB each (28 MB, the issue's case) and a few annotations. Each
start is a whole process running ``Library.open(path).close()``, as Reader's window does at start. With
``--baseline DIR`` (the previous version checked out: ``git worktree add DIR main``) the same starts are
measured on a copy of the same library, in the same run.
"""

from __future__ import annotations

import argparse
import base64
import os
import shutil
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OPEN = (
    "import sys, time; from reader.store import Library; began = time.perf_counter(); "
    "Library.open(sys.argv[1]).close(); print(time.perf_counter() - began)"
)


def make_library(path: Path) -> None:
    sys.path.insert(0, str(ROOT))
    from reader.core.reading.fetch import Fetched
    from reader.core.reading.sources import source_from_text
    from reader.store import Library, NewTarget

    library = Library.open(path)
    for number in range(70):
        body = (f"<p>Page {number}. " + base64.b64encode(os.urandom(400_000)).decode() + "</p>").encode()
        page = Fetched(
            f"https://news.example/{number}", f"https://news.example/{number}", 200,
            (("Content-Type", "text/html; charset=utf-8"),), body, datetime.now(UTC),
        )  # fmt: skip
        library.add_snapshot(page)
    source = library.import_source(source_from_text("Savitt: So that's a yes.", path="/story/a.txt"))
    library.add_annotation([NewTarget(source.source_id, 0, 6)], ["disputed"], "A note.")
    library.close()


def backup_files(folder: Path) -> dict[str, int]:
    return {f.name: f.stat().st_size for f in folder.iterdir()} if folder.is_dir() else {}


def starts(checkout: Path, library: Path, count: int) -> tuple[float, int]:
    """Median seconds of ``Library.open`` per start (the interpreter's own start left out), and bytes
    written to backups/ over ``count`` starts."""
    environment = dict(os.environ, PYTHONPATH=str(checkout))
    command = [sys.executable, "-c", OPEN, str(library)]
    # A first start after the library was made (which backs it up, whatever the version).
    subprocess.run(command, env=environment, cwd=checkout, check=True, capture_output=True)
    seen = backup_files(library.parent / "backups")
    times, written = [], 0
    for _ in range(count):
        run = subprocess.run(
            command, env=environment, cwd=checkout, check=True, capture_output=True, text=True
        )
        times.append(float(run.stdout.split()[-1]))
        now = backup_files(library.parent / "backups")
        written += sum(size for name, size in now.items() if name not in seen)  # the rotation drops others
        seen |= now
    return sorted(times)[len(times) // 2], written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--baseline", type=Path, help="a checkout of the previous version")
    parser.add_argument("--starts", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        made = Path(folder) / "made" / "library.sqlite3"
        made.parent.mkdir()
        make_library(made)
        print(f"library: {made.stat().st_size / 1e6:.1f} MB, {args.starts} starts without a change")
        runs = [("this version", ROOT)] + ([("baseline", args.baseline)] if args.baseline else [])
        results = {}
        for name, checkout in runs:
            copy = Path(folder) / name.replace(" ", "-") / "library.sqlite3"
            copy.parent.mkdir()
            shutil.copy(made, copy)
            results[name] = starts(checkout, copy, args.starts)
            seconds, written = results[name]
            print(f"{name:>13}: {seconds:.3f} s to open, {written / 1e6:.1f} MB written to backups/")
        if "baseline" in results:
            print(
                f"opening, this version / baseline: {results['this version'][0] / results['baseline'][0]:.2f}"
            )


if __name__ == "__main__":
    main()
