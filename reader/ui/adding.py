"""Where new sources come from besides the file dialog: web addresses typed, pasted or dropped."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from reader.core.reading.fetch import is_url
from reader.core.text.display import printable


class AddressField(QPlainTextEdit):
    """Where addresses are typed: Enter opens them (``submitted``), Shift+Enter starts another line, and a
    paste of several lines keeps them all."""

    submitted = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            self.submitted.emit()
            return
        if enter:  # Shift+Enter: a line break, not the paragraph separator Qt would insert
            self.insertPlainText("\n")
            return
        super().keyPressEvent(event)


class AddressDialog(QDialog):
    """File > Open URL…: web addresses, one a line (the clipboard's are suggested). Enter or Open says
    ``chosen`` with the addresses and a line naming the first that is not one ("" when all are)."""

    chosen = Signal(list, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Open URL")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setMinimumWidth(520)
        label = QLabel(
            "Web addresses (http:// or https://). The pages are fetched, kept in the library as snapshots, "
            "and added to this comparison. Enter opens them; Shift+Enter starts another line."
        )
        label.setWordWrap(True)
        self.field = AddressField()
        self.field.setAccessibleName("Web addresses, one a line")
        self.field.setTabChangesFocus(True)
        self.field.setFixedHeight(self.field.fontMetrics().lineSpacing() * 4 + 12)
        clipboard = QApplication.clipboard().text().strip()
        self.field.setPlainText("\n".join(line for line in clipboard.splitlines() if is_url(line)))
        self.field.selectAll()
        label.setBuddy(self.field)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.open_button = buttons.addButton("Open", QDialogButtonBox.ButtonRole.AcceptRole)
        self.open_button.setDefault(True)
        column = QVBoxLayout(self)
        column.addWidget(label)
        column.addWidget(self.field)
        column.addWidget(buttons)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.field.submitted.connect(self.accept)

    def accept(self) -> None:
        if not self.field.toPlainText().strip():
            return  # nothing typed yet: Enter does not close an empty dialog
        urls, problem = read_addresses(self.field.toPlainText())
        super().accept()
        self.chosen.emit(urls, problem)


def read_addresses(text: str) -> tuple[list[str], str]:
    """The web addresses in ``text``, one a line, and a line naming the first line that is not one ("" when
    all are)."""
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
