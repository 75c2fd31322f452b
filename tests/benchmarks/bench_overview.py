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

Issue 34's window: ``--versions --sources N`` opens N versions of one story (``story_versions.py``, made
afresh, or read from ``--versions-folder``), ``--library`` with a library as a user has (settled once the comparison
is attached to it). Printed besides: when the alignment job handed its result to the GUI thread, the
window's own work from there to settled, and the GUI thread's longest stall (a 10 ms timer's longest gap,
less 10 ms) while the job ran and after. ``--profile`` prints the GUI thread's profile of one run,
``--stalls`` where the GUI thread was while its timer was late (sampled from another thread).

    QT_QPA_PLATFORM=offscreen python tests/benchmarks/bench_overview.py --versions --sources 200 \
        --library --baseline /work/wt/base
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
TARGET_500_S = 15.0

CHILD = r"""
import json, os, resource, sys, time
from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
from PySide6.QtWidgets import QApplication
from reader.ui.app import create_window, application

paths, settings, quiet = json.loads(sys.argv[1]), sys.argv[2], int(sys.argv[3])
profile = sys.argv[4] == "profile"
app = application()
library = None
if os.environ.get("READER_BENCH_LIBRARY"):  # a library, as a user has: the comparison attached to it
    from reader.store import Library
    library = Library.open(os.environ["READER_BENCH_LIBRARY"])
window = create_window(QSettings(settings, QSettings.Format.IniFormat), library)
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
    waiting = waiting or (library is not None and "attached" not in marks)
    if not waiting and time.perf_counter() - marks["last_paint"] >= quiet / 1000:
        app.quit()
    else:
        QTimer.singleShot(20, check)

window.alignment_ready.connect(ready)
done = window._alignment_done
def received(loaded):  # the alignment job finished: what follows is the window's own work
    marks["received"] = time.perf_counter()
    done(loaded)
window._alignment_done = received
window.comparison_attached.connect(lambda: marks.setdefault("attached", time.perf_counter()))

# The GUI thread's stalls: a timer that should tick every 10 ms; a longer gap is the event loop blocked.
ticks = {"last": None, "work": 0.0, "window": 0.0}
long_gaps = []
def tick():
    now = time.perf_counter()
    if ticks["last"] is not None:
        phase = "window" if "ready" in marks else "work"
        ticks[phase] = max(ticks[phase], now - ticks["last"] - 0.010)
        if now - ticks["last"] > 0.2:
            long_gaps.append((ticks["last"] - start, now - ticks["last"]))
    ticks["last"] = now
ticker = QTimer()
ticker.setInterval(10)
ticker.timeout.connect(tick)
ticker.start()

if sys.argv[4] == "stalls":  # where the GUI thread is while its timer is late: sampled from a thread
    import collections, threading, traceback
    main_id, seen = threading.get_ident(), collections.Counter()
    def sample():
        while True:
            time.sleep(0.02)
            last = ticks["last"]
            if last is not None and time.perf_counter() - last > 0.1:
                frames = sys._current_frames()
                stack = traceback.format_stack(frames[main_id], limit=12)
                where = "".join(line.split("\n")[0] + "\n" for line in stack[-6:])
                others = [  # the other threads, which hold the interpreter lock when the GUI thread waits
                    traceback.format_stack(frame, limit=4)[-1].split("\n")[0]
                    for ident, frame in frames.items() if ident not in (main_id, threading.get_ident())
                ]
                seen[where + "".join(f"  [other thread] {o}\n" for o in others)] += 1
    threading.Thread(target=sample, daemon=True).start()
profiler = None
if profile:  # the GUI thread only: cProfile follows the thread that enabled it
    import cProfile
    profiler = cProfile.Profile()
    profiler.enable()
start = time.perf_counter()
window.open_files(paths)
app.exec()
if sys.argv[4] == "stalls":
    print("marks: " + ", ".join(f"{k} {v - start:.2f}" for k, v in marks.items()), file=sys.stderr)
    print("gaps: " + ", ".join(f"{s:.2f}+{d:.2f}" for s, d in long_gaps), file=sys.stderr)
    for stack, count in seen.most_common(12):
        print(f"{count * 20} ms in:\n{stack}\n", file=sys.stderr)
if profiler is not None:
    import pstats
    profiler.disable()
    pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(45)
result = {
    "settled": marks["last_paint"] - start,
    "ready": marks["ready"] - start,
    "received": marks["received"] - start,
    "overview": marks["overview"] - marks["ready"] if "overview" in marks else None,
    "built": sum(built) if built else None,
    "attached": marks["attached"] - start if "attached" in marks else None,
    "rows": window.overview_dock.panel.model.rowCount() if hasattr(window, "overview_dock") else None,
    "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "stall_work": ticks["work"],
    "stall_window": ticks["window"],
}
print("RESULT " + json.dumps(result))
sys.stdout.flush()
import os
os._exit(0)
"""


def run(
    root: Path, paths: list[str], profile: bool = False, library: bool = False, stalls: bool = False
) -> dict[str, float | None]:
    env = dict(os.environ, PYTHONPATH=str(root))
    env.setdefault("QT_QPA_PLATFORM", "xcb" if env.get("DISPLAY") else "offscreen")
    settings = str(Path(tempfile.mkdtemp()) / "reader.ini")
    if library:
        env["READER_BENCH_LIBRARY"] = str(Path(tempfile.mkdtemp()) / "library.sqlite3")
    mode = "profile" if profile else "stalls" if stalls else "-"
    done = subprocess.run(
        [sys.executable, "-c", CHILD, json.dumps(paths), settings, str(QUIET_MS), mode],
        env=env, capture_output=True, text=True, timeout=600, check=True, cwd=tempfile.gettempdir(),
    )  # fmt: skip
    if profile or stalls:
        print(f"--- the GUI thread's profile or stalls, {root} ---\n{done.stderr}")
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


def story_paths(arguments: argparse.Namespace) -> list[str]:
    """The sources to open: ``--versions``, versions of one story (issue 34's generator; the pre-made
    ``--versions-folder`` when given), else copies of one story (``tests/syndicated.py``)."""
    folder = Path(tempfile.mkdtemp())
    if not arguments.versions:
        from tests.syndicated import write_story

        return [str(p) for p in write_story(folder / "story", arguments.sources, size=7200)]
    made = arguments.versions_folder
    if made is not None and len(list(made.glob("version*.txt"))) >= arguments.sources:
        return [str(made / f"version{n:03}.txt") for n in range(arguments.sources)]
    sys.path.insert(0, str(ROOT / "tests" / "benchmarks"))
    from story_versions import write

    return [str(p) for p in write(arguments.sources, folder / "versions")]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--baseline", metavar="DIR", help="a checkout of the previous version, run as well")
    parser.add_argument("--sources", type=int, default=50, help="how many sources (N)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--versions", action="store_true", help="versions of one story (story_versions.py), not copies"
    )
    parser.add_argument("--versions-folder", type=Path, help="versions made before (version000.txt ...)")
    parser.add_argument("--library", action="store_true", help="with a library: settled once attached")
    parser.add_argument("--profile", action="store_true", help="print the GUI thread's profile (one run)")
    parser.add_argument("--stalls", action="store_true", help="print where the GUI thread stalls (one run)")
    parser.add_argument("--no-engine", action="store_true", help="skip the windowless engine time")
    arguments = parser.parse_args()
    paths = story_paths(arguments)
    sizes = [Path(p).stat().st_size for p in paths]
    print(
        f"{len(paths)} sources, {statistics.mean(sizes) / 1000:.1f} KB each on average "
        f"({min(sizes) / 1000:.1f} to {max(sizes) / 1000:.1f}), window 1366x768, "
        f"platform {os.environ.get('QT_QPA_PLATFORM') or ('xcb' if os.environ.get('DISPLAY') else 'offscreen')}"
        + (", with a library" if arguments.library else "")
    )
    versions = [("this version", ROOT)]
    if arguments.baseline:
        versions.append((f"baseline {arguments.baseline}", Path(arguments.baseline)))
    results: dict[str, list[dict[str, float | None]]] = {name: [] for name, _ in versions}
    once = arguments.profile or arguments.stalls
    for _ in range(1 if once else arguments.repeat):
        for name, root in versions:  # alternating: a slower minute of the machine weighs on both
            results[name].append(run(root, paths, arguments.profile, arguments.library, arguments.stalls))

    def median(name: str, key: str) -> float:
        return statistics.median(float(r[key] or 0.0) for r in results[name])

    for name, _ in versions:
        line = (
            f"{name}: settled {median(name, 'settled'):.2f} s (alignment received {median(name, 'received'):.2f} s, "
            f"on screen {median(name, 'ready'):.2f} s"
            + (f", attached {median(name, 'attached'):.2f} s" if arguments.library else "")
            + f"), the window's own work {median(name, 'settled') - median(name, 'received'):.2f} s, "
            f"longest GUI stall {median(name, 'stall_work') * 1000:.0f} ms while aligning and "
            f"{median(name, 'stall_window') * 1000:.0f} ms after, peak memory {median(name, 'peak_mb'):.0f} MB"
        )
        if results[name][0]["overview"] is not None:
            line += (
                f"; the overview made in {median(name, 'built'):.2f} s and drawn {median(name, 'overview'):.2f} s "
                f"after the alignment was on screen, {results[name][0]['rows']:.0f} rows"
            )
        print(line + f" (median of {len(results[name])})")
    if not arguments.no_engine:
        print(
            f"of which reading, aligning and who-had-it-first (no window, this version): {engine_time(paths):.2f} s"
        )
    mine = median(versions[0][0], "settled")
    target = TARGET_S if len(paths) <= 50 else TARGET_500_S
    print(f"target: settled within {target:.0f} s: {'met' if mine <= target else 'not met'} ({mine:.2f} s)")
    if len(versions) > 1:
        base = median(versions[1][0], "settled")
        extra = median(versions[0][0], "peak_mb") - median(versions[1][0], "peak_mb")
        own = median(versions[0][0], "settled") - median(versions[0][0], "received")
        base_own = median(versions[1][0], "settled") - median(versions[1][0], "received")
        print(
            f"ratio to the baseline: {mine / base:.2f}x the time, the window's own work {own / base_own:.2f}x, "
            f"{extra:+.0f} MB peak memory"
        )


if __name__ == "__main__":
    main()
