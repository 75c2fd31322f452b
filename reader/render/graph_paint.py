"""The "who copies whom" graph drawn with a QPainter: the window's panel and the PDF export draw it alike."""

from __future__ import annotations

import math
from typing import NamedTuple

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen, QPolygonF

from reader.export.graph import RADIUS, Graph, arrow_head

ACCENT = QColor("#cc79a7")  # Okabe-Ito reddish purple: the chosen pair


class GraphColors(NamedTuple):
    text: QColor
    muted: QColor
    base: QColor  # the background


def paint_graph(painter: QPainter, graph: Graph, colors: GraphColors, font: QFont, chosen: int = -1) -> None:
    """Draw ``graph`` (laid out in the painter's coordinates); ``chosen`` is drawn in the accent colour."""
    painter.save()
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for edge in graph.edges:
            color = ACCENT if edge.copy == chosen else QColor(colors.text if edge.known else colors.muted)
            pen = QPen(color, edge.width)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            if not edge.known:
                pen.setStyle(Qt.PenStyle.DashLine)
                pen.setWidthF(max(1.5, edge.width * 0.6))
            painter.setPen(pen)
            painter.drawLine(QPointF(edge.x1, edge.y1), QPointF(edge.x2, edge.y2))
            if edge.known:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(color)
                painter.drawPolygon(QPolygonF([QPointF(x, y) for x, y in arrow_head(edge, 8 + edge.width)]))
                painter.setBrush(Qt.BrushStyle.NoBrush)
        bold = QFont(font)
        bold.setBold(True)
        small = QFont(font)
        if font.pointSizeF() > 0:
            small.setPointSizeF(max(7.0, font.pointSizeF() * 0.9))
        else:  # a font sized in pixels (the PDF's image)
            small.setPixelSize(max(7, round(font.pixelSize() * 0.9)))
        painter.setFont(bold)
        for edge in graph.edges:
            mx, my = edge.label_x, edge.label_y
            rect = QRectF(painter.fontMetrics().boundingRect(edge.label)).adjusted(-4, -1, 4, 1)
            rect.moveCenter(QPointF(mx, my))
            painter.fillRect(rect, colors.base)
            painter.setPen(ACCENT if edge.copy == chosen else colors.text)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, edge.label)
        width = graph.label_width
        line, small_line = QFontMetricsF(bold).height(), QFontMetricsF(small).height()
        wrap = Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignHCenter
        for node in graph.nodes:
            painter.setPen(QPen(colors.muted, 1.5))
            painter.setBrush(colors.muted)
            painter.drawEllipse(QPointF(node.x, node.y), RADIUS, RADIUS)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(colors.text)
            painter.setFont(bold)
            # The label whole, on up to three lines: the same words as the panes say.
            box = QRectF(node.x - width / 2, 0, width, 4 * line)
            lines = min(3, max(1, round(painter.boundingRect(box, wrap, node.label).height() / line)))
            tall = lines * line
            top = node.y - RADIUS - 2 - tall - small_line if node.above else node.y + RADIUS + 2
            name = QRectF(node.x - width / 2, top, width, tall)
            label = node.label if lines > 1 else _elide(painter, node.label, width)
            painter.drawText(name, wrap | Qt.AlignmentFlag.AlignTop, label)
            painter.setFont(small)
            painter.setPen(colors.muted)
            date = QRectF(node.x - width / 2, name.bottom(), width, small_line)
            painter.drawText(date, Qt.AlignmentFlag.AlignCenter, _elide(painter, node.date, width))
    finally:
        painter.restore()


def _elide(painter: QPainter, text: str, width: float) -> str:
    return painter.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, math.floor(width))
