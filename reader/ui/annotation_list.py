"""The annotation list as a Qt model with named roles, kept up to date one row at a time."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum

from PySide6.QtCore import QModelIndex, QObject, Qt

from reader.store import AnnotationInfo
from reader.ui.list_models import RecordListModel


class Role(IntEnum):
    ID = Qt.ItemDataRole.UserRole + 1
    INFO = Qt.ItemDataRole.UserRole + 2  # the AnnotationInfo
    TAGS = Qt.ItemDataRole.UserRole + 3
    ORPHANED = Qt.ItemDataRole.UserRole + 4


@dataclass(frozen=True)
class Filter:
    """What the panel's filters let through: a source (library id), a tag, a piece of text, an author (who
    made or last changed it)."""

    sources: frozenset[int]
    tag: str | None = None
    text: str | None = None
    author: str | None = None

    def admits(self, info: AnnotationInfo) -> bool:
        if not any(target.source_id in self.sources for target in info.targets):
            return False
        if self.tag and self.tag not in info.tags:
            return False
        if self.author and self.author not in (info.created_by, info.modified_by):
            return False
        if self.text:
            needle = self.text.casefold()
            haystacks = [info.note, *(target.exact for target in info.targets)]
            return any(needle in haystack.casefold() for haystack in haystacks)
        return True


def ago(when: datetime, now: datetime | None = None) -> str:
    """How long ago ``when`` (local time, as the library keeps it) was, in a few characters: "just now",
    "5 min ago", "2 h ago", "yesterday", "3 days ago", else the date."""
    now = now or datetime.now()
    seconds = (now - when).total_seconds()
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    if seconds < 86400:
        return f"{int(seconds // 3600)} h ago"
    days = (now.date() - when.date()).days
    if days <= 1:
        return "yesterday"
    if days < 7:
        return f"{days} days ago"
    return when.strftime("%Y-%m-%d")


def byline(info: AnnotationInfo, now: datetime | None = None) -> str:
    """Who changed the annotation last and when ("Ana · 2 h ago"), and who made it when someone else did;
    empty for one made before Reader recorded authors."""
    last = info.modified_by or info.created_by
    if not last:
        return ""
    line = f"{last} · {ago(info.modified_at, now)}"
    if info.created_by and info.created_by != last:
        line += f" · made by {info.created_by}"
    return line


class AnnotationListModel(RecordListModel[AnnotationInfo]):
    """Annotations in the order they were made; ``describe`` gives a row's text."""

    roles = Role

    def __init__(self, describe: Callable[[AnnotationInfo], str], parent: QObject | None = None) -> None:
        super().__init__((), parent)
        self.describe = describe
        self.decorate: Callable[[AnnotationInfo], object] = lambda info: None

    @property
    def annotations(self) -> list[AnnotationInfo]:
        return self.records

    def text(self, record: AnnotationInfo) -> str:
        return self.describe(record)

    def decoration(self, record: AnnotationInfo) -> object:
        return self.decorate(record)

    def role_data(self, record: AnnotationInfo, role: IntEnum) -> object:
        named: dict[int, object] = {
            Role.ID: record.id,
            Role.INFO: record,
            Role.TAGS: record.tags,
            Role.ORPHANED: record.orphaned,
        }
        return named[role]

    def row_of(self, annotation_id: int) -> int | None:
        for row, info in enumerate(self.annotations):
            if info.id == annotation_id:
                return row
        return None

    def reset(self, annotations: Iterable[AnnotationInfo]) -> None:
        super().reset(sorted(annotations, key=lambda info: info.id))

    def upsert(self, info: AnnotationInfo) -> None:
        """Put ``info`` in its row: changed in place if listed, else inserted where its id belongs."""
        row = self.row_of(info.id)
        if row is not None:
            self.annotations[row] = info
            index = self.index(row)
            self.dataChanged.emit(index, index)
            return
        row = sum(1 for other in self.annotations if other.id < info.id)
        self.beginInsertRows(QModelIndex(), row, row)
        self.annotations.insert(row, info)
        self.endInsertRows()

    def remove(self, annotation_id: int) -> None:
        row = self.row_of(annotation_id)
        if row is not None:
            self.beginRemoveRows(QModelIndex(), row, row)
            del self.annotations[row]
            self.endRemoveRows()
