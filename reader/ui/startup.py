"""For the start-up benchmark: quit as soon as the comparison has been painted once."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

from reader.ui.main_window import MainWindow


class _FirstPaint(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, QApplication.quit)
        return False


def quit_after_first_paint(window: MainWindow) -> None:
    watcher = _FirstPaint(window)

    def watch() -> None:
        panes = list(window.comparison.panes.values())
        if panes:
            panes[0].view.viewport().installEventFilter(watcher)
            panes[0].view.viewport().update()

    window.alignment_ready.connect(watch)
