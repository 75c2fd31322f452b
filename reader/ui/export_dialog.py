"""File > Export: what to include, then where to write it."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from reader.export.formats import file_filters, formats_in_words
from reader.export.report import ExportOptions
from reader.store import TagInfo

FILTERS = file_filters()


_NOT_IN_NAMES = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]+')  # refused by Windows, macOS or Linux file systems
_RESERVED = {
    "con",
    "prn",
    "aux",
    "nul",
    *(f"com{i}" for i in range(1, 10)),
    *(f"lpt{i}" for i in range(1, 10)),
}
_LONGEST = 120  # characters of the title kept: a name well under every file system's 255-byte limit


def safe_file_name(title: str, suffix: str = " - comparison.html") -> str:
    """A file name made of ``title`` that every system accepts: characters no file system takes are dropped,
    white space runs become one space, no leading or trailing dot or space; "comparison" when nothing is
    left."""
    name = unicodedata.normalize("NFC", title)
    name = "".join(c for c in name if unicodedata.category(c) not in ("Cf", "Cc", "Cs"))
    name = " ".join(_NOT_IN_NAMES.sub(" ", name).split()).strip(". ")
    if len(name) > _LONGEST:
        name = name[:_LONGEST].rsplit(" ", 1)[0].rstrip(" .,;-")
    if not name or name.lower() in _RESERVED:
        name = "comparison" if not name else f"{name} story"
    return name + suffix


def proposed_path(title: str, last_folder: str | None) -> str:
    """Where Export first proposes to write: a name from the story's title, in the folder used last if it
    still exists, else the user's documents folder (the home folder when there is none)."""
    folder = Path(last_folder) if last_folder else None
    if folder is None or not folder.is_dir():
        documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        folder = Path(documents) if documents and Path(documents).is_dir() else Path.home()
    return str(folder / safe_file_name(title))


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
        layout.addWidget(QLabel(f"{formats_in_words()}, by the file's extension."))
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
