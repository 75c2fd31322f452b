"""File > Library: every saved comparison, to open, rename or delete."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from reader.store import ComparisonInfo, Library


class LibraryDialog(QDialog):
    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.chosen: ComparisonInfo | None = None
        self.setWindowTitle("Library")
        self.resize(640, 420)
        self.list = QListWidget()
        self.list.itemActivated.connect(lambda _: self._open())
        buttons = QDialogButtonBox()
        self.open_button = buttons.addButton("Open", QDialogButtonBox.ButtonRole.AcceptRole)
        rename = QPushButton("Rename…")
        delete = QPushButton("Delete")
        buttons.addButton(rename, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(delete, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.open_button.clicked.connect(self._open)
        rename.clicked.connect(self._rename)
        delete.clicked.connect(self._delete)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel("Comparisons you have opened, most recent first. Deleting one keeps its annotations.")
        )
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        self.refresh()

    def refresh(self) -> None:
        self.list.clear()
        for info in self.library.comparisons():
            item = QListWidgetItem(
                f"{info.name}\n{len(info.paths)} sources · opened {info.opened_at:%Y-%m-%d %H:%M}"
            )
            item.setData(Qt.ItemDataRole.UserRole, info)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)

    def _current(self) -> ComparisonInfo | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def _open(self) -> None:
        self.chosen = self._current()
        if self.chosen is not None:
            self.accept()

    def _rename(self) -> None:
        info = self._current()
        if info is None:
            return
        name, ok = QInputDialog.getText(self, "Rename comparison", "Name:", text=info.name)
        if ok and name.strip():
            self.library.rename_comparison(info.id, name.strip())
            self.refresh()

    def _delete(self) -> None:
        info = self._current()
        if info is not None:
            self.library.delete_comparison(info.id)
            self.refresh()
