"""The colour key: one slim row above the panes (two on a narrow window), each entry drawn as the panes draw
its style, with the words of ``reader.export.palette.KEY`` (the exports use the same)."""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QFont, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from reader.export.palette import KEY, Style
from reader.ui.flow import FlowLayout
from reader.ui.theme import Theme

PAD = 6  # around a chip's words
CHOSEN = Style(
    "copied",
    "chosen pair's passages",
    "The passages one source of the pair chosen in Copying takes from the other",
    "fill",
)


class KeyEntry(QWidget):
    """One style: its words on its fill, or over its line (solid, dashed, dotted, wavy), as in a pane."""

    def __init__(self, style: Style, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key, self.theme = style, theme
        self.setObjectName("legendEntry")
        self.setToolTip(style.tip)
        font = QFont(self.font())
        font.setBold(style.form == "bold")
        font.setItalic(style.form == "dotted")
        self.setFont(font)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def text(self) -> str:
        return self.key.label

    def sizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        return QSize(metrics.horizontalAdvance(self.key.label) + 2 * PAD, metrics.height() + 8)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def paintEvent(self, event: QPaintEvent) -> None:
        theme, form, kind = self.theme, self.key.form, self.key.kind
        painter = QPainter(self)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            box = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
            if form == "fill":
                painter.setPen(Qt.PenStyle.NoPen)
                fills = {"changed": theme.changed, "copied": theme.copied}
                painter.setBrush(fills[kind] if kind in fills else theme.passage(kind))
                painter.drawRoundedRect(box, 3, 3)
            elif form == "plain":  # the page itself, outlined so it reads as an entry
                painter.setPen(QPen(theme.muted, 1))
                painter.setBrush(theme.page)
                painter.drawRoundedRect(box, 3, 3)
            painter.setPen(theme.text)
            painter.drawText(
                self.rect().adjusted(PAD, 0, -PAD, 0), Qt.AlignmentFlag.AlignCenter, self.key.label
            )
            metrics = self.fontMetrics()
            y = self.height() / 2 + metrics.ascent() / 2 + 3
            left, right = PAD, self.width() - PAD
            line = {
                "changed": theme.text,
                "fragment": theme.fragment,
                "discrepancy": theme.discrepancy,
                "paraphrase": theme.paraphrase,
                "possible": theme.possible,
                "quoted": theme.quoted,
            }.get(kind)
            if line is None:
                return
            pen = QPen(line, 2 if form == "bold" else 1.3)
            pen.setStyle(
                {"dashed": Qt.PenStyle.DashLine, "dotted": Qt.PenStyle.DotLine}.get(
                    form, Qt.PenStyle.SolidLine
                )
            )
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            if form == "wavy":
                path = QPainterPath(QPointF(left, y))
                x = float(left)
                while x < right:
                    x += 1
                    path.lineTo(x, y + 1.5 * math.sin((x - left) * math.pi / 3))
                painter.drawPath(path)
            else:
                painter.drawLine(QPointF(left, y), QPointF(right, y))
        finally:
            painter.end()


class Legend(QWidget):
    """What the styles mean; always in view above the panes, wrapping to a second row rather than hiding."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("legend")
        small = QFont(self.font())  # a key, not text to read: a little smaller, so it stays one row longer
        small.setPointSizeF(small.pointSizeF() * 0.9)
        self.setFont(small)
        layout = FlowLayout(self, spacing=6)
        layout.setContentsMargins(8, 3, 8, 3)
        self.entries = [KeyEntry(style, theme, self) for style in KEY]
        for entry in self.entries:
            layout.addWidget(entry)
        # The passages of the pair chosen in Copying are marked while it is chosen: said here only then.
        self.chosen = KeyEntry(CHOSEN, theme, self)
        self.chosen.hide()
        layout.addWidget(self.chosen)
        moved = QLabel("┄ moved")
        moved.setFixedHeight(self.entries[0].sizeHint().height())  # level with the entries
        moved.setAlignment(Qt.AlignmentFlag.AlignVCenter)
        moved.setToolTip(
            "A dashed band links a passage that appears in another order in the neighbouring source"
        )
        layout.addWidget(moved)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

    def show_chosen(self, shown: bool) -> None:
        """Name the fill of the chosen copying pair's passages while they are marked."""
        self.chosen.setVisible(shown)
