"""File > Backups…: the list of backups on real widgets, and restoring one from the window."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from reader.store import Library
from reader.store import backups as copies
from reader.ui.app import create_window
from reader.ui.backups_dialog import BackupsDialog
from tests.store.old_libraries import old_library
from tests.store.test_backups import annotate, notes


def choose(dialog: BackupsDialog, copy: Path) -> None:
    rows = [dialog.list.topLevelItem(row) for row in range(dialog.list.topLevelItemCount())]
    dialog.list.setCurrentItem(next(item for item in rows if item.toolTip(0) == str(copy)))


def on_next_modal(kind: type[QWidget], act: Callable[[QWidget], None]) -> None:
    """Do ``act`` to the next modal window of ``kind`` once it is up (a dialog's exec() blocks the test)."""

    def poll() -> None:
        widget = QApplication.activeModalWidget()
        if isinstance(widget, kind) and widget.isVisible():
            act(widget)
        else:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)


def press(
    button: QMessageBox.StandardButton, seen: list[str], then: QMessageBox.StandardButton | None = None
) -> Callable[[QWidget], None]:
    """Note the message box's text and press ``button``; with ``then``, answer the next box likewise."""

    def act(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        seen.append(box.text())
        if then is not None:
            QTimer.singleShot(0, lambda: on_next_modal(QMessageBox, press(then, seen)))
        box.button(button).click()

    return act


def window_on(qtbot, tmp_path: Path, library: Library | None):
    window = create_window(QSettings(str(tmp_path / "reader.ini"), QSettings.Format.IniFormat), library)
    if library is not None:
        window.destroyed.connect(lambda *_: library.close())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def library_with_a_backup(tmp_path: Path) -> Path:
    """A library with a backup holding the note "in the backup"; written since: "after the backup"."""
    path = tmp_path / "library.sqlite3"
    annotate(path, "in the backup")
    Library.open(path).close()  # the start-up backup
    annotate(path, "after the backup")
    return path


def test_the_dialog_lists_the_backups_and_where_they_are(qtbot, tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite3"
    old_library(path, "0006")
    Library.open(path).close()  # an upgrade: the copy from before it
    annotate(path, "mine")  # its start backs up the upgraded library
    dialog = BackupsDialog(path)
    qtbot.addWidget(dialog)
    assert dialog.list.topLevelItemCount() == 2
    kinds = [dialog.list.topLevelItem(row).text(1) for row in range(2)]
    assert kinds == ["start-up backup", "copy from before an upgrade (schema 0006)"]
    assert all(dialog.list.topLevelItem(row).text(2).endswith("KB") for row in range(2))
    assert str(tmp_path / "backups") in dialog.folder_label.text()
    assert not dialog.restore_button.isEnabled()  # nothing chosen yet
    dialog.list.setCurrentItem(dialog.list.topLevelItem(0))
    assert dialog.restore_button.isEnabled()


def test_restoring_from_the_window_keeps_the_library_it_replaces(qtbot, tmp_path: Path) -> None:
    path = library_with_a_backup(tmp_path)
    (chosen,) = copies.backups(path)
    window = window_on(qtbot, tmp_path, Library.open(path))  # this start backs up both notes
    said: list[str] = []

    def in_dialog(dialog: QWidget) -> None:
        assert isinstance(dialog, BackupsDialog)
        assert dialog.list.topLevelItemCount() == 2
        choose(dialog, chosen)
        ok = QMessageBox.StandardButton.Ok  # "Restored …"
        on_next_modal(QMessageBox, press(QMessageBox.StandardButton.Yes, said, ok))  # "Restore … ?"
        dialog.restore_button.click()

    on_next_modal(BackupsDialog, in_dialog)
    window.backups_action.trigger()
    assert "kept beside it" in said[0]
    assert said[1].startswith("Restored library.sqlite3-") and "start it again" in said[1]
    assert not window.isVisible()  # Reader closed, to be started on the restored library
    assert window.library is not None and window.library.read_only  # nothing more is written to it
    assert notes(path) == {"in the backup"}
    (replaced,) = tmp_path.glob("library.sqlite3-replaced-*.sqlite3")
    assert str(replaced) in said[1]
    assert notes(replaced) == {"in the backup", "after the backup"}


def test_cancelling_the_restore_changes_nothing(qtbot, tmp_path: Path) -> None:
    path = library_with_a_backup(tmp_path)
    window = window_on(qtbot, tmp_path, Library.open(path))
    said: list[str] = []

    def in_dialog(dialog: QWidget) -> None:
        assert isinstance(dialog, BackupsDialog)
        dialog.list.setCurrentItem(dialog.list.topLevelItem(0))
        on_next_modal(QMessageBox, press(QMessageBox.StandardButton.Cancel, said))
        dialog.restore_button.click()
        QTimer.singleShot(50, dialog.reject)

    on_next_modal(BackupsDialog, in_dialog)
    window.backups_action.trigger()
    assert window.isVisible() and not window.library.read_only
    window.library.add_tag("still writable", "#123456")
    assert notes(path) == {"in the backup", "after the backup"}


def test_a_refused_restore_leaves_the_library_working(qtbot, tmp_path: Path) -> None:
    path = library_with_a_backup(tmp_path)
    (chosen,) = copies.backups(path)
    chosen.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)  # damaged since it was made
    window = window_on(qtbot, tmp_path, Library.open(path))
    said: list[str] = []

    def in_dialog(dialog: QWidget) -> None:
        assert isinstance(dialog, BackupsDialog)
        choose(dialog, chosen)
        ok = QMessageBox.StandardButton.Ok  # the refusal
        on_next_modal(QMessageBox, press(QMessageBox.StandardButton.Yes, said, ok))
        dialog.restore_button.click()

    on_next_modal(BackupsDialog, in_dialog)
    window.backups_action.trigger()
    assert "cannot be restored" in said[1] and "\n" not in said[1]
    assert window.isVisible()
    window.library.add_tag("still writable", "#123456")  # the closed library reopened on use
    assert notes(path) == {"in the backup", "after the backup"}


def test_a_library_that_could_not_be_opened_is_restored_and_opened(qtbot, tmp_path: Path) -> None:
    path = library_with_a_backup(tmp_path)
    with sqlite3.connect(path) as connection:  # now unopenable: it says a newer Reader made it
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.close()
    window = window_on(qtbot, tmp_path, None)
    window.library_path = path  # as the start-up sets it before opening the library, which failed
    said: list[str] = []

    def in_dialog(dialog: QWidget) -> None:
        assert isinstance(dialog, BackupsDialog)
        dialog.list.setCurrentItem(dialog.list.topLevelItem(0))
        on_next_modal(QMessageBox, press(QMessageBox.StandardButton.Yes, said, QMessageBox.StandardButton.Ok))
        dialog.restore_button.click()

    on_next_modal(BackupsDialog, in_dialog)
    window.backups_action.trigger()
    assert said[1].startswith("Restored ")
    assert window.isVisible() and window.library is not None
    assert {info.note for info in window.library.annotations()} == {"in the backup"}
    assert window.annotate_action.isEnabled()
    window.library.close()
