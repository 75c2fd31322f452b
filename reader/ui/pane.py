"""A source's column: a header (title, outlet, date, how much the others share), the text, and an overview
strip of where it agrees and where it adds."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QAction, QColor, QMouseEvent, QPainter, QPaintEvent, QPixmap, QTextLayout
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QMenu,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reader.core.alignment.records import SourceStats
from reader.core.provenance.highlights import OVERLAYS, Highlight
from reader.core.reading.sources import Source, outlet_origin
from reader.ui.local_dates import local_date
from reader.ui.textview import TextView, one_paragraph_a_line
from reader.ui.theme import FILLED, UNDERLINED, Theme, current_theme

OVERVIEW_WIDTH = 14
MIN_PANE_WIDTH = 280  # six panes and their connectors fit a 1920-pixel screen


class OverviewStrip(QWidget):
    """Where the source shares words (blue), rewords (amber) or reports the same fact (green), top to bottom;
    what only it has stays blank. The visible part is outlined. A click scrolls there."""

    jump_requested = Signal(int)  # code-point offset

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFixedWidth(OVERVIEW_WIDTH)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(
            "Overview: blue shared verbatim, amber reworded, green the same fact; blank: found only here."
            " Click to go there."
        )
        self._marks: list[tuple[float, float, str]] = []
        self._visible = (0.0, 0.0)
        self._length = 1
        self._theme: Theme | None = None
        self._image: QPixmap | None = None

    def set_marks(self, highlights: Sequence[Highlight], length: int, theme: Theme) -> None:
        self._length = max(1, length)
        self._marks = [
            (h.start / self._length, h.end / self._length, h.kind)
            for h in highlights
            if h.kind not in OVERLAYS
        ]
        self._theme = theme
        self._image = None
        self.update()

    def set_visible_range(self, first: int, last: int) -> None:
        visible = (first / self._length, last / self._length)
        if visible != self._visible:
            self._visible = visible
            self.update()

    def _render(self) -> QPixmap:
        """The marks, drawn once per size: one colour per pixel row (the kind covering most of it)."""
        height, width = max(1, self.height()), self.width()
        rows: list[dict[str, float]] = [{} for _ in range(height)]
        for top, bottom, kind in self._marks:
            y0, y1 = top * height, bottom * height
            for row in range(int(y0), min(height, int(y1) + 1)):
                cover = min(y1, row + 1) - max(y0, row)
                if cover > 0:
                    rows[row][kind] = rows[row].get(kind, 0.0) + cover
        image = QPixmap(width, height)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        try:
            theme = self._theme or current_theme()
            colors = {kind: _opaque(theme.passage(kind)) for kind in FILLED}
            for kind in UNDERLINED:  # quiet in the text, quiet here: half the line's colour on the page
                line, page = theme.passage(kind), theme.page
                colors[kind] = QColor.fromRgbF(
                    (line.redF() + page.redF()) / 2,
                    (line.greenF() + page.greenF()) / 2,
                    (line.blueF() + page.blueF()) / 2,
                )
            for row, covered in enumerate(rows):
                if covered:
                    kind = max(covered, key=lambda k: (covered[k], k))
                    if kind in colors:  # found in one source only: blank, as in the text
                        painter.fillRect(2, row, width - 4, 1, colors[kind])
        finally:
            painter.end()  # a painter left open on a pixmap that goes away crashes Qt
        return image

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._theme is None:
            return
        if self._image is None or self._image.size() != self.size():
            self._image = self._render()
        painter = QPainter(self)
        painter.drawPixmap(0, 0, self._image)
        height = self.height()
        first, last = self._visible
        painter.setPen(self._theme.muted)
        painter.drawRect(QRectF(0.5, first * height, self.width() - 1, max(3.0, (last - first) * height)))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        fraction = min(1.0, max(0.0, event.position().y() / max(1, self.height())))
        self.jump_requested.emit(int(fraction * self._length))


def _opaque(color: QColor) -> QColor:
    strong = QColor(color)
    strong.setAlpha(255)
    return strong


class ElidedLabel(QWidget):
    """Text wrapped to at most ``lines`` lines, the last one elided: every pane header has the same height,
    so the texts of all panes start level."""

    def __init__(self, lines: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._lines = lines
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def setText(self, text: str) -> None:  # Qt's spelling, like QLabel
        self._text = text
        self.updateGeometry()
        self.update()

    def text(self) -> str:
        return self._text

    def sizeHint(self) -> QSize:
        width = self.fontMetrics().horizontalAdvance(self._text) + 2 if self._lines == 1 else 200
        return QSize(width, self.fontMetrics().lineSpacing() * self._lines + 2)

    def minimumSizeHint(self) -> QSize:
        return QSize(min(200, self.sizeHint().width()), self.sizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setPen(self.palette().color(self.foregroundRole()))  # the style sheet's colour
        metrics = self.fontMetrics()
        width = self.width()
        layout = QTextLayout(self._text, self.font())
        layout.beginLayout()
        y = 0
        for number in range(self._lines):
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            start = line.textStart()
            rest = self._text[start:]
            last = number == self._lines - 1
            text = (
                metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width)
                if last
                else rest[: line.textLength()]
            )
            painter.drawText(0, y + metrics.ascent(), text.rstrip())
            y += metrics.lineSpacing()
        layout.endLayout()


class SourcePane(QFrame):
    """Header + text + overview of one source."""

    move_requested = Signal(int, int)  # source, +1 right / -1 left
    hide_requested = Signal(int)
    remove_requested = Signal(int)
    details_requested = Signal(int)
    versions_requested = Signal(int)

    def __init__(self, source_index: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.source_index = source_index
        self.label = (
            ""  # the source's short name (reader.core.reading.labels), first in the header's second line
        )
        self.setObjectName("sourcePane")
        self.setMinimumWidth(MIN_PANE_WIDTH)
        self.title = ElidedLabel(2)
        self.title.setObjectName("paneTitle")
        self.meta = ElidedLabel(2)
        self.meta.setObjectName("paneMeta")
        self.menu_button = QToolButton()
        self.menu_button.setText("⋯")
        self.menu_button.setToolTip("Edit the title, outlet and date; move, hide or remove this source")
        self.menu_button.setAccessibleName("Source menu")
        self.menu_button.setAutoRaise(True)
        self.menu_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self)
        for text, handler in (
            ("Title, outlet and date…", lambda: self.details_requested.emit(self.source_index)),
            ("Versions…", lambda: self.versions_requested.emit(self.source_index)),
            ("Move left", lambda: self.move_requested.emit(self.source_index, -1)),
            ("Move right", lambda: self.move_requested.emit(self.source_index, 1)),
            ("Hide", lambda: self.hide_requested.emit(self.source_index)),
            ("Remove from comparison", lambda: self.remove_requested.emit(self.source_index)),
        ):
            action = QAction(text, menu)
            action.triggered.connect(handler)
            menu.addAction(action)
        self.menu_button.setMenu(menu)

        header = QWidget()
        header.setObjectName("paneHeader")
        header_layout = QHBoxLayout(header)
        header_layout.setContentsMargins(10, 8, 4, 8)
        titles = QVBoxLayout()
        titles.setSpacing(2)
        titles.addWidget(self.title)
        titles.addWidget(self.meta)
        header_layout.addLayout(titles, 1)
        header_layout.addWidget(self.menu_button, 0, Qt.AlignmentFlag.AlignTop)
        header.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)

        self.view = TextView()
        self.overview = OverviewStrip()
        self.overview.jump_requested.connect(lambda offset: self.view.scroll_to_offset(offset, 0))
        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        body.addWidget(self.view, 1)
        body.addWidget(self.overview)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(header)
        layout.addLayout(body, 1)
        self.view.verticalScrollBar().valueChanged.connect(self._update_overview)

    def sizeHint(self) -> QSize:
        return QSize(420, 600)

    def show_source(
        self,
        source: Source,
        highlights: Sequence[Highlight],
        stats: SourceStats | None,
        theme: Theme,
        label: str | None = None,
    ) -> None:
        """Show ``source``; ``stats`` (None when it is alone) says how much of it other sources report too,
        in any form, and how many of its passages no other source has; ``label`` is its short name
        (reader.core.reading.labels)."""
        self.show_header(source, stats, label)
        if self.view.source_text != source.text:
            # Plain text with one paragraph a line: a blank line between them on screen.
            self.view.set_text(source.text, source.format == "text" and one_paragraph_a_line(source.text))
        self.view.highlighter.set_highlights(highlights, self.view.index, theme)
        self.overview.set_marks(highlights, len(source.text), theme)
        self._update_overview()

    def show_header(self, source: Source, stats: SourceStats | None, label: str | None = None) -> None:
        """The title, and a line with the source's short label (the name the graph, the details and the
        exports call it by), the shares, the outlet, the author, the date and the file name."""
        self.label = label or source.outlet or source.name
        self.title.setText(source.title)
        self.title.setToolTip(f"{source.title}\n{source.path}")
        self.view.setAccessibleName(f"Text of {source.title}")
        self.setAccessibleName(source.title)
        published = local_date(source.published) if source.published else "date unknown"
        details = (
            [f"Others report {stats.coverage:.0%}", f"adds {stats.additions}"] if stats is not None else []
        )
        details += [x for x in (source.outlet, source.author, published) if x and x != self.label]
        details.insert(0, self.label)
        details += [source.name] if source.name != self.label else []
        self.meta.setText(" · ".join(details))
        tip = [source.path]
        if source.outlet_from:
            tip.append(f"Outlet read {outlet_origin(source)}")
        if source.published and source.published.words:
            tip.append(f"Date read from “{source.published.words}”")
        tip.append("Change them with ⋯ > Title, outlet and date…")
        self.meta.setToolTip("\n".join(tip))

    def _update_overview(self) -> None:
        self.overview.set_visible_range(*self.view.visible_range())
