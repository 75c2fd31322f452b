"""The annotation panel: filter, list and edit the annotations of the comparison on screen.

Edits go through the ``AnnotationController`` (undoable, written off the GUI thread). A note is saved as it
is typed; if a save fails, the editor keeps the text, so nothing typed is lost.

The note editor shows what the library holds: every change to the annotation (an undo or redo, a tag, a
write by another window or program, read again when the field takes focus or the window is active again)
is loaded into it, except while it holds typing not yet saved, which is saved a moment later. Ctrl+Z in the
note field undoes typing in the field while some of it is not saved yet (and the field has it to undo);
otherwise Ctrl+Z is the window's Undo, which names what it undoes ("Undo note on “Musk…”"), and the field
shows the note as undone. Edit > Undo saves the typing first, so it undoes it too.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QIcon, QKeyEvent, QKeySequence, QPixmap, QTextCursor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reader.store import DEFAULT_TAG_COLOR, AnnotationInfo, Change, Library, StoreError, TagInfo
from reader.ui.annotation_controller import AnnotationController
from reader.ui.annotation_list import AnnotationListModel, Filter, Role, byline
from reader.ui.conflict_dialog import NoteConflicts
from reader.ui.flow import FlowLayout
from reader.ui.note_preview import NotePreview

NOTE_SAVE_DELAY_MS = 600  # a note is saved this long after the last keystroke (and when focus leaves)


def tag_icon(color: str) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(QColor(color))
    return QIcon(pixmap)


class AnnotationPanel(QWidget):
    """Filter, list, and edit annotations. Editing saves at once."""

    jump_requested = Signal(int)  # annotation id
    reattach_requested = Signal(
        int
    )  # annotation id: put it (an orphan, or a misplaced one) on the words selected

    def __init__(self, controller: AnnotationController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.source_ids: dict[int, str] = {}  # library source id -> display name
        self.current: AnnotationInfo | None = None
        self.base: AnnotationInfo | None = None  # the annotation as the note editor's text started from
        self._colors: dict[str, str] = {}
        self._tags: list[TagInfo] = []  # the library's tags, as last read (on the library's lane)
        self._authors: list[str] = []  # who made or changed the annotations on these sources, as last read
        self._loading = False
        self._unsaved = False  # the note editor holds typing the library has not confirmed

        self.tag_filter = QComboBox()
        self.source_filter = QComboBox()
        self.author_filter = QComboBox()
        self.author_filter.setAccessibleName("Show annotations made or changed by this person")
        self.author_filter.setToolTip("Annotations made or last changed by this person")
        self.search = QLineEdit()
        self.search.setPlaceholderText("Filter by text")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Filter annotations by text")
        self.tag_filter.setAccessibleName("Show annotations with this tag")
        self.source_filter.setAccessibleName("Show annotations on this source")
        self.model = AnnotationListModel(self._describe, self)
        self.model.decorate = self._icon
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.setAccessibleName("Annotations")
        self.count_label = QLabel()

        self.quote_label = QLabel()
        self.quote_label.setWordWrap(True)
        self.quote_label.setTextFormat(Qt.TextFormat.PlainText)
        self.tag_row = FlowLayout()  # wraps: many tags never widen the panel
        self.new_tag = QToolButton()
        self.new_tag.setText("+ Tag…")
        self.tag_row.addWidget(self.new_tag)
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText("Write a note (Markdown). It is saved as you type.")
        self.preview = NotePreview()
        self.preview.setPlaceholderText("The note, as it will be shared")
        self.note.setAccessibleName("Note (Markdown)")
        self.preview.setAccessibleName("The note as it will be shared")
        self.delete_button = QPushButton("Delete")
        self.reattach_button = QPushButton("Re-attach to selected words")
        self.reattach_button.setToolTip(
            "Select the words this annotation belongs on in its source's pane, then press this: its tags and "
            "note move with it"
        )
        self.reattach_button.hide()
        # Small minimums: the panel shares the side of a 768-pixel screen with other panels.
        self.list.setMinimumHeight(48)
        self.note.setMinimumHeight(48)
        self.preview.setMinimumHeight(32)
        self.editor = QWidget()
        editor_layout = QVBoxLayout(self.editor)
        editor_layout.setContentsMargins(0, 0, 0, 0)
        editor_layout.addWidget(self.quote_label)
        tags = QWidget()
        tags.setLayout(self.tag_row)
        editor_layout.addWidget(tags)
        editor_layout.addWidget(self.note, 2)
        editor_layout.addWidget(self.preview, 1)
        self.conflicts = NoteConflicts(self)  # two texts of one note to choose from
        editor_layout.addWidget(self.conflicts.bar)
        buttons = QHBoxLayout()
        buttons.addWidget(self.reattach_button)
        buttons.addStretch(1)
        buttons.addWidget(self.delete_button)
        editor_layout.addLayout(buttons)

        filters = QHBoxLayout()
        filters.addWidget(self.tag_filter)
        filters.addWidget(self.source_filter)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addLayout(filters)
        searches = QHBoxLayout()
        searches.addWidget(self.search, 2)
        searches.addWidget(self.author_filter, 1)
        top_layout.addLayout(searches)
        top_layout.addWidget(self.list, 1)
        top_layout.addWidget(self.count_label)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(self.editor)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(split)

        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(NOTE_SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.save_note)
        self.note.textChanged.connect(self._note_edited)
        self.note.installEventFilter(self)
        controller.stepping.connect(self.save_note)
        self.delete_button.clicked.connect(self._delete)
        self.reattach_button.clicked.connect(self._reattach)
        self.new_tag.clicked.connect(self._new_tag)
        self.list.selectionModel().currentChanged.connect(self._current_changed)
        self.list.activated.connect(lambda index: self.jump_requested.emit(index.data(Role.ID)))
        for widget in (self.tag_filter, self.source_filter, self.author_filter):
            widget.currentIndexChanged.connect(self.refresh)
        self.search.textChanged.connect(self.refresh)
        controller.changed.connect(self.apply_change)
        self.editor.setEnabled(False)
        self._fill_filters()
        self._read_tags()

    # -- content -------------------------------------------------------------------------------------------
    def set_sources(self, source_ids: dict[int, str]) -> None:
        self.source_ids = source_ids
        self._fill_filters()
        self.refresh()

    def _read_tags(self, then: Callable[[], None] | None = None) -> None:
        """Read the library's tags (off the GUI thread), show them in the filter, then call ``then``."""

        def got(tags: list[TagInfo]) -> None:
            self._tags, self._colors = tags, {t.name: t.color for t in tags}
            self._fill_filters()
            if then is not None:
                then()

        self.controller.query(self.controller.library.tags, got)

    def _fill_filters(self) -> None:
        self._loading = True
        tag, source = self.tag_filter.currentData(), self.source_filter.currentData()
        author = self.author_filter.currentData()
        self.tag_filter.clear()
        self.tag_filter.addItem("All tags", None)
        for info in self._tags:
            self.tag_filter.addItem(tag_icon(info.color), info.name, info.name)
        self.source_filter.clear()
        self.source_filter.addItem("All sources", None)
        for source_id, name in self.source_ids.items():
            self.source_filter.addItem(name, source_id)
        self.author_filter.clear()
        self.author_filter.addItem("All authors", None)
        for name in sorted({*self._authors, *([author] if author else [])}, key=str.casefold):
            self.author_filter.addItem(name, name)  # the one chosen stays, also when none of theirs is left
        self.tag_filter.setCurrentIndex(max(0, self.tag_filter.findData(tag)))
        self.source_filter.setCurrentIndex(max(0, self.source_filter.findData(source)))
        self.author_filter.setCurrentIndex(max(0, self.author_filter.findData(author)))
        self._loading = False

    def _filter(self) -> Filter:
        source = self.source_filter.currentData()
        sources = frozenset([source] if source is not None else self.source_ids)
        return Filter(
            sources,
            self.tag_filter.currentData(),
            self.search.text() or None,
            self.author_filter.currentData(),
        )

    def refresh(self) -> None:
        """Fill the list from the library (the filters or the sources changed), read off the GUI thread."""
        if self._loading:
            return
        wanted, library = self._filter(), self.controller.library

        def read() -> tuple[list[AnnotationInfo], list[TagInfo], list[str]]:
            sources = list(wanted.sources)
            found = library.annotations(sources, wanted.tag, wanted.text, wanted.author)
            if wanted.tag or wanted.text or wanted.author:
                authors = library.annotation_authors(sources)
            else:  # every annotation on these sources is here: no second read
                authors = sorted({n for info in found for n in _authors_of(info)}, key=str.casefold)
            return found, library.tags(), authors

        self.controller.query(read, partial(self._refreshed, wanted))

    def _refreshed(self, wanted: Filter, read: tuple[list[AnnotationInfo], list[TagInfo], list[str]]) -> None:
        if wanted != self._filter():
            return  # the filters changed meanwhile: their own read follows
        found, tags, authors = read
        if tags != self._tags or authors != self._authors:
            self._tags, self._colors = tags, {t.name: t.color for t in tags}
            self._authors = authors
            self._fill_filters()
        keep = self.current.id if self.current else None
        self.model.reset([info for info in found if wanted.admits(info)])
        self._count_changed()
        self._select_row(self.model.row_of(keep) if keep is not None else None)
        self._load(next((a for a in self.model.annotations if a.id == keep), None))

    def apply_change(self, change: Change) -> None:
        """Bring the list up to date with one write: only the rows it touched change, and the editor shows
        the annotation as written (unless it holds typing not saved yet)."""
        if change.tags_added or change.kind == "tag_added":
            self._read_tags(then=self._rebuild_tags)
        if change.kind in ("annotation_added", "annotation_changed"):
            library, ids = self.controller.library, list(change.ids)
            self.controller.query(lambda: _annotations(library, ids), self._rows_changed)
        elif change.kind == "annotation_deleted":
            for annotation_id in change.ids:
                self.model.remove(annotation_id)
                if self.current is not None and self.current.id == annotation_id:
                    self._load(None)
            self._count_changed()
        elif change.kind == "source_changed":
            self.refresh()

    def _rows_changed(self, found: dict[int, AnnotationInfo | None]) -> None:
        wanted = self._filter()
        names = {name for info in found.values() if info is not None for name in _authors_of(info)}
        if not names <= set(self._authors):  # someone new made or changed one: the filter offers them
            self._authors = sorted({*self._authors, *names}, key=str.casefold)
            self._fill_filters()
        for annotation_id, info in found.items():
            if info is not None and wanted.admits(info):
                self.model.upsert(info)
            else:
                self.model.remove(annotation_id)
            if self.current is not None and self.current.id == annotation_id and info is not None:
                self._load(info)
        self._count_changed()

    def _count_changed(self) -> None:
        count = self.model.rowCount()
        self.count_label.setText(f"{count} annotation{'s' if count != 1 else ''}")

    def _icon(self, info: AnnotationInfo) -> QIcon | None:
        if not info.tags:
            return None
        return tag_icon(self._colors.get(info.tags[0], DEFAULT_TAG_COLOR))

    def _select_row(self, row: int | None) -> None:
        self.list.selectionModel().blockSignals(True)
        if row is None:
            self.list.clearSelection()
            self.list.setCurrentIndex(QModelIndex())
        else:
            self.list.setCurrentIndex(self.model.index(row))
        self.list.selectionModel().blockSignals(False)

    def select_row(self, row: int) -> None:
        """Select the annotation in ``row`` of the list, as a click would."""
        self.list.setCurrentIndex(self.model.index(row))

    def _describe(self, info: AnnotationInfo) -> str:
        quote = info.targets[0].exact if info.targets else ""
        quote = quote if len(quote) <= 90 else quote[:89] + "…"
        tags = ", ".join(info.tags) or "untagged"
        where = (
            f"{len(info.targets)} sources"
            if len(info.targets) > 1
            else self.source_ids.get(info.targets[0].source_id, "")
        )
        warning = "⚠ orphaned: its words are gone from the source\n" if info.orphaned else ""
        warning += self.conflicts.mark(info.id)
        note = f"\n{info.note.strip().splitlines()[0][:90]}" if info.note.strip() else ""
        who = byline(info)  # under the tags: who changed it last, and when
        return f"{warning}{tags} · {where}\n" + (f"{who}\n" if who else "") + f"“{quote}”{note}"

    def _reattach(self) -> None:
        if self.current is not None:
            self.reattach_requested.emit(self.current.id)

    @property
    def tags(self) -> list[TagInfo]:
        """The library's tags, as read last (every change to them is read again)."""
        return list(self._tags)

    def info(self, annotation_id: int) -> AnnotationInfo | None:
        """The annotation as the list has it (None when the list does not show it)."""
        if self.current is not None and self.current.id == annotation_id:
            return self.current
        return next((a for a in self.model.annotations if a.id == annotation_id), None)

    def show_saved(self, info: AnnotationInfo) -> None:
        """Select ``info``, just saved: in the list at once (if its filters admit it), before the list
        reads the change that added it."""
        if self._filter().admits(info):
            self.model.upsert(info)
            self._count_changed()
        self.select(info.id)

    def select(self, annotation_id: int) -> None:
        row = self.model.row_of(annotation_id)
        if row is not None:
            self.select_row(row)

    # -- editing -------------------------------------------------------------------------------------------
    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.save_note()
        annotation_id = current.data(Role.ID) if current.isValid() else None
        # As the list has it (kept up to date with every change), then as the library has it now.
        self._load(next((a for a in self.model.annotations if a.id == annotation_id), None))
        self._catch_up()

    def _load(self, info: AnnotationInfo | None) -> None:
        same = self.current is not None and info is not None and info.id == self.current.id
        if same and info is not None:
            self.current = info
            if info.note == self.note.toPlainText():
                self._unsaved = False  # the library has what the editor shows (a save of its typing)
                self.base = info
            elif not self._unsaved:
                self._show_note(info.note)
                self.base = info
            # else the typing not saved yet stays: it is saved in a moment, or its save failed and was said
            self._show_targets(info)
            self._rebuild_tags()
            self.conflicts.current_changed()
            return
        self.current = self.base = info
        self.conflicts.current_changed()
        self.editor.setEnabled(info is not None)
        read_only = self.controller.read_only
        self.note.setReadOnly(read_only)
        self.new_tag.setEnabled(not read_only)
        self.delete_button.setEnabled(not read_only)
        self._show_note(info.note if info else "")
        self._show_targets(info)
        self._rebuild_tags()

    def _show_note(self, note: str) -> None:
        """Put the library's ``note`` in the editor (the cursor stays where it was, as far as it can)."""
        self._unsaved = False
        self._save_timer.stop()
        if note == self.note.toPlainText():
            return
        position = self.note.textCursor().position()
        self._loading = True
        self.note.setPlainText(note)
        self._loading = False
        cursor = self.note.textCursor()
        end = self.note.document().characterCount() - 1  # Qt's positions: no conversion of offsets here
        cursor.setPosition(min(position, end), QTextCursor.MoveMode.MoveAnchor)
        self.note.setTextCursor(cursor)
        self.preview.show_note(note, at_once=True)

    def show_saved_note(self, info: AnnotationInfo) -> None:
        """Show the note as just saved: a save of the editor's text that was merged with a colleague's."""
        self.current = info
        self._show_note(info.note)

    def replace_typing(self, text: str) -> None:
        """Put ``text`` in the editor as typing still to save (what was typed, merged with what was saved)."""
        self._show_note(text)
        self.preview.show_note(text)
        self._unsaved = True
        self._save_timer.start()

    def _show_targets(self, info: AnnotationInfo | None) -> None:
        """Where the annotation is in each source, how it got there, and the button that moves it."""
        self.reattach_button.setVisible(info is not None and not self.controller.read_only)
        self.reattach_button.setText(
            "Re-attach to selected words" if info is not None and info.orphaned else "Move to selected words"
        )
        if info is None:
            self.quote_label.setText(
                "Select text in a pane (or click a passage) and press Ctrl+T to annotate it."
            )
            return
        lines = []
        for target in info.targets:
            name = self.source_ids.get(target.source_id, target.source_path)
            status = {"orphaned": " (orphaned)", "edited": " (re-attached to edited words)"}.get(
                target.status, ""
            )
            lines.append(f"{name}{status}: “{target.exact}”")
            if target.previous_exact and target.status in ("edited", "anchored"):
                lines.append(f"    was: “{target.previous_exact}”")
            if target.evidence:  # "orphaned: why" under a quote already marked orphaned says only why
                lines.append(f"    {target.evidence.removeprefix('orphaned: ')}")
        self.quote_label.setText("\n".join(lines))

    def _rebuild_tags(self) -> None:
        while self.tag_row.count():
            item = self.tag_row.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None and widget is not self.new_tag:
                widget.deleteLater()
        if self.current is None:
            self.tag_row.addWidget(self.new_tag)
            return
        for info in self._tags:
            button = QToolButton()
            button.setText(info.name)
            button.setCheckable(True)
            button.setChecked(info.name in self.current.tags)
            button.setEnabled(not self.controller.read_only)
            button.setStyleSheet(
                f"QToolButton:checked {{ background: {info.color}; color: white; border-radius: 3px; }}"
            )
            button.toggled.connect(lambda on, name=info.name: self.toggle_tag(name, on))
            self.tag_row.addWidget(button)
        self.tag_row.addWidget(self.new_tag)

    def toggle_tag(self, name: str, on: bool) -> None:
        if self.current is None:
            return
        self.controller.set_tag(self.current, name, on)

    def _note_edited(self) -> None:
        if not self._loading:
            self._unsaved = True
            self.preview.show_note(self.note.toPlainText())
            self._save_timer.start()

    def save_note(self) -> None:
        """Save the typing in the note editor now (it is saved by itself a moment after the last key)."""
        self._save_timer.stop()
        if self.current is None or self._loading:
            return
        text = self.note.toPlainText()
        if text == self.current.note:
            self._unsaved = False
        elif not self.controller.read_only:
            self.controller.update(self.current, note=text, initiator=self, based_on=lambda: self.base)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The note field: saved when it loses focus, brought up to date when it gets it, and its Ctrl+Z."""
        if watched is self.note:
            kind = event.type()
            if kind == QEvent.Type.FocusOut:
                self.save_note()
            elif kind == QEvent.Type.FocusIn:
                self._catch_up()
            elif (
                kind in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress)
                and isinstance(event, QKeyEvent)
                and (step := _undo_or_redo(event)) is not None
                and not self._field_takes(step)
            ):
                # The key is the window's Undo (or Redo), whose shortcut takes it when the field does not
                # claim it; if the window has nothing to undo, nothing happens.
                return True
        return super().eventFilter(watched, event)

    def _field_takes(self, step: str) -> bool:
        """Whether Ctrl+Z (``step`` "undo") or Ctrl+Shift+Z ("redo") is the note field's own: while it holds
        typing not saved yet, and has that step to take."""
        document = self.note.document()
        available = document.isUndoAvailable() if step == "undo" else document.isRedoAvailable()
        return self._unsaved and available

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.WindowActivate:  # handed on by the window to its visible children
            self._catch_up()  # back from another window or program, which may have changed the note
        return super().event(event)

    def _catch_up(self) -> None:
        """Show what the library holds now: another window or program may have changed the note."""
        if self.current is None or self._unsaved:
            return
        library, ids = self.controller.library, [self.current.id]
        self.controller.query(lambda: _annotations(library, ids), self._caught_up)

    def _caught_up(self, found: dict[int, AnnotationInfo | None]) -> None:
        # Gone (deleted elsewhere, say): not worth a message each time the window is active.
        info = next(iter(found.values()))
        if info is None or self.current is None or info.id != self.current.id or self._unsaved:
            return
        if info != self.current:
            if self._filter().admits(info):
                self.model.upsert(info)
            else:
                self.model.remove(info.id)
            self._count_changed()
            self._load(info)

    def _delete(self) -> None:
        if self.current is not None:
            self.save_note()
            info, self.current = self.current, None
            self.controller.delete(info)

    def _new_tag(self) -> None:
        name, ok = QInputDialog.getText(self, "New tag", "Name of the tag:")
        if ok and name.strip():
            self.controller.add_tag(name, then=lambda tag: self.toggle_tag(tag.name, True))


def _authors_of(info: AnnotationInfo) -> set[str]:
    return {name for name in (info.created_by, info.modified_by) if name}


def _annotations(library: Library, ids: list[int]) -> dict[int, AnnotationInfo | None]:
    """The annotations with these ids as saved now (None: no longer there). Run on the library's lane."""
    found: dict[int, AnnotationInfo | None] = {}
    for annotation_id in ids:
        try:
            found[annotation_id] = library.annotation(annotation_id)
        except StoreError:
            found[annotation_id] = None
    return found


def _undo_or_redo(event: QKeyEvent) -> str | None:
    """Which of "undo" and "redo" the key pressed asks for, if either (Redo is Ctrl+Shift+Z everywhere)."""
    if event.matches(QKeySequence.StandardKey.Undo):
        return "undo"
    redo = QKeySequence(event.keyCombination().toCombined()) == QKeySequence("Ctrl+Shift+Z")
    return "redo" if redo or event.matches(QKeySequence.StandardKey.Redo) else None
