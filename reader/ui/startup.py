"""What happens once the window is up: the library opens after the comparison has been painted, its
database layer (SQLAlchemy alone takes about half a second to import) imported on another thread meanwhile,
so that it never delays the first paint nor holds up the window."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from reader.ui import side_panel
from reader.ui.main_window import MainWindow


class _FirstPaint(QObject):
    def __init__(self, parent: QObject, callback: Callable[[], None]) -> None:
        super().__init__(parent)
        self.callback: Callable[[], None] | None = callback

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self.callback is not None:
            callback, self.callback = self.callback, None
            QTimer.singleShot(0, callback)  # after this paint has reached the screen
        return False


def after_first_paint(window: MainWindow, callback: Callable[[], None]) -> None:
    """Call ``callback`` once the first comparison has been painted, or at once after the window's first
    paint when there is nothing to align (welcome page, or every file refused)."""
    done = [False]

    def once() -> None:
        if not done[0]:
            done[0] = True
            callback()

    if not window.runner.running:
        window.installEventFilter(_FirstPaint(window, once))
        window.update()
        return

    def watch() -> None:
        panes = list(window.comparison.panes.values())
        target = panes[0].view.viewport() if panes else window
        target.installEventFilter(_FirstPaint(window, once))
        target.update()

    window.alignment_ready.connect(watch)
    window.runner.stopped.connect(lambda: QTimer.singleShot(0, once) if window.current is None else None)


class _Loaded(QObject):
    """Says on the GUI thread that the database layer has been imported on another."""

    done = Signal()

    def __init__(self, parent: QObject, then: Callable[[], None]) -> None:
        super().__init__(parent)
        self.then = then
        self.done.connect(self._done)  # a slot of this object: run on the GUI thread, where it lives

    def _done(self) -> None:
        self.then()


def load_library_modules(window: MainWindow, then: Callable[[], None]) -> None:
    """Import the database layer on a thread of its own (SQLAlchemy alone takes about half a second),
    then call ``then`` on the GUI thread, which never waits for the import."""
    loaded = _Loaded(window, then)

    def load() -> None:
        try:
            import reader.store
            import reader.ui.annotations
            import reader.ui.window_library  # noqa: F401
        finally:  # an import that fails fails again on the GUI thread, and is reported there
            loaded.done.emit()

    threading.Thread(target=load, name="load-library", daemon=True).start()


def open_library_after_first_paint(window: MainWindow, db: str | None) -> None:
    """Open the library once the first comparison has been painted, its modules imported in the
    background: the window as first painted does not change when it opens (the annotations tab and the
    annotate button are there from the start; a press meanwhile waits for the library)."""
    from reader.ui.app import open_library

    window.library_wait.opening = True

    def attach() -> None:
        from reader.store.db import default_path

        window.library_path = Path(db) if db else default_path()  # File > Backups… works without a library
        library = open_library(db)
        if library is not None:
            window.attach_library(library)
        else:
            window.library_wait.failed()
            side_panel.say_no_library(window.annotations_dock)
        quit_after = os.environ.get("READER_QUIT_AFTER")
        if quit_after == "library":  # the start-up benchmark's settled window
            QTimer.singleShot(0, QApplication.quit)
        elif quit_after == "close":  # the benchmark's normal quit: the time it takes from here to exit
            QTimer.singleShot(0, lambda: _close_timed(window))

    after_first_paint(window, lambda: load_library_modules(window, attach))


def _close_timed(window: MainWindow) -> None:
    import sys
    import time

    print(f"reader-closing-at {time.monotonic():.6f}", file=sys.stderr, flush=True)
    window.close()
    QApplication.quit()


def close_while_aligning(window: MainWindow) -> None:
    """For the benchmark: close the window once the alignment has started, as a user who changes their mind."""

    def progressed(percent: int) -> None:
        if percent >= 25:
            window.runner.progressed.disconnect(progressed)
            _close_timed(window)

    window.runner.progressed.connect(progressed)


def quit_after_first_paint(window: MainWindow) -> None:
    """For the start-up benchmark: quit as soon as the comparison has been painted once."""
    after_first_paint(window, QApplication.quit)
