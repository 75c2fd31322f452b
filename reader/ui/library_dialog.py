"""File > Library: every saved comparison, to open, rename or delete; and the fetched pages' snapshots.

The list is a Qt model with named roles (``ComparisonListModel``); renaming or deleting changes that one
row, not the whole list.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import IntEnum
from functools import partial
from typing import TypeVar

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QInputDialog,
    QLabel,
    QListView,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from reader.store import ComparisonInfo, Library, SnapshotInfo
from reader.ui.list_models import RecordListModel
from reader.ui.operations import Runner

T = TypeVar("T")


def _size(size: int) -> str:
    return f"{size / 1024:.0f} KB" if size < 1024 * 1024 else f"{size / (1024 * 1024):.1f} MB"


class Role(IntEnum):
    INFO = Qt.ItemDataRole.UserRole + 1  # the ComparisonInfo
    ID = Qt.ItemDataRole.UserRole + 2
    NAME = Qt.ItemDataRole.UserRole + 3
    SOURCES = Qt.ItemDataRole.UserRole + 4  # how many sources


class ComparisonListModel(RecordListModel[ComparisonInfo]):
    """Saved comparisons, most recently opened first."""

    roles = Role

    @property
    def comparisons(self) -> list[ComparisonInfo]:
        return self.records

    def text(self, record: ComparisonInfo) -> str:
        return f"{record.name}\n{len(record.paths)} sources · opened {record.opened_at:%Y-%m-%d %H:%M}"

    def tooltip(self, record: ComparisonInfo) -> str:
        return "\n".join(record.paths)

    def role_data(self, record: ComparisonInfo, role: IntEnum) -> object:
        named: dict[int, object] = {
            Role.INFO: record,
            Role.ID: record.id,
            Role.NAME: record.name,
            Role.SOURCES: len(record.paths),
        }
        return named[role]

    def row_of(self, comparison_id: int) -> int | None:
        return next((row for row, info in enumerate(self.comparisons) if info.id == comparison_id), None)

    def replace(self, row: int, info: ComparisonInfo) -> None:
        self.comparisons[row] = info
        index = self.index(row)
        self.dataChanged.emit(index, index)

    def remove(self, row: int) -> None:
        self.beginRemoveRows(QModelIndex(), row, row)
        del self.comparisons[row]
        self.endRemoveRows()


class SnapshotRole(IntEnum):
    INFO = Qt.ItemDataRole.UserRole + 1  # the SnapshotInfo
    URL = Qt.ItemDataRole.UserRole + 2
    FETCHED_AT = Qt.ItemDataRole.UserRole + 3  # UTC


class SnapshotListModel(RecordListModel[SnapshotInfo]):
    """The fetched pages' snapshots, newest first."""

    roles = SnapshotRole

    def text(self, record: SnapshotInfo) -> str:
        when = record.fetched_at.astimezone().strftime("%Y-%m-%d %H:%M")
        return f"{record.url}\nfetched {when} · {record.content_type} · {_size(record.size)}"

    def tooltip(self, record: SnapshotInfo) -> str:
        return f"{record.url}\nHTTP {record.status}, SHA-256 {record.sha256[:16]}…"

    def role_data(self, record: SnapshotInfo, role: IntEnum) -> object:
        return {
            SnapshotRole.INFO: record,
            SnapshotRole.URL: record.url,
            SnapshotRole.FETCHED_AT: record.fetched_at,
        }[SnapshotRole(role)]


class LibraryDialog(QDialog):
    """Renaming and deleting are written off the GUI thread by ``runner`` (the window's, so that they
    queue with its other writes); the row changes once the library has it."""

    def __init__(
        self,
        library: Library,
        parent: QWidget | None = None,
        runner: Runner | None = None,
        found: tuple[list[ComparisonInfo], list[SnapshotInfo]] | None = None,
    ) -> None:
        """``found``: the saved comparisons and fetched pages, read off the GUI thread (the window's);
        without it, they are read here."""
        super().__init__(parent)
        comparisons_found, snapshots_found = found or (library.comparisons(), library.snapshots())
        self.library = library
        self.runner = runner if runner is not None else Runner(library, self)
        self.chosen: ComparisonInfo | None = None
        self.setWindowTitle("Library")
        self.resize(640, 420)
        self.model = ComparisonListModel(comparisons_found, self)
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setAccessibleName("Saved comparisons")
        self.list.activated.connect(lambda _: self._open())
        if self.model.rowCount():
            self.list.setCurrentIndex(self.model.index(0))
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.hide()
        buttons = QDialogButtonBox()
        self.open_button = buttons.addButton("Open", QDialogButtonBox.ButtonRole.AcceptRole)
        self.rename_button = QPushButton("Rename…")
        self.delete_button = QPushButton("Delete")
        for button in (self.rename_button, self.delete_button):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
            button.setEnabled(not library.read_only)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.open_button.clicked.connect(self._open)
        self.rename_button.clicked.connect(self.rename)
        self.delete_button.clicked.connect(self.delete)
        buttons.rejected.connect(self.reject)
        self.snapshot_rows = SnapshotListModel(snapshots_found, self)
        self.snapshots = QListView()
        self.snapshots.setModel(self.snapshot_rows)
        self.snapshots.setAccessibleName("Fetched pages")
        comparisons = QWidget()
        comparisons_layout = QVBoxLayout(comparisons)
        comparisons_layout.addWidget(
            QLabel("Comparisons you have opened, most recent first. Deleting one keeps its annotations.")
        )
        comparisons_layout.addWidget(self.list)
        pages = QWidget()
        pages_layout = QVBoxLayout(pages)
        pages_layout.addWidget(
            QLabel(
                "Every fetch of a web page is kept as a snapshot (a WARC record), newest first: a comparison "
                "reopens from them offline, exactly as it was."
            )
        )
        pages_layout.addWidget(self.snapshots)
        self.tabs = QTabWidget()
        self.tabs.addTab(comparisons, "Comparisons")
        self.tabs.addTab(pages, f"Fetched pages ({self.snapshot_rows.rowCount()})")
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)

    def _row(self) -> int | None:
        index = self.list.currentIndex()
        return index.row() if index.isValid() else None

    def _open(self) -> None:
        row = self._row()
        if row is not None:
            self.chosen = self.model.comparisons[row]
            self.accept()

    def rename(self, name: str | None = None) -> None:
        """Rename the selected comparison (asking for the name unless given)."""
        row = self._row()
        if row is None:
            return
        info = self.model.comparisons[row]
        if not isinstance(name, str):
            name, ok = QInputDialog.getText(self, "Rename comparison", "Name:", text=info.name)
            if not ok:
                return
        if name.strip():
            wanted, library = name.strip(), self.library

            def rename() -> ComparisonInfo | None:  # on the library's lane: renamed, then read as saved
                library.rename_comparison(info.id, wanted)
                return next((c for c in library.comparisons() if c.id == info.id), None)

            self._attempt(rename, partial(self._renamed, info))

    def _renamed(self, info: ComparisonInfo, renamed: ComparisonInfo | None) -> None:
        row = self.model.row_of(info.id)
        if row is not None and renamed is not None:
            self.model.replace(row, renamed)

    def delete(self) -> None:
        row = self._row()
        if row is not None:
            info = self.model.comparisons[row]
            self._attempt(lambda: self.library.delete_comparison(info.id), partial(self._deleted, info))

    def _deleted(self, info: ComparisonInfo, _result: object) -> None:
        row = self.model.row_of(info.id)
        if row is not None:
            self.model.remove(row)

    def _attempt(self, operation: Callable[[], T], then: Callable[[T], None]) -> None:
        def done(result: T, problem: str | None) -> None:
            self.problem.setText(problem or "")
            self.problem.setVisible(problem is not None)
            if problem is None:
                then(result)

        self.runner.change(operation, done)
