"""A copy beside its source: which panes the strip shows when two sources are to be read next to each other,
the bar that says so (with Show all panes), and bringing two columns into the strip's view.

The user's order is never changed: when the two are not neighbours, the panes between them are folded away
for the moment (not hidden: nothing is saved), and Show all panes, or arranging the panes, unfolds them.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QScrollArea, QWidget

from reader.workspace import visible

Pair = tuple[int, int]


def shown_sources(order: Sequence[int], hidden: Collection[int], pair: Pair | None) -> list[int]:
    """The sources whose panes are on the strip, in the user's order: those not hidden, and with ``pair``,
    its two next to each other (the panes between them folded, one of the two the user hid shown)."""
    shown = [i for i in order if i not in hidden or (pair is not None and i in pair)]
    if pair is not None and all(i in shown for i in pair):
        left, right = sorted(shown.index(i) for i in pair)
        shown = shown[: left + 1] + shown[right:]
    return shown


def pair_to_fold(order: Sequence[int], hidden: Collection[int], source: int, other: int) -> Pair | None:
    """The pair to show beside each other, or None when the two are neighbours already (nothing to fold)."""
    shown = visible(order, hidden)
    if source in shown and other in shown and abs(shown.index(source) - shown.index(other)) == 1:
        return None
    return source, other


def beside_sentence(labels: Sequence[str], order: Sequence[int], hidden: Collection[int], pair: Pair) -> str:
    """ "WIRED beside Musk Admits xAI Distilled…: 3 panes between them folded away for now. Your order
    is kept." """
    shown = shown_sources(order, hidden, pair)
    folded = len([i for i in order if i not in hidden and i not in shown])
    first, second = sorted(pair, key=list(order).index)
    said = [f"{folded} pane{'s' if folded > 1 else ''} between them folded away for now"] if folded else []
    said += [f"{labels[i]} shown though hidden" for i in (first, second) if i in hidden]
    return f"{labels[first]} beside {labels[second]}: {'; '.join(said)}. Your order is kept."


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
