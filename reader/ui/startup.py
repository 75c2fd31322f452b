"""What happens once the window is up: the library opens after the comparison has been painted, its
database layer (SQLAlchemy alone takes about half a second to import) imported on another thread meanwhile,
so that it never delays the first paint nor holds up the window."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

from reader.ui import side_panel
from reader.ui.main_window import MainWindow

if TYPE_CHECKING:
    from reader.running import Outcome
    from reader.store import Library


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


def _open_library(db: str | None) -> Library:
    """Import the database layer (SQLAlchemy alone takes about half a second) and open the library (its
    backup, its upgrades): on a thread of its own, which the GUI thread never waits for."""
    import reader.ui.annotations
    import reader.ui.window_library  # noqa: F401
    from reader.store import Library

    return Library.open(db)


def open_library_after_first_paint(window: MainWindow, db: str | None) -> None:
    """Open the library once the first comparison has been painted, off the GUI thread: the window as
    first painted does not change when it opens (the annotations tab and the annotate button are there from
    the start; a press meanwhile waits for the library)."""
    window.library_wait.opening = True

    def opened(outcome: Outcome[Library]) -> None:
        from reader.resources import library_path
        from reader.ui.app import say_not_opened

        window.library_path = library_path(db)  # File > Backups… works without a library
        if outcome.result is not None:
            window.attach_library(outcome.result)
        else:
            say_not_opened(outcome.problem or "")
            window.library_wait.failed()
            side_panel.say_no_library(window.annotations_dock)
        quit_after = os.environ.get("READER_QUIT_AFTER")
        if quit_after == "library":  # the start-up benchmark's settled window
            QTimer.singleShot(0, QApplication.quit)
        elif quit_after == "close":  # the benchmark's normal quit: the time it takes from here to exit
            QTimer.singleShot(0, lambda: _close_timed(window))

    after_first_paint(
        window,
        lambda: window.runner.beside(
            lambda: _open_library(db), opened, lambda error: f"The library could not be opened: {error}"
        ),
    )


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
