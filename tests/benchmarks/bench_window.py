"""Window speed, against baselines measured in the same run. Not a test: run it by hand.

    python tests/benchmarks/bench_window.py          # offscreen, or a real window when DISPLAY is set

1. From `reader seeds/*.txt` to the first painted comparison and to the library attached, as whole
   processes (median of 5), against a bare PySide6 window that quits on its first paint (the floor any Qt
   program pays here), the previous version (``--baseline DIR``) and, under Xvfb, Meld on three seeds
   (until its window is visible: run ``xvfb-run -s "-screen 0 1920x1080x24" python ...``). Then quitting:
   from the window closed to the process gone, normally and during an alignment.
2. One scroll step (3 lines) of a pane on the 1 MB pair, with the synchronized pane following and the whole
   window repainted (median and 95th percentile of 60 steps), against the same step with
   synchronized scrolling off.
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

BARE_QT = """
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
label = QLabel("hello")
class Quit(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, app.quit)
        return False
label.installEventFilter(Quit(label))
label.show()
app.exec()
"""


def timed(command: list[str], env: dict[str, str], repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(  # from a neutral folder: `python -m` puts it before PYTHONPATH
            command,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=120,
            cwd=tempfile.gettempdir(),
        )
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def quit_time(command: list[str], env: dict[str, str], repeat: int = 5) -> float:
    """Median time from the window being closed (Reader prints when) to the process having exited."""
    times = []
    for _ in range(repeat):
        result = subprocess.run(
            command,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
            cwd=tempfile.gettempdir(),
        )
        ended = time.monotonic()
        marks = [line for line in result.stderr.splitlines() if line.startswith("reader-closing-at ")]
        times.append(ended - float(marks[-1].split()[1]))
    return statistics.median(times)


def meld_time(files: list[str], env: dict[str, str], repeat: int = 5) -> float | None:
    """Median time from starting Meld on ``files`` to its window being visible (xdotool), on the X display
    in ``env``; None without Meld, xdotool or a display."""
    import shutil

    if not (shutil.which("meld") and shutil.which("xdotool") and env.get("DISPLAY")):
        return None
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        meld = subprocess.Popen(
            ["meld", *files], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        subprocess.run(
            ["xdotool", "search", "--sync", "--onlyvisible", "--pid", str(meld.pid)],
            env=env, capture_output=True, timeout=60, check=False,
        )  # fmt: skip
        times.append(time.perf_counter() - start)
        meld.kill()
        meld.wait()
    return statistics.median(times)


def bench_startup(baseline: str | None) -> None:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "xcb" if env.get("DISPLAY") else "offscreen")
    env["XDG_CONFIG_HOME"] = tempfile.mkdtemp()  # no remembered comparison or geometry
    env["READER_DB"] = str(Path(tempfile.mkdtemp()) / "library.sqlite3")  # created by the first run
    seeds = [str(p) for p in sorted((ROOT / "seeds").glob("*.txt"))]
    reader = [sys.executable, "-m", "reader"]
    first_paint = timed([*reader, *seeds], dict(env, READER_QUIT_AFTER="paint"))
    settled = timed([*reader, *seeds], dict(env, READER_QUIT_AFTER="library"))
    three_paint = timed([*reader, *seeds[:3]], dict(env, READER_QUIT_AFTER="paint"))
    bare = timed([sys.executable, "-c", BARE_QT], env)
    print(f"start-up, platform {env['QT_QPA_PLATFORM']} (median of 5 whole processes):")
    print(
        f"  reader, 5 seeds: first painted comparison {first_paint:.2f} s; library attached {settled:.2f} s"
    )
    print(f"  reader, 3 seeds: first painted comparison {three_paint:.2f} s")
    print(f"  bare PySide6 window, first paint: {bare:.2f} s (the floor any Qt program pays here)")
    if baseline:  # the previous version opened the library before the window
        old = dict(env, PYTHONPATH=baseline, READER_QUIT_AFTER_PAINT="1")
        previous = timed([*reader, *seeds[:3]], old)
        print(f"  previous version, 3 seeds, first painted comparison: {previous:.2f} s")
    meld = meld_time(seeds[:3], env)
    if meld is None:
        print("  meld: not measured (needs Debian's meld and xdotool, and DISPLAY: run under xvfb-run)")
    else:
        print(f"  meld, 3 seeds, window visible: {meld:.2f} s")
    closing = quit_time([*reader, *seeds], dict(env, READER_QUIT_AFTER="close"))
    print(f"quit: window closed to process exited {closing:.2f} s (target 0.3 s)")
    big = Path(tempfile.mkdtemp()) / "big.txt"
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import bench_limits

    bench_limits.make_prose(big, 5_000_000)
    during = quit_time([*reader, str(big), seeds[0]], dict(env, READER_QUIT_AFTER="aligning"))
    print(
        f"quit during the alignment of a 5 MB file: window closed to process exited {during:.2f} s (target 0.3 s)"
    )


def bare_scroll_times(text: str) -> list[float]:
    from PySide6.QtWidgets import QApplication, QPlainTextEdit

    app = QApplication.instance()
    view = QPlainTextEdit()
    view.setReadOnly(True)
    view.setPlainText(text)
    view.resize(700, 900)
    view.show()
    app.processEvents()
    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum() // 3)
    app.processEvents()
    times = []
    for _ in range(60):
        start = time.perf_counter()
        bar.setValue(bar.value() + 3)
        app.processEvents()
        times.append(time.perf_counter() - start)
    view.close()
    return times


def bench_scroll() -> None:
    import bench_align
    from PySide6.QtCore import QEventLoop, QSettings
    from PySide6.QtWidgets import QApplication

    from reader.ui.app import create_window

    corpus = bench_align.prose_corpus()
    folder = Path(tempfile.mkdtemp())
    original = bench_align.take(corpus, 1_000_000)
    a, b = folder / "1mb-a.txt", folder / "1mb-b.txt"
    a.write_text(original, encoding="utf-8")
    b.write_text(
        bench_align.edited(original, random.Random(1), bench_align.SENTENCE.split(corpus[-200_000:])),
        encoding="utf-8",
    )
    window = create_window(QSettings(str(folder / "reader.ini"), QSettings.Format.IniFormat))
    window.resize(1600, 1000)
    window.show()
    loop = QEventLoop()
    window.alignment_ready.connect(loop.quit)
    window.open_files([str(a), str(b)])
    loop.exec()
    app = QApplication.instance()
    comparison = window.comparison
    panes = list(comparison.panes.values())
    bar = panes[0].view.verticalScrollBar()
    bar.setValue(bar.maximum() // 3)
    app.processEvents()

    def step_times(sync: bool) -> list[float]:
        comparison.set_sync_scrolling(sync)
        times = []
        for _ in range(60):
            start = time.perf_counter()
            bar.setValue(bar.value() + 3)  # what a wheel notch does; sync follows from the signal
            app.processEvents()  # Qt scrolls the pixels and paints what changed, as it would on screen
            times.append(time.perf_counter() - start)
        return times

    from PySide6.QtCore import QEvent, QObject

    class PaintCounter(QObject):
        count = 0

        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint:
                self.count += 1
            return False

    painted = PaintCounter()
    for widget in [*(p.view.viewport() for p in panes), *comparison.connectors]:
        widget.installEventFilter(painted)
    step_times(True)  # warm up the layout of the region
    before = painted.count
    synced = step_times(True)
    assert painted.count - before >= 60 * (len(panes) + len(comparison.connectors)), "steps were not painted"
    alone = step_times(False)
    floor = bare_scroll_times(original)

    def describe(times: list[float]) -> str:
        ordered = sorted(times)
        return f"median {statistics.median(ordered) * 1000:.1f} ms, p95 {ordered[int(len(ordered) * 0.95)] * 1000:.1f} ms"

    print(f"scroll step on the 1 MB pair, synchronized: {describe(synced)} (target < 16 ms)")
    print(f"scroll step on the 1 MB pair, not synchronized: {describe(alone)}")
    print(f"scroll step of a bare QPlainTextEdit with the same 1 MB text (Qt's floor): {describe(floor)}")
    window.close()


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--baseline", metavar="DIR", help="a checkout of the previous version, run as well")
    parser.add_argument("--no-scroll", action="store_true", help="only start-up and quitting")
    arguments = parser.parse_args()
    bench_startup(arguments.baseline)
    if not arguments.no_scroll:
        bench_scroll()
