"""File > Backups…: the library's backups, where they are, and restoring one.

The list shows each copy's date, kind (a start-up backup, or the copy kept from before an upgrade) and size,
and the folder they are in. Restore… asks first, then ``reader.store.backups.restore`` puts the copy in place
and keeps the library it replaces beside it, renamed. A library open in the window is closed for it; as the
window's views hold ids of the replaced library, the window then closes and the user starts Reader again
(the honest way: nothing on screen can then write into the restored library by mistake). When the library
could not be opened at start, the restored one is opened in the window at once.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QLocale, Qt, QTime
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reader.store import backups as copies

if TYPE_CHECKING:
    from reader.ui.main_window import MainWindow


def _when(moment: datetime) -> str:
    locale = QLocale()
    day = locale.toString(QDate(moment.year, moment.month, moment.day), QLocale.FormatType.ShortFormat)
    clock = locale.toString(QTime(moment.hour, moment.minute, moment.second), QLocale.FormatType.LongFormat)
    return f"{day} {clock}".replace("\u202f", " ")


def _size(size: int) -> str:
    return f"{size / 1024:.0f} KB" if size < 1024 * 1024 else f"{size / (1024 * 1024):.1f} MB"


class BackupsDialog(QDialog):
    """The backups of the library at ``path``, newest first; ``chosen`` is the one the user confirmed to
    restore (the dialog is accepted then)."""

    def __init__(self, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Backups of the library")
        self.resize(640, 380)
        self.path = Path(path)
        self.chosen: copies.BackupInfo | None = None
        self.backups = copies.all_backups(self.path)
        folder = copies.backup_dir(self.path)
        self.folder_label = QLabel(
            f"Reader keeps the last {copies.BACKUPS_KEPT} start-up backups (made when the library changed "
            f"since the last one) and the copy from before each of the last {copies.UPGRADE_COPIES_KEPT} "
            f"upgrades, in the folder:\n{folder}"
        )
        self.folder_label.setWordWrap(True)
        self.folder_label.setTextFormat(Qt.TextFormat.PlainText)  # a path is text, never markup
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.list = QTreeWidget()
        self.list.setHeaderLabels(["Made", "Kind", "Size"])
        self.list.setRootIsDecorated(False)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        for info in self.backups:
            kind = info.label if info.revision is None else f"{info.label} (schema {info.revision})"
            item = QTreeWidgetItem([_when(info.made_at), kind, _size(info.size)])
            item.setToolTip(0, str(info.path))
            self.list.addTopLevelItem(item)
        for column in range(3):
            self.list.resizeColumnToContents(column)
        self.empty_label = QLabel("There are no backups yet: one is made at the next start after a change.")
        self.empty_label.setVisible(not self.backups)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.restore_button = QPushButton("&Restore…")
        self.restore_button.setEnabled(False)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.restore_button.clicked.connect(self.confirm_restore)
        self.list.itemSelectionChanged.connect(
            lambda: self.restore_button.setEnabled(bool(self.list.selectedItems()))
        )
        self.list.itemDoubleClicked.connect(lambda *_: self.confirm_restore())
        layout = QVBoxLayout(self)
        layout.addWidget(self.folder_label)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty_label)
        layout.addWidget(buttons)

    def selected(self) -> copies.BackupInfo | None:
        items = self.list.selectedItems()
        return self.backups[self.list.indexOfTopLevelItem(items[0])] if items else None

    def confirm_restore(self) -> None:
        info = self.selected()
        if info is None:
            return
        answer = QMessageBox.question(
            self,
            "Restore a backup",
            f"Put the {info.label} of {_when(info.made_at)} in place of the library?\n\n"
            f"The library as it is now is not deleted: it is kept beside it as a file named "
            f"“{self.path.name}-replaced-…”. Reader then closes; start it again to work with the "
            "restored library.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.chosen = info
            self.accept()


def show_backups(window: MainWindow, path: Path) -> None:
    """File > Backups…: list them, and restore the one the user confirms."""
    dialog = BackupsDialog(path, window)
    if dialog.exec() and dialog.chosen is not None:
        restore_in_window(window, path, dialog.chosen)


def restore_in_window(window: MainWindow, path: Path, chosen: copies.BackupInfo) -> bool:
    """Restore ``chosen`` in place of the library at ``path``, closing the window's library for it. True
    when it was restored; a refusal is said in one line, and the library is then left as it was."""
    library = window.library
    if library is not None:
        if window.annotation_panel is not None:
            window.annotation_panel.save_note()  # a note typed a moment ago is kept in the replaced library
        if window.annotations is not None and not window.annotations.finish():
            QMessageBox.warning(window, "Reader", "Changes are still being saved; restore again in a moment.")
            return False
        library.close()  # its connections reopen on the next use, should the restore be refused
    try:
        replaced = copies.restore(path, chosen.path)
    except copies.BackupError as error:
        QMessageBox.warning(window, "Reader", str(error))
        return False
    kept = f"\n\nThe library it replaced is kept as {replaced}." if replaced is not None else ""
    if library is None:  # the library could not be opened at start: open the restored one now
        from reader.ui.app import open_library

        restored = open_library(str(path))
        if restored is not None:
            window.attach_library(restored)
        QMessageBox.information(window, "Reader", f"Restored {chosen.path.name}.{kept}")
        return True
    library.retire("it was replaced by a backup; start Reader again to work with the restored library")
    QMessageBox.information(
        window,
        "Reader",
        f"Restored {chosen.path.name}.{kept}\n\nReader closes now: start it again to work with the restored "
        "library.",
    )
    window.close()
    return True
