from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QSettings

from reader.store import Library
from reader.ui.app import create_window
from reader.ui.main_window import MainWindow

# Dates in the panes follow the locale: the tests read them in one, whatever the machine's is.
QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))


@pytest.fixture
def settings_path(tmp_path: Path) -> Path:
    return tmp_path / "reader.ini"


def make_window(qtbot, settings_path: Path, resize: bool = True) -> MainWindow:
    library = Library.open(settings_path.parent / "library.sqlite3")
    window = create_window(QSettings(str(settings_path), QSettings.Format.IniFormat), library)
    window.destroyed.connect(lambda *_: library.close())
    qtbot.addWidget(window)
    if resize:
        window.resize(1700, 950)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def window(qtbot, settings_path: Path) -> MainWindow:
    return make_window(qtbot, settings_path)


@pytest.fixture
def plain_window(qtbot, tmp_path: Path) -> MainWindow:
    """A window without a library, at a laptop's size: what is measured is the window, not fifty imports."""
    window = create_window(QSettings(str(tmp_path / "reader.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    return window


def open_and_wait(qtbot, window: MainWindow, paths, add: bool = False) -> None:
    """Open files and wait until they are on screen and, with a library, matched with it."""
    signals = [window.alignment_ready] + ([window.comparison_attached] if window.library is not None else [])
    with qtbot.waitSignals(signals, timeout=20000):
        window.open_files([str(p) for p in paths], add=add)
    qtbot.wait(20)  # let the panes lay out


def saved(qtbot, window: MainWindow) -> None:
    """Wait until the writes the window asked for are committed (they run off the GUI thread)."""
    qtbot.waitUntil(lambda: window.annotations is not None and window.annotations.idle, timeout=20000)
