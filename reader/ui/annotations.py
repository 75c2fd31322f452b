"""Annotating in the window: undoable commands over the library, and the annotation panel.

Every change is written to the library at once (there is no Save), off the GUI thread; every change is
also an undo step (Ctrl+Z / Ctrl+Shift+Z). A write that fails (a library that stays busy) is reported and leaves the editor's
text in place, so nothing typed is lost; the change stays on the undo stack as a step to redo, so the
user can apply it again with Ctrl+Shift+Z once the library is free.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Sequence
from typing import TypeVar

from PySide6.QtCore import QEventLoop, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFocusEvent, QIcon, QPixmap, QUndoCommand, QUndoStack
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
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reader.export.notes import note_html
from reader.store import DEFAULT_TAG_COLOR, AnnotationInfo, Change, Library, NewTarget, StoreError, TagInfo
from reader.ui.annotation_list import AnnotationListModel, Filter, Role
from reader.ui.writes import LibraryWriter

T = TypeVar("T")

NOTE_SAVE_DELAY_MS = 600  # a note is saved this long after the last keystroke (and when focus leaves)
NEW_TAG_COLORS = ("#56b4e9", "#f0e442", "#999999", "#882255", "#44aa99", "#117733")


class AnnotationController(QObject):
    """Creates, edits and deletes annotations as undoable commands; tells views when to refresh.

    Every write goes through ``writer``, off the GUI thread. The steps of the undo stack (a new command,
    an undo, a redo) are taken one at a time: a step waits until the write of the one before it is done,
    so that a write that fails can still be turned into a step to redo, and undo always reverts what was
    saved. A step takes a few milliseconds; only a library another program keeps busy makes them wait."""

    changed = Signal(object)  # the store's typed Change: views decide what to refresh
    error = Signal(str)
    settled = Signal()  # no step is waiting and no write is running

    def __init__(self, library: Library, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.undo_stack = QUndoStack(self)
        self.writer = LibraryWriter(library, self)
        self._steps: deque[Callable[[], None]] = deque()
        self._in_flight = False  # a step's write is running
        library.subscribe(self._publish)

    def _publish(self, change: Change) -> None:
        self.changed.emit(change)  # from the writer's thread: delivered on the GUI thread

    def tags(self) -> list[TagInfo]:
        return self.run(self.library.tags) or []

    @property
    def read_only(self) -> bool:
        return self.library.read_only

    @property
    def idle(self) -> bool:
        return not self._in_flight and not self._steps and self.writer.idle

    # -- the steps -----------------------------------------------------------------------------------------
    def create(
        self,
        targets: Sequence[NewTarget],
        tags: Sequence[str] = (),
        note: str = "",
        then: Callable[[AnnotationInfo], None] | None = None,
    ) -> None:
        """Annotate ``targets``; ``then`` gets the new annotation once it is saved."""
        self._schedule(lambda: self.undo_stack.push(_Add(self, list(targets), list(tags), note, then)))

    def update(
        self,
        annotation: AnnotationInfo,
        tags: Sequence[str] | None = None,
        note: str | None = None,
        initiator: object | None = None,
    ) -> None:
        """Set the tags, or the note, of ``annotation``."""
        self._schedule(
            lambda: self._update(
                annotation.id,
                lambda current: (
                    tuple(tags) if tags is not None else current.tags,
                    note if note is not None else current.note,
                ),
                merge=tags is None,
                initiator=initiator,
            )
        )

    def set_tag(self, annotation: AnnotationInfo, name: str, on: bool) -> None:
        """Add or remove one tag of ``annotation``: of its tags when the step is taken, so that toggling
        two tags quickly keeps both."""
        self._schedule(
            lambda: self._update(
                annotation.id,
                lambda current: (
                    tuple(t for t in current.tags if t != name) + ((name,) if on else ()),
                    current.note,
                ),
                merge=False,
                initiator=None,
            )
        )

    def _update(
        self,
        annotation_id: int,
        changed: Callable[[AnnotationInfo], tuple[tuple[str, ...], str]],
        merge: bool,
        initiator: object,
    ) -> None:
        current = self.fresh(annotation_id)  # what is saved now: the steps before this one are done
        if current is None:
            return
        after = changed(current)
        if after == (current.tags, current.note):
            return
        stack = self.undo_stack
        top = stack.command(stack.index() - 1) if stack.index() == stack.count() else None
        if merge and isinstance(top, _Edit) and top.continues(annotation_id):
            top.extend(after, initiator)  # typing a note is one undo step per burst of edits
            return
        command = _Edit(self, annotation_id, (current.tags, current.note), after, merge=merge)
        command.initiator = initiator
        stack.push(command)

    def delete(self, annotation: AnnotationInfo) -> None:
        self._schedule(lambda: self.undo_stack.push(_Delete(self, annotation.id)))

    def undo(self) -> None:
        self._schedule(self.undo_stack.undo)

    def redo(self) -> None:
        self._schedule(self.undo_stack.redo)

    def add_tag(self, name: str, then: Callable[[TagInfo], None] | None = None) -> None:
        """Make a tag (not an undo step); ``then`` gets it once it is saved."""

        def step() -> None:
            count = len([t for t in self.tags() if not t.builtin])
            color = NEW_TAG_COLORS[count % len(NEW_TAG_COLORS)]
            self.write(lambda: self.library.add_tag(name, color), then)

        self._schedule(step)

    def _schedule(self, step: Callable[[], None]) -> None:
        self._steps.append(step)
        self._next()

    def _next(self) -> None:
        while not self._in_flight and self._steps:
            self._steps.popleft()()
        if self.idle:
            self.settled.emit()

    def write(
        self,
        operation: Callable[[], T],
        then: Callable[[T], None] | None = None,
        retry_hint: bool = False,
        initiator: object | None = None,
        failed: Callable[[], None] | None = None,
    ) -> None:
        """Run the write ``operation`` off the GUI thread; the next step waits for it. ``then`` gets its
        result; a failure is said once (the ``error`` signal), and ``failed`` is called."""
        self._in_flight = True

        def done(result: T, problem: str | None) -> None:
            self._in_flight = False
            try:
                if problem is not None:
                    self._say(problem, retry_hint)
                    if failed is not None:
                        failed()
                elif then is not None:
                    then(result)
            finally:
                self._next()

        self.writer.submit(operation, done, initiator)

    def _say(self, problem: str, retry_hint: bool) -> None:
        hint = " Press Ctrl+Shift+Z (Redo) to try again." if retry_hint else ""
        self.error.emit(f"{problem}.{hint}" if not problem.endswith(".") else f"{problem}{hint}")

    def finish(self, timeout_s: float = 15.0) -> bool:
        """Take the waiting steps and let their writes commit (the window is closing). True if all did."""
        deadline = time.monotonic() + timeout_s
        loop = QEventLoop()
        self.settled.connect(loop.quit)
        while not self.idle and time.monotonic() < deadline:
            QTimer.singleShot(max(1, int((deadline - time.monotonic()) * 1000)), loop.quit)
            loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
        self.settled.disconnect(loop.quit)
        return self.idle

    # -- reads ---------------------------------------------------------------------------------------------
    def run(self, operation: Callable[[], T]) -> T | None:
        """Read from the library; a StoreError is said once (the ``error`` signal) and gives None. Reads are
        quick even while another program writes (the library keeps a write-ahead log)."""
        try:
            return operation()
        except StoreError as error:
            self._say(str(error), False)
            return None

    def fresh(self, annotation_id: int) -> AnnotationInfo | None:
        return self.run(lambda: self.library.annotation(annotation_id))


class _Command(QUndoCommand):
    """An undo step whose write may fail. ``apply`` and ``revert`` give the write to make (run off the GUI
    thread); ``applied`` takes its result.

    A step whose ``apply`` failed changed nothing: it is undone at once without writing, and redoing it
    tries again. A step whose ``revert`` failed is still in effect: the stack is moved back onto it,
    without writing."""

    def __init__(self, controller: AnnotationController, text: str) -> None:
        super().__init__(text)
        self.controller = controller
        self.failed = False
        self._skip_redo = False
        self.initiator: object | None = None  # who made the first change (undo and redo are the stack's)

    def apply(self) -> Callable[[], object]:
        raise NotImplementedError

    def applied(self, result: object) -> None:
        """The write of ``apply`` was saved and gave ``result``."""

    def revert(self) -> Callable[[], object] | None:
        raise NotImplementedError

    def reverted(self, result: object) -> None:
        """The write of ``revert`` was saved and gave ``result``."""

    def _is_top(self) -> bool:
        stack = self.controller.undo_stack
        return stack.index() > 0 and stack.command(stack.index() - 1) is self

    def redo(self) -> None:
        if self._skip_redo:
            self._skip_redo = False
            return
        initiator, self.initiator = self.initiator, None
        self.failed = False
        self.controller.write(
            self.apply(), self._redone, retry_hint=True, initiator=initiator, failed=self._redo_failed
        )

    def _redone(self, result: object) -> None:
        self.applied(result)

    def _redo_failed(self) -> None:
        self.failed = True
        if self._is_top():
            self.controller.undo_stack.undo()  # nothing happened, so nothing is undone: redoable

    def undo(self) -> None:
        operation = None if self.failed else self.revert()
        if operation is not None:
            self.controller.write(operation, self.reverted, failed=self._undo_failed)

    def _undo_failed(self) -> None:
        self._skip_redo = True
        self.controller.undo_stack.redo()  # it is still in effect: back onto it, without writing


class _Add(_Command):
    def __init__(
        self,
        controller: AnnotationController,
        targets: list[NewTarget],
        tags: list[str],
        note: str,
        then: Callable[[AnnotationInfo], None] | None,
    ) -> None:
        super().__init__(controller, "Annotate")
        self.targets, self.tags, self.note = targets, tags, note
        self.info: AnnotationInfo | None = None
        self.then = then

    def apply(self) -> Callable[[], object]:
        library = self.controller.library
        info = self.info
        if info is None:
            return lambda: library.add_annotation(self.targets, self.tags, self.note)
        return lambda: library.restore_annotation(info)

    def applied(self, result: object) -> None:
        assert isinstance(result, AnnotationInfo)
        self.info = result
        then, self.then = self.then, None
        if then is not None:
            then(result)

    def revert(self) -> Callable[[], object] | None:
        info = self.info
        return None if info is None else lambda: self.controller.library.delete_annotation(info.id)


class _Edit(_Command):
    def __init__(
        self,
        controller: AnnotationController,
        annotation_id: int,
        before: tuple[tuple[str, ...], str],
        after: tuple[tuple[str, ...], str],
        merge: bool,
    ) -> None:
        super().__init__(controller, "Edit note" if merge else "Change tags")
        self.annotation_id, self.before, self.after, self.merge = annotation_id, before, after, merge
        self._born_failed = False

    def continues(self, annotation_id: int) -> bool:
        """A note edit of ``annotation_id`` that was saved: further edits of it join this step."""
        return self.merge and self.annotation_id == annotation_id and not self.failed

    def extend(self, after: tuple[tuple[str, ...], str], initiator: object) -> None:
        """Save ``after`` as part of this step. If it cannot be saved, it becomes a step of its own, to
        redo, so that redoing applies exactly what was not saved."""
        saved = self.after

        def extended(_result: object) -> None:
            self.after = after

        def failed() -> None:
            step = _Edit(self.controller, self.annotation_id, saved, after, merge=True)
            step._born_failed = True
            self.controller.undo_stack.push(step)  # its redo writes nothing: it was just tried
            self.controller.undo_stack.undo()  # and, failed, its undo neither: it is the step to redo

        tags, note = after
        library = self.controller.library
        self.controller.write(
            lambda: library.update_annotation(self.annotation_id, tags, note),
            extended,
            retry_hint=True,
            initiator=initiator,
            failed=failed,
        )

    def redo(self) -> None:
        if self._born_failed:  # its write was tried already, and failed
            self._born_failed = False
            self.failed = True
            return
        super().redo()

    def apply(self) -> Callable[[], object]:
        tags, note = self.after
        library = self.controller.library
        return lambda: library.update_annotation(self.annotation_id, tags, note)

    def revert(self) -> Callable[[], object] | None:
        tags, note = self.before
        library = self.controller.library
        return lambda: library.update_annotation(self.annotation_id, tags, note)


class _Delete(_Command):
    def __init__(self, controller: AnnotationController, annotation_id: int) -> None:
        super().__init__(controller, "Delete annotation")
        self.annotation_id = annotation_id
        self.info: AnnotationInfo | None = None

    def apply(self) -> Callable[[], object]:
        library = self.controller.library
        return lambda: library.delete_annotation(self.annotation_id)

    def applied(self, result: object) -> None:
        assert isinstance(result, AnnotationInfo)
        self.info = result

    def revert(self) -> Callable[[], object] | None:
        info = self.info
        return None if info is None else lambda: self.controller.library.restore_annotation(info)


def tag_icon(color: str) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(QColor(color))
    return QIcon(pixmap)


class AnnotationPanel(QWidget):
    """Filter, list, and edit annotations. Editing saves at once."""

    jump_requested = Signal(int)  # annotation id

    def __init__(self, controller: AnnotationController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.source_ids: dict[int, str] = {}  # library source id -> display name
        self.current: AnnotationInfo | None = None
        self._colors: dict[str, str] = {}
        self._loading = False

        self.tag_filter = QComboBox()
        self.source_filter = QComboBox()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Filter by text")
        self.search.setClearButtonEnabled(True)
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
        self.tag_row = QHBoxLayout()
        self.tag_row.setSpacing(4)
        self.new_tag = QToolButton()
        self.new_tag.setText("+ Tag…")
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText("Write a note (Markdown). It is saved as you type.")
        self.preview = QTextBrowser()
        self.preview.setOpenLinks(False)
        self.preview.setPlaceholderText("The note, as it will be shared")
        self.delete_button = QPushButton("Delete")
        self.editor = QWidget()
        editor_layout = QVBoxLayout(self.editor)
        editor_layout.setContentsMargins(0, 0, 0, 0)
        editor_layout.addWidget(self.quote_label)
        tags_line = QHBoxLayout()
        tags_line.addLayout(self.tag_row)
        tags_line.addWidget(self.new_tag)
        tags_line.addStretch(1)
        editor_layout.addLayout(tags_line)
        editor_layout.addWidget(self.note, 2)
        editor_layout.addWidget(self.preview, 1)
        buttons = QHBoxLayout()
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
        top_layout.addWidget(self.search)
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
        self.delete_button.clicked.connect(self._delete)
        self.new_tag.clicked.connect(self._new_tag)
        self.list.selectionModel().currentChanged.connect(self._current_changed)
        self.list.activated.connect(lambda index: self.jump_requested.emit(index.data(Role.ID)))
        for widget in (self.tag_filter, self.source_filter):
            widget.currentIndexChanged.connect(self.refresh)
        self.search.textChanged.connect(self.refresh)
        controller.changed.connect(self.apply_change)
        self.editor.setEnabled(False)
        self._fill_filters()

    # -- content -------------------------------------------------------------------------------------------
    def set_sources(self, source_ids: dict[int, str]) -> None:
        self.source_ids = source_ids
        self._fill_filters()
        self.refresh()

    def _fill_filters(self) -> None:
        self._loading = True
        tag, source = self.tag_filter.currentData(), self.source_filter.currentData()
        self.tag_filter.clear()
        self.tag_filter.addItem("All tags", None)
        for info in self.controller.tags():
            self.tag_filter.addItem(tag_icon(info.color), info.name, info.name)
        self.source_filter.clear()
        self.source_filter.addItem("All sources", None)
        for source_id, name in self.source_ids.items():
            self.source_filter.addItem(name, source_id)
        self.tag_filter.setCurrentIndex(max(0, self.tag_filter.findData(tag)))
        self.source_filter.setCurrentIndex(max(0, self.source_filter.findData(source)))
        self._loading = False

    def _filter(self) -> Filter:
        source = self.source_filter.currentData()
        sources = frozenset([source] if source is not None else self.source_ids)
        return Filter(sources, self.tag_filter.currentData(), self.search.text() or None)

    def refresh(self) -> None:
        """Fill the list from the library (the filters or the sources changed)."""
        if self._loading:
            return
        wanted = self._filter()
        found = (
            self.controller.run(
                lambda: self.controller.library.annotations(list(wanted.sources), wanted.tag, wanted.text)
            )
            or []
        )
        self._colors = {t.name: t.color for t in self.controller.tags()}
        keep = self.current.id if self.current else None
        self.model.reset([info for info in found if wanted.admits(info)])
        self._count_changed()
        self._select_row(self.model.row_of(keep) if keep is not None else None)
        self._load(next((a for a in self.model.annotations if a.id == keep), None))

    def apply_change(self, change: Change) -> None:
        """Bring the list up to date with one write: only the rows it touched change. The panel's own note
        edits are not loaded back into the editor the user is typing in."""
        if change.tags_added or change.kind == "tag_added":
            self._fill_filters()
            self._colors = {t.name: t.color for t in self.controller.tags()}
            self._rebuild_tags()
        if change.kind in ("annotation_added", "annotation_changed"):
            wanted = self._filter()
            for annotation_id in change.ids:
                info = self.controller.fresh(annotation_id)
                if info is not None and wanted.admits(info):
                    self.model.upsert(info)
                else:
                    self.model.remove(annotation_id)
                if self.current is not None and self.current.id == annotation_id and info is not None:
                    if change.initiator is self and change.note_only:
                        self.current = info  # the editor already shows it
                    else:
                        self._load(info)
            self._count_changed()
        elif change.kind == "annotation_deleted":
            for annotation_id in change.ids:
                self.model.remove(annotation_id)
                if self.current is not None and self.current.id == annotation_id:
                    self._load(None)
            self._count_changed()
        elif change.kind == "source_changed":
            self.refresh()

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
        note = f"\n{info.note.strip().splitlines()[0][:90]}" if info.note.strip() else ""
        return f"{warning}{tags} · {where}\n“{quote}”{note}"

    def select(self, annotation_id: int) -> None:
        row = self.model.row_of(annotation_id)
        if row is not None:
            self.select_row(row)

    # -- editing -------------------------------------------------------------------------------------------
    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.save_note()
        annotation_id = current.data(Role.ID) if current.isValid() else None
        self._load(self.controller.fresh(annotation_id) if annotation_id is not None else None)

    def _load(self, info: AnnotationInfo | None) -> None:
        if (
            self.current is not None
            and info is not None
            and info.id == self.current.id
            and self.note.hasFocus()
        ):
            self.current = info  # do not disturb the user's typing
            self._rebuild_tags()
            return
        self.current = info
        self.editor.setEnabled(info is not None)
        read_only = self.controller.read_only
        self.note.setReadOnly(read_only)
        self.new_tag.setEnabled(not read_only)
        self.delete_button.setEnabled(not read_only)
        self._loading = True
        self.note.setPlainText(info.note if info else "")
        self._loading = False
        self.preview.setHtml(note_html(info.note) if info else "")
        if info is None:
            self.quote_label.setText(
                "Select text in a pane (or click a passage) and press Ctrl+T to annotate it."
            )
        else:
            lines = []
            for target in info.targets:
                name = self.source_ids.get(target.source_id, target.source_path)
                status = {
                    "orphaned": " (orphaned)",
                    "edited": " (re-attached to edited words)",
                    "moved": "",
                }.get(target.status, "")
                lines.append(f"{name}{status}: “{target.exact}”")
                if target.status == "edited" and target.previous_exact:
                    lines.append(f"    was: “{target.previous_exact}”")
            self.quote_label.setText("\n".join(lines))
        self._rebuild_tags()

    def _rebuild_tags(self) -> None:
        while self.tag_row.count():
            item = self.tag_row.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        if self.current is None:
            return
        for info in self.controller.tags():
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

    def toggle_tag(self, name: str, on: bool) -> None:
        if self.current is None:
            return
        self.controller.set_tag(self.current, name, on)

    def _note_edited(self) -> None:
        if not self._loading:
            self.preview.setHtml(note_html(self.note.toPlainText()))
            self._save_timer.start()

    def save_note(self) -> None:
        self._save_timer.stop()
        if self.current is None or self._loading:
            return
        text = self.note.toPlainText()
        if text != self.current.note and not self.controller.read_only:
            self.controller.update(self.current, note=text, initiator=self)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.save_note()
        super().focusOutEvent(event)

    def _delete(self) -> None:
        if self.current is not None:
            self.save_note()
            info, self.current = self.current, None
            self.controller.delete(info)

    def _new_tag(self) -> None:
        name, ok = QInputDialog.getText(self, "New tag", "Name of the tag:")
        if ok and name.strip():
            self.controller.add_tag(name, then=lambda tag: self.toggle_tag(tag.name, True))
