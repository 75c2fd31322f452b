"""What a person sees on a screen of a given size, measured in a window of its own (run as a script by
tests/ui/test_small_screen.py, with the offscreen platform set to that screen): the welcome page, then the
sample story with a passage chosen, and the library attached after the first paint as when Reader starts.

Prints one JSON object: ``python -m tests.ui.screen_probe SETTINGS.ini LIBRARY.sqlite3``.
"""

from __future__ import annotations

import json
import sys

from PySide6.QtCore import QEventLoop, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QDockWidget, QLabel, QTabBar, QWidget

from reader.store import Library
from reader.ui.app import create_window
from reader.ui.main_window import MainWindow


def label_shown_whole(label: QLabel) -> bool:
    """Every line of a wrapped label fits its height, and the label is inside its window."""
    inside = label.window().rect().contains(label.mapTo(label.window(), label.rect().bottomRight()))
    return label.heightForWidth(label.width()) <= label.height() and inside


def tabs(window: MainWindow) -> list[dict[str, object]]:
    """The dock tab bars on screen: their titles left to right, the one shown, and whether each title fits
    whole (a tab narrower than its title's needs is drawn elided)."""
    found = []
    for bar in window.findChildren(QTabBar):
        if not bar.isVisible():
            continue
        found.append(
            {
                "titles": [bar.tabText(i) for i in range(bar.count())],
                "current": bar.tabText(bar.currentIndex()),
                "whole": all(bar.tabRect(i).width() >= bar.tabSizeHint(i).width() for i in range(bar.count()))
                and bar.rect().contains(bar.tabRect(bar.count() - 1)),
            }
        )
    return found


def docks(window: MainWindow) -> dict[str, list[int]]:
    """The docks on screen, by title: [width, height]."""
    return {
        dock.windowTitle(): [dock.width(), dock.height()]
        for dock in window.findChildren(QDockWidget)
        if dock.isVisible() and not dock.visibleRegion().isEmpty()
    }


def wait(signal: object, ms: int = 30000) -> None:
    loop = QEventLoop()
    signal.connect(loop.quit)  # type: ignore[attr-defined]
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def settle(ms: int = 150) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def main(settings_path: str, library_path: str) -> None:
    app = QApplication.instance() or QApplication([])
    window = create_window(QSettings(settings_path, QSettings.Format.IniFormat))
    window.show()
    settle()
    window.attach_library(Library.open(library_path))  # after the first paint, as Reader does
    settle()
    subtitle = window.welcome.findChild(QLabel, "welcomeSubtitle")
    hint = window.welcome.findChild(QLabel, "welcomeHint")
    report: dict[str, object] = {
        "screen": [window.screen().availableGeometry().width(), window.screen().availableGeometry().height()],
        "window": [window.width(), window.height()],
        "subtitle_whole": label_shown_whole(subtitle),
        "hint_whole": label_shown_whole(hint),
        "hint": hint.text(),
    }
    window.open_sample()
    wait(window.alignment_ready)
    settle()
    group = next(g for g in window.alignment.groups if len(g.members) >= 3)
    window.comparison.select_group(group.id)
    settle()
    central: QWidget = window.centralWidget()
    report.update(tabs=tabs(window), docks=docks(window), central_width=central.width())
    print(json.dumps(report))
    window.close()
    app.processEvents()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
