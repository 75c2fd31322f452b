"""What changed in a source since it was last opened: its previous and current text, word by word."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from reader.core.diffing import word_diff
from reader.core.normalize import Normalization
from reader.core.sources import Source


def changes_html(previous: str, current: str) -> str:
    """The current text with inserted words marked, and the removed words struck through."""
    parts = []
    for edit in word_diff(previous, current, Normalization(case=False, quotes=False, dashes=False)).edits:
        if edit.op == "equal":
            parts.append(escape(current[edit.b_start : edit.b_end]))
        elif edit.op == "insert":
            parts.append(
                f"<span style='background:#f0b54a'>{escape(current[edit.b_start : edit.b_end])}</span>"
            )
        else:
            parts.append(
                f"<span style='color:#888; text-decoration:line-through'>{escape(previous[edit.a_start : edit.a_end])}</span>"
            )
    return "".join(parts).replace("\n", "<br>")


class ChangesDialog(QDialog):
    def __init__(self, source: Source, previous: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"What changed in {source.name}")
        self.resize(800, 600)
        browser = QTextBrowser()
        browser.setHtml(
            "<p>Added words are highlighted; removed words are struck through.</p>"
            + changes_html(previous, source.text)
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(browser)
        layout.addWidget(buttons)
