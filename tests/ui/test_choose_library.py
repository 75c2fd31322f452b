"""Choosing the library in the window (a file, or a team's library on a real PostgreSQL server), the display
name the user's annotations are signed with, and the annotation panel filtered by author."""

from __future__ import annotations

from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel

from reader.address import KEYRING_SERVICE, parse
from reader.store import Library, NewTarget
from reader.ui.choose_library import (
    LABEL_NAME,
    ChooseLibraryDialog,
    apply_display_name,
    choose_library,
    startup_address,
    switch_library,
    with_password,
)
from reader.ui.settings import Settings

from .conftest import make_window, open_and_wait, saved

SEEDS = sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))
PASSWORD = "pw-Zq8#s3cret"


class MemoryKeyring(KeyringBackend):
    """The system keyring's stand-in (the edge of the world: this machine has none)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.passwords.pop((service, username), None)


@pytest.fixture
def memory_keyring():
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def _label(window) -> QLabel:
    label = window.statusBar().findChild(QLabel, LABEL_NAME)
    assert label is not None
    return label


def _switched(qtbot, window, before) -> None:
    qtbot.waitUntil(lambda: window.library is not before and window.library_work is not None, timeout=20000)
    qtbot.waitUntil(lambda: window.library_wait.ready, timeout=20000)


def _settings_text(settings_path: Path) -> str:
    QSettings(str(settings_path), QSettings.Format.IniFormat).sync()
    return settings_path.read_text(encoding="utf-8")


# -- the display name ---------------------------------------------------------------------------------------
def test_new_annotations_are_signed_with_the_display_name(
    qtbot, settings_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("READER_AUTHOR", "Default Person")
    Settings(QSettings(str(settings_path), QSettings.Format.IniFormat)).display_name = "Ana Núñez"
    window = make_window(qtbot, settings_path)
    open_and_wait(qtbot, window, SEEDS)
    assert window.library.author == "Ana Núñez"
    window.comparison.select_group(window.alignment.groups[0].id, origin=0)
    window.annotate()
    saved(qtbot, window)
    (made,) = window.library.annotations()
    assert (made.created_by, made.modified_by) == ("Ana Núñez", "Ana Núñez")

    assert apply_display_name(window, "  Ben   O'Hara ") == "Ben O'Hara"  # spaces tidied
    window.annotation_panel.toggle_tag("disputed", True)
    saved(qtbot, window)
    (changed,) = window.library.annotations()
    assert (changed.created_by, changed.modified_by) == ("Ana Núñez", "Ben O'Hara")
    assert "Ben O'Hara" in _settings_text(settings_path)

    assert apply_display_name(window, "") == "Default Person"  # blank: back to READER_AUTHOR
    assert window.library.author == "Default Person"


# -- the author filter ---------------------------------------------------------------------------------------
def test_the_panel_filters_by_who_made_or_changed_an_annotation(qtbot, window) -> None:
    open_and_wait(qtbot, window, SEEDS)
    panel, library = window.annotation_panel, window.library
    ids = window.source_ids
    library.author = "Ana"  # as two colleagues would, in the same library
    anas = library.add_annotation([NewTarget(ids[0], 0, 10)], ["disputed"], "Ana's note")
    library.author = "Ben"
    bens = library.add_annotation([NewTarget(ids[1], 0, 10)], [], "Ben's note")
    library.update_annotation(anas.id, note="Ana's note, Ben checked it")
    panel.refresh()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2, timeout=10000)
    names = [panel.author_filter.itemData(i) for i in range(panel.author_filter.count())]
    assert names == [None, "Ana", "Ben"]

    def shown() -> list[int]:
        return [info.id for info in panel.model.annotations]

    panel.author_filter.setCurrentIndex(panel.author_filter.findData("Ana"))
    qtbot.waitUntil(lambda: shown() == [anas.id], timeout=10000)
    row = panel.model.data(panel.model.index(0), Qt.ItemDataRole.DisplayRole)
    assert "Ben · just now · made by Ana" in row  # who changed it last, when, and who made it
    panel.author_filter.setCurrentIndex(panel.author_filter.findData("Ben"))
    qtbot.waitUntil(lambda: shown() == [anas.id, bens.id], timeout=10000)
    assert "Ben · just now" in panel.model.data(panel.model.index(1), Qt.ItemDataRole.DisplayRole)
    assert panel.count_label.text() == "2 annotations"
    panel.author_filter.setCurrentIndex(0)
    qtbot.waitUntil(lambda: shown() == [anas.id, bens.id], timeout=10000)


# -- choosing the library ------------------------------------------------------------------------------------
def test_choosing_a_library_file_works_in_it_and_remembers_it(qtbot, window, settings_path: Path) -> None:
    open_and_wait(qtbot, window, SEEDS)
    first = window.library
    assert _label(window).text() == "Library: library.sqlite3"
    other = settings_path.parent / "team" / "other.sqlite3"
    other.parent.mkdir()
    with qtbot.waitSignal(window.comparison_attached, timeout=20000):
        assert switch_library(window, str(other))
        _switched(qtbot, window, first)
    assert window.library.path == other and window.annotation_panel.controller.library is window.library
    assert len(window.library.sources()) == len(SEEDS)  # the comparison on screen, matched with it
    assert _label(window).text() == "Library: other.sqlite3"
    window.comparison.select_group(window.alignment.groups[0].id, origin=0)
    window.annotate()
    saved(qtbot, window)
    assert len(window.library.annotations()) == 1
    again = Library.open(settings_path.parent / "library.sqlite3")
    try:
        assert again.annotations() == []  # written to the library chosen, not the one before
    finally:
        again.close()
    settings = Settings(QSettings(str(settings_path), QSettings.Format.IniFormat))
    assert settings.library == str(other) and settings.recent_libraries[0] == str(other)
    assert startup_address(settings, None) == str(other)  # the next start opens it
    assert startup_address(settings, "/given.sqlite3") == "/given.sqlite3"  # --db wins


def test_choosing_a_server_keeps_its_password_in_the_keyring_and_never_in_the_settings(
    qtbot, window, settings_path: Path, postgres, memory_keyring
) -> None:
    open_and_wait(qtbot, window, SEEDS)
    first = window.library
    url = postgres.new_database()

    def fill_and_open() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ChooseLibraryDialog)
        dialog.server_choice.setChecked(True)
        dialog.url_edit.setText(url)
        dialog.password_edit.setText(PASSWORD)
        dialog.tls_mode.setCurrentIndex(dialog.tls_mode.findData("disable"))  # a unix socket has no TLS
        dialog.name_edit.setText("Ana on the team")
        dialog.accept()

    QTimer.singleShot(0, fill_and_open)
    with qtbot.waitSignal(window.comparison_attached, timeout=30000):
        choose_library(window)
        _switched(qtbot, window, first)
    library = window.library
    try:
        assert library.is_server and "sslmode=disable" in library.shown
        assert len(library.sources()) == len(SEEDS)
        window.comparison.select_group(window.alignment.groups[0].id, origin=0)
        window.annotate()
        saved(qtbot, window)
        assert [a.created_by for a in library.annotations()] == ["Ana on the team"]
        database = url.split("/")[-1].split("?")[0]
        assert database in _label(window).text()
        assert PASSWORD not in _label(window).text() + _label(window).toolTip() + library.shown
        text = _settings_text(settings_path)
        assert database in text and PASSWORD not in text  # remembered, without the password
        saved_address = Settings(QSettings(str(settings_path), QSettings.Format.IniFormat)).library
        assert saved_address is not None and "sslmode=disable" in saved_address
        assert memory_keyring.passwords == {(KEYRING_SERVICE, parse(saved_address).keyring_key): PASSWORD}
    finally:
        window.close()
        library.close()


def test_a_wrong_address_says_why_in_one_line_and_keeps_the_library_open(qtbot, window, postgres) -> None:
    open_and_wait(qtbot, window, SEEDS)
    first = window.library
    assert not switch_library(window, "mysql://ana@db.example.org/newsroom")
    assert "PostgreSQL" in window.message_bar.label.text()
    assert switch_library(window, postgres.url("no_such_database"))
    qtbot.waitUntil(lambda: "no such database" in window.message_bar.label.text(), timeout=20000)
    message = window.message_bar.label.text()
    assert "\n" not in message and "<br" not in message and "Traceback" not in message
    assert "no_such_database" in message and f"Still working in {first.shown}" in message
    assert window.library is first and _label(window).text() == "Library: library.sqlite3"
    window.comparison.select_group(window.alignment.groups[0].id, origin=0)
    window.annotate()  # the library open before is still the one annotated
    saved(qtbot, window)
    assert len(first.annotations()) == 1


def test_the_dialog_gives_the_address_with_its_tls_mode_and_never_its_password(qtbot) -> None:
    url = "postgresql://ana@db.example.org/newsroom?sslrootcert=%2Fetc%2Fca.pem"
    dialog = ChooseLibraryDialog(parse(url), [url, "/home/ana/library.sqlite3"])
    qtbot.addWidget(dialog)
    assert dialog.server_choice.isChecked() and dialog.url_edit.text() == url
    dialog.tls_mode.setCurrentIndex(dialog.tls_mode.findData("verify-full"))
    dialog.password_edit.setText(PASSWORD)
    chosen = dialog.address_text()
    assert "sslmode=verify-full" in chosen and "sslrootcert=%2Fetc%2Fca.pem" in chosen
    assert PASSWORD not in chosen and dialog.password() == PASSWORD
    dialog.recent_list.setCurrentRow(1)  # a recent file library fills the file field
    assert dialog.file_choice.isChecked() and dialog.address_text() == "/home/ana/library.sqlite3"
    assert dialog.password() is None
    dialog.server_choice.setChecked(True)
    dialog.url_edit.setText("mysql://ana@db/newsroom")
    dialog.accept()
    assert dialog.problem.isVisibleTo(dialog) and "PostgreSQL" in dialog.problem.text()
    assert dialog.result() == 0  # still open, to be corrected
    assert (
        with_password("postgresql://ana@h/d?x=1", "p@ss:w/rd") == "postgresql://ana:p%40ss%3Aw%2Frd@h/d?x=1"
    )
