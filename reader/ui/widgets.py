"""Small widgets of the main window: alignment options, find bar, message bar, welcome page."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDockWidget,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reader.comparison import PartlyRead
from reader.core.alignment.align import AlignOptions
from reader.core.reading.fetch import is_url
from reader.core.reading.sources import SourceError, formats_in_words
from reader.core.text.normalize import Normalization


def make_dock(window: QMainWindow, title: str, name: str, widget: QWidget) -> QDockWidget:
    """A dock of ``window`` showing ``widget``, which can be closed and moved (and is saved as ``name``)."""
    dock = QDockWidget(title, window)
    dock.setObjectName(name)
    dock.setWidget(widget)
    dock.setFeatures(
        QDockWidget.DockWidgetFeature.DockWidgetClosable | QDockWidget.DockWidgetFeature.DockWidgetMovable
    )
    return dock


def stacked(*widgets: QWidget) -> QWidget:
    """``widgets`` one above the other, the first taking the room left (a dock's content and its bar)."""
    box = QWidget()
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(0)
    for number, widget in enumerate(widgets):
        column.addWidget(widget, 1 if number == 0 else 0)
    return box


class OptionsPanel(QWidget):
    """Granularity, threshold and normalization; ``options_changed`` on every change."""

    options_changed = Signal(object)  # AlignOptions

    def __init__(self, options: AlignOptions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.granularity = QComboBox()
        self.granularity.addItem("Sentences", "sentence")
        self.granularity.addItem("Paragraphs", "paragraph")
        self.threshold = QDoubleSpinBox()
        self.threshold.setRange(0.1, 1.0)
        self.threshold.setSingleStep(0.05)
        self.threshold.setDecimals(2)
        self.threshold.setAccessibleName("Least word similarity for a reworded passage")
        self.granularity.setAccessibleName("Compare by sentences or paragraphs")
        self.threshold.setToolTip(
            "Least word similarity for two passages to count as rewordings of each other"
        )
        self.case = QCheckBox("Ignore upper and lower case")
        self.quotes = QCheckBox("Curly and straight quotes alike")
        self.dashes = QCheckBox("Hyphens and dashes alike")
        self.whitespace = QCheckBox("Ignore extra white space")
        self.punctuation = QCheckBox("Ignore punctuation")
        form = QFormLayout(self)
        form.addRow("Align by", self.granularity)
        form.addRow("Reworded when ≥", self.threshold)
        for box in (self.case, self.quotes, self.dashes, self.whitespace, self.punctuation):
            form.addRow(box)
        self.set_options(options)
        self.granularity.currentIndexChanged.connect(self._changed)
        self.threshold.valueChanged.connect(self._changed)
        for box in (self.case, self.quotes, self.dashes, self.whitespace, self.punctuation):
            box.toggled.connect(self._changed)

    def set_options(self, options: AlignOptions) -> None:
        widgets = (
            self.granularity,
            self.threshold,
            self.case,
            self.quotes,
            self.dashes,
            self.whitespace,
            self.punctuation,
        )
        for widget in widgets:
            widget.blockSignals(True)
        self.granularity.setCurrentIndex(self.granularity.findData(options.granularity))
        self.threshold.setValue(options.threshold)
        norm = options.normalization
        self.case.setChecked(norm.case)
        self.quotes.setChecked(norm.quotes)
        self.dashes.setChecked(norm.dashes)
        self.whitespace.setChecked(norm.whitespace)
        self.punctuation.setChecked(norm.punctuation)
        for widget in widgets:
            widget.blockSignals(False)

    def options(self) -> AlignOptions:
        return AlignOptions(
            granularity=self.granularity.currentData(),
            threshold=round(self.threshold.value(), 2),
            normalization=Normalization(
                case=self.case.isChecked(),
                quotes=self.quotes.isChecked(),
                dashes=self.dashes.isChecked(),
                whitespace=self.whitespace.isChecked(),
                punctuation=self.punctuation.isChecked(),
            ),
        )

    def _changed(self) -> None:
        self.options_changed.emit(self.options())


class FindBar(QFrame):
    """Find across all panes: Enter for the next match, Shift+Enter for the previous, Esc to close."""

    find_requested = Signal(str, bool, bool)  # query, forward, restart
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findBar")
        self.field = QLineEdit()
        self.field.setPlaceholderText("Find in all sources")
        self.field.setClearButtonEnabled(True)
        previous = QPushButton("Previous")
        following = QPushButton("Next")
        close = QToolButton()
        close.setText("✕")
        close.setAutoRaise(True)
        close.setToolTip("Close (Esc)")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(QLabel("Find:"))
        layout.addWidget(self.field, 1)
        layout.addWidget(previous)
        layout.addWidget(following)
        layout.addWidget(close)
        self.field.textChanged.connect(lambda text: self.find_requested.emit(text, True, True))
        self.field.returnPressed.connect(lambda: self.find_requested.emit(self.field.text(), True, False))
        previous.clicked.connect(lambda: self.find_requested.emit(self.field.text(), False, False))
        following.clicked.connect(lambda: self.find_requested.emit(self.field.text(), True, False))
        close.clicked.connect(self.close_bar)

    def open_bar(self) -> None:
        self.show()
        self.field.setFocus()
        self.field.selectAll()

    def close_bar(self) -> None:
        self.hide()
        self.closed.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close_bar()
        elif (
            event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        ):
            self.find_requested.emit(self.field.text(), False, False)
        else:
            super().keyPressEvent(event)


class MessageBar(QFrame):
    """A dismissable notice above the panes (files that could not be opened, failures)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageBar")
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.LinksAccessibleByMouse
        )
        close = QToolButton()
        close.setText("✕")
        close.setAutoRaise(True)
        close.setToolTip("Dismiss")
        close.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()

    def show_message(self, text: str) -> None:
        self.label.setText(text)
        self.show()

    def show_problems(self, errors: Sequence[SourceError]) -> None:
        """The files refused, then those opened with a warning (a page cut short: PartlyRead)."""
        refused = [error for error in errors if not isinstance(error, PartlyRead)]
        partly = [error for error in errors if isinstance(error, PartlyRead)]
        parts = []
        if refused:
            parts.append(f"<b>{escape(refused_heading(refused))}</b>")
            parts.extend(f"• {escape(str(error))}" for error in refused)
        if partly:
            parts.append("<b>Opened, but incomplete:</b>")
            parts.extend(f"• {escape(str(error))}" for error in partly)
        self.show_message("<br>".join(parts))


def refused_heading(refused: Sequence[SourceError]) -> str:
    """ "1 address could not be opened:", "2 files and 1 address could not be opened:": what failed, named
    for what it is (a web address is not a file)."""
    addresses = sum(1 for error in refused if is_url(error.path))
    files = len(refused) - addresses
    counted = [
        f"{number} {noun}{'es' if noun == 'address' and number > 1 else 's' if number > 1 else ''}"
        for number, noun in ((files, "file"), (addresses, "address"))
        if number
    ]
    return f"{' and '.join(counted)} could not be opened:"


class WelcomePage(QWidget):
    """What Reader does, and the ways to begin: the sample story, the file dialog, a drop."""

    sample_requested = Signal()
    open_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel("Reader")
        title.setObjectName("welcomeTitle")
        subtitle = QLabel(
            "Compare several write-ups of one story: what they copy word for word, what they reword, "
            "what each one adds, and who had it first."
        )
        subtitle.setObjectName("welcomeSubtitle")
        subtitle.setAlignment(Qt.AlignmentFlag.AlignCenter)
        subtitle.setWordWrap(True)  # wraps on a narrow window instead of widening it
        subtitle.setMaximumWidth(560)
        sample = QPushButton("Open the sample story")
        sample.setObjectName("primaryButton")
        sample.setDefault(True)
        open_files = QPushButton("Open files…")
        hint = QLabel(f"or drop {formats_in_words()} files, or a web address, here")
        hint.setObjectName("welcomeHint")
        hint.setWordWrap(True)
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(sample)
        buttons.addWidget(open_files)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(title, 0, Qt.AlignmentFlag.AlignCenter)
        # Without an alignment the layout asks a wrapped label its height for the width it gets: aligned,
        # it was given the height of a wider line and cut at the top and bottom.
        layout.addLayout(_centred(subtitle))
        layout.addSpacing(24)
        layout.addLayout(buttons)
        layout.addLayout(_centred(hint))
        layout.addStretch(3)
        sample.clicked.connect(self.sample_requested)
        open_files.clicked.connect(self.open_requested)
        self.sample_button, self.open_button = sample, open_files
        self.subtitle, self.hint = subtitle, hint


def _centred(label: QLabel) -> QHBoxLayout:
    """``label`` in the middle of a row, as wide as the row lets it be up to its maximum width."""
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(label, 100)
    row.addStretch(1)
    return row
