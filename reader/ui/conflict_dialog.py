"""A note two people changed at once: both texts side by side, to keep one or a combination of them.

``ConflictDialog`` shows one kept conflict (``reader.store.NoteConflict``): the note as saved, the text
whose save lost the race, and an editor that starts with the latter, to combine them. ``NoteConflicts`` is
the annotation panel's part: it knows which annotations have a conflict open (the list marks them, and the
editor offers the dialog), follows the outcome of each save of the note editor (a merge is shown in the
editor; a conflict opens the dialog), and writes the choice (``Library.resolve_conflict``).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from reader.core.text.display import printable
from reader.core.text.merging import merge_texts
from reader.store import Change, NoteConflict, Saved

if TYPE_CHECKING:
    from reader.ui.annotations import AnnotationPanel

MARK = "⚠ two texts of the note to choose from"


class ConflictDialog(QDialog):
    """Choose the note to keep: the one saved, the other one, or the text in the editor below."""

    chosen = Signal(int, str)  # the conflict's id, the note to keep

    def __init__(
        self, conflict: NoteConflict, message: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.conflict = conflict
        self.setWindowTitle("Two texts of one note")
        author = printable(conflict.author)
        said = message or f"The note was changed by two people at once; {author}'s text was kept aside"
        intro = QLabel(f"{said}. Nothing is lost until you choose.")
        intro.setWordWrap(True)
        self.saved_text = self._shown(conflict.theirs, "The note as saved")
        self.other_text = self._shown(conflict.mine, f"{author}'s text, kept aside")
        self.combined = QPlainTextEdit(conflict.mine)
        self.combined.setAccessibleName("The note to keep (edit it to combine the two)")
        buttons = QDialogButtonBox()
        self.keep_saved = QPushButton("Keep the saved note")
        self.keep_other = QPushButton(f"Keep {author}'s text")
        self.keep_combined = QPushButton("Keep the text below")
        later = QPushButton("Decide later")
        for button in (self.keep_saved, self.keep_other, self.keep_combined):
            button.setAutoDefault(False)  # Enter never chooses for the user
            buttons.addButton(button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(later, QDialogButtonBox.ButtonRole.RejectRole)
        self.keep_saved.clicked.connect(lambda: self._choose(conflict.theirs))
        self.keep_other.clicked.connect(lambda: self._choose(conflict.mine))
        self.keep_combined.clicked.connect(lambda: self._choose(self.combined.toPlainText()))
        later.clicked.connect(self.reject)
        layout = QGridLayout(self)
        layout.addWidget(intro, 0, 0, 1, 2)
        layout.addWidget(QLabel("The note as saved"), 1, 0)
        layout.addWidget(QLabel(f"{author}'s text, kept aside"), 1, 1)
        layout.addWidget(self.saved_text, 2, 0)
        layout.addWidget(self.other_text, 2, 1)
        layout.addWidget(QLabel("The note to keep (start from either, combine them):"), 3, 0, 1, 2)
        layout.addWidget(self.combined, 4, 0, 1, 2)
        layout.addWidget(buttons, 5, 0, 1, 2)
        self.resize(720, 480)

    @staticmethod
    def _shown(text: str, name: str) -> QPlainTextEdit:
        view = QPlainTextEdit(text)
        view.setReadOnly(True)
        view.setAccessibleName(name)
        return view

    def _choose(self, text: str) -> None:
        self.chosen.emit(self.conflict.id, text)
        self.accept()


class NoteConflicts(QObject):
    """The annotation panel's conflicts: which annotations have one open, what a save of the note editor
    came to, and the dialog to choose."""

    def __init__(self, panel: AnnotationPanel) -> None:
        super().__init__(panel)
        self.panel = panel
        self.controller = panel.controller
        self.open_ids: set[int] = set()  # annotations with a conflict not yet resolved
        self.dialog: ConflictDialog | None = None
        self._told: int | None = None  # the annotation the notice is about
        self.button = QPushButton("Choose between two texts…")
        self.button.setToolTip("The note was changed by two people at once: both texts are kept")
        self.button.hide()
        self.button.clicked.connect(self.choose)
        self.notice = QLabel()  # what became of the last save that raced ("both changes are kept")
        self.notice.setWordWrap(True)
        self.notice.hide()
        self.bar = QWidget()  # the panel shows it under the note
        bar = QHBoxLayout(self.bar)
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.notice, 1)
        bar.addWidget(self.button)
        self.controller.note_saved.connect(self.saved)
        self.controller.changed.connect(self._changed)
        self.read()

    def mark(self, annotation_id: int) -> str:
        """The line the list shows above an annotation with a conflict open ("" for none)."""
        return MARK + "\n" if annotation_id in self.open_ids else ""

    def read(self) -> None:
        """Read which annotations have a conflict open (off the GUI thread)."""
        self.controller.query(self.controller.library.conflicted, self._read)

    def _read(self, ids: set[int]) -> None:
        changed, self.open_ids = ids ^ self.open_ids, ids
        for info in list(self.panel.model.annotations):
            if info.id in changed:
                self.panel.model.upsert(info)  # its row is drawn again, with or without the mark
        self.current_changed()

    def current_changed(self) -> None:
        current = self.panel.current
        self.button.setVisible(current is not None and current.id in self.open_ids)
        if current is None or current.id != self._told:
            self.notice.hide()

    def _changed(self, change: Change) -> None:
        if change.kind.startswith("annotation_"):
            self.read()

    def saved(self, sent: str, saved: Saved) -> None:
        """A save of the note editor came back: the editor goes on from what was saved, and a save that had
        to keep both texts asks the user to choose."""
        panel, info = self.panel, saved.annotation
        message = saved.message()
        if message is not None:
            self._told = info.id
            self.notice.setText(message + ".")
            self.notice.show()
        if panel.current is not None and panel.current.id == info.id:
            typed = panel.note.toPlainText()
            if typed == sent or saved.outcome == "saved":
                panel.base = info
                if typed == sent and info.note != sent:
                    panel.show_saved_note(info)  # merged with a colleague's change, or theirs kept
            else:  # typed on meanwhile: go on from the merge, or keep the typing to save as a conflict
                ahead = merge_texts(sent, typed, info.note) if saved.outcome != "conflict" else None
                if ahead is not None:
                    panel.base = info
                    panel.replace_typing(ahead)
                else:
                    # What is typed started from ``sent``, which the library never held: saved next as an
                    # edit of it that lost a race, so it is merged or kept as one more conflict.
                    panel.base = replace(info, note=sent, version=info.version - 1)
        if saved.conflict is not None:
            self.open_ids.add(info.id)
            self.current_changed()
            self.show(saved.conflict, message)

    def choose(self) -> None:
        """Open the dialog for the current annotation's oldest open conflict."""
        current, library = self.panel.current, self.controller.library
        if current is None:
            return
        annotation_id = current.id
        self.controller.query(
            lambda: library.note_conflicts(annotation_id),
            lambda found: self.show(found[0]) if found else self.read(),
        )

    def show(self, conflict: NoteConflict, message: str | None = None) -> None:
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = ConflictDialog(conflict, message, self.panel)
        self.dialog.chosen.connect(self.resolve)
        self.dialog.open()

    def resolve(self, conflict_id: int, text: str) -> None:
        """Keep ``text`` as the note (not an undo step: the conflict closes with it)."""
        library = self.controller.library
        self.controller.write(lambda: library.resolve_conflict(conflict_id, text), self._resolved)

    def _resolved(self, saved: Saved) -> None:
        if saved.conflict is not None:  # changed again meanwhile, in the same place: choose again
            self.show(saved.conflict, saved.message())
