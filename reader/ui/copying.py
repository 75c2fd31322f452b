"""The "Who copies whom" panel: the graph of copying between sources, the list of pairs in words, and the
passages of the chosen pair. Choosing a pair (clicking its arrow, or its row) marks its passages in the
panes; choosing a passage brings it into view."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import (
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
)
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from reader.core.align import Alignment
from reader.export.fragments import both_quote_lines, copying_lines
from reader.export.graph import MOST_NODES, Graph, layout
from reader.render.graph_paint import GraphColors, paint_graph
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


class CopyingPanel(QWidget):
    """The graph, the pairs in words, and the chosen pair's passages."""

    copy_chosen = Signal(object)  # Copying
    passage_chosen = Signal(int, int, int, int)  # source, start, the other source, its counterpart's start

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("copyingPanel")
        self.alignment: Alignment | None = None
        self.graph = CopyGraph(theme)
        self.pairs = QListWidget()
        self.pairs.setObjectName("copyingPairs")
        self.pairs.setAccessibleName("Pairs of sources that share copied text")
        self.pairs.setWordWrap(True)
        self.pairs.setAlternatingRowColors(True)
        self.passages = QListWidget()
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
        self.pairs.currentRowChanged.connect(self._pair_row)
        self.passages.itemActivated.connect(self._passage)
        self.passages.itemClicked.connect(self._passage)

    def set_alignment(self, alignment: Alignment | None) -> None:
        """Show the copying of ``alignment`` (None: nothing open)."""
        self.alignment = alignment
        self.graph.set_alignment(alignment)
        self.pairs.blockSignals(True)
        self.pairs.clear()
        self.passages.clear()
        self.pairs.blockSignals(False)
        if alignment is None:
            self.caption.setText(NOTHING_OPEN)
            return
        found = alignment.provenance
        for index, sentence in enumerate(copying_lines(alignment)):  # in the order of found.copying
            item = QListWidgetItem(sentence)
            item.setData(Qt.ItemDataRole.UserRole, index)
            self.pairs.addItem(item)
        for sentence in both_quote_lines(alignment):  # shown, but not a pair that copies: nothing to choose
            item = QListWidgetItem(sentence)
            item.setData(Qt.ItemDataRole.UserRole, -1)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            item.setForeground(self.graph.theme.muted)
            self.pairs.addItem(item)
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
        if alignment is None or not 0 <= index < len(alignment.provenance.copying):
            return
        copy = alignment.provenance.copying[index]
        self.graph.choose(index)
        if self.pairs.currentRow() != index:
            self.pairs.blockSignals(True)
            self.pairs.setCurrentRow(index)
            self.pairs.blockSignals(False)
        self.passages.clear()
        text = alignment.sources[copy.copier].text
        labels = {"verbatim": "word for word", "edited": "edited", "fragment": "8+ words"}
        copier = alignment.labels[copy.copier]
        for passage in copy.passages:
            words = " ".join(text[passage.start : passage.end].split())
            if len(words) > 160:
                words = words[:159] + "…"
            credit = "credited" if passage.credited else "not credited"
            item = QListWidgetItem(f"{copier} · {labels[passage.kind]} · {credit}\n{words}")
            item.setData(
                Qt.ItemDataRole.UserRole, (copy.copier, passage.start, copy.origin, passage.other_start)
            )
            self.passages.addItem(item)
        self.copy_chosen.emit(copy)

    def _pair_row(self, row: int) -> None:
        item = self.pairs.item(row)
        if item is not None:
            self.choose(int(item.data(Qt.ItemDataRole.UserRole)))

    def _passage(self, item: QListWidgetItem) -> None:
        self.passage_chosen.emit(*item.data(Qt.ItemDataRole.UserRole))
