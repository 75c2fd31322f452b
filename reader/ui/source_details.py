"""The dialog for a source's title, outlet and publication date: what the file says, and what the user sets
instead. Nothing is stored until OK; a date Reader cannot read is said in the dialog, which stays open."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from reader.core.reading.sources import Source, outlet_origin
from reader.core.text.dates import parse_date
from reader.store import SourceDetails, StoreError, source_details


class SourceDetailsDialog(QDialog):
    """Edit what ``shown`` shows (the source as on screen); ``as_read`` is what its file says. ``details``
    is set when the user presses OK: only the values that differ from the file's are the user's."""

    def __init__(self, shown: Source, as_read: Source, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{shown.name}: title, outlet and date")
        self.as_read = as_read
        self.details: SourceDetails | None = None
        self.title_edit = QLineEdit(shown.title)
        self.title_edit.setAccessibleName("Title")
        self.outlet_edit = QLineEdit(shown.outlet or "")
        self.outlet_edit.setAccessibleName("Outlet")
        self.outlet_edit.setPlaceholderText("The publication, e.g. WIRED")
        self.date_edit = QLineEdit(shown.published.shown if shown.published else "")
        self.date_edit.setAccessibleName("Published")
        self.date_edit.setPlaceholderText("e.g. Apr 30, 2026 1:41 PM or 2026-04-30T13:41Z; empty: unknown")
        self.date_edit.textChanged.connect(self._date_changed)
        self.date_hint = QLabel()
        self.date_hint.setObjectName("dateHint")
        self.problem = QLabel()
        self.problem.setObjectName("detailsProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b3261e;")
        self.problem.hide()
        form = QFormLayout()
        form.addRow("&Title", self.title_edit)
        form.addRow("", _from_file(as_read.title))
        form.addRow("&Outlet", self.outlet_edit)
        outlet = as_read.outlet or "none"
        if as_read.outlet_from:
            outlet += f" (read {outlet_origin(as_read)})"
        form.addRow("", _from_file(outlet))
        form.addRow("&Published", self.date_edit)
        form.addRow("", self.date_hint)
        form.addRow("", _from_file(as_read.published.shown if as_read.published else "date unknown"))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.RestoreDefaults
        )
        restore = buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults)
        restore.setText("As the file says")
        restore.clicked.connect(self._restore)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)
        self._date_changed(self.date_edit.text())

    def _date_changed(self, text: str) -> None:
        if not text.strip():
            self.date_hint.setText("Date unknown")
            return
        found = parse_date(text)
        self.date_hint.setText(f"Reads as {found.shown}" if found else "Not a date Reader can read")

    def _restore(self) -> None:
        source = self.as_read
        self.title_edit.setText(source.title)
        self.outlet_edit.setText(source.outlet or "")
        self.date_edit.setText(source.published.shown if source.published else "")

    def accept(self) -> None:
        source = self.as_read
        title = self.title_edit.text().strip()
        outlet = self.outlet_edit.text().strip()
        date = self.date_edit.text().strip()
        typed = parse_date(date) if date else None
        same_date = (typed.iso if typed else "") == (source.published.iso if source.published else "")
        try:
            self.details = source_details(
                None if not title or title == source.title else title,
                None if outlet == (source.outlet or "") else outlet,
                None if same_date and (typed is not None or not date) else date,
            )
        except StoreError as error:
            self.problem.setText(str(error))
            self.problem.show()
            return
        super().accept()


def _from_file(text: str) -> QLabel:
    label = QLabel(f"From the file: {text}")
    label.setWordWrap(True)
    label.setStyleSheet("color: palette(placeholder-text);")
    return label
