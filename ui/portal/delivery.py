"""民間送達サービス連携 (service D): link or unlink an account at a private delivery service,
choose which notice categories are forwarded, and see what was forwarded.

Linking needs explicit consent (an unticked checkbox whose text says what is shared); the
link button stays disabled until it is ticked. Unlinking asks for a second click.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.jst import jst_text
from app.portal.errors import PortalError
from app.portal.models import DeliveryState, ForwardedNotice
from ui.error_words import error_text
from ui.portal.access import PortalAccess
from ui.portal.tasks import spawn

log = logging.getLogger(__name__)
AnyIndex = QModelIndex | QPersistentModelIndex
RECORD_ROLE = Qt.ItemDataRole.UserRole + 1


translate = QCoreApplication.translate


def category_text(code: str) -> str:
    return {
        "child": translate("DeliveryDialog", "子育て"), "tax": translate("DeliveryDialog", "税"), "insurance": translate("DeliveryDialog", "保険"), "pension": translate("DeliveryDialog", "年金"),
        "welfare": translate("DeliveryDialog", "福祉"), "application": translate("DeliveryDialog", "申請"), "payment": translate("DeliveryDialog", "支払い"), "system": translate("DeliveryDialog", "システム"),
    }.get(code, code)


# The (fictional) delivery services identify an account by its e-mail address, as the form's
# example shows; the server checks the same rule (backend_stub.network.portal.ACCOUNT_RE).
ACCOUNT_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+")


def account_ok(text: str) -> bool:
    return len(text) <= 128 and ACCOUNT_RE.fullmatch(text) is not None


class ForwardedModel(QAbstractTableModel):
    """What was forwarded to the linked service."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: tuple[ForwardedNotice, ...] = ()

    def set_rows(self, rows: tuple[ForwardedNotice, ...]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 3

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < 3:
            return (translate("DeliveryDialog", "転送日時"), translate("DeliveryDialog", "お知らせ"), translate("DeliveryDialog", "転送先"))[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        f = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return (jst_text(f.forwarded_at) if f.forwarded_at else "—", f.title, f.service)[index.column()]
        if role == RECORD_ROLE:
            return f
        return None


class DeliveryDialog(QDialog):
    state_changed = Signal(object)  # DeliveryState

    def __init__(self, access: PortalAccess, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("deliveryDialog")
        self._access = access
        self.state: DeliveryState | None = None
        self._confirm_unlink = False

        self.status = QLabel(self)
        self.status.setObjectName("deliveryStatus")
        self.status.setWordWrap(True)
        self.message = QLabel(self)
        self.message.setObjectName("deliveryMessage")
        self.message.setWordWrap(True)

        self.link_box = QGroupBox(self)
        self.link_box.setObjectName("deliveryLink")
        self.service = QComboBox(self.link_box)
        self.service.setObjectName("deliveryService")
        self.service_label = QLabel(self.link_box)
        self.service_label.setBuddy(self.service)
        self.account = QLineEdit(self.link_box)
        self.account.setObjectName("deliveryAccount")
        self.account_label = QLabel(self.link_box)
        self.account_label.setBuddy(self.account)
        self.categories_box = QGroupBox(self.link_box)
        self.categories_box.setObjectName("deliveryCategories")
        self._category_grid = QGridLayout(self.categories_box)
        self.category_checks: dict[str, QCheckBox] = {}
        self.consent = QCheckBox(self.link_box)
        self.consent.setObjectName("deliveryConsent")
        self.link_button = QPushButton(self.link_box)
        self.link_button.setObjectName("deliveryLinkButton")
        self.link_button.setEnabled(False)
        form = QFormLayout(self.link_box)
        form.addRow(self.service_label, self.service)
        form.addRow(self.account_label, self.account)
        form.addRow(self.categories_box)
        form.addRow(self.consent)
        form.addRow(self.link_button)

        self.unlink_button = QPushButton(self)
        self.unlink_button.setObjectName("deliveryUnlinkButton")
        self.forwarded_label = QLabel(self)
        self.forwarded_model = ForwardedModel(self)
        self.forwarded = QTableView(self)
        self.forwarded.setObjectName("deliveryForwarded")
        self.forwarded.setModel(self.forwarded_model)
        self.forwarded.verticalHeader().setVisible(False)
        header = self.forwarded.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.forwarded.setColumnWidth(0, self.fontMetrics().horizontalAdvance("2026-12-31 23:59") + 16)
        self.forwarded.setColumnWidth(2, self.fontMetrics().horizontalAdvance("国") * 10)
        self.forwarded_label.setBuddy(self.forwarded)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.message)
        layout.addWidget(self.link_box)
        layout.addWidget(self.unlink_button)
        layout.addWidget(self.forwarded_label)
        layout.addWidget(self.forwarded, 1)
        layout.addWidget(self.buttons)

        self.consent.toggled.connect(self._update_buttons)
        self.account.textChanged.connect(self._update_buttons)
        self.link_button.clicked.connect(self._on_link_button_clicked)
        self.unlink_button.clicked.connect(self._on_unlink_button_clicked)
        self.retranslate()
        self._render()
        self.resize(620, 640)
        spawn(self.reload())

    async def reload(self) -> DeliveryState | None:
        client = self._access.client
        if client is None:
            return None
        try:
            state = await self._access.call(client.delivery)
        except PortalError as exc:
            self.message.setText(error_text(exc))
            return None
        self._set_state(state)
        return state

    def _set_state(self, state: DeliveryState) -> None:
        self.state = state
        self._confirm_unlink = False
        self._render()
        self.state_changed.emit(state)

    def _render(self) -> None:
        s = self.state
        if s is None:
            self.status.setText(translate("DeliveryDialog", "読み込み中…"))
            self.link_box.setEnabled(False)
            self.unlink_button.setVisible(False)
            return
        if s.linked:
            cats = "、".join(category_text(c) for c in s.categories) if s.categories else translate("DeliveryDialog", "すべて")
            self.status.setText(translate("DeliveryDialog", "{service}（{account}）と連携しています。転送するお知らせ: {cats}").format(
                service=s.service or "", account=s.account or "", cats=cats))
        else:
            self.status.setText(translate("DeliveryDialog", "民間送達サービスとは連携していません。"))
        self.status.setAccessibleName(self.status.text())
        self.link_box.setTitle(translate("DeliveryDialog", "転送の設定を変更する") if s.linked else translate("DeliveryDialog", "連携する"))
        self.link_box.setEnabled(True)
        current = self.service.currentText() or (s.service or "")
        self.service.clear()
        self.service.addItems(list(s.available_services or ((s.service,) if s.service else ())))
        self.service.setCurrentIndex(max(0, self.service.findText(current)))
        for check in self.category_checks.values():
            check.deleteLater()
        self.category_checks = {}
        for i, code in enumerate(s.available_categories):
            check = QCheckBox(category_text(code), self.categories_box)
            check.setObjectName(f"deliveryCategory_{code}")
            # Linked: what the resident chose (none listed means all). Not linked: nothing is
            # forwarded until the resident picks it.
            check.setChecked(s.linked and (not s.categories or code in s.categories))
            check.setAccessibleName(translate("DeliveryDialog", "{category}のお知らせを転送する").format(category=category_text(code)))
            self._category_grid.addWidget(check, i // 4, i % 4)
            self.category_checks[code] = check
        self.unlink_button.setVisible(s.linked)
        self.unlink_button.setText(translate("DeliveryDialog", "もう一度押すと連携を解除します") if self._confirm_unlink else translate("DeliveryDialog", "連携を解除する"))
        self.forwarded_model.set_rows(s.forwarded)
        self._update_buttons()

    def _update_buttons(self, *_: object) -> None:
        self.link_button.setEnabled(self.consent.isChecked() and bool(self.account.text().strip())
                                    and self.service.count() > 0)

    def selected_categories(self) -> list[str]:
        chosen = [c for c, check in self.category_checks.items() if check.isChecked()]
        return [] if len(chosen) == len(self.category_checks) else chosen  # [] means all

    def _on_link_button_clicked(self) -> None:
        if not self.consent.isChecked():
            return
        account = self.account.text().strip()
        if not account_ok(account):
            self.message.setText(translate("DeliveryDialog", "アカウントは、サービスに登録したメールアドレスの形（例: hanako@example.jp）で入力してください。"))
            self.account.setFocus()
            return
        if self.category_checks and not any(c.isChecked() for c in self.category_checks.values()):
            self.message.setText(translate("DeliveryDialog", "転送するお知らせの種類を一つ以上選んでください。"))
            return
        spawn(self._link(self.service.currentText(), self.account.text().strip(), self.selected_categories()))

    async def _link(self, service: str, account: str, categories: list[str]) -> None:
        client = self._access.client
        if client is None:
            return
        self.link_button.setEnabled(False)
        self.message.setText(translate("DeliveryDialog", "連携しています…"))
        try:
            state = await self._access.call(client.link_delivery, service=service, account=account, categories=categories)
        except PortalError as exc:
            self.message.setText(error_text(exc))
            self._update_buttons()
            return
        self.consent.setChecked(False)
        self.account.clear()
        self.message.setText(translate("DeliveryDialog", "連携しました。"))
        if state is None:
            await self.reload()
        else:
            self._set_state(state)

    def _on_unlink_button_clicked(self) -> None:
        if not self._confirm_unlink:
            self._confirm_unlink = True
            self.unlink_button.setText(translate("DeliveryDialog", "もう一度押すと連携を解除します"))
            return
        spawn(self._unlink())

    async def _unlink(self) -> None:
        client = self._access.client
        if client is None:
            return
        try:
            await self._access.call(client.unlink_delivery)
        except PortalError as exc:
            self.message.setText(error_text(exc))
            return
        self.message.setText(translate("DeliveryDialog", "連携を解除しました。今後お知らせは転送されません。"))
        await self.reload()

    def retranslate(self) -> None:
        self.setWindowTitle(translate("DeliveryDialog", "民間送達サービスとの連携"))
        self.service_label.setText(translate("DeliveryDialog", "サービス(&V)"))
        self.service.setAccessibleName(translate("DeliveryDialog", "民間送達サービス"))
        self.account_label.setText(translate("DeliveryDialog", "アカウント(&A)"))
        self.account.setAccessibleName(translate("DeliveryDialog", "民間送達サービスのアカウント"))
        self.account.setPlaceholderText(translate("DeliveryDialog", "例: hanako@example.jp"))
        self.categories_box.setTitle(translate("DeliveryDialog", "転送するお知らせ"))
        self.consent.setText(translate("DeliveryDialog", "選んだ種類のお知らせの件名・本文・添付ファイルを、このサービスに転送することに同意します。"))
        self.consent.setAccessibleName(translate("DeliveryDialog", "転送への同意"))
        self.link_button.setText(translate("DeliveryDialog", "同意して連携する"))
        self.link_button.setAccessibleName(translate("DeliveryDialog", "同意して民間送達サービスと連携する"))
        self.unlink_button.setAccessibleName(translate("DeliveryDialog", "民間送達サービスとの連携を解除する"))
        self.forwarded_label.setText(translate("DeliveryDialog", "転送したお知らせ(&F)"))
        self.forwarded.setAccessibleName(translate("DeliveryDialog", "転送したお知らせの一覧"))
        self._render()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
