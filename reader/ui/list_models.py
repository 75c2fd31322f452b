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

    def __init__(self, records: Iterable[T] = (), parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.records: list[T] = list(records)

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
        return 0 if parent.isValid() else len(self.records)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.records):
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
        shown = index.isValid() and 0 <= index.row() < len(self.records)
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
        self.endResetModel()
