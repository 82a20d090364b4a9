"""わたしの代理人 models: 代理人 grants (who acts for whom) and the 代理人の操作記録."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from app.jst import jst_text
from app.portal.models import GrantKind, GrantStatus, ProxyAction, ProxyGrant

AnyIndex = QModelIndex | QPersistentModelIndex
OBJECT_ROLE = Qt.ItemDataRole.UserRole + 1


def kind_text(kind: GrantKind) -> str:
    return {
        GrantKind.LEGAL: QCoreApplication.translate("ProxiesModel", "法定代理人（親権者）"),
        GrantKind.VOLUNTARY: QCoreApplication.translate("ProxiesModel", "任意代理人"),
    }[kind]


def status_text(status: GrantStatus) -> str:
    return {
        GrantStatus.ACTIVE: QCoreApplication.translate("ProxiesModel", "有効"),
        GrantStatus.EXPIRED: QCoreApplication.translate("ProxiesModel", "期限切れ"),
        GrantStatus.REVOKED: QCoreApplication.translate("ProxiesModel", "解除済み"),
        GrantStatus.BLOCKED: QCoreApplication.translate("ProxiesModel", "市区町村により停止"),
    }[status]


class GrantsModel(QAbstractTableModel):
    """Grants seen from one side: ``person`` is "proxy" (who acts for me) or "principal" (whom I act for)."""

    def __init__(self, person: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._person = person
        self._rows: tuple[ProxyGrant, ...] = ()

    def set_grants(self, rows: tuple[ProxyGrant, ...]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def grant(self, row: int) -> ProxyGrant | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 5

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole or not 0 <= section < 5:
            return None
        return (
            QCoreApplication.translate("ProxiesModel", "氏名"),
            QCoreApplication.translate("ProxiesModel", "種類"),
            QCoreApplication.translate("ProxiesModel", "登録日時"),
            QCoreApplication.translate("ProxiesModel", "期限"),
            QCoreApplication.translate("ProxiesModel", "状態"),
        )[section]

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        g = self._rows[index.row()]
        if role == OBJECT_ROLE:
            return g
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return None
        who = g.proxy if self._person == "proxy" else g.principal
        return (who.name, kind_text(g.kind), jst_text(g.since), jst_text(g.expires_at), status_text(g.status))[index.column()]


def action_text(action: ProxyAction) -> str:
    """What a 代理人 did, worded here from the action's code (the backend's label when unknown)."""
    path = action.action.split(" ", 1)[-1]
    if path.startswith("/history"):
        return QCoreApplication.translate("ProxiesModel", "やりとり履歴の閲覧")
    if path.startswith("/self-info"):
        return QCoreApplication.translate("ProxiesModel", "わたしの情報の閲覧")
    if path.startswith("/stream/notices"):
        return QCoreApplication.translate("ProxiesModel", "お知らせの受信")
    if path.startswith("/notices"):
        return QCoreApplication.translate("ProxiesModel", "お知らせの閲覧")
    if action.action == "POST /applications":
        return QCoreApplication.translate("ProxiesModel", "申請の提出")
    if path.startswith("/applications"):
        return QCoreApplication.translate("ProxiesModel", "申請状況の閲覧")
    return action.label


class ActionsModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: tuple[ProxyAction, ...] = ()

    def set_actions(self, rows: tuple[ProxyAction, ...]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 3

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole or not 0 <= section < 3:
            return None
        return (
            QCoreApplication.translate("ProxiesModel", "日時"),
            QCoreApplication.translate("ProxiesModel", "代理人"),
            QCoreApplication.translate("ProxiesModel", "操作"),
        )[section]

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        a = self._rows[index.row()]
        if role == OBJECT_ROLE:
            return a
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return None
        return (jst_text(a.at), a.proxy.name, action_text(a))[index.column()]
