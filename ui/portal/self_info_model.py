"""わたしの情報 models: the categories agencies hold, and one category's items."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from app.portal.models import SelfInfoCategory, SelfInfoItem
from ui.portal.names import agency_name, shown

AnyIndex = QModelIndex | QPersistentModelIndex
OBJECT_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2


class CategoryModel(QAbstractListModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: tuple[SelfInfoCategory, ...] = ()

    def set_categories(self, rows: tuple[SelfInfoCategory, ...]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def retranslate(self) -> None:
        """The names shown follow the UI's language (ui.portal.names)."""
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, 0))

    def category(self, row: int) -> SelfInfoCategory | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        c = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{shown(c.name, c.name_en)}\n{agency_name(c.provider)}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return QCoreApplication.translate("SelfInfoModel", "{name}（{provider}）").format(name=shown(c.name, c.name_en), provider=agency_name(c.provider))
        if role == Qt.ItemDataRole.ToolTipRole:
            return shown(c.description, c.description_en)
        if role == OBJECT_ROLE:
            return c
        if role == SORT_ROLE:
            return shown(c.name, c.name_en)
        return None


class ItemsModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: tuple[SelfInfoItem, ...] = ()

    def set_items(self, rows: tuple[SelfInfoItem, ...]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    @property
    def items(self) -> tuple[SelfInfoItem, ...]:
        return self._rows

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 2

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and section in (0, 1):
            return (QCoreApplication.translate("SelfInfoModel", "項目"), QCoreApplication.translate("SelfInfoModel", "内容"))[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        item = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole, SORT_ROLE):
            return item.label if index.column() == 0 else item.value
        if role == OBJECT_ROLE:
            return item
        return None
