"""Bands between two neighbouring panes that link matching passages, the way Meld links chunks.

A passage that moved (out of order between the two sources) gets a dashed outline; a band whose other end
is scrolled out of view runs off the top or bottom edge, pointing the way.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from reader.core.align import Alignment
from reader.ui.textview import TextView
from reader.ui.theme import Theme

CONNECTOR_WIDTH = 44


class ConnectorStrip(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFixedWidth(CONNECTOR_WIDTH)
        self.alignment: Alignment | None = None
        self.left: tuple[int, TextView] | None = None
        self.right: tuple[int, TextView] | None = None
        self.selected: int | None = None
        self.theme: Theme | None = None

    def connect_views(
        self, alignment: Alignment, left: tuple[int, TextView], right: tuple[int, TextView], theme: Theme
    ) -> None:
        self.alignment, self.left, self.right, self.theme = alignment, left, right, theme
        for _, view in (left, right):
            view.verticalScrollBar().valueChanged.connect(self.update)
        self.update()

    def set_selected(self, group: int | None) -> None:
        self.selected = group
        self.update()

    def links(self) -> list[tuple[int, tuple[int, int], tuple[int, int], bool]]:
        """(group id, left y-range, right y-range, moved) for every band to draw, in strip coordinates."""
        if self.alignment is None or self.left is None or self.right is None:
            return []
        alignment = self.alignment
        (left_source, left_view), (right_source, right_view) = self.left, self.right
        groups = self._visible_groups(left_source, left_view) | self._visible_groups(right_source, right_view)
        moved = alignment.moved_between(left_source, right_source)
        left_dy = self._offset_to_strip(left_view)
        right_dy = self._offset_to_strip(right_view)
        bands = []
        for group_id in sorted(groups):
            group = alignment.group_by_id[group_id]
            left_member, right_member = group.member(left_source), group.member(right_source)
            if left_member is None or right_member is None:
                continue
            ly = self._y_range(left_view, left_member.start, left_member.end, left_dy)
            ry = self._y_range(right_view, right_member.start, right_member.end, right_dy)
            bands.append((group_id, ly, ry, group_id in moved))
        return bands

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.theme is None:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        width = self.width()
        for group_id, (l0, l1), (r0, r1), moved in self.links():
            group = self.alignment.group_by_id[group_id]
            color = QColor(self.theme.connector(group.kind))
            if group_id == self.selected:
                color.setAlpha(min(255, color.alpha() * 2 + 40))
            path = QPainterPath(QPointF(0, l0))
            path.cubicTo(QPointF(width / 2, l0), QPointF(width / 2, r0), QPointF(width, r0))
            path.lineTo(QPointF(width, r1))
            path.cubicTo(QPointF(width / 2, r1), QPointF(width / 2, l1), QPointF(0, l1))
            path.closeSubpath()
            painter.fillPath(path, color)
            if moved:
                pen = QPen(self.theme.text, 1.2, Qt.PenStyle.DashLine)
                painter.setPen(pen)
                painter.drawPath(path)

    # -- helpers -------------------------------------------------------------------------------------------
    def _visible_groups(self, source: int, view: TextView) -> set[int]:
        first, last = view.visible_range()
        return {group.id for _, group in self.alignment.members_between(source, first, last)}

    def _offset_to_strip(self, view: TextView) -> int:
        window = self.window()
        return view.viewport().mapTo(window, QPoint(0, 0)).y() - self.mapTo(window, QPoint(0, 0)).y()

    def _y_range(self, view: TextView, start: int, end: int, dy: int) -> tuple[int, int]:
        first, last = view.visible_range()
        height = view.viewport().height()
        if end < first:
            return dy - 6, dy - 4  # above the view: run off the top
        if start > last:
            return dy + height + 4, dy + height + 6
        rect = view.span_rect(start, end)
        top = max(rect.top(), -4)
        bottom = min(rect.bottom(), height + 4)
        return dy + top, dy + max(bottom, top + 2)
