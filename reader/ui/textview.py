"""One source's text: read-only, highlighted by passage kind, scrollable to any offset.

Offsets in and out of this widget are code points (Python's), converted to Qt's UTF-16 positions only
through ``Utf16Index``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from typing import Any

from PySide6.QtCore import QPoint, QRect, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import QFrame, QPlainTextEdit, QTextEdit, QWidget

from reader.core.provenance.highlights import OVERLAYS, Highlight
from reader.core.text.spans import strip_span
from reader.ui.offsets import Utf16Index
from reader.ui.theme import FILLED, UNDERLINED, Theme

_SINGLE_BREAK = re.compile(r"(?<=[^\n])\n(?=[^\n])")  # a line break between two lines of text
LAYER_ORDER = ("annotations", "copied", "selection", "find", "find-current")


class PassageHighlighter(QSyntaxHighlighter):
    """Colours passages by kind, block by block as Qt lays them out (cheap on long texts)."""

    def __init__(self, view: TextView) -> None:
        super().__init__(view.document())
        self._passages: list[tuple[int, int, str]] = []  # Qt positions
        self._passage_starts: list[int] = []
        self._changed: list[tuple[int, int, str]] = []
        self._changed_starts: list[int] = []
        self._formats: dict[str, QTextCharFormat] = {}

    def set_highlights(self, highlights: Sequence[Highlight], index: Utf16Index, theme: Theme) -> None:
        passages: list[tuple[int, int, str]] = []
        changed: list[tuple[int, int, str]] = []
        for item in highlights:
            start, end = index.span_to_qt(item.start, item.end)
            if item.kind in OVERLAYS:
                changed.append((start, end, item.kind))
            else:
                passages.append((start, end, item.kind))
        passages.sort()
        changed.sort()
        self._passages, self._changed = passages, changed
        self._passage_starts = [p[0] for p in passages]
        self._changed_starts = [c[0] for c in changed]
        self._formats = {"unique": QTextCharFormat()}  # found in one source only: plain
        for kind in FILLED:  # copying stands out
            fmt = QTextCharFormat()
            fmt.setBackground(theme.passage(kind))
            self._formats[kind] = fmt
        # The same fact in other words, and a link only possibly the same: quiet lines, no fill.
        for kind, style in zip(
            UNDERLINED,
            (QTextCharFormat.UnderlineStyle.SingleUnderline, QTextCharFormat.UnderlineStyle.DashUnderline),
            strict=True,
        ):
            fmt = QTextCharFormat()
            fmt.setUnderlineStyle(style)
            fmt.setUnderlineColor(theme.passage(kind))
            self._formats[kind] = fmt
        changed_format = QTextCharFormat()
        changed_format.setBackground(theme.changed)
        changed_format.setFontUnderline(True)
        changed_format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
        self._formats["changed"] = changed_format
        # Overlays keep the passage's background and add their own underline: several can meet on a word.
        fragment_format = QTextCharFormat()
        fragment_format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
        fragment_format.setUnderlineColor(theme.fragment)
        fragment_format.setFontWeight(600)
        self._formats["fragment"] = fragment_format
        discrepancy_format = QTextCharFormat()
        # (setFontUnderline would reset the style to a single line: the style alone turns it on.)
        discrepancy_format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
        discrepancy_format.setUnderlineColor(theme.discrepancy)
        self._formats["discrepancy"] = discrepancy_format
        # Quieter than copying: words both sources quote from a third party ("both quote Musk").
        quoted_format = QTextCharFormat()
        quoted_format.setFontItalic(True)
        quoted_format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
        quoted_format.setUnderlineColor(theme.quoted)
        self._formats["quoted"] = quoted_format
        self.rehighlight()

    def highlightBlock(self, text: str) -> None:
        block = self.currentBlock()
        start = block.position()
        end = start + block.length() - 1  # UTF-16 units, like every Qt position (``text`` is code points)
        for s, e, kind in _overlapping(self._passages, self._passage_starts, start, end):
            self.setFormat(s - start, e - s, self._formats[kind])
        overlays = list(_overlapping(self._changed, self._changed_starts, start, end))
        for s, e, kind in overlays:
            if kind == "changed":
                self.setFormat(s - start, e - s, self._formats["changed"])
        for s, e, kind in overlays:  # then merged into what is there, changed words included
            if kind != "changed":
                for offset in range(s - start, e - start):
                    merged = self.format(offset)
                    merged.merge(self._formats[kind])
                    self.setFormat(offset, 1, merged)


def _overlapping(
    spans: Sequence[tuple[Any, ...]], starts: list[int], start: int, end: int
) -> Iterator[tuple[Any, ...]]:
    """Spans (sorted, with their starts) that overlap [start, end), clipped to it."""
    index = max(0, bisect.bisect_right(starts, start) - 1)
    while index < len(spans) and spans[index][0] < end:
        span = spans[index]
        s, e = max(span[0], start), min(span[1], end)
        if e > s:
            yield (s, e, *span[2:])
        index += 1


class AnnotationGutter(QWidget):
    """A thin margin left of the text with a bar in the tag colour beside every annotated span."""

    WIDTH = 5

    def __init__(self, view: TextView) -> None:
        super().__init__(view)
        self.view = view
        self.marks: list[tuple[int, int, QColor]] = []

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self.marks:
            return
        painter = QPainter(self)
        first, last = self.view.visible_range()
        top = self.view.viewport().geometry().top() - self.geometry().top()
        for start, end, color in self.marks:
            if end < first or start > last:
                continue
            rect = self.view.span_rect(start, end)
            painter.fillRect(0, top + rect.top(), self.WIDTH, max(3, rect.height()), color)


def one_paragraph_a_line(text: str) -> bool:
    """Whether a plain text puts a paragraph on each line (long lines, or mostly single line breaks),
    rather than wrapping its paragraphs by hand and separating them by blank lines."""
    sample = text[:65536]
    lengths = sorted(len(line) for line in sample.split("\n") if line.strip())
    if len(lengths) < 3:
        return False
    singles = len(_SINGLE_BREAK.findall(sample))
    return singles > 0 and (lengths[len(lengths) // 2] > 90 or singles > 3 * sample.count("\n\n"))


class TextView(QPlainTextEdit):
    """A source's text. Emits ``passage_clicked`` with the code-point offset of a plain click, and
    ``annotate_requested`` when the user asks to annotate the selected words."""

    passage_clicked = Signal(int)
    annotate_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.document().setDocumentMargin(10)
        self.index = Utf16Index("")
        self.source_text = ""
        self.highlighter = PassageHighlighter(self)
        self._press: QPoint | None = None
        self._layers: dict[str, list[QTextEdit.ExtraSelection]] = {}
        self._visible_cache: tuple[tuple[float, ...], tuple[int, int]] | None = None
        self.gutter = AnnotationGutter(self)
        self.setViewportMargins(AnnotationGutter.WIDTH + 1, 0, 0, 0)
        self.verticalScrollBar().valueChanged.connect(self.gutter.update)

    def set_text(self, text: str, paragraph_gaps: bool = False) -> None:
        """Show ``text``. ``paragraph_gaps``: show a blank line between paragraphs the text separates by a
        single line break (plain-text articles, one paragraph a line), so subheads stand apart; offsets
        stay the text's own."""
        self.source_text = text
        gaps = [match.end() for match in _SINGLE_BREAK.finditer(text)] if paragraph_gaps else []
        self.index = Utf16Index(text, gaps)
        if gaps:
            shown, last = [], 0
            for gap in gaps:
                shown.append(text[last:gap])
                shown.append("\n")
                last = gap
            shown.append(text[last:])
            text = "".join(shown)
        self.setPlainText(text)

    # -- positions ---------------------------------------------------------------------------------------
    def cursor_at_offset(self, offset: int) -> QTextCursor:
        cursor = QTextCursor(self.document())
        cursor.setPosition(min(self.index.to_qt(offset), self.document().characterCount() - 1))
        return cursor

    def offset_at(self, point: QPoint) -> int:
        return self.index.from_qt(self.cursorForPosition(point).position())

    def visible_range(self) -> tuple[int, int]:
        """Offsets of the first and last visible characters (asked many times per scroll step: cached)."""
        viewport = self.viewport().rect()
        key = (
            self.verticalScrollBar().value(),
            viewport.width(),
            viewport.height(),
            self.document().revision(),
            self.font().pointSizeF(),
        )
        if self._visible_cache is None or self._visible_cache[0] != key:
            first = self.offset_at(viewport.topLeft())
            last = self.offset_at(viewport.bottomRight())
            self._visible_cache = (key, (first, last))
        return self._visible_cache[1]

    def y_of(self, offset: int) -> int:
        """Top of the line holding ``offset``, in viewport coordinates (negative when above the view)."""
        return self.cursorRect(self.cursor_at_offset(offset)).top()

    def span_rect(self, start: int, end: int) -> QRect:
        top = self.cursorRect(self.cursor_at_offset(start))
        bottom = self.cursorRect(self.cursor_at_offset(end))
        return QRect(0, top.top(), self.viewport().width(), max(bottom.bottom() - top.top(), top.height()))

    def scroll_to_offset(self, offset: int, y: int) -> None:
        """Scroll so that the line holding ``offset`` is at ``y`` in the viewport (as near as lines allow)."""
        cursor = self.cursor_at_offset(offset)
        bar = self.verticalScrollBar()
        line_height = max(1, self.fontMetrics().lineSpacing())
        block = cursor.block()
        if abs(self.cursorRect(cursor).top() - y) > self.viewport().height() * 3:
            # Far away: jump by the layout's line numbers first, then correct with the exact rectangle.
            layout = block.layout()
            line = layout.lineForTextPosition(cursor.positionInBlock()) if layout else None
            within = line.lineNumber() if line is not None and line.isValid() else 0
            bar.setValue(block.firstLineNumber() + within - y // line_height)
        for _ in range(6):
            delta = self.cursorRect(cursor).top() - y
            lines = round(delta / line_height)  # the nearest line: truncating left a whole line between
            if lines == 0:
                break
            before = bar.value()
            bar.setValue(before + lines)
            if bar.value() == before:
                break

    def selected_span(self) -> tuple[int, int] | None:
        """The selected words as code-point offsets, without surrounding white space; None if none."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        start, end = self.index.from_qt(cursor.selectionStart()), self.index.from_qt(cursor.selectionEnd())
        start, end = strip_span(self.source_text, start, end)
        return (start, end) if end > start else None

    def set_annotation_marks(self, marks: Sequence[tuple[int, int, QColor]]) -> None:
        """Annotated spans: a light background in the tag colour, and a bar in the gutter."""
        self.gutter.marks = list(marks)
        spans = []
        for start, end, color in marks:
            fmt = QTextCharFormat()
            light = QColor(color)
            light.setAlpha(60)
            fmt.setBackground(light)
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
            fmt.setUnderlineColor(color)
            spans.append((start, end, fmt))
        self._set_layer("annotations", spans)
        self.gutter.update()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        rect = self.contentsRect()
        self.gutter.setGeometry(rect.left(), rect.top(), AnnotationGutter.WIDTH, rect.height())

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.createStandardContextMenu()
        menu.addSeparator()
        action = menu.addAction("Annotate selection…\tCtrl+T", self.annotate_requested.emit)
        action.setEnabled(self.selected_span() is not None)
        where_else = getattr(self.window(), "where_else_action", None)  # the window's, when there is one
        if where_else is not None:
            menu.addAction(where_else)
        menu.exec(event.globalPos())

    # -- overlays ------------------------------------------------------------------------------------------
    def set_layer(
        self, name: str, spans: Sequence[tuple[int, int]], color: QColor, text: QColor | None = None
    ) -> None:
        """Show ``spans`` (code points) in ``color`` (their words in ``text``, if given) on top of the passage
        colours; one list per name."""
        fmt = QTextCharFormat()
        fmt.setBackground(color)
        if text is not None:
            fmt.setForeground(text)
        self._set_layer(name, [(start, end, fmt) for start, end in spans])

    def _set_layer(self, name: str, spans: Sequence[tuple[int, int, QTextCharFormat]]) -> None:
        selections = []
        for start, end, fmt in spans:
            selection = QTextEdit.ExtraSelection()
            cursor = self.cursor_at_offset(start)
            cursor.setPosition(self.index.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor
            selection.format = fmt
            selections.append(selection)
        self._layers[name] = selections
        # Later layers paint over earlier ones: annotations at the bottom, the current find match on top.
        order = sorted(
            self._layers,
            key=lambda layer: LAYER_ORDER.index(layer) if layer in LAYER_ORDER else len(LAYER_ORDER),
        )
        self.setExtraSelections([s for layer in order for s in self._layers[layer]])

    # -- events --------------------------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._press = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        point = event.position().toPoint()
        if (
            event.button() == Qt.MouseButton.LeftButton
            and self._press is not None
            and (point - self._press).manhattanLength() < 4
            and not self.textCursor().hasSelection()
        ):
            self.passage_clicked.emit(self.offset_at(point))
        self._press = None
