"""Where new sources come from besides the file dialog: web addresses typed, pasted or dropped."""

from __future__ import annotations

from PySide6.QtCore import QMimeData
from PySide6.QtWidgets import QApplication, QInputDialog, QWidget

from reader.core.display import printable
from reader.core.fetch import is_url


def ask_for_urls(parent: QWidget) -> tuple[list[str], str]:
    """File > Open URL…: the web addresses typed, one per line (the clipboard's are suggested), and a line
    naming the first one that is not a web address ("" when all are)."""
    clipboard = QApplication.clipboard().text().strip()
    suggested = "\n".join(line for line in clipboard.splitlines() if is_url(line))
    text, accepted = QInputDialog.getMultiLineText(
        parent,
        "Open URL",
        "Web addresses (http:// or https://), one per line. The pages are fetched, kept in the library "
        "as snapshots, and added to this comparison:",
        suggested,
    )
    if not accepted:
        return [], ""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    wrong = [line for line in lines if not is_url(line)]
    problem = (
        f"{printable(wrong[0])}: is not a web address (it must start with http:// or https://)"
        if wrong
        else ""
    )
    return [line for line in lines if is_url(line)], problem


def clipboard_urls() -> list[str]:
    """The web addresses on the clipboard, one a line."""
    return [line.strip() for line in QApplication.clipboard().text().splitlines() if is_url(line)]


def dropped(data: QMimeData) -> list[str]:
    """Files and web links dropped on the window (a link dragged from a browser comes as a URL, or as text)."""
    found = []
    for url in data.urls():
        if url.isLocalFile():
            found.append(url.toLocalFile())
        elif is_url(url.toString()):
            found.append(url.toString())
    if not found and data.hasText():
        found = [line.strip() for line in data.text().splitlines() if is_url(line)]
    return found
