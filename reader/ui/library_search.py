"""Searching the library from the window, and "where else does this passage appear".

Edit > Search library (Ctrl+Shift+F) opens a search field over the whole library: every source's text and
earlier versions, titles, quotes, notes and tags (``Library.search``). Hits are listed as they are found,
each with its snippet, the matched words in bold; choosing one opens the comparison at the passage: the one
on screen when it has that source, else the saved comparison that has it, else the source on its own, and
the passage is brought into view and marked once it is on screen.

Edit > Where else does this passage appear (also in a pane's context menu) lists the library's sources
whose current text carries the selected words, or the clicked passage, verbatim or edited
(``Library.where_else``), in the same list; choosing one opens it the same way.

The searches run on the library's lane (``Runner.query``), never on the GUI thread; a result that comes
back after the user typed on is dropped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reader.core.reading.fetch import is_url

if TYPE_CHECKING:
    from reader.store import Appearance, ComparisonInfo, Library, SearchHit
    from reader.ui.main_window import MainWindow
    from reader.ui.operations import Runner

TYPING_PAUSE_MS = 250  # a search starts once typing pauses this long
PLACE_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class Place:
    """Where a hit or an appearance is: a source of the library, and the words to show in it (None: the
    source from its start, the words being in a title or an earlier version)."""

    source_id: int
    path: str
    title: str
    span: tuple[int, int] | None
    note: str = ""  # said in the status bar when it is shown ("in an earlier version")


def hit_place(hit: SearchHit) -> Place:
    note = ""
    if hit.kind == "version":
        note = "These words are in an earlier version of this source only (Sources > Versions shows it)."
    elif hit.span is None:
        note = (
            "The words are in this source's title." if hit.kind == "text" else "This annotation is orphaned."
        )
    return Place(hit.source_id, hit.source_path, hit.source_title, hit.span, note)


def hit_html(hit: SearchHit) -> str:
    """A hit as two lines of rich text: what matched and where, then the snippet, matched words bold."""
    from reader.store import KINDS

    title = escape(" ".join(hit.source_title.split()) or hit.source_path)
    snippet = hit.snippet.marked("<b>", "</b>", escape)
    return f"<span style='color: gray'>{escape(KINDS[hit.kind])} · {title}</span><br>{snippet}"


def appearance_html(found: Appearance) -> str:
    title = escape(" ".join(found.source_title.split()) or found.source_path)
    how = "word for word" if found.how == "verbatim" else f"edited ({found.similarity:.0%} the same words)"
    words = " ".join(found.text.split())
    words = words[:200] + "…" if len(words) > 200 else words
    return f"<span style='color: gray'>{escape(how)} · {title}</span><br>{escape(words)}"


class SearchDialog(QDialog):
    """The search field and the list of hits (or of a passage's other appearances)."""

    place_chosen = Signal(object)  # Place

    def __init__(self, runner: Runner, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Search the library")
        self.setObjectName("librarySearch")
        self.runner, self.library = runner, library
        self.field = QLineEdit()
        self.field.setPlaceholderText('Words, "a phrase", prefix*: sources, versions, quotes, notes, tags')
        self.field.setClearButtonEnabled(True)
        self.status = QLabel(" ")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.results = QListWidget()
        self.results.setWordWrap(True)
        self.results.setAlternatingRowColors(True)
        # The hits are labels, which keep their dark text when chosen: a light selection keeps them legible.
        self.results.setStyleSheet("QListWidget::item:selected { background: #cfe3f7; }")
        layout = QVBoxLayout(self)
        layout.addWidget(self.field)
        layout.addWidget(self.status)
        layout.addWidget(self.results, 1)
        self.resize(640, 480)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(TYPING_PAUSE_MS)
        self._timer.timeout.connect(self.search_now)
        self._asked: object | None = None  # the token of the newest question: older answers are dropped
        self.field.textChanged.connect(lambda _text: self._timer.start())
        self.field.returnPressed.connect(self._enter)
        self.results.itemActivated.connect(self._chosen)
        self.results.itemClicked.connect(self._chosen)

    # -- searching -----------------------------------------------------------------------------------------
    def search_now(self) -> None:
        self._timer.stop()
        query = self.field.text()
        if not query.strip():
            self._asked = None
            self._fill([], "")
            return
        library = self.library
        token = self._asked = object()
        self.status.setText("Searching…")
        self.runner.query(
            lambda: library.search(query),
            lambda hits: self._hits(token, query, hits),
            lambda problem: self._problem(token, problem),
        )

    def _enter(self) -> None:
        if self._timer.isActive() or self.results.count() == 0:
            self.search_now()
        else:
            self._chosen(self.results.currentItem() or self.results.item(0))

    def _hits(self, token: object, query: str, hits: list[SearchHit]) -> None:
        if token is not self._asked:
            return
        said = f"{len(hits)} hit{'' if len(hits) == 1 else 's'}, best first" if hits else "No hits"
        self._fill([(hit_html(h), hit_place(h)) for h in hits], said)

    def _problem(self, token: object, problem: str) -> None:
        if token is self._asked:
            self._fill([], problem)

    def show_appearances(self, passage: str, found: Sequence[Appearance]) -> None:
        """List the other sources that carry ``passage``."""
        self._asked = None
        words = " ".join(passage.split())
        words = words[:60] + "…" if len(words) > 60 else words
        said = (
            f"“{words}” appears in {len(found)} other source{'' if len(found) == 1 else 's'}"
            if found
            else f"“{words}” appears in no other source of the library"
        )
        self.setWindowTitle("Where else does this passage appear")
        rows = [
            (appearance_html(a), Place(a.source_id, a.source_path, a.source_title, a.span)) for a in found
        ]
        self._fill(rows, said)

    def _fill(self, rows: Sequence[tuple[str, Place]], said: str) -> None:
        self.results.clear()
        for html, place in rows:
            item = QListWidgetItem()
            item.setData(PLACE_ROLE, place)
            label = QLabel(html)
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setWordWrap(True)
            label.setContentsMargins(4, 2, 4, 2)
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            item.setToolTip(place.path)
            self.results.addItem(item)
            # The height its words need at the list's width (a word-wrapped label's own hint guesses).
            width = max(self.results.viewport().width() - 4, 200)
            item.setSizeHint(QSize(width, label.heightForWidth(width) + 2))
            self.results.setItemWidget(item, label)
        if rows:
            self.results.setCurrentRow(0)
        self.status.setText(said or " ")

    def places(self) -> list[Place]:
        return [self.results.item(i).data(PLACE_ROLE) for i in range(self.results.count())]

    def _chosen(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.place_chosen.emit(item.data(PLACE_ROLE))


class LibrarySearch(QObject):
    """The window's part that searches the library and opens what is found."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.dialog: SearchDialog | None = None
        self._pending: Place | None = None  # to show once the comparison that has it is on screen
        window.comparison_attached.connect(self._arrived)

    def _status(self, text: str, milliseconds: int = 8000) -> None:
        self.window.statusBar().showMessage(text, milliseconds)

    def _dialog(self) -> SearchDialog:
        library, runner = self.window.library, self.window.runner
        assert library is not None
        if self.dialog is None or self.dialog.library is not library:
            self.dialog = SearchDialog(runner, library, self.window)
            self.dialog.place_chosen.connect(self.open_place)
        return self.dialog

    def open_search(self) -> None:
        """Edit > Search library: the search field, once the library is open."""

        def show(_work: object) -> None:
            dialog = self._dialog()
            dialog.setWindowTitle("Search the library")
            dialog.field.show()
            dialog.show()
            dialog.raise_()
            dialog.activateWindow()
            dialog.field.setFocus()
            dialog.field.selectAll()

        self.window.library_wait.run(
            show,
            "The library is opening: the search opens as soon as it is open.",
            "The library is not open, so it cannot be searched.",
        )

    # -- where else ----------------------------------------------------------------------------------------
    def chosen_passage(self) -> tuple[str, int | None] | None:
        """The selected words, else the selected passage (in the pane worked in last): its text and its
        source's library id."""
        current, view = self.window.current, self.window.comparison
        if current is None:
            return None
        selection = view.selection()
        if selection is not None:
            source, start, end = selection
            return current.alignment.sources[source].text[start:end], current.source_ids.get(source)
        group = current.alignment.group_by_id.get(view.selected) if view.selected is not None else None
        if group is None:
            return None
        member = (
            group.member(view.focus_source) if view.focus_source is not None else None
        ) or group.members[0]
        return current.alignment.member_text(member), current.source_ids.get(member.source)

    def where_else(self) -> None:
        """Edit > Where else does this passage appear: the other sources of the library that carry it."""
        chosen = self.chosen_passage()
        if chosen is None or not chosen[0].strip():
            self._status("Select words in a pane, or click a passage, then ask where else it appears.")
            return
        passage, source_id = chosen

        def ask(_work: object) -> None:
            library = self.window.library
            assert library is not None
            dialog = self._dialog()
            dialog.status.setText("Looking through the library…")
            dialog.results.clear()
            dialog.show()
            dialog.raise_()
            self.window.runner.query(
                lambda: library.where_else(passage, exclude_source_id=source_id),
                lambda found: dialog.show_appearances(passage, found),
                lambda problem: dialog.status.setText(problem),
            )

        self.window.library_wait.run(
            ask,
            "The library is opening: the passage is looked for as soon as it is open.",
            "The library is not open, so it cannot be looked through.",
        )

    # -- opening what was found ----------------------------------------------------------------------------
    def open_place(self, place: Place) -> None:
        """Show ``place``: in the comparison on screen when it has the source; else open the saved
        comparison that has it (the most recent), or the source on its own, and show it there."""
        current, work = self.window.current, self.window.library_work
        if current is not None and current.index_of(place.source_id) is not None:
            if work is not None and work.comparison is current and not work.attaching:
                self._reveal(place)
            else:
                self._pending = place  # being matched with the library: shown once it is
            return
        library = self.window.library
        if library is None:
            return
        self._pending = place
        self._status(f"Opening {place.title or place.path}…", 4000)

        def open_it(saved: list[ComparisonInfo]) -> None:
            if self._pending is not place:
                return
            info = next((c for c in saved if place.path in c.paths), None)
            if info is not None:
                self.window.open_comparison(info)
            else:
                self.window.open_files([place.path], offline=is_url(place.path))

        self.window.runner.query(lambda: library.comparisons(), open_it)

    def _reveal(self, place: Place) -> bool:
        current = self.window.current
        index = current.index_of(place.source_id) if current is not None else None
        if current is None or index is None:
            return False
        view = self.window.comparison
        if index not in view.panes:
            self._status(f"{place.title or place.path} is hidden in this comparison: show it from Sources.")
            return True
        start, end = place.span if place.span is not None else (0, 0)
        view.reveal(index, start, end)
        if place.note:
            self._status(place.note)
        return True

    def _arrived(self) -> None:
        place, self._pending = self._pending, None
        if place is not None and not self._reveal(place):
            self._status(f"{place.title or place.path} could not be opened from the library.")
