"""A list of records as a Qt model with named roles (``UserRole + n``): the base of the list views' models
that show records of one kind and change as a whole."""

from __future__ import annotations

from collections.abc import Iterable
from enum import IntEnum
from typing import ClassVar, Generic, TypeVar

from PySide6.QtCore import QAbstractListModel, QByteArray, QModelIndex, QObject, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex
T = TypeVar("T")


class RecordListModel(QAbstractListModel, Generic[T]):
    """One row per record. A subclass says a row's ``text``, and its named ``roles`` (an IntEnum of
    ``UserRole + n``) with ``role_data``; optionally its tool tip, its colour, and whether it can be chosen."""

    roles: ClassVar[type[IntEnum]]
    batch: ClassVar[int] = 0
    """Of a long list, the rows a view gets at first and at each scroll to its end (Qt's ``fetchMore``):
    a view lays out every row it has, and a list of 100,000 wrapped lines took it seconds. 0: all rows."""

    def __init__(self, records: Iterable[T] = (), parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.records: list[T] = list(records)
        self._shown = self._first_rows()

    def text(self, record: T) -> str:
        raise NotImplementedError

    def role_data(self, record: T, role: IntEnum) -> object:
        raise NotImplementedError

    def tooltip(self, record: T) -> str | None:
        return None

    def foreground(self, record: T) -> object:
        return None

    def decoration(self, record: T) -> object:
        return None

    def choosable(self, record: T) -> bool:
        return True

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008  (Qt's own default)
        return 0 if parent.isValid() else self._rows()

    def _rows(self) -> int:
        """The rows the view has: all the records, or (``batch``) those fetched so far. (A subclass that
        inserts and removes rows itself has no batch.)"""
        return min(self._shown, len(self.records)) if self.batch else len(self.records)

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and self._rows() < len(self.records)

    def fetchMore(self, parent: Index) -> None:
        if self.canFetchMore(parent):
            self.fetch_to(self._shown + self.batch - 1)

    def fetch_to(self, row: int) -> None:
        """Give the view the rows up to ``row`` (to make it current), when it does not have them yet."""
        last = min(row, len(self.records) - 1)
        if self.batch and last >= self._shown:
            self.beginInsertRows(QModelIndex(), self._shown, last)
            self._shown = last + 1
            self.endInsertRows()

    def _first_rows(self) -> int:
        return min(len(self.records), self.batch) if self.batch else len(self.records)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < self._rows():
            return None
        record = self.records[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(record)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(record)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self.foreground(record)
        if role == Qt.ItemDataRole.DecorationRole:
            return self.decoration(record)
        try:
            named = self.roles(role)
        except ValueError:  # a role of Qt's this list does not use
            return None
        return self.role_data(record, named)

    def flags(self, index: Index) -> Qt.ItemFlag:
        shown = index.isValid() and 0 <= index.row() < self._rows()
        if shown and not self.choosable(self.records[index.row()]):
            return Qt.ItemFlag.ItemIsEnabled  # shown, not a row to choose
        return super().flags(index)

    def roleNames(self) -> dict[int, QByteArray]:
        names = dict(super().roleNames())
        names.update({role.value: QByteArray(role.name.lower().encode()) for role in self.roles})
        return names

    def reset(self, records: Iterable[T]) -> None:
        """Show ``records`` in place of the rows shown."""
        self.beginResetModel()
        self.records = list(records)
        self._shown = self._first_rows()
        self.endResetModel()
