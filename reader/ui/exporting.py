"""Exporting the comparison on screen from the window: the file written, and a problem said in the window's
message bar (success in its status bar)."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QMainWindow

from reader.comparison import Comparison
from reader.export.report import ExportOptions, Report
from reader.store import StoreError
from reader.ui.widgets import MessageBar


def export_comparison(
    window: QMainWindow,
    comparison: Comparison,
    path: str,
    fmt: str | None,
    options: ExportOptions | None,
    message_bar: MessageBar,
) -> bool:
    """Write ``comparison`` (with the annotations of its library, if attached) to ``path``; a problem is
    said in ``message_bar``, success in the status bar. Reads the library here: the window's File > Export
    reads it off the GUI thread (``LibraryWork.choose_export``)."""
    try:
        report = comparison.report(options)
    except StoreError as error:
        message_bar.show_message(escape(str(error)))
        return False
    return write_export(window, report, path, fmt, message_bar)


def write_export(
    window: QMainWindow, report: Report, path: str, fmt: str | None, message_bar: MessageBar
) -> bool:
    """Write ``report`` to ``path`` (the format from ``fmt``, or else the suffix); said as ``export_comparison``
    says it."""
    from reader.export.formats import ExportError, export

    try:
        used = export(report, path, fmt)
    except (ExportError, StoreError) as error:
        message_bar.show_message(escape(str(error)))
        return False
    window.statusBar().showMessage(f"Exported {used.upper()} to {path}.", 8000)
    return True
