"""The overview of many sources, opened and settled, against the previous version opening the same sources
(which has no overview), measured in the same run. Not a test: run it by hand.

    git worktree add /tmp/base-overview 67e8380      # the previous version
    python tests/benchmarks/bench_overview.py --baseline /tmp/base-overview

Fifty copies of one story (about 7 KB each, ``tests/syndicated.py``) are opened in a 1366x768 window, each
version in a process of its own (alternating, median of ``--repeat``): from ``open_files`` to the window
settled, i.e. the alignment on screen and, for this version, the overview built and drawn, and then no paint
for ``QUIET_MS``. Peak memory is the process's peak resident set. The overview's own cost (making the grid
from the alignment, and from the alignment on screen to the grid drawn) is printed too, and once, for scale,
reading, aligning and working out who had it first without a window (what both versions pay first).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

QUIET_MS = 400
TARGET_S = 3.0

CHILD = r"""
import json, resource, sys, time
from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
from PySide6.QtWidgets import QApplication
from reader.ui.app import create_window, application

paths, settings, quiet = json.loads(sys.argv[1]), sys.argv[2], int(sys.argv[3])
app = application()
window = create_window(QSettings(settings, QSettings.Format.IniFormat))
window.resize(1366, 768)
window.show()
app.processEvents()
marks = {}

class Paints(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            marks["last_paint"] = time.perf_counter()
            dock = getattr(window, "overview_dock", None)
            if dock is not None and "overview" not in marks and dock.panel.overview is not None:
                if watched is dock.panel.table.viewport():
                    marks["overview"] = time.perf_counter()
        return False

built = []
if hasattr(window, "overview_dock"):  # the grid made from the alignment: timed where it happens
    panel = window.overview_dock.panel
    refresh = panel.refresh
    def timed_refresh():
        begin = time.perf_counter()
        refresh()
        built.append(time.perf_counter() - begin)
    panel.refresh = timed_refresh

paints = Paints()
app.installEventFilter(paints)

def ready():
    marks["ready"] = time.perf_counter()
    check()

def check():
    dock = getattr(window, "overview_dock", None)
    waiting = dock is not None and "overview" not in marks
    waiting = waiting or marks.get("last_paint", 0) < marks["ready"]  # the panes not drawn yet
    if not waiting and time.perf_counter() - marks["last_paint"] >= quiet / 1000:
        app.quit()
    else:
        QTimer.singleShot(20, check)

window.alignment_ready.connect(ready)
start = time.perf_counter()
window.open_files(paths)
app.exec()
result = {
    "settled": marks["last_paint"] - start,
    "ready": marks["ready"] - start,
    "overview": marks["overview"] - marks["ready"] if "overview" in marks else None,
    "built": sum(built) if built else None,
    "rows": window.overview_dock.panel.model.rowCount() if hasattr(window, "overview_dock") else None,
    "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}
print("RESULT " + json.dumps(result))
sys.stdout.flush()
import os
os._exit(0)
"""


def run(root: Path, paths: list[str]) -> dict[str, float | None]:
    env = dict(os.environ, PYTHONPATH=str(root))
    env.setdefault("QT_QPA_PLATFORM", "xcb" if env.get("DISPLAY") else "offscreen")
    settings = str(Path(tempfile.mkdtemp()) / "reader.ini")
    done = subprocess.run(
        [sys.executable, "-c", CHILD, json.dumps(paths), settings, str(QUIET_MS)],
        env=env, capture_output=True, text=True, timeout=600, check=True, cwd=tempfile.gettempdir(),
    )  # fmt: skip
    line = next(line for line in done.stdout.splitlines() if line.startswith("RESULT "))
    result: dict[str, float | None] = json.loads(line[len("RESULT ") :])
    return result


def engine_time(paths: list[str]) -> float:
    """Reading, aligning and working out who had it first, in this process: what both versions pay before
    any window work."""
    import time

    from reader.core.alignment.align import align
    from reader.core.provenance.who_first import provenance
    from reader.core.reading.sources import read_source

    start = time.perf_counter()
    alignment = align([read_source(p) for p in paths])
    provenance(alignment)  # worked out in the window's worker too
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--baseline", metavar="DIR", help="a checkout of the previous version, run as well")
    parser.add_argument("--sources", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3)
    arguments = parser.parse_args()
    from tests.syndicated import write_story

    folder = Path(tempfile.mkdtemp())
    paths = [str(p) for p in write_story(folder / "story", arguments.sources, size=7200)]
    sizes = [Path(p).stat().st_size for p in paths]
    print(
        f"{len(paths)} sources, {statistics.mean(sizes) / 1000:.1f} KB each on average "
        f"({min(sizes) / 1000:.1f} to {max(sizes) / 1000:.1f}), window 1366x768, "
        f"platform {os.environ.get('QT_QPA_PLATFORM') or ('xcb' if os.environ.get('DISPLAY') else 'offscreen')}"
    )
    versions = [("this version, overview", ROOT)]
    if arguments.baseline:
        versions.append(("previous version (67e8380), no overview", Path(arguments.baseline)))
    results: dict[str, list[dict[str, float | None]]] = {name: [] for name, _ in versions}
    for _ in range(arguments.repeat):
        for name, root in versions:  # alternating: a slower minute of the machine weighs on both
            results[name].append(run(root, paths))

    def median(name: str, key: str) -> float:
        return statistics.median(float(r[key] or 0.0) for r in results[name])

    for name, _ in versions:
        line = (
            f"{name}: settled {median(name, 'settled'):.2f} s (alignment on screen {median(name, 'ready'):.2f} s), "
            f"peak memory {median(name, 'peak_mb'):.0f} MB"
        )
        if results[name][0]["overview"] is not None:
            line += (
                f"; the overview made in {median(name, 'built'):.2f} s and drawn {median(name, 'overview'):.2f} s "
                f"after the alignment was on screen, {results[name][0]['rows']:.0f} rows"
            )
        print(line + f" (median of {arguments.repeat})")
    print(
        f"of which reading, aligning and who-had-it-first (no window, this version): {engine_time(paths):.2f} s"
    )
    mine = median(versions[0][0], "settled")
    print(
        f"target: settled within {TARGET_S:.0f} s: {'met' if mine <= TARGET_S else 'not met'} ({mine:.2f} s)"
    )
    if len(versions) > 1:
        base = median(versions[1][0], "settled")
        extra = median(versions[0][0], "peak_mb") - median(versions[1][0], "peak_mb")
        print(f"ratio to the previous version: {mine / base:.2f}x the time, {extra:+.0f} MB peak memory")


if __name__ == "__main__":
    main()
