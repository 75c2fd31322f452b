"""A copy beside its source: the bar that says which panes are folded away (with Show all panes), and bringing
two columns into the strip's view. Which panes the strip shows, and the bar's sentence, are worked out without
Qt in ``reader.navigation``."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QScrollArea, QWidget


def bring_into_view(scroll_area: QScrollArea, columns: Sequence[QWidget]) -> None:
    """Scroll the strip sideways so ``columns`` are in view (the leftmost first when not all fit), if they
    are not."""
    if not columns:
        return
    bar = scroll_area.horizontalScrollBar()
    left = min(c.x() for c in columns)
    right = max(c.x() + c.width() for c in columns)
    width = scroll_area.viewport().width()
    if bar.value() <= left and right <= bar.value() + width:
        return
    bar.setValue(min(left, bar.maximum()))


class BesideBar(QWidget):
    """Above the panes while two are shown beside each other: what is folded away, and Show all panes."""

    show_all_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("besideBar")
        self.text = QLabel()
        self.text.setObjectName("besideText")
        self.text.setWordWrap(True)
        self.button = QPushButton("Show all panes")
        self.button.setToolTip("Unfold the panes set aside to show these two next to each other")
        self.button.clicked.connect(self.show_all_requested)
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 3, 6, 3)
        row.addWidget(self.text, 1)
        row.addWidget(self.button)
        self.setAccessibleName("Two sources side by side")
        palette = self.palette()  # set apart from the panes' headers, in the theme's own colours
        palette.setColor(self.backgroundRole(), palette.color(palette.ColorRole.AlternateBase))
        self.setPalette(palette)
        self.setAutoFillBackground(True)
        self.hide()

    def say(self, sentence: str | None) -> None:
        """Show ``sentence`` (None: hide the bar)."""
        if sentence is None:
            self.hide()
            return
        self.text.setText(sentence)
        self.show()
