"""Window speed, against baselines measured in the same run. Not a test: run it by hand.

    python tests/benchmarks/bench_window.py          # offscreen, or a real window when DISPLAY is set

1. From `reader seeds/*.txt` to the first painted comparison, as a whole process (median of 5), against a
   bare PySide6 window that quits on its first paint (the floor any Qt program pays here).
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
        subprocess.run(
            command, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120
        )
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_startup() -> None:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "xcb" if env.get("DISPLAY") else "offscreen")
    env["XDG_CONFIG_HOME"] = tempfile.mkdtemp()  # no remembered comparison or geometry
    env["READER_DB"] = str(
        Path(tempfile.mkdtemp()) / "library.sqlite3"
    )  # a new library (created on the first run)
    env["READER_QUIT_AFTER_PAINT"] = "1"
    seeds = [str(p) for p in sorted((ROOT / "seeds").glob("*.txt"))]
    reader = timed([sys.executable, "-m", "reader", *seeds], env)
    bare = timed([sys.executable, "-c", BARE_QT], env)
    print(
        f"start-up: reader seeds/*.txt to first painted comparison {reader:.2f} s (target < 2 s); "
        f"bare PySide6 window {bare:.2f} s; platform {env['QT_QPA_PLATFORM']}"
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
    bench_startup()
    bench_scroll()
