"""Which library the window works in, and who the user is in it.

File > Choose library… takes a library file on this computer or a team's library on a PostgreSQL server
(``postgresql://user@host/database``), with an optional password and the TLS mode. The password goes to the
system keyring (``reader.address.store_password``) and into this session's connection only: Reader's
settings keep the address without it (``Address.saved``), as do the recent libraries. The chosen library is
opened on a thread of its own; if it cannot be, the window says why in one line (the store's message) and
keeps the library it has. The next start opens the chosen library unless ``--db`` or ``READER_DB`` says
otherwise. The status bar names the library open (a server without its password).

File > Your name… (and the chooser's "Your name") sets the display name written beside every annotation, tag and note the user makes
(``Store.author``); until it is set, it is ``READER_AUTHOR`` or the system user.

No database code at import: the window loads this before SQLAlchemy (the store is imported when used).
"""

from __future__ import annotations

import os
import urllib.parse
import weakref
from functools import partial
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from reader.address import Address, AddressError, parse, store_password, without_password
from reader.ui.settings import Settings

if TYPE_CHECKING:
    from reader.running import Outcome
    from reader.store import Library
    from reader.ui.main_window import MainWindow

RECENT_LIMIT = 8
LABEL_NAME = "libraryName"  # the status bar's label naming the library open
TLS_MODES: tuple[tuple[str, str | None], ...] = (
    ("As the address or libpq says (prefer)", None),
    ("Off (disable)", "disable"),
    ("Encrypted, certificate not checked (require)", "require"),
    ("Encrypted, the certificate's authority checked (verify-ca)", "verify-ca"),
    ("Encrypted, certificate and host name checked (verify-full)", "verify-full"),
)
_SWITCHING: weakref.WeakSet[QWidget] = weakref.WeakSet()  # windows whose chosen library is opening
FILE_FILTER = "Reader libraries (*.sqlite3 *.sqlite *.db);;All files (*)"


# -- who the user is -----------------------------------------------------------------------------------------
def display_name(settings: Settings) -> str:
    """The name the user writes under: as set in the window, else ``READER_AUTHOR``, else the system user."""
    chosen = (settings.display_name or "").strip()
    if chosen:
        return chosen
    from reader.store.transactions import default_author

    return default_author()


def apply_display_name(window: MainWindow, name: str) -> str:
    """Keep ``name`` (blank: back to the default) and write under it from now on; the name in use."""
    window.settings.display_name = " ".join(name.split())
    window.settings.sync()
    used = display_name(window.settings)
    if window.library is not None:
        window.library.author = used
    return used


def ask_display_name(window: MainWindow) -> None:
    """File > Your name…: a small dialog with the name in use."""
    name, ok = QInputDialog.getText(
        window,
        "Your name",
        "The name shown beside your annotations, tags and notes, to everyone who shares the library and "
        "in exports (leave it blank for your user name):",
        QLineEdit.EchoMode.Normal,
        display_name(window.settings),
    )
    if ok:
        used = apply_display_name(window, name)
        window.statusBar().showMessage(f"Your annotations are signed “{used}” from now on.", 6000)


# -- which library is open -----------------------------------------------------------------------------------
def library_attaching(window: MainWindow, library: Library) -> None:
    """A library is being attached to ``window``: it writes under the user's name, and the status bar
    names it."""
    library.author = display_name(window.settings)
    show_library_name(window, library.address)


def short_name(address: Address) -> str:
    """The library in a few words: a file's name, or a server's user@host/database (never a password)."""
    if address.path is not None:
        return address.path.name
    parts = urllib.parse.urlsplit(without_password(address.url or ""))
    host = dict(urllib.parse.parse_qsl(parts.query)).get("host", "")
    where = f"{parts.netloc}{parts.path}"
    return where if parts.hostname or not host else f"{where} on {host}"


def show_library_name(window: MainWindow, address: Address) -> None:
    label = window.statusBar().findChild(QLabel, LABEL_NAME)
    if label is None:
        label = QLabel()
        label.setObjectName(LABEL_NAME)
        label.setTextFormat(Qt.TextFormat.PlainText)
        window.statusBar().addPermanentWidget(label)
    label.setText(f"Library: {short_name(address)}")
    label.setToolTip(address.shown)
    label.setAccessibleName(f"Library open: {address.shown}")


def startup_address(settings: Settings, db: str | None) -> str | None:
    """The library to open at start: ``--db``, else ``READER_DB``, else the one last chosen in the window."""
    if db or os.environ.get("READER_DB"):
        return db
    return settings.library


def remember(settings: Settings, address: Address) -> None:
    """The chosen library, first among the recent ones: its address without any password."""
    saved = address.saved
    settings.library = saved
    recent = [saved, *(other for other in settings.recent_libraries if other != saved)]
    settings.recent_libraries = recent[:RECENT_LIMIT]
    settings.sync()


def with_password(url: str, password: str) -> str:
    """``url`` carrying ``password`` (for this session's connection only)."""
    parts = urllib.parse.urlsplit(url)
    userinfo, at, host = parts.netloc.rpartition("@")
    user = userinfo.partition(":")[0] if at else ""
    netloc = f"{user}:{urllib.parse.quote(password, safe='')}@{host}"
    return urllib.parse.urlunsplit(parts._replace(netloc=netloc))


def password_in(url: str) -> str | None:
    parts = urllib.parse.urlsplit(url)
    if parts.password is not None:
        return urllib.parse.unquote(parts.password)
    return dict(urllib.parse.parse_qsl(parts.query)).get("password")


def sslmode_of(url: str) -> str | None:
    return dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query)).get("sslmode")


def with_sslmode(url: str, mode: str | None) -> str:
    """``url`` with ``sslmode=mode`` (None: as it is); other parameters (sslrootcert, host…) unchanged."""
    if mode is None:
        return url
    parts = urllib.parse.urlsplit(url)
    query = [(k, v) for k, v in urllib.parse.parse_qsl(parts.query, keep_blank_values=True) if k != "sslmode"]
    query.append(("sslmode", mode))
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))


class ChooseLibraryDialog(QDialog):
    """A library file (typed or browsed) or a server address, its password and TLS mode; the recent ones."""

    def __init__(
        self, current: Address | None, recent: list[str], parent: QWidget | None = None, name: str = ""
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Choose library")
        self.file_choice = QRadioButton("A library &file on this computer")
        self.server_choice = QRadioButton("A team's library on a &PostgreSQL server")
        choices = QButtonGroup(self)
        choices.addButton(self.file_choice)
        choices.addButton(self.server_choice)
        self.path_edit = QLineEdit()
        self.path_edit.setPlaceholderText("/home/ana/Reader/library.sqlite3")
        self.path_edit.setAccessibleName("Library file")
        self.browse_button = QPushButton("&Browse…")
        self.url_edit = QLineEdit()
        self.url_edit.setPlaceholderText("postgresql://ana@db.example.org/newsroom")
        self.url_edit.setAccessibleName("Server address")
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText("from ~/.pgpass, PGPASSWORD or the keyring")
        self.password_edit.setAccessibleName("Password")
        self.tls_mode = QComboBox()
        for text, mode in TLS_MODES:
            self.tls_mode.addItem(text, mode)
        self.tls_mode.setAccessibleName("Encryption")
        self.name_edit = QLineEdit(name)
        self.name_edit.setAccessibleName("Your name")
        self.name_edit.setToolTip("Shown beside your annotations, tags and notes, to the team and in exports")
        self.recent_list = QListWidget()
        self.recent_list.setAccessibleName("Recent libraries")
        self.recent_list.setMaximumHeight(self.recent_list.fontMetrics().height() * (RECENT_LIMIT // 2 + 1))
        for saved in recent:
            QListWidgetItem(saved, self.recent_list)
        self.problem = QLabel()
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020;")
        self.problem.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel
        )

        file_row = QHBoxLayout()
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(self.browse_button)
        server = QFormLayout()
        server.addRow("Address", self.url_edit)
        server.addRow("Password", self.password_edit)
        server.addRow("Encryption", self.tls_mode)
        note = QLabel(
            "The password is kept in the system keyring, never in Reader's settings. SQLite files must not "
            "be shared over a network drive: a team shares a library on a server."
        )
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.file_choice)
        layout.addLayout(file_row)
        layout.addWidget(self.server_choice)
        layout.addLayout(server)
        layout.addWidget(note)
        if recent:
            layout.addWidget(QLabel("Recent libraries"))
            layout.addWidget(self.recent_list)
        you = QFormLayout()
        you.addRow("Your name", self.name_edit)
        layout.addLayout(you)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)

        self.browse_button.clicked.connect(self._browse)
        self.file_choice.toggled.connect(self._enable)
        self.recent_list.currentTextChanged.connect(self.show_address)
        self.path_edit.textEdited.connect(lambda _: self.file_choice.setChecked(True))
        self.url_edit.textEdited.connect(lambda _: self.server_choice.setChecked(True))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.file_choice.setChecked(True)
        if current is not None:
            self.show_address(current.saved)
        self._enable()
        self.resize(560, self.sizeHint().height())

    def show_address(self, saved: str) -> None:
        """Fill the fields with ``saved`` (an address without password)."""
        if not saved:
            return
        try:
            address = parse(saved)
        except AddressError:
            return
        if address.path is not None:
            self.path_edit.setText(str(address.path))
            self.file_choice.setChecked(True)
        else:
            self.url_edit.setText(saved)
            self.tls_mode.setCurrentIndex(max(0, self.tls_mode.findData(sslmode_of(saved))))
            self.server_choice.setChecked(True)
        self._enable()

    def _enable(self) -> None:
        on_file = self.file_choice.isChecked()
        file_fields: tuple[QWidget, ...] = (self.path_edit, self.browse_button)
        server_fields: tuple[QWidget, ...] = (self.url_edit, self.password_edit, self.tls_mode)
        for widget in file_fields:
            widget.setEnabled(on_file)
        for widget in server_fields:
            widget.setEnabled(not on_file)

    def _browse(self) -> None:
        start = self.path_edit.text() or str(Path.home())
        path, _ = QFileDialog.getSaveFileName(
            self,
            "A library file (an existing one, or a new one)",
            start,
            FILE_FILTER,
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if path:
            self.path_edit.setText(path)
            self.file_choice.setChecked(True)

    def address_text(self) -> str:
        """The address chosen, as typed (a server's with the TLS mode chosen), without the password field."""
        if self.file_choice.isChecked():
            return self.path_edit.text().strip()
        return with_sslmode(self.url_edit.text().strip(), self.tls_mode.currentData())

    def password(self) -> str | None:
        return (self.password_edit.text() or None) if self.server_choice.isChecked() else None

    def accept(self) -> None:
        try:
            address = parse(self.address_text())
        except AddressError as error:
            self.problem.setText(str(error))
            self.problem.show()
            return
        if address.is_server != self.server_choice.isChecked():
            self.problem.setText(
                "A server's address starts with postgresql://; a file is a path."
                if address.is_server
                else f"{address.shown}: not a postgresql:// address"
            )
            self.problem.show()
            return
        super().accept()


def choose_library(window: MainWindow) -> None:
    """File > Choose library…"""
    current = window.library.address if window.library is not None else None
    name = display_name(window.settings)
    dialog = ChooseLibraryDialog(current, window.settings.recent_libraries, window, name)
    if dialog.exec() == QDialog.DialogCode.Accepted:
        if " ".join(dialog.name_edit.text().split()) != name:
            apply_display_name(window, dialog.name_edit.text())
        switch_library(window, dialog.address_text(), dialog.password())


def _say(window: MainWindow, problem: str) -> None:
    window.message_bar.show_message(escape(" ".join(problem.split())))


def switch_library(window: MainWindow, text: str, password: str | None = None) -> bool:
    """Open the library at ``text`` off the GUI thread and work in it once it is open; the library open now
    stays if it cannot be (the window says why in one line). False when it was not even tried."""
    try:
        address = parse(text)
    except AddressError as error:
        _say(window, str(error))
        return False
    if window.library_wait.opening or window in _SWITCHING:
        window.statusBar().showMessage("A library is opening; choose another once it is open.", 8000)
        return False
    session = address.url or ""
    if address.is_server:
        password = password or password_in(session)
        if password:
            session = with_password(without_password(session), password)
            address = parse(without_password(session))  # what is kept and shown
            kept = store_password(address, password)
            if kept is not None:
                window.statusBar().showMessage(f"The password is used for this session only: {kept}", 10000)
    opening = session if address.is_server else str(address.path)
    _SWITCHING.add(window)
    window.statusBar().showMessage(f"Opening {address.shown}…", 30000)

    def opened(outcome: Outcome[Library]) -> None:
        _SWITCHING.discard(window)
        if outcome.result is None:
            kept = window.library.shown if window.library is not None else None
            still = f" Still working in {kept}." if kept else ""
            _say(window, f"{outcome.problem or address.shown + ': could not be opened'}.{still}")
            window.statusBar().clearMessage()
            return
        replace_library(window, outcome.result)
        remember(window.settings, address)
        window.statusBar().showMessage(f"Working in {address.shown}.", 8000)

    window.runner.beside(
        partial(_open, opening),
        opened,
        lambda error: f"{address.shown}: the library could not be opened ({error})",
    )
    return True


def _open(address: str) -> Library:
    from reader.store import Library

    return Library.open(address)


def replace_library(window: MainWindow, library: Library) -> None:
    """Work in ``library`` instead of the one open: what was asked of the old one is done first (a note
    typed a moment ago is saved), then it is closed and the panel, undo and marks follow the new one."""
    old, work = window.library, window.library_work
    if window.annotation_panel is not None:
        window.annotation_panel.save_note()
    if window.annotations is not None:
        window.annotations.finish()
    if work is not None:
        work.wait()
        work.annotations.undo_stack.clear()
        work.annotations.deleteLater()
        work.deleteLater()
    for action, text in ((window.undo_action, "&Undo"), (window.redo_action, "&Redo")):
        action.setEnabled(False)
        action.setText(text)
    window.library_wait.work, window.library_wait.ready = None, False
    window.read_only_label.hide()  # said again if the new library is read-only
    window.library = window.annotations = window.annotation_panel = window.library_work = None
    window.attach_library(library)
    if old is not None:
        old.close()
