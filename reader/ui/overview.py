"""The overview of sources by passages: a grid with a row per source (earliest published first) and a
column per passage more than one source carries (story order), each cell showing the form in which that
source carries that passage, the first carrier of each marked.

It is the way to read a story many outlets carry: more sources than fit side by side. Choosing a cell shows
its source beside the passage's first carrier, the passage level in both; choosing a source's name shows it
beside the source it shares most with. The panes then show those sources only (in the order the user chose);
"Show all sources" brings back the others. It is a dock under the panes (View > Overview of sources), opened
by itself when a story of ``OVERVIEW_FROM`` sources or more opens, the panes then showing its earliest source
beside its closest one; built only while it is shown, so a comparison of a few sources pays nothing for it.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPainter, QPaintEvent, QPen, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QPushButton,
    QSizePolicy,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from reader.comparison import Comparison
from reader.core.alignment.records import Alignment
from reader.core.provenance.overview import FORMS, Overview, ahead, overview, partner, publication_order
from reader.core.provenance.who_first import provenance
from reader.ui.comparison import ComparisonView
from reader.ui.overview_model import CELL_ROLE, FIRST_SURE_ROLE, OverviewModel, paint_cell
from reader.ui.theme import Theme
from reader.workspace import Change, OrderChanged, Workspace, shares_no_source

OVERVIEW_FROM = 8
"""From this many sources the overview opens by itself: more panes than fit side by side on a 1920-pixel
screen (at most four at a comfortable line length), so the panes alone would show a few of them."""
DOCK_SHARE = 0.42  # of the window's height, when the overview opens by itself
ROW_HEADER_CHARS = 34  # the row headers' width, in average characters: a name and a short date
KEY = (
    ("first", "first carrier"),
    ("verbatim", "word for word"),
    ("edited", "edited copy"),
    ("other words", "same fact, other words"),
    ("both quote", "both quote"),
    ("possible", "possibly the same"),
)
_Index = QModelIndex | QPersistentModelIndex


def _clickable(header: QHeaderView) -> None:
    """A header whose sections are chosen with a click, each as wide or high as the cells."""
    header.setSectionsClickable(True)
    header.setHighlightSections(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    header.setCursor(Qt.CursorShape.PointingHandCursor)


class CellDelegate(QStyledItemDelegate):
    """Paints a cell (``overview_model.paint_cell``); the chosen passage's column is tinted with the
    selection colour of the panes, and the chosen cell framed."""

    def __init__(self, theme: Theme, table: OverviewTable) -> None:
        super().__init__(table)
        self.theme, self.table = theme, table

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        rect = option.rect
        if index.column() == self.table.chosen_column:
            tint = self.theme.selected
            painter.fillRect(rect, tint)
        paint_cell(painter, rect, int(index.data(CELL_ROLE)), self.theme, bool(index.data(FIRST_SURE_ROLE)))
        if index == self.table.currentIndex():
            painter.save()
            painter.setPen(QPen(self.theme.selected.darker(190), 2))
            painter.drawRect(rect.adjusted(1, 1, -1, -1))
            painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        return QSize(self.table.cell_width, self.table.row_height)


class RowHeader(QHeaderView):
    """A source's name and short date (muted; "no date" after a line above the first undated source),
    with a bar in the selection colour when the panes show it."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Vertical, parent)
        self.theme = theme
        self._width: int | None = None
        _clickable(self)

    def sizeHint(self) -> QSize:
        """Wide enough for the longest name (up to ``ROW_HEADER_CHARS`` characters) and the widest date."""
        hint = super().sizeHint()
        if self._width is None:
            model, metrics = self.model(), self.fontMetrics()
            cap = metrics.averageCharWidth() * ROW_HEADER_CHARS
            if not isinstance(model, OverviewModel) or model.overview is None:
                return QSize(cap, hint.height())
            name = max((metrics.horizontalAdvance(label) for label in model.labels), default=0)
            date = max(metrics.horizontalAdvance(model.row_date(row)) for row in range(model.rowCount()))
            self._width = min(cap, name) + date + 30
        return QSize(self._width, hint.height())

    def reset(self) -> None:
        self._width = None  # other sources: measured again
        super().reset()

    def paintSection(self, painter: QPainter, rect: QRect, section: int) -> None:
        model = self.model()
        if not isinstance(model, OverviewModel) or model.overview is None:
            return
        painter.save()
        try:
            painter.fillRect(rect, self.palette().window())
            source = model.source_at(section)
            if model.shown and source in model.shown:
                painter.fillRect(
                    QRect(rect.left(), rect.top(), 4, rect.height()), self.theme.selected.darker(150)
                )
            metrics = self.fontMetrics()
            date = model.row_date(section)
            date_width = metrics.horizontalAdvance(date)
            text = rect.adjusted(8, 0, -6, 0)
            name_width = max(10, text.width() - date_width - 8)
            name = metrics.elidedText(model.labels[source], Qt.TextElideMode.ElideRight, name_width)
            painter.setPen(self.theme.text)
            painter.drawText(text, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, name)
            painter.setPen(self.theme.muted)
            painter.drawText(text, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, date)
            if section == model.overview.dated and section > 0:  # the first source without a date
                painter.setPen(QPen(self.theme.muted, 1, Qt.PenStyle.DashLine))
                painter.drawLine(rect.topLeft(), rect.topRight())
        finally:
            painter.restore()


class ColumnHeader(QHeaderView):
    """For each passage, a bar as tall as the share of the sources that carry it; the passages'
    numbers every tenth column."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.theme = theme
        _clickable(self)

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(hint.width(), self.fontMetrics().height() * 2 + 6)

    def paintSection(self, painter: QPainter, rect: QRect, section: int) -> None:
        model = self.model()
        if not isinstance(model, OverviewModel) or model.overview is None:
            return
        painter.save()
        try:
            painter.fillRect(rect, self.palette().window())
            found = model.overview
            label = self.fontMetrics().height()
            room = rect.height() - label - 4
            share = found.columns[section].carriers / max(1, len(found.rows))
            bar = max(1, round(room * share))
            quiet = QColor(self.theme.muted)
            quiet.setAlpha(120)
            painter.fillRect(
                QRect(rect.left() + 2, rect.bottom() - bar, max(1, rect.width() - 4), bar), quiet
            )
        finally:
            painter.restore()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        model = self.model()
        if not isinstance(model, OverviewModel) or model.overview is None:
            return
        painter = QPainter(self.viewport())
        try:
            painter.setPen(self.theme.muted)
            first = max(0, self.logicalIndexAt(0))
            last = self.logicalIndexAt(self.viewport().width() - 1)
            last = self.count() - 1 if last < 0 else last
            for section in range(first, last + 1):
                if section == 0 or (section + 1) % 10 == 0:
                    x = self.sectionViewportPosition(section)
                    painter.drawText(
                        QRect(x, 2, 60, self.fontMetrics().height()),
                        Qt.AlignmentFlag.AlignLeft,
                        str(section + 1),
                    )
        finally:
            painter.end()


class OverviewTable(QTableView):
    """The grid. A click, or Enter or Space on the current cell, chooses the cell."""

    cell_chosen = Signal(int, int)  # row, column

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = theme
        self.chosen_column = -1
        metrics = self.fontMetrics()
        self.row_height = metrics.height() + 4
        self.cell_width = max(12, round(metrics.height() * 0.85))
        self.setVerticalHeader(RowHeader(theme, self))
        self.setHorizontalHeader(ColumnHeader(theme, self))
        self.horizontalHeader().setMinimumSectionSize(4)  # first: a default below the minimum is raised
        self.verticalHeader().setMinimumSectionSize(4)
        self.verticalHeader().setDefaultSectionSize(self.row_height)
        self.horizontalHeader().setDefaultSectionSize(self.cell_width)
        self.setItemDelegate(CellDelegate(theme, self))
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setShowGrid(False)
        self.setMouseTracking(True)
        self.setAccessibleName("Overview of sources by passages")
        self.setAccessibleDescription(
            "A row per source, earliest first; a column per passage. Enter shows the current cell's source "
            "beside the passage's first carrier."
        )
        self.clicked.connect(lambda index: self.cell_chosen.emit(index.row(), index.column()))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        keys = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space)
        current = self.currentIndex()
        if Qt.Key(event.key()) in keys and current.isValid():
            self.cell_chosen.emit(current.row(), current.column())
            return
        super().keyPressEvent(event)


class KeyChip(QWidget):
    """One entry of the key: a cell drawn as the grid draws it, and its words."""

    def __init__(self, theme: Theme, form: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme, self.code, self.text = theme, FORMS.index(form) + 1, text
        metrics = self.fontMetrics()
        self.cell = QSize(max(12, round(metrics.height() * 0.85)), metrics.height() + 4)
        self.setFixedSize(self.cell.width() + 6 + metrics.horizontalAdvance(text) + 4, self.cell.height())
        self.setAccessibleName(text)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            paint_cell(painter, QRect(QPoint(0, 0), self.cell), self.code, self.theme)
            painter.setPen(self.theme.text)
            painter.drawText(
                self.rect().adjusted(self.cell.width() + 6, 0, 0, 0), Qt.AlignmentFlag.AlignVCenter, self.text
            )
        finally:
            painter.end()


class OverviewPanel(QWidget):
    """The summary line, the key, the grid and "Show all sources". Reads the alignment on screen only
    while shown. ``comparison`` is the panes: a choice shows its sources there."""

    status_message = Signal(str)

    def __init__(self, theme: Theme, comparison: ComparisonView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme, self.comparison = theme, comparison
        self.alignment: Alignment | None = None
        self.overview: Overview | None = None
        self.pending_note = ""  # what the panes show, said once the grid is made ("arrange")
        self.model = OverviewModel()
        self.table = OverviewTable(theme)
        self.table.setModel(self.model)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setObjectName("overviewSummary")
        self.show_all_button = QPushButton("Show all sources")
        self.show_all_button.setToolTip("The panes show every source again, side by side")
        self.show_all_button.clicked.connect(self.show_all)
        key = QHBoxLayout()
        key.setSpacing(14)
        for form, text in KEY:
            key.addWidget(KeyChip(theme, form, text))
        differs = QLabel("◥ a detail differs")
        differs.setStyleSheet(f"color: {theme.discrepancy.name()};")
        key.addWidget(differs)
        key.addStretch(1)
        key.addWidget(self.show_all_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(4)
        layout.addWidget(self.summary)
        layout.addLayout(key)
        layout.addWidget(self.table, 1)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.table.cell_chosen.connect(self.choose_cell)
        self.table.verticalHeader().sectionClicked.connect(self.choose_row)
        self.table.horizontalHeader().sectionClicked.connect(self.choose_column)
        self._dirty = False
        self._update_buttons()
        comparison.workspace.subscribe(self._workspace_changed)

    def _workspace_changed(self, change: Change) -> None:
        if isinstance(change, OrderChanged):
            self._follow_panes()  # the user hid, showed or moved panes

    # -- content ----------------------------------------------------------------------------------------
    def set_alignment(self, alignment: Alignment | None) -> None:
        """The alignment on screen; the grid is made now when shown, else when next shown."""
        if alignment is self.alignment and not self._dirty:
            return
        self.alignment = alignment
        self._dirty = True
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        alignment = self.alignment
        self._dirty = False
        self.overview = overview(alignment) if alignment is not None and len(alignment.sources) > 1 else None
        self.table.chosen_column = -1
        self.model.set_overview(alignment if self.overview else None, self.overview)
        self.summary.setText(self._summary())
        if self.pending_note:
            self._reading(self.pending_note)
            self.pending_note = ""
        self._follow_panes()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._dirty:
            self.refresh()
        else:
            self._follow_panes()

    def _summary(self, choosing: bool = True) -> str:
        found = self.overview
        if found is None:
            return "Open two sources or more: the overview shows which of them carries which passage."
        count, undated = len(found.rows), len(found.rows) - found.dated
        own = sum(row.own for row in found.rows)
        text = f"{count} sources, earliest first" + (f" ({undated} without a date, last)" if undated else "")
        text += f"; {len(found.columns)} passages more than one carries"
        text += f" ({own} found in one source only are left out)" if own else ""
        how = " Choose a cell to read it beside the first carrier; a name, beside its closest source."
        return text + "." + (how if choosing else "")

    # -- choosing ---------------------------------------------------------------------------------------
    def choose_cell(self, row: int, column: int) -> None:
        """Show the row's source beside the column's first carrier (for the first carrier itself: beside
        the earliest other carrier), with the passage selected and level in both."""
        found, alignment = self.overview, self.alignment
        if found is None or alignment is None:
            return
        source = found.rows[row].source
        info = found.columns[column]
        group = alignment.group_by_id[info.group]
        other = info.first if info.first is not None else group.reference
        if other == source:
            other = next((s for s in found.carriers(column) if s != source), source)
        self.table.chosen_column = column
        self.table.setCurrentIndex(self.model.index(row, column))
        self.table.viewport().update()
        self._read([other, source], info.group, source if group.member(source) else other)
        name, first = self.model.labels[source], self.model.labels[other]
        form = found.form(row, column)
        if form is None:
            said = f"{name} lacks passage {column + 1}; beside {first}, which has it."
        elif other == info.first:
            said = f"Passage {column + 1}: {name} beside {first}, its first carrier."
        else:
            said = f"Passage {column + 1}: {name} beside {first}."
        self._reading(said)

    def choose_row(self, row: int) -> None:
        """Show the row's source beside the one it shares most with (alone when it shares with none)."""
        found = self.overview
        if found is None:
            return
        info = found.rows[row]
        sources = [info.source] if info.partner is None else [info.partner, info.source]
        self._read(sources, None, info.source)
        name = self.model.labels[info.source]
        said = f"{name} beside {self.model.labels[info.partner]}." if info.partner is not None else f"{name}."
        self._reading(said)

    def choose_column(self, column: int) -> None:
        """Show the passage's first carrier beside the earliest source that carries it in other words than
        the first's (else the earliest other carrier)."""
        found = self.overview
        if found is None:
            return
        carriers = found.carriers(column)
        first = found.columns[column].first
        first = first if first is not None else carriers[0]
        others = [s for s in carriers if s != first]
        changed = [s for s in others if found.form(found.row_of(s), column) not in ("verbatim", "first")]
        pick = (changed or others or [first])[0]
        self.choose_cell(found.row_of(pick), column)

    def _read(self, sources: list[int], group: int | None, focus: int) -> None:
        comparison = self.comparison
        comparison.show_only(sources)
        if group is not None:
            # Once the new panes are laid out: before, they have no height to bring the passage into.
            QTimer.singleShot(0, lambda: comparison.select_group(group, origin=focus))
        self._follow_panes()

    def _reading(self, said: str) -> None:
        """Say what the panes now show, in the summary (in place of how to choose) and the status bar."""
        hidden = len(self.comparison.hidden)
        said += f" {hidden} others hidden (Show all sources)." if hidden else ""
        self.summary.setText(self._summary(choosing=False) + " Reading: " + said)
        self.status_message.emit(said)

    def show_all(self) -> None:
        """The panes show every source again."""
        self.comparison.show_only(self.comparison.order)
        self._follow_panes()
        self.summary.setText(self._summary())
        self.status_message.emit(f"The panes show all {len(self.comparison.order)} sources.")

    def _follow_panes(self) -> None:
        """Mark the sources the panes show (when they do not show all)."""
        hidden = self.comparison.hidden
        visible = set(self.comparison.visible_sources()) if hidden else set()
        self.model.set_shown(visible)
        self._update_buttons()

    def _update_buttons(self) -> None:
        hidden = bool(self.comparison.hidden)
        self.show_all_button.setEnabled(hidden)
        count = len(self.comparison.order)
        self.show_all_button.setText(f"Show all {count} sources" if hidden else "Showing all sources")


def overview_ahead(alignment: Alignment) -> Alignment:
    """``alignment``, its overview worked out when the dock opens by itself for it (in a job, off the GUI
    thread: it took 0.4 to 1.5 s for 200 sources)."""
    ahead(alignment, OVERVIEW_FROM)
    return alignment


class OverviewDock(QDockWidget):
    """The overview as a dock at the bottom of ``window``, across its whole width."""

    def __init__(self, window: QMainWindow, theme: Theme, comparison: ComparisonView) -> None:
        super().__init__("Overview of sources", window)
        self.panel = OverviewPanel(theme, comparison)
        self.setObjectName("overviewDock")  # its place and size are saved with the window's
        self.setWidget(self.panel)
        self.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetClosable | QDockWidget.DockWidgetFeature.DockWidgetMovable
        )
        self.toggleViewAction().setText("&Overview of sources")
        self.toggleViewAction().setShortcut("Ctrl+Shift+G")
        self.toggleViewAction().setToolTip(
            "A row per source, a column per passage: which source carries what, first or copied (Ctrl+Shift+G)"
        )
        self._offered: frozenset[str] = frozenset()  # the sources the overview last opened by itself for
        # Under the panes only: the side panel keeps its full height (and its minimum does not limit
        # this dock's).
        window.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self)
        self.hide()

    def is_new(self, comparison: Comparison) -> bool:
        """Is ``comparison`` a story of ``OVERVIEW_FROM`` sources or more that shares no source with the one
        the overview last opened by itself for? (Adding or removing a source, or aligning again, is the same
        story: what the user arranged stays.)"""
        paths = frozenset(comparison.paths)
        return len(paths) >= OVERVIEW_FROM and shares_no_source(paths, self._offered)

    def arrange(self, workspace: Workspace) -> None:
        """A story of many sources opened anew (``is_new``, nothing hidden): the panes show its earliest
        source beside the one that shares most with it, the others hidden; the overview shows them all,
        and Show all brings them into the panes. (Fifty panes side by side are a sideways scroll no one
        reads, and building them is most of the window's work.)"""
        comparison = workspace.comparison
        if comparison is None or not self.is_new(comparison) or comparison.hidden:
            return
        alignment = comparison.alignment
        earliest = publication_order([source.published for source in alignment.sources])[0]
        beside = partner(provenance(alignment), earliest)
        shown = {earliest} if beside is None else {earliest, beside}
        workspace.show_only(shown)
        labels = alignment.labels
        names = [labels[s] for s in sorted(shown, key=comparison.order.index)]
        self.panel.pending_note = " beside ".join(names) + ", the earliest and its closest source."

    def set_alignment(self, alignment: Alignment | None, comparison: Comparison | None = None) -> None:
        """The alignment on screen. With ``comparison``, just opened: when it ``is_new``, the overview opens
        (once: closed, it stays closed for this story)."""
        self.panel.set_alignment(alignment)
        if comparison is None or not self.is_new(comparison):
            return
        self._offered = frozenset(comparison.paths)
        window = self.parentWidget()
        self.show()
        self.raise_()
        if isinstance(window, QMainWindow):
            window.resizeDocks([self], [round(window.height() * DOCK_SHARE)], Qt.Orientation.Vertical)
