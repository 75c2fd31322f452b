"""Start the application: one QApplication, the theme, the main window."""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import tempfile
import traceback
from string import Template
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from reader import __version__
from reader.export import palette
from reader.resources import resource_path
from reader.ui.main_window import MainWindow
from reader.ui.theme import Theme, current_theme

if TYPE_CHECKING:
    from reader.store import Library

log = logging.getLogger(__name__)


def style_sheet(theme: Theme) -> str:
    try:
        template = Template(resource_path("style.qss").read_text(encoding="utf-8"))
    except OSError:
        return ""
    colors = {
        "header": "#20242a" if theme.dark else "#f4f6f8",
        "border": "#3a3f47" if theme.dark else "#d5d9de",
        "text": theme.text.name(),
        "muted": theme.muted.name(),
        "warning": "#4a3c12" if theme.dark else "#fff4d6",
        # Selected words: a strong violet with white text, unlike every passage tint and the Find marks.
        "selection": (palette.DARK if theme.dark else palette.LIGHT).selection,
    }
    return template.safe_substitute(colors)


def application() -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("Reader")
    app.setOrganizationName("Reader")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("io.github.reader.Reader")
    with contextlib.suppress(FileNotFoundError):  # a missing icon is no reason not to start
        app.setWindowIcon(QIcon(str(resource_path("icons", "reader.svg"))))
    return app


def create_window(settings: QSettings | None = None, library: Library | None = None) -> MainWindow:
    """The window; with ``library``, annotations are on from the start (tests), else once it is attached."""
    app = application()
    theme = current_theme()
    app.setStyleSheet(style_sheet(theme))
    return MainWindow(settings or QSettings(), theme, library)


def open_library(path: str | None) -> Library | None:
    """The library, or None (annotations off) after telling the user why it cannot be opened."""
    from reader.store import Library, StoreError

    try:
        return Library.open(path)
    except StoreError as error:
        say_not_opened(str(error))
        return None


def say_not_opened(problem: str) -> None:
    """Tell the user why the library cannot be opened, and that Reader goes on without annotations."""
    QMessageBox.warning(
        None,
        "Reader",
        f"{problem}\n\nReader will compare files, but annotations are off until this is fixed.",
    )


def run(files: list[str], sample: bool = False, db: str | None = None) -> int:
    """Open the window on ``files``, the sample story, or the last comparison (else the welcome page)."""
    app = application()
    font = QFont(app.font())
    font.setPointSizeF(max(font.pointSizeF(), 10.0))
    app.setFont(font)
    sys.excepthook = _report_unexpected
    window = create_window()
    from reader.resources import library_path
    from reader.ui.choose_library import startup_address

    db = startup_address(window.settings, db)  # else the library last chosen in the window

    window.workspace.keep_cache_beside(library_path(db))  # read by the first alignment, on its thread
    if sample:
        window.open_sample()
    elif files:
        window.open_files(files)
    else:
        window.restore_last()
    window.show()
    from reader.ui.startup import close_while_aligning, open_library_after_first_paint, quit_after_first_paint

    quit_after = os.environ.get("READER_QUIT_AFTER")  # the window benchmark's ways of ending a run
    if quit_after == "paint":
        quit_after_first_paint(window)
    elif quit_after == "aligning":
        close_while_aligning(window)
    else:
        open_library_after_first_paint(window, db)
    code = app.exec()
    # Everything the user has is saved by now: the window saved its note and settings when it closed, and
    # the library commits every change at once. Close the library (its last checkpoint), then leave
    # without tearing down hundreds of modules and Qt objects one by one, which took most of a second.
    if window.library is not None:
        window.library.close()
    sys.stdout.flush()
    sys.stderr.flush()
    logging.shutdown()
    os._exit(code)


def _report_unexpected(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
    """No traceback reaches the user: one sentence on screen, the details in a log file."""
    path = os.path.join(tempfile.gettempdir(), "reader-crash.log")
    try:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write("".join(traceback.format_exception(kind, error, tb)) + "\n")
    except OSError:
        path = "(no log could be written)"
    log.error("unexpected error: %s", error)
    if QApplication.instance() is not None:
        QMessageBox.warning(None, "Reader", f"Something went wrong: {error}\n\nDetails were saved to {path}.")
