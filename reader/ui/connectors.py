"""Bands between two neighbouring panes that link matching passages, the way Meld links chunks.

A passage that moved (out of order between the two sources) gets a dashed outline; a band whose other end
is scrolled out of view runs off the top or bottom edge, pointing the way, except a moved one: it is a short
dashed band from the passage with an arrow up or down, not a line across the whole gutter. A link beside
the groups (a sentence of two facts, tied to the passage that reports its second; ``Alignment.links``) is
drawn as an outline in its colour, not filled: the eye follows the filled bands, the groups, first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from PySide6.QtCore import QPoint, QPointF, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from reader.core.alignment.align import Alignment, Group, Member
from reader.core.alignment.relations import moved_between
from reader.ui.textview import TextView
from reader.ui.theme import Theme

CONNECTOR_WIDTH = 44
_LINK_KIND = {"identical": "verbatim", "reworded": "reworded", "paraphrase": "paraphrase"}


class Band(NamedTuple):
    groups: tuple[int, ...]  # the group ids it links
    left: tuple[int, int]  # y range on the left edge, in strip coordinates
    right: tuple[int, int]
    kind: str
    moved: bool
    left_off: bool = False  # that end's passage is scrolled out of view (the band runs off the edge)
    right_off: bool = False
    beside: bool = False  # a link beside the groups, drawn as an outline
    starts: tuple[int, int] = (-1, -1)  # where its first passage starts on the left and on the right

    def covers(self, x: float, width: float, y: float) -> bool:
        """Whether the point (strip coordinates) is on the band, as drawn from edge to edge."""
        share = min(1.0, max(0.0, x / max(1.0, width)))
        top = self.left[0] + share * (self.right[0] - self.left[0])
        bottom = self.left[1] + share * (self.right[1] - self.left[1])
        return top - 2 <= y <= bottom + 2


@dataclass
class _Run:
    """Consecutive matches drawn as one band: the groups, and the first and last member on each side."""

    kind: str
    moved: bool
    left_first: Member
    left_last: Member
    right_first: Member
    right_last: Member
    groups: list[int] = field(default_factory=list)


class ConnectorStrip(QWidget):
    band_chosen = Signal(int, int, int, int, int)  # left source, its start, right source, its start, group

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFixedWidth(CONNECTOR_WIDTH)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip("Click a band to bring its two passages level")
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

    def links(self) -> list[Band]:
        """The bands to draw, in strip coordinates. Consecutive matches that follow each other in both
        sources, of the same kind and not moved, make one band (as Meld draws chunks): fewer, calmer
        shapes, and far less work per scroll step on long texts."""
        if self.alignment is None or self.left is None or self.right is None:
            return []
        alignment = self.alignment
        (left_source, left_view), (right_source, right_view) = self.left, self.right
        left_visible, right_visible = left_view.visible_range(), right_view.visible_range()
        pairs: dict[int, tuple[Member, Member, Group]] = {}
        for source, visible in ((left_source, left_visible), (right_source, right_visible)):
            for _, group in alignment.members_between(source, *visible):
                left_member, right_member = group.member(left_source), group.member(right_source)
                if left_member is not None and right_member is not None:
                    pairs[group.id] = (left_member, right_member, group)
        moved = moved_between(alignment, left_source, right_source)
        runs: list[_Run] = []
        previous: tuple[int, int] | None = None
        for group_id in sorted(pairs, key=lambda g: pairs[g][0].start):
            left_member, right_member, group = pairs[group_id]
            place = (
                alignment.row_index(left_source, left_member.start),
                alignment.row_index(right_source, right_member.start),
            )
            last = runs[-1] if runs else None
            joins = (
                last is not None
                and previous is not None
                and group_id not in moved
                and group_id != self.selected
                and group.kind == last.kind
                and not last.moved
                and self.selected not in last.groups
                and place == (previous[0] + 1, previous[1] + 1)
            )
            if joins and last is not None:
                last.groups.append(group_id)
                last.left_last, last.right_last = left_member, right_member
            else:
                runs.append(
                    _Run(
                        group.kind,
                        group_id in moved,
                        left_member,
                        left_member,
                        right_member,
                        right_member,
                        [group_id],
                    )
                )
            previous = place
        left_dy, right_dy = self._offset_to_strip(left_view), self._offset_to_strip(right_view)
        bands = []
        for run in runs:
            ly = self._y_range(left_view, run.left_first.start, run.left_last.end, left_dy, left_visible)
            ry = self._y_range(right_view, run.right_first.start, run.right_last.end, right_dy, right_visible)
            left_off = run.left_last.end < left_visible[0] or run.left_first.start > left_visible[1]
            right_off = run.right_last.end < right_visible[0] or run.right_first.start > right_visible[1]
            starts = (run.left_first.start, run.right_first.start)
            bands.append(
                Band(tuple(run.groups), ly, ry, run.kind, run.moved, left_off, right_off, False, starts)
            )
        for link in alignment.links:
            if {link.source_a, link.source_b} != {left_source, right_source}:
                continue
            (ls, le), (rs, re_) = (link.a_start, link.a_end), (link.b_start, link.b_end)
            if link.source_a != left_source:
                (ls, le), (rs, re_) = (rs, re_), (ls, le)
            left_off = le < left_visible[0] or ls > left_visible[1]
            right_off = re_ < right_visible[0] or rs > right_visible[1]
            if left_off and right_off:
                continue
            ly = self._y_range(left_view, ls, le, left_dy, left_visible)
            ry = self._y_range(right_view, rs, re_, right_dy, right_visible)
            kind = _LINK_KIND.get(link.classification, "paraphrase")
            groups = (link.group_a, link.group_b)
            bands.append(Band(groups, ly, ry, kind, False, left_off, right_off, True, (ls, rs)))
        return bands

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """A click on a band chooses its passages: the two are brought level (a link beside the groups:
        its two ends; a band of several passages: its first)."""
        if self.left is None or self.right is None:
            return
        x, y = event.position().x(), event.position().y()
        hit = [band for band in self.links() if band.starts[0] >= 0 and band.covers(x, self.width(), y)]
        if hit:
            band = min(hit, key=lambda b: b.beside)  # a group before a link beside it, where both are
            group = band.groups[0] if not band.beside else -1
            self.band_chosen.emit(self.left[0], band.starts[0], self.right[0], band.starts[1], group)

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.theme is None:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        width = self.width()
        for band in self.links():
            (l0, l1), (r0, r1) = band.left, band.right
            color = QColor(self.theme.connector(band.kind))
            if self.selected in band.groups:
                color.setAlpha(min(255, color.alpha() * 2 + 40))
            if band.moved and band.left_off != band.right_off:
                self._moved_stub(painter, band, color, from_left=band.right_off)
                continue
            path = QPainterPath(QPointF(0, l0))
            path.cubicTo(QPointF(width / 2, l0), QPointF(width / 2, r0), QPointF(width, r0))
            path.lineTo(QPointF(width, r1))
            path.cubicTo(QPointF(width / 2, r1), QPointF(width / 2, l1), QPointF(0, l1))
            path.closeSubpath()
            if band.beside:
                color.setAlpha(255)
                painter.setPen(QPen(color, 1.4, Qt.PenStyle.DotLine))
                painter.drawPath(path)
                continue
            painter.fillPath(path, color)
            if band.moved:
                painter.setPen(QPen(self.theme.text, 1.2, Qt.PenStyle.DashLine))
                painter.drawPath(path)

    def _moved_stub(self, painter: QPainter, band: Band, color: QColor, from_left: bool) -> None:
        """A moved passage whose counterpart is scrolled away: a short dashed band from its side, pointing
        up or down to where the counterpart is, instead of a hairline across the whole gutter."""
        assert self.theme is not None
        width = self.width()
        (y0, y1), (o0, _o1) = (band.left, band.right) if from_left else (band.right, band.left)
        reach = width * 0.55
        x0, x1 = (0.0, reach) if from_left else (width - reach, float(width))
        path = QPainterPath()
        path.addRoundedRect(x0, y0, x1 - x0, max(6, y1 - y0), 3, 3)
        painter.fillPath(path, color)
        painter.setPen(QPen(self.theme.text, 1.2, Qt.PenStyle.DashLine))
        painter.drawPath(path)
        up = o0 < y0
        tip_x = x1 - 7 if from_left else x0 + 7
        base = y0 + 2 if up else max(y0 + 6, y1) - 2
        tip = base - 9 if up else base + 9
        arrow = QPainterPath(QPointF(tip_x - 5, base))
        arrow.lineTo(QPointF(tip_x, tip))
        arrow.lineTo(QPointF(tip_x + 5, base))
        painter.setPen(QPen(self.theme.text, 1.6))
        painter.drawPath(arrow)

    # -- helpers -------------------------------------------------------------------------------------------
    def _offset_to_strip(self, view: TextView) -> int:
        window = self.window()
        return view.viewport().mapTo(window, QPoint(0, 0)).y() - self.mapTo(window, QPoint(0, 0)).y()

    def _y_range(
        self, view: TextView, start: int, end: int, dy: int, visible: tuple[int, int]
    ) -> tuple[int, int]:
        first, last = visible
        height = view.viewport().height()
        if end < first:
            return dy - 6, dy - 4  # above the view: run off the top
        if start > last:
            return dy + height + 4, dy + height + 6
        rect = view.span_rect(start, end)
        top = max(rect.top(), -4)
        bottom = min(rect.bottom(), height + 4)
        return dy + top, dy + max(bottom, top + 2)
