"""The "Who copies whom" panel: the graph of copying between sources, the list of pairs in words, and the
passages of the chosen pair. Choosing a pair (clicking its arrow, or its row) marks its passages in the
panes; choosing a passage brings it into view."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from PySide6.QtCore import QModelIndex, QSize, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
)
from PySide6.QtWidgets import (
    QLabel,
    QListView,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from reader.core.alignment.align import Alignment
from reader.core.provenance.who_first import both_quote_sentence, copying_sentence, provenance
from reader.export.graph import MOST_NODES, Graph, layout
from reader.render.graph_paint import GraphColors, paint_graph
from reader.ui.list_models import RecordListModel
from reader.ui.theme import Theme

_HIT = 8.0  # how close (px) a click must be to an arrow to choose it


class CopyGraph(QWidget):
    """The graph itself. ``chosen`` is the index (into provenance.copying) of the chosen pair, or -1."""

    copy_chosen = Signal(int)

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = theme
        self.alignment: Alignment | None = None
        self.graph: Graph | None = None
        self.chosen = -1
        self.setMinimumSize(220, 210)  # five labels of two lines above and below the dots without overlap
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Who copies whom graph")
        self.setAccessibleDescription(
            "Arrows go from the source a text came from to the one that takes it; the left and right arrow "
            "keys choose a pair"
        )
        self.setMouseTracking(True)

    def sizeHint(self) -> QSize:
        return QSize(420, 300)

    def set_alignment(self, alignment: Alignment | None) -> None:
        self.alignment = alignment
        self.chosen = -1
        self._relayout()

    def choose(self, index: int) -> None:
        self.chosen = index
        self.update()

    def _relayout(self) -> None:
        alignment = self.alignment
        self.graph = layout(alignment, self.width(), self.height()) if alignment else None
        self.update()

    def resizeEvent(self, event: object) -> None:
        self._relayout()

    def edge_at(self, x: float, y: float) -> int:
        """The pair whose arrow passes nearest (within a few pixels) of the point, or -1."""
        if self.graph is None:
            return -1
        best, distance = -1, _HIT
        for edge in self.graph.edges:
            d = edge.distance(x, y)
            if d <= max(distance, edge.width / 2 + 3):
                best, distance = edge.copy, d
        return best

    def mousePressEvent(self, event: QMouseEvent) -> None:
        index = self.edge_at(event.position().x(), event.position().y())
        if index >= 0:
            self.copy_chosen.emit(index)
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        over = self.edge_at(event.position().x(), event.position().y()) >= 0
        self.setCursor(Qt.CursorShape.PointingHandCursor if over else Qt.CursorShape.ArrowCursor)
        super().mouseMoveEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        edges = [edge.copy for edge in self.graph.edges] if self.graph else []
        step = {Qt.Key.Key_Right: 1, Qt.Key.Key_Down: 1, Qt.Key.Key_Left: -1, Qt.Key.Key_Up: -1}.get(
            Qt.Key(event.key())
        )
        if step is None or not edges:
            super().keyPressEvent(event)
            return
        at = edges.index(self.chosen) if self.chosen in edges else (-1 if step > 0 else 0)
        self.copy_chosen.emit(edges[(at + step) % len(edges)])

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            painter.fillRect(self.rect(), self.palette().base())
            if self.graph is not None:
                colors = GraphColors(self.theme.text, self.theme.muted, self.palette().base().color())
                paint_graph(painter, self.graph, colors, self.font(), self.chosen)
                if self.graph.left_out:  # too small for every source: say so where the dots are
                    painter.setPen(self.theme.muted)
                    shown = len(self.graph.nodes)
                    painter.drawText(
                        self.rect().adjusted(4, 2, -4, -2),
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom,
                        f"{shown} of {shown + self.graph.left_out} sources: the largest pairs",
                    )
        finally:
            painter.end()


NOTHING_OPEN = "Open two or more write-ups of a story to see who takes text from whom."


@dataclass(frozen=True)
class PairRow:
    copy: int  # index into provenance.copying; -1: a line to read, not a pair to choose
    quote: int = -1  # for a line that is not a pair: its index into provenance.both_quote


class PairRole(IntEnum):
    COPY = Qt.ItemDataRole.UserRole + 1


class PairListModel(RecordListModel[PairRow]):
    """The pairs that copy, in words, in the order of provenance.copying; then lines that are not a pair
    (two sources quoting the same words), shown muted and not to be chosen. Each line is written when a
    view first asks for it, and a view gets ``batch`` rows at a time: 500 sources that all share text are
    125,000 pairs."""

    roles = PairRole
    batch = 100

    def __init__(self, muted: QColor, parent: QWidget | None = None) -> None:
        super().__init__((), parent)
        self.muted = muted
        self.alignment: Alignment | None = None
        self._lines: dict[PairRow, str] = {}

    def set_alignment(self, alignment: Alignment | None) -> None:
        """A row per pair of ``alignment``'s sources that copy, then per pair that both quote."""
        self.alignment, self._lines = alignment, {}
        found = provenance(alignment) if alignment is not None else None
        self.reset(
            []
            if found is None
            else [
                *(PairRow(index) for index in range(len(found.copying))),
                *(PairRow(-1, index) for index in range(len(found.both_quote))),  # nothing to choose
            ]
        )

    def text(self, record: PairRow) -> str:
        line = self._lines.get(record)
        if line is None and self.alignment is not None:
            found, names = provenance(self.alignment), self.alignment.labels
            line = self._lines[record] = (
                copying_sentence(found.copying[record.copy], names)
                if record.copy >= 0
                else both_quote_sentence(found.both_quote[record.quote], names)
            )
        return line or ""

    def role_data(self, record: PairRow, role: IntEnum) -> object:
        return record.copy

    def foreground(self, record: PairRow) -> object:
        return QBrush(self.muted) if record.copy < 0 else None

    def choosable(self, record: PairRow) -> bool:
        return record.copy >= 0


@dataclass(frozen=True)
class PassageRow:
    text: str
    source: int  # the copier
    start: int
    other: int  # the origin
    other_start: int  # its counterpart's start


class PassageRole(IntEnum):
    SOURCE = Qt.ItemDataRole.UserRole + 1
    START = Qt.ItemDataRole.UserRole + 2
    OTHER = Qt.ItemDataRole.UserRole + 3
    OTHER_START = Qt.ItemDataRole.UserRole + 4


class PassageListModel(RecordListModel[PassageRow]):
    """The passages of the chosen pair: where the copier has each, and where the origin has it."""

    roles = PassageRole

    def text(self, record: PassageRow) -> str:
        return record.text

    def role_data(self, record: PassageRow, role: IntEnum) -> object:
        return {
            PassageRole.SOURCE: record.source,
            PassageRole.START: record.start,
            PassageRole.OTHER: record.other,
            PassageRole.OTHER_START: record.other_start,
        }[PassageRole(role)]


class CopyingPanel(QWidget):
    """The graph, the pairs in words, and the chosen pair's passages."""

    copy_chosen = Signal(object)  # Copying
    passage_chosen = Signal(int, int, int, int)  # source, start, the other source, its counterpart's start

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("copyingPanel")
        self.alignment: Alignment | None = None
        self.graph = CopyGraph(theme)
        self.pair_rows = PairListModel(theme.muted, self)
        self.pairs = QListView()
        self.pairs.setModel(self.pair_rows)
        self.pairs.setObjectName("copyingPairs")
        self.pairs.setAccessibleName("Pairs of sources that share copied text")
        self.pairs.setWordWrap(True)
        self.pairs.setAlternatingRowColors(True)
        self.passage_rows = PassageListModel((), self)
        self.passages = QListView()
        self.passages.setModel(self.passage_rows)
        self.passages.setObjectName("copiedPassages")
        self.passages.setAccessibleName("Passages of the chosen pair")
        self.passages.setWordWrap(True)
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.caption.setObjectName("copyingCaption")
        self.caption.setStyleSheet(f"color: {theme.muted.name()};")
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.graph)
        split.addWidget(self.pairs)
        split.addWidget(self.passages)
        split.setChildrenCollapsible(False)
        self.pairs.setMinimumHeight(34)
        self.passages.setMinimumHeight(34)
        split.setSizes([300, 150, 150])
        layout_ = QVBoxLayout(self)
        layout_.setContentsMargins(6, 6, 6, 6)
        layout_.addWidget(self.caption)
        layout_.addWidget(split, 1)
        self.caption.setText(NOTHING_OPEN)
        self.graph.copy_chosen.connect(self.choose)
        self._choosing = False  # the list's current row is being set here, not by the user
        self.pairs.selectionModel().currentRowChanged.connect(self._pair_row)
        self.passages.activated.connect(self._passage)
        self.passages.clicked.connect(self._passage)

    def set_alignment(self, alignment: Alignment | None) -> None:
        """Show the copying of ``alignment`` (None: nothing open)."""
        self.alignment = alignment
        self.graph.set_alignment(alignment)
        self.passage_rows.reset(())
        if alignment is None:
            self._set_pairs(None)
            self.caption.setText(NOTHING_OPEN)
            return
        found = provenance(alignment)
        self._set_pairs(alignment)
        if found.copying:
            self.caption.setText(
                "Click an arrow: who takes from whom."
                if len(alignment.sources) <= MOST_NODES
                else "The largest pairs: click an arrow. Every pair is listed below."
            )
            self.caption.setToolTip(
                "An arrow goes from the source a text came from to the one that takes it (verbatim, edited, or "
                "8+ words in a row), as thick as the share taken; dashed: which came first is not known."
            )
        else:
            self.caption.setText(
                "No source takes text from another (verbatim, edited, or 8+ words in a row)."
            )

    def choose(self, index: int) -> None:
        """Choose the pair ``index`` (into provenance.copying): mark it, list its passages, tell the window."""
        alignment = self.alignment
        if alignment is None or not 0 <= index < len(provenance(alignment).copying):
            return
        copy = provenance(alignment).copying[index]
        self.graph.choose(index)
        if self.pairs.currentIndex().row() != index:
            self._choosing = True
            try:
                self.pair_rows.fetch_to(index)  # a small pair's row may not be in the list yet
                self.pairs.setCurrentIndex(self.pair_rows.index(index))
            finally:
                self._choosing = False
        text = alignment.sources[copy.copier].text
        labels = {"verbatim": "word for word", "edited": "edited", "fragment": "8+ words"}
        copier = alignment.labels[copy.copier]
        rows = []
        for passage in copy.passages:
            words = " ".join(text[passage.start : passage.end].split())
            if len(words) > 160:
                words = words[:159] + "…"
            credit = "credited" if passage.credited else "not credited"
            line = f"{copier} · {labels[passage.kind]} · {credit}\n{words}"
            rows.append(PassageRow(line, copy.copier, passage.start, copy.origin, passage.other_start))
        self.passage_rows.reset(rows)
        self.copy_chosen.emit(copy)

    def _set_pairs(self, alignment: Alignment | None) -> None:
        self._choosing = True
        try:
            self.pair_rows.set_alignment(alignment)
        finally:
            self._choosing = False

    def _pair_row(self, current: QModelIndex) -> None:
        if not self._choosing and current.isValid():
            self.choose(int(current.data(PairRole.COPY)))

    def _passage(self, index: QModelIndex) -> None:
        if index.isValid():
            row = self.passage_rows.records[index.row()]
            self.passage_chosen.emit(row.source, row.start, row.other, row.other_start)
