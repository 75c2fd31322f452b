"""A source's versions: the timeline of the texts it has had (a file re-read after an edit, a page fetched
again), what changed between any two of them passage by passage (added, deleted, edited with the word
differences, moved), what each new version did to the annotations, and a button to read two versions side
by side like any other sources."""

from __future__ import annotations

from enum import IntEnum
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListView,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from reader.core.alignment.versions import Change, VersionChanges, version_changes
from reader.export.fragments import edits_html
from reader.store import Library, VersionInfo
from reader.ui.list_models import RecordListModel

_ADDED = "<span style='background:#f0b54a'>{}</span>"
_REMOVED = "<span style='color:#666; text-decoration:line-through'>{}</span>"
_TITLES = {"added": "Added", "deleted": "Deleted", "edited": "Edited", "moved": "Moved"}


def version_label(version: VersionInfo, last: int) -> str:
    when = version.since.strftime("%Y-%m-%d %H:%M") if version.since else "first read"
    current = " (current)" if version.number == last else ""
    return f"Version {version.number}{current} · {when}"


def changes_as_html(changes: VersionChanges) -> str:
    """The changes, one paragraph each under its kind; an edited passage with its removed words struck
    through and its added words marked."""
    if not changes.changes:
        return f"<p>{escape(changes.summary().capitalize())}.</p>"
    parts = [f"<p><b>{escape(changes.summary().capitalize())}</b> (passages).</p>"]
    for change in changes.changes:
        parts.append(f"<p><b>{_TITLES[change.kind]}:</b> {_passage_html(change, changes)}</p>")
    return "".join(parts)


def _passage_html(change: Change, changes: VersionChanges) -> str:
    old, new = changes.old_text, changes.new_text
    if change.kind == "added" and change.new:
        return _ADDED.format(escape(new[slice(*change.new)]))
    if change.kind == "deleted" and change.old:
        return (
            f"<span style='color:#666; text-decoration:line-through'>{escape(old[slice(*change.old)])}</span>"
        )
    if change.kind == "moved" and change.new:
        return escape(new[slice(*change.new)])
    if not change.diff and change.old and change.new:
        return f"{_REMOVED.format(escape(old[slice(*change.old)]))} {_ADDED.format(escape(new[slice(*change.new)]))}"
    words = edits_html(change.diff, old, new, _ADDED, _REMOVED)
    return words + f" <span style='color:#666'>({change.similarity:.0%} alike)</span>"


def _annotations_text(placed: list[tuple[str, str, str]]) -> str:
    """Which annotations the last change moved, re-attached or orphaned (the others stayed)."""
    words = {"moved": "moved with its words", "edited": "re-attached to edited words", "orphaned": "orphaned"}
    lines = []
    for quote, status, evidence in placed:
        if status in words:
            shown = quote if len(quote) <= 60 else quote[:59] + "…"
            why = f" ({evidence.removeprefix('orphaned: ')})" if status == "orphaned" and evidence else ""
            lines.append(f"• “{shown}”: {words[status]}{why}")
    stayed = len(placed) - len(lines)
    head = f"Annotations on the current version: {stayed} stayed in place"
    return f"{head};\n" + "\n".join(lines) if lines else f"{head}."


class VersionRole(IntEnum):
    INFO = Qt.ItemDataRole.UserRole + 1  # the VersionInfo
    NUMBER = Qt.ItemDataRole.UserRole + 2


class VersionListModel(RecordListModel[VersionInfo]):
    """A source's versions, oldest first, each with what the next one did to the annotations."""

    roles = VersionRole

    def __init__(self, versions: list[VersionInfo], parent: QWidget | None = None) -> None:
        super().__init__(versions, parent)
        self.last = versions[-1].number if versions else 0

    def text(self, record: VersionInfo) -> str:
        line = version_label(record, self.last)
        if record.number != self.last:
            then = record.outcome.summary() if record.outcome else "annotations were not counted then"
            line += f"\n   next version: {then}"
        return line

    def role_data(self, record: VersionInfo, role: IntEnum) -> object:
        return record if role == VersionRole.INFO else record.number


class VersionsDialog(QDialog):
    compare_requested = Signal(object, object)  # the two VersionInfo to read side by side

    def __init__(
        self,
        name: str,
        versions: list[VersionInfo],
        parent: QWidget | None = None,
        placed: list[tuple[str, str, str]] | None = None,
    ) -> None:
        """``placed``: the annotations on the current version, as (quote, status, evidence), to say which
        ones the last change moved, re-attached or orphaned."""
        super().__init__(parent)
        self.versions = versions
        self.setWindowTitle(f"Versions of {name}")
        self.resize(860, 640)
        last = versions[-1].number if versions else 0
        self.timeline_rows = VersionListModel(versions, self)
        self.timeline = QListView()
        self.timeline.setModel(self.timeline_rows)
        self.timeline.setAccessibleName("Versions, oldest first")
        self.old_box, self.new_box = QComboBox(), QComboBox()
        for box, name_ in ((self.old_box, "Compare from version"), (self.new_box, "Compare to version")):
            box.setAccessibleName(name_)
            for version in versions:
                box.addItem(version_label(version, last))
        self.old_box.setCurrentIndex(max(0, len(versions) - 2))
        self.new_box.setCurrentIndex(len(versions) - 1)
        self.changes = QTextBrowser()
        self.changes.setAccessibleName("What changed between the two versions")
        form = QFormLayout()
        form.addRow("From:", self.old_box)
        form.addRow("To:", self.new_box)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.side_by_side = QPushButton("Compare side by side")
        self.side_by_side.setToolTip("Open the two versions as the sources of a comparison")
        buttons.addButton(self.side_by_side, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.side_by_side.clicked.connect(self._compare)
        layout = QVBoxLayout(self)
        note = QLabel(
            "Every text Reader has read for this source, oldest first. Choose two to see what changed, "
            "passage by passage."
            if len(versions) > 1
            else "Reader has read only this one version of the source so far: a file edited and opened again, "
            "or a page fetched again after it changed (Sources > Check for updates), adds a version."
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addWidget(self.timeline, 1)
        layout.addLayout(form)
        layout.addWidget(self.changes, 3)
        if len(versions) > 1 and placed:
            self.annotations = QLabel(_annotations_text(placed))
            self.annotations.setWordWrap(True)
            self.annotations.setTextFormat(Qt.TextFormat.PlainText)
            self.annotations.setAccessibleName("What the last change did to the annotations")
            layout.addWidget(self.annotations)
        layout.addWidget(buttons)
        self.old_box.currentIndexChanged.connect(self.refresh)
        self.new_box.currentIndexChanged.connect(self.refresh)
        self.side_by_side.setEnabled(len(versions) > 1)
        self.refresh()

    def chosen(self) -> tuple[VersionInfo, VersionInfo] | None:
        if len(self.versions) < 2:
            return None
        return self.versions[self.old_box.currentIndex()], self.versions[self.new_box.currentIndex()]

    def refresh(self) -> None:
        pair = self.chosen()
        if pair is None:
            self.changes.setHtml("<p>No other version to compare with.</p>")
            return
        old, new = pair
        self.changes.setHtml(changes_as_html(version_changes(old.text, new.text)))

    def _compare(self) -> None:
        pair = self.chosen()
        if pair is not None and pair[0].number != pair[1].number:
            self.compare_requested.emit(*pair)
            self.accept()


def read_versions(library: Library, source_id: int) -> tuple[list[VersionInfo], list[tuple[str, str, str]]]:
    """A source's versions, and its annotations' quotes with their status and evidence: what the dialog
    shows (read on the library's lane, never on the GUI thread)."""
    placed = [
        (target.exact, target.status, target.evidence or "")
        for info in library.annotations([source_id])
        for target in info.targets
        if target.source_id == source_id
    ]
    return library.versions(source_id), placed
