"""The window's status bar: what the comparison holds, the running alignment (with Cancel), and whether the
library can be written."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QProgressBar, QPushButton, QStatusBar

from reader.comparison import Comparison
from reader.ui.pane import ElidedLabel

ALIGNING = "Aligning…"
FETCHING = "Fetching pages and aligning…"


class StatusArea:
    """The permanent widgets of ``bar``: a summary of the comparison, a progress bar and Cancel while
    aligning, and a read-only badge."""

    def __init__(self, bar: QStatusBar) -> None:
        self.bar = bar
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(180)
        self.progress.setRange(0, 100)
        self.cancel_button = QPushButton("Cancel")
        self.summary_label = ElidedLabel(1)  # cut short, with its whole text as a tooltip, on a narrow window
        self.summary_label.setMinimumWidth(120)
        self.read_only_label = QLabel("Library read-only")
        self.read_only_label.setObjectName("readOnlyLabel")
        self.read_only_label.setAccessibleName("The annotation library is read-only")
        for widget in (self.summary_label, self.read_only_label, self.progress, self.cancel_button):
            bar.addPermanentWidget(widget)
            if widget is not self.summary_label:
                widget.hide()

    def aligning(self, fetching: bool = False) -> None:
        self.progress.setValue(0)
        self.progress.show()
        self.cancel_button.show()
        self.bar.showMessage(FETCHING if fetching else ALIGNING)

    def aligned(self) -> None:
        self.progress.hide()
        self.cancel_button.hide()
        if self.bar.currentMessage() in (ALIGNING, FETCHING):  # another message the user should read stays
            self.bar.clearMessage()

    def summarize(self, comparison: Comparison | None) -> None:
        if comparison is None:
            self.summary_label.setText("")
            return
        alignment = comparison.alignment
        counts = alignment.kind_counts()
        differs = sum(alignment.discrepancy_counts().values())
        self.summary_label.setText(
            text := f"{len(comparison.sources)} sources · {counts['verbatim']} shared verbatim · "
            f"{counts['reworded']} reworded · {counts['paraphrase']} same fact in other words · "
            f"{_count(len(alignment.fragments), 'copied fragment')} · {_count(differs, 'differing detail')} · "
            f"{counts['repeated']} told again · {_count(counts['unique'], 'addition')}"
        )
        self.summary_label.setToolTip(text)

    def read_only(self, why: str) -> None:
        """Say, for as long as it is true, that the library cannot be written (and why, as a tooltip)."""
        self.read_only_label.setToolTip(why)
        self.read_only_label.show()


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
