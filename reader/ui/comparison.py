"""The panes side by side: connectors, synchronized scrolling by alignment, selection, navigation, find."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from functools import partial

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QFont, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QMenu, QScrollArea, QSplitter, QVBoxLayout, QWidget

from reader.core.alignment.align import Alignment
from reader.core.alignment.records import SourceStats
from reader.core.provenance.highlights import highlights
from reader.core.provenance.who_first import Copying
from reader.navigation import (
    ADDITIONS,
    DIFFERENCES,
    beside_sentence,
    counterpart_offset,
    first_carrier,
    marked_member,
    next_passage,
    pair_to_fold,
    selected_start,
    shown_sources,
    step_pane,
)
from reader.ui.beside import BesideBar, bring_into_view
from reader.ui.connectors import ConnectorStrip
from reader.ui.find import Finder
from reader.ui.pane import SourcePane
from reader.ui.settings import Settings
from reader.ui.textview import TextView
from reader.ui.theme import Theme
from reader.workspace import Change, OrderChanged, Workspace

READABLE_WIDTH = 300  # px: the narrowest a pane gets when not all fit; then whole panes scroll sideways
READABLE_CHARS = 45
"""With a comfortable measure (View > Comfortable line length, on by default), a pane is never narrower than
lines of this many characters of its text font (typographic guidance: 45 to 75)."""
_MEASURE = "the quick brown fox jumps over the lazy dog. "  # 45 characters of ordinary English
SNAP_DELAY_MS = 120
ANCHOR = 0.33  # the line a third of the way down a pane is the one the other panes line up with


class ComparisonView(QWidget):
    group_selected = Signal(int)  # group id
    status_message = Signal(str)
    copied_marked = Signal(bool)  # the chosen copying pair's passages are marked (True) or no longer
    remove_requested = Signal(int)  # source index
    annotate_requested = Signal()
    details_requested = Signal(int)  # source index: the user wants to edit its title, outlet, date
    versions_requested = Signal(int)  # source index: the user wants to see its versions

    def __init__(self, theme: Theme, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = theme
        self.workspace = workspace  # owns the order and the hidden sources; the panes follow its changes
        self.alignment: Alignment | None = None
        self._generation = 0  # the workspace's comparison the panes show
        self.panes: dict[int, SourcePane] = {}
        self.connectors: list[ConnectorStrip] = []
        self.sync_scrolling = Settings.sync_scrolling.default
        # panes at least READABLE_CHARS wide; off: as many panes as fit
        self.comfortable_measure = Settings.comfortable_measure.default
        self.copied: dict[int, list[tuple[int, int]]] = {}  # the chosen copying's spans, by source
        self.beside: tuple[int, int] | None = None  # two sources shown next to each other (reader.ui.beside)
        self.selected: int | None = None
        self.focus_source: int | None = None
        self.point_size: float | None = None
        self._syncing = False
        self.finder = Finder(theme)
        self.annotation_marks: dict[int, list[tuple[int, int, QColor]]] = {}
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setHandleWidth(1)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll_area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area.setWidget(self.splitter)
        self._snap_timer = QTimer(self)
        self._snap_timer.setSingleShot(True)
        self._snap_timer.setInterval(SNAP_DELAY_MS)
        self._snap_timer.timeout.connect(self._snap_to_pane)
        bar = self.scroll_area.horizontalScrollBar()
        bar.valueChanged.connect(lambda _value: None if bar.isSliderDown() else self._snap_timer.start())
        bar.sliderReleased.connect(self._snap_timer.start)
        self.beside_bar = BesideBar()
        self.beside_bar.show_all_requested.connect(self.show_all)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.beside_bar)
        layout.addWidget(self.scroll_area, 1)
        workspace.subscribe(self._workspace_changed)

    # -- content -------------------------------------------------------------------------------------------
    @property
    def order(self) -> list[int]:  # the display order, and below the sources hidden: the workspace's
        return self.workspace.order

    @property
    def hidden(self) -> set[int]:
        return self.workspace.hidden

    def _workspace_changed(self, change: Change) -> None:
        # Not while the comparison before the workspace's is still on screen: set_alignment builds it.
        if isinstance(change, OrderChanged) and self._generation == self.workspace.generation:
            self._rebuild_keeping_position()
            self._show_beside_bar()

    @property
    def labels(self) -> Sequence[str]:
        """Each source's short name (``reader.core.reading.labels``, cached there), as its sources now read."""
        return self.alignment.labels if self.alignment is not None else ()

    def set_alignment(self, alignment: Alignment) -> None:
        """Show ``alignment`` (the workspace's comparison's, in the workspace's order); keeps what the user
        was looking at when the sources stay the same."""
        keep = self._reading_position()
        before = self.alignment
        if before is None or [s.path for s in before.sources] != [s.path for s in alignment.sources]:
            self.beside = None  # other sources: nothing stays folded
        self.alignment = alignment
        self._generation = self.workspace.generation
        self.copied = {}
        self.copied_marked.emit(False)  # the key's entry for them goes with the marks
        self._show_beside_bar()
        self.selected = None
        self.finder.forget()
        self._rebuild()
        if keep is not None:
            self._restore_reading_position(*keep)

    def focus_pane(self, step: int) -> None:
        """Move the keyboard focus to the next (1) or previous (-1) pane, scrolling it into view."""
        visible = self.visible_sources()
        source = step_pane(visible, self.focus_source, step)
        if source is None:
            return
        self.focus_source = source
        pane = self.panes[source]
        self.scroll_area.ensureWidgetVisible(pane, 0, 0)
        pane.view.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.status_message.emit(f"Pane {visible.index(source) + 1} of {len(visible)}: {pane.title.text()}")

    # -- widths ----------------------------------------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_columns()

    def fit_columns(self) -> None:
        """Share the width among the panes. When they cannot all be at least READABLE_WIDTH wide, as many as
        can are shown whole, and the others are a sideways scroll away, a whole pane at a time."""
        columns = [
            c for c in (self.splitter.widget(i) for i in range(self.splitter.count())) if c is not None
        ]
        if not columns:
            return
        width = self.width()  # the viewport's, once the layout has caught up (no frame, no vertical bar)
        handle = self.splitter.handleWidth()
        narrowest = self.readable_width(columns[0])
        fit = max(1, min(len(columns), (width + handle) // (narrowest + handle)))
        each = max(1, (width - (fit - 1) * handle) // fit)
        for column in columns:
            column.setMinimumWidth(max(each, column.minimumSizeHint().width()) if fit < len(columns) else 0)
        if fit < len(columns):
            self.splitter.setSizes([each] * len(columns))
        bar = self.scroll_area.horizontalScrollBar()
        bar.setSingleStep(each + handle)
        bar.setPageStep(fit * (each + handle))

    def readable_width(self, column: QWidget) -> int:
        """The narrowest a column may be: ``READABLE_WIDTH``, or with a comfortable measure, what lines of
        ``READABLE_CHARS`` characters need with the column's gutter, margins, overview strip and scroll bar."""
        pane = next(iter(self.panes.values()), None)
        if not self.comfortable_measure or pane is None:
            return READABLE_WIDTH
        text = pane.view.fontMetrics().horizontalAdvance(_MEASURE[:READABLE_CHARS])
        chrome = column.width() - pane.view.viewport().width()
        chrome = chrome if 20 <= chrome <= 200 else 70  # before the first layout: a typical column's
        margin = 2 * int(pane.view.document().documentMargin())
        return max(READABLE_WIDTH, text + margin + chrome)

    def set_comfortable_measure(self, on: bool) -> None:
        self.comfortable_measure = on
        self.fit_columns()
        count = self.splitter.count()
        if count and self.scroll_area.horizontalScrollBar().maximum() <= self.splitter.handleWidth() * count:
            self.splitter.setSizes([self.width() // count] * count)  # all fit now: share the width evenly

    def _snap_to_pane(self) -> None:
        """After a sideways scroll, line up the nearest pane with the left edge: no pane is shown cut."""
        bar = self.scroll_area.horizontalScrollBar()
        if bar.maximum() == 0:
            return
        edges = [w.x() for w in (self.splitter.widget(i) for i in range(self.splitter.count())) if w]
        edges = [min(x, bar.maximum()) for x in edges]
        nearest = min(edges, key=lambda x: abs(x - bar.value()))
        if nearest != bar.value():
            bar.setValue(nearest)

    def refresh_sources(self, alignment: Alignment) -> None:
        """The same alignment with other titles, outlets or dates (the user's): new headers, same panes."""
        self.alignment = alignment
        for source, pane in self.panes.items():
            pane.show_header(alignment.sources[source], self._stats(alignment, source), self.labels[source])
        self._show_beside_bar()

    def mark_copied(self, copy: Copying | None) -> None:
        """Mark the text ``copy``'s copier takes from its origin, in both panes, and show the two next to
        each other with the first passage level in them (None: clear the marks)."""
        spans: dict[int, list[tuple[int, int]]] = {}
        if copy is not None:
            spans[copy.copier] = [(p.start, p.end) for p in copy.passages]
            spans[copy.origin] = [(p.other_start, p.other_end) for p in copy.passages]
        self.copied = spans  # kept: panes built again (folded, moved) mark them too
        self.copied_marked.emit(bool(spans))
        for source, pane in self.panes.items():
            pane.view.set_layer("copied", spans.get(source, []), self.theme.copied)
        if copy is not None and copy.passages:
            first = copy.passages[0]
            self.show_beside(copy.copier, first.start, copy.origin, first.other_start)

    def show_counterparts(self, source: int, start: int, other: int, other_start: int) -> None:
        """Bring ``start`` of ``source`` into view and ``other_start`` of ``other`` level with it."""
        pane, other_pane = self.panes.get(source), self.panes.get(other)
        if pane is None:
            return
        self.focus_source = source
        pane.view.scroll_to_offset(start, int(pane.view.viewport().height() * ANCHOR))
        if other_pane is not None:
            self._syncing = True
            try:
                other_pane.view.scroll_to_offset(other_start, pane.view.y_of(start))
                # Near the end of its text a pane cannot scroll on: the first one meets it instead.
                pane.view.scroll_to_offset(start, other_pane.view.y_of(other_start))
            finally:
                self._syncing = False

    @staticmethod
    def _stats(alignment: Alignment, source: int) -> SourceStats | None:
        return alignment.stats(source) if len(alignment.sources) > 1 else None

    def visible_sources(self) -> list[int]:
        """The sources whose panes are on the strip, in order (``beside``: two of them next to each other)."""
        return shown_sources(self.order, self.hidden, self.beside)

    # -- a copy beside its source --------------------------------------------------------------------------
    def show_beside(self, source: int, start: int, other: int, other_start: int) -> None:
        """Show ``start`` of ``source`` and ``other_start`` of ``other`` in two panes next to each other,
        both in view, the passages level. The user's order is kept: when the two are not neighbours, the
        panes between them are folded away for the moment (a bar above says so, with Show all panes)."""
        if self.alignment is None or source == other:
            self.show_counterparts(source, start, other, other_start)
            return
        pair = pair_to_fold(self.order, self.hidden, source, other)
        if {*(pair or ())} != {*(self.beside or ())}:
            self.beside = pair
            self._rebuild_keeping_position()
            self._show_beside_bar()
        self._level_beside(source, start, other, other_start)
        # A pane built a moment ago is laid out once the event loop runs: level them again then.
        QTimer.singleShot(0, lambda: self._level_beside(source, start, other, other_start))

    def _level_beside(self, source: int, start: int, other: int, other_start: int) -> None:
        if source not in self.panes or other not in self.panes:
            return
        columns = [self.panes[s].parentWidget() for s in (source, other)]
        bring_into_view(self.scroll_area, [c for c in columns if c is not None])
        self.show_counterparts(source, start, other, other_start)

    def show_all(self) -> None:
        """Unfold the panes set aside to show two sources next to each other."""
        if self.beside is None:
            return
        self.beside = None
        self._rebuild_keeping_position()
        self._show_beside_bar()
        self.status_message.emit("All panes shown again, in your order.")

    def _show_beside_bar(self) -> None:
        pair = self.beside
        if pair is None or self.alignment is None:
            self.beside_bar.say(None)
        else:
            self.beside_bar.say(beside_sentence(self.labels, self.order, self.hidden, pair))

    def _rebuild(self) -> None:
        for pane in self.panes.values():
            pane.setParent(None)
            pane.deleteLater()
        for index in reversed(range(self.splitter.count())):
            widget = self.splitter.widget(index)
            if widget is not None:
                widget.setParent(None)
                widget.deleteLater()
        self.panes, self.connectors = {}, []
        alignment = self.alignment
        if alignment is None:
            return
        previous: SourcePane | None = None
        for source in self.visible_sources():
            pane = SourcePane(source)
            pane.show_source(
                alignment.sources[source],
                highlights(alignment, source),
                self._stats(alignment, source),
                self.theme,
                self.labels[source],
            )
            if self.point_size:
                self._apply_font(pane)
            column = QWidget()
            row = QHBoxLayout(column)
            row.setContentsMargins(0, 0, 0, 0)
            row.setSpacing(0)
            if previous is not None:
                strip = ConnectorStrip()
                row.addWidget(strip)
                self.connectors.append(strip)
                strip.connect_views(
                    alignment, (previous.source_index, previous.view), (source, pane.view), self.theme
                )
                strip.band_chosen.connect(self._band_chosen)
            row.addWidget(pane, 1)
            self.splitter.addWidget(column)
            self.panes[source] = pane
            pane.view.verticalScrollBar().valueChanged.connect(lambda _=0, s=source: self._scrolled(s))
            pane.view.passage_clicked.connect(lambda offset, s=source: self.click(s, offset))
            pane.move_requested.connect(self.move_source)
            pane.hide_requested.connect(self.hide_source)
            pane.remove_requested.connect(self.remove_requested)
            pane.details_requested.connect(self.details_requested)
            pane.versions_requested.connect(self.versions_requested)
            pane.view.annotate_requested.connect(lambda s=source: self._annotate_from(s))
            pane.view.selectionChanged.connect(lambda s=source: self._selected_in(s))
            pane.view.set_annotation_marks(self.annotation_marks.get(source, []))
            if source in self.copied:
                pane.view.set_layer("copied", self.copied[source], self.theme.copied)
            previous = pane
        if self.focus_source not in self.panes:
            self.focus_source = next(iter(self.panes), None)
        self.fit_columns()

    # -- arranging sources ---------------------------------------------------------------------------------
    def move_source(self, source: int, step: int) -> None:
        self.workspace.move(source, step)

    def hide_source(self, source: int, hidden: bool = True) -> None:
        if hidden and len(self.visible_sources()) <= 1:
            self.status_message.emit("The last visible source cannot be hidden.")
            return
        unfold = self.beside is not None and (source in self.beside or not hidden)
        if unfold:
            self.beside = None  # the user arranges the panes again: no pane stays folded behind their back
        before = self.hidden
        self.workspace.hide(source, hidden)
        if unfold and self.hidden == before:  # only the fold changed: the workspace has nothing to say
            self._rebuild_keeping_position()
            self._show_beside_bar()

    def show_only(self, sources: Collection[int]) -> None:
        """Show ``sources`` side by side, in the order the user chose, and hide the others (the Sources menu
        shows them again)."""
        self.workspace.show_only(sources)

    def _rebuild_keeping_position(self) -> None:
        keep = self._reading_position()
        selected = self.selected
        self._rebuild()
        if keep is not None:
            self._restore_reading_position(*keep)
        if selected is not None:
            self.select_group(selected, scroll=False)

    def _reading_position(self) -> tuple[int, int] | None:
        if self.alignment is None or self.focus_source not in self.panes:
            return None
        view = self.panes[self.focus_source].view
        return self.focus_source, view.offset_at(QPoint(4, 2))

    def _restore_reading_position(self, source: int, offset: int) -> None:
        if source in self.panes:
            self.focus_source = source
            self.panes[source].view.scroll_to_offset(offset, 0)
            self._scrolled(source)

    # -- synchronized scrolling ----------------------------------------------------------------------------
    def set_sync_scrolling(self, enabled: bool) -> None:
        self.sync_scrolling = enabled
        if enabled and self.focus_source in self.panes:
            self._scrolled(self.focus_source)

    def _scrolled(self, source: int) -> None:
        if not self.sync_scrolling or self._syncing or self.alignment is None:
            return
        pane = self.panes.get(source)
        if pane is None:
            return
        view = pane.view
        anchor_y = int(view.viewport().height() * ANCHOR)
        anchor = view.offset_at(QPoint(4, anchor_y))
        line_y = view.y_of(anchor)
        self._syncing = True
        try:
            for other, other_pane in self.panes.items():
                if other == source:
                    continue
                target = self.counterpart_offset(source, anchor, other)
                if target is not None:
                    other_pane.view.scroll_to_offset(target, line_y)
        finally:
            self._syncing = False

    def counterpart_offset(self, source: int, offset: int, other: int) -> int | None:
        """Where ``offset`` of ``source`` falls in ``other`` (``reader.navigation``)."""
        return counterpart_offset(self.alignment, source, offset, other) if self.alignment else None

    # -- selection -----------------------------------------------------------------------------------------
    def click(self, source: int, offset: int) -> None:
        self._work_in(source)
        hit = self.alignment.member_at(source, offset) if self.alignment else None
        if hit is not None:
            self.select_group(hit[1].id, origin=source, still=True)

    def select_group(
        self, group_id: int, origin: int | None = None, scroll: bool = True, still: bool = False
    ) -> None:
        """Select a group: mark it in every pane, and bring its passages level with the origin's. ``still``:
        the origin pane does not move (the user clicked in it: the passage stays under the mouse)."""
        alignment = self.alignment
        group = alignment.group_by_id.get(group_id) if alignment else None
        if alignment is None or group is None:
            return
        self.selected = group_id
        if origin not in self.panes or not group.member(origin):
            origin = first_carrier(group, self.visible_sources())
        y = None
        origin_member = group.member(origin) if origin is not None else None
        if origin is not None and origin_member is not None:
            origin_view = self.panes[origin].view
            if scroll and not still and not self._is_comfortably_visible(origin_view, origin_member.start):
                origin_view.scroll_to_offset(
                    origin_member.start, int(origin_view.viewport().height() * ANCHOR)
                )
            y = origin_view.y_of(origin_member.start)
        self._syncing = True
        try:
            for source, pane in self.panes.items():
                member = marked_member(alignment, group, source)
                spans = [(member.start, member.end)] if member else []
                pane.view.set_layer("selection", spans, self.theme.selected)
                if member and scroll and source != origin and y is not None:
                    pane.view.scroll_to_offset(member.start, y)
        finally:
            self._syncing = False
        for strip in self.connectors:
            strip.set_selected(group_id)
        self.group_selected.emit(group_id)

    def _band_chosen(self, left: int, start: int, right: int, other_start: int, group: int) -> None:
        """A band between two panes was clicked: its group selected (when it is one), its ends level."""
        if group >= 0:
            self.select_group(group, origin=left, scroll=False)
        self.show_beside(left, start, right, other_start)

    @staticmethod
    def _is_comfortably_visible(view: TextView, offset: int) -> bool:
        y = view.y_of(offset)
        return bool(0 <= y <= view.viewport().height() * 0.8)

    # -- navigation ----------------------------------------------------------------------------------------
    def next_difference(self, forward: bool = True, additions_only: bool = False) -> bool:
        """Select the next (or previous) difference, or addition, in the focused pane. False at the end."""
        source = self.focus_source
        if self.alignment is None or source not in self.panes:
            return False
        kinds = ADDITIONS if additions_only else DIFFERENCES
        found = next_passage(self.alignment, source, self._current_offset(source), kinds, forward)
        if found is None:
            what = "addition" if additions_only else "difference"
            self.status_message.emit(f"No {'next' if forward else 'previous'} {what} in this source.")
            return False
        member, group = found
        view = self.panes[source].view
        view.scroll_to_offset(member.start, int(view.viewport().height() * ANCHOR))
        self.select_group(group.id, origin=source, scroll=True)
        return True

    def _current_offset(self, source: int) -> int:
        start = selected_start(self.alignment, self.selected, source) if self.alignment else None
        if start is not None:
            return start
        view = self.panes[source].view
        return view.offset_at(QPoint(4, 2)) - 1

    # -- find ----------------------------------------------------------------------------------------------
    def find_text(self, query: str, forward: bool = True, restart: bool = False) -> int:
        """Mark every match of ``query`` in all panes and go to the next one (``find.Finder``). Returns the
        number of matches."""
        if self.alignment is None:
            return 0
        found = self.finder.step(
            self.alignment, self.panes, query, forward, restart, self.status_message.emit
        )
        if found is None:
            return 0
        source, start, _end = found
        self.focus_source = source
        view = self.panes[source].view
        view.scroll_to_offset(start, int(view.viewport().height() * ANCHOR))
        return len(self.finder.matches)

    def clear_find(self) -> None:
        self.finder.clear(self.panes)

    # -- annotations ---------------------------------------------------------------------------------------
    def set_annotation_marks(self, marks: dict[int, list[tuple[int, int, QColor]]]) -> None:
        self.annotation_marks = marks
        for source, pane in self.panes.items():
            pane.view.set_annotation_marks(marks.get(source, []))

    def selection(self) -> tuple[int, int, int] | None:
        """(source, start, end) of the words selected in the pane the user worked in last. A selection
        left behind in another pane does not count: clicking a passage elsewhere means that passage."""
        source = self.focus_source
        pane = self.panes.get(source) if source is not None else None
        span = pane.view.selected_span() if pane is not None else None
        return (source, *span) if source is not None and span is not None else None

    def _selected_in(self, source: int) -> None:
        """Words selected in a pane make it the one the user works in: Annotate takes them, not a passage
        clicked before in another pane."""
        pane = self.panes.get(source)
        if pane is not None and pane.view.textCursor().hasSelection():
            self._work_in(source)

    def _work_in(self, source: int) -> None:
        """``source`` is the pane the user works in: a selection left in another pane is cleared."""
        self.focus_source = source
        for other, pane in self.panes.items():
            cursor = pane.view.textCursor()
            if other != source and cursor.hasSelection():
                cursor.clearSelection()
                pane.view.setTextCursor(cursor)

    def _annotate_from(self, source: int) -> None:
        self.focus_source = source
        self.annotate_requested.emit()

    def reveal(self, source: int, start: int, end: int) -> None:
        """Bring [start, end) of ``source`` into view and mark it as the selection."""
        pane = self.panes.get(source)
        if pane is None:
            return
        self.focus_source = source
        view = pane.view
        view.scroll_to_offset(start, int(view.viewport().height() * ANCHOR))
        view.set_layer("selection", [(start, end)], self.theme.selected)

    def fill_sources_menu(self, menu: QMenu, remove: Callable[[int], None], add: QAction) -> None:
        """The Sources menu: show or hide each source, remove one, add more."""
        menu.clear()
        if self.alignment is None:
            menu.addAction("No sources open").setEnabled(False)
            return
        names = [source.name for source in self.alignment.sources]
        for source in self.order:
            action = menu.addAction(f"Show {names[source]}")
            action.setCheckable(True)
            action.setChecked(source not in self.hidden)
            action.toggled.connect(partial(self._show_toggled, source))
        menu.addSeparator()
        removing = menu.addMenu("Remove from comparison")
        for source in self.order:
            removing.addAction(names[source], partial(remove, source))
        menu.addSeparator()
        menu.addAction(add)

    def _show_toggled(self, source: int, shown: bool) -> None:
        self.hide_source(source, not shown)

    # -- zoom ----------------------------------------------------------------------------------------------
    def zoom(self, steps: int) -> None:
        base = self.point_size or QFont().pointSizeF()
        self.point_size = min(40.0, max(6.0, base + steps))
        for pane in self.panes.values():
            self._apply_font(pane)
        self.fit_columns()  # a comfortable measure is in characters: larger text, wider panes

    def _apply_font(self, pane: SourcePane) -> None:
        if self.point_size is None:
            return
        font = pane.view.font()
        font.setPointSizeF(self.point_size)
        pane.view.setFont(font)
