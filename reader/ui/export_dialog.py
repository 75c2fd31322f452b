"""File > Export: what to include, then where to write it."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from reader.export.report import ExportOptions
from reader.store import TagInfo

FILTERS = "HTML page (*.html);;Markdown report (*.md);;PDF report (*.pdf);;Web Annotation JSON (*.json);;CSV for spreadsheets (*.csv)"


class ExportDialog(QDialog):
    def __init__(self, tags: list[TagInfo], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export comparison")
        self.tag_boxes = []
        group = QGroupBox("Annotations with these tags")
        box_layout = QVBoxLayout(group)
        for tag in tags:
            box = QCheckBox(tag.name)
            box.setChecked(True)
            box_layout.addWidget(box)
            self.tag_boxes.append(box)
        self.annotated_only = QCheckBox("Only passages that carry an annotation")
        self.full_texts = QCheckBox("Include the full texts (also passages shared verbatim)")
        self.full_texts.setChecked(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Choose file…")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel("HTML, Markdown, PDF, JSON (W3C Web Annotation) or CSV, by the file's extension.")
        )
        layout.addWidget(group)
        layout.addWidget(self.annotated_only)
        layout.addWidget(self.full_texts)
        layout.addWidget(buttons)

    def options(self) -> ExportOptions:
        chosen = frozenset(box.text() for box in self.tag_boxes if box.isChecked())
        everything = len(chosen) == len(self.tag_boxes)
        return ExportOptions(
            tags=None if everything else chosen,
            annotated_only=self.annotated_only.isChecked(),
            full_texts=self.full_texts.isChecked(),
        )
